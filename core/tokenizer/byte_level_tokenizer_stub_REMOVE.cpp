// TEMPORARY, branch `lm` only: a byte-level loadTokenizer so `hullft eval` links before the
// tokenizer branch is merged. Delete this file and its line in core/CMakeLists.txt at merge.
#include <string>

#include "common/errors.h"
#include "tokenizer/tokenizer.h"

namespace hullft {
namespace {

bool isValidUtf8(const std::string& text) {
    size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
        if (length == 0 || i + length > text.size()) return false;
        for (size_t k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return false;
        i += length;
    }
    return true;
}

class ByteLevelStubTokenizer : public Tokenizer {
public:
    std::vector<int64_t> encode(const std::string& utf8) const override {
        if (!isValidUtf8(utf8)) throw InputError("", "text is not valid UTF-8");
        return std::vector<int64_t>(reinterpret_cast<const unsigned char*>(utf8.data()),
                                    reinterpret_cast<const unsigned char*>(utf8.data()) + utf8.size());
    }
    std::string decode(const std::vector<int64_t>& ids) const override {
        std::string text;
        for (const int64_t id : ids)
            if (id < 256) text.push_back(static_cast<char>(id));
        return text;
    }
    int64_t vocabSize() const override { return 257; }
    std::optional<int64_t> endOfTextId() const override { return 256; }
    std::string kind() const override { return "byte"; }
};

}  // namespace

std::unique_ptr<Tokenizer> loadTokenizer(const std::string&) { return std::make_unique<ByteLevelStubTokenizer>(); }

}  // namespace hullft
