#include "corpus/document_text.h"

#include "common/utf8.h"

namespace hullft {
namespace {

bool looksBinary(const std::string& bytes) {
    if (bytes.find('\0') != std::string::npos) return true;
    size_t control = 0;
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        control += byte < 0x20 && byte != '\n' && byte != '\r' && byte != '\t' && byte != '\f';
    }
    return control * 10 > bytes.size();
}

size_t countGiantLines(const std::string& text) {
    size_t giant = 0;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        giant += end - start > kGiantLineBytes;
        start = end + 1;
    }
    return giant;
}

}  // namespace

CheckedText checkDocumentText(const std::string& bytes) {
    CheckedText checked;
    if (bytes.find_first_not_of(" \t\r\n\f\v") == std::string::npos) {
        checked.verdict = TextVerdict::Empty;
        return checked;
    }
    if (looksBinary(bytes)) {
        checked.verdict = TextVerdict::Binary;
        return checked;
    }
    std::string text;
    text.reserve(bytes.size());
    for (size_t i = 0; i < bytes.size(); ++i)
        if (!(bytes[i] == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n')) text += bytes[i];
    if (!isValidUtf8(text)) {
        text = repairUtf8(text, &checked.replaced);
        checked.verdict = TextVerdict::Repaired;
    }
    checked.giant_lines = countGiantLines(text);
    checked.text = std::move(text);
    return checked;
}

}  // namespace hullft
