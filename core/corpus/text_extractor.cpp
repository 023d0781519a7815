#include "corpus/text_extractor.h"

#include <sstream>
#include <utility>

#include "common/json_io.h"
#include "corpus/dictd_reader.h"
#include "corpus/external_command.h"
#include "corpus/gzip_reader.h"
#include "corpus/html_text.h"

namespace hullft {
namespace {

constexpr double kProgramTimeoutSeconds = 120.0;

std::string readMaybeGzipped(const std::string& path) {
    const std::string raw = readFileBytes(path);
    return looksGzipped(raw) ? gunzip(raw, path) : raw;
}

// Consecutive records joined (blank line between) until a group reaches `groupBytes`;
// a group is labelled by its first record.
std::vector<ExtractedPart> groupRecords(const std::vector<std::pair<std::string, std::string>>& records,
                                        size_t groupBytes) {
    std::vector<ExtractedPart> parts;
    for (const auto& [label, text] : records) {
        if (parts.empty() || parts.back().bytes.size() >= groupBytes) parts.push_back({label, ""});
        ExtractedPart& current = parts.back();
        if (!current.bytes.empty()) current.bytes += "\n";
        current.bytes += text;
        if (current.bytes.back() != '\n') current.bytes += '\n';
    }
    return parts;
}

std::vector<ExtractedPart> dictdParts(const std::string& path, size_t groupBytes) {
    std::vector<std::pair<std::string, std::string>> records;
    // A headword can head several entries: the offset keeps part labels (and ids) unique.
    for (DictdEntry& entry : readDictdEntries(path))
        records.emplace_back(entry.headword + " @" + std::to_string(entry.offset), std::move(entry.text));
    return groupRecords(records, groupBytes);
}

std::vector<ExtractedPart> fortuneParts(const std::string& path, size_t groupBytes) {
    std::vector<std::pair<std::string, std::string>> records;
    for (std::string& fortune : splitFortunes(readFileBytes(path)))
        records.emplace_back("fortune " + std::to_string(records.size() + 1), std::move(fortune));
    return groupRecords(records, groupBytes);
}

// `bible -f RANGE` prints one verse per line ("Ge1:1 In the beginning ..."); one part per chapter.
std::vector<ExtractedPart> bibleParts(const std::string& range) {
    std::istringstream lines(runProgram({"bible", "-f", range}, {"LC_ALL=C.UTF-8"}, kProgramTimeoutSeconds));
    std::vector<ExtractedPart> parts;
    std::string line;
    while (std::getline(lines, line)) {
        const size_t colon = line.find(':');
        const size_t space = line.find(' ');
        if (colon == std::string::npos || space == std::string::npos || colon > space) continue;
        const std::string chapter = line.substr(0, colon);
        if (parts.empty() || parts.back().part != chapter) parts.push_back({chapter, ""});
        parts.back().bytes += line.substr(space + 1) + "\n";
    }
    return parts;
}

}  // namespace

std::vector<std::string> splitFortunes(const std::string& text) {
    std::vector<std::string> fortunes;
    std::istringstream lines(text);
    std::string line;
    std::string current;
    const auto flush = [&] {
        if (current.find_first_not_of(" \t\r\n") != std::string::npos) fortunes.push_back(current);
        current.clear();
    };
    while (std::getline(lines, line)) {
        if (line == "%" || line == "%\r") flush();
        else current += line + "\n";
    }
    flush();
    return fortunes;
}

std::string removeOverstrikes(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (c == '\b') {
            // Drop the struck character (a whole UTF-8 sequence); the next one replaces it.
            while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
            if (!out.empty()) out.pop_back();
        } else {
            out += c;
        }
    }
    return out;
}

std::string infoToText(const std::string& info) {
    std::string text;
    text.reserve(info.size());
    for (size_t i = 0; i < info.size(); ++i) {
        if (info.compare(i, 3, std::string("\0\b[", 3)) == 0 || info.compare(i, 3, std::string("\0\b]", 3)) == 0) {
            i += 2;  // index markers around "index-entry" lines
            continue;
        }
        if (info[i] != '\x1f') text += info[i];  // node separators
    }
    return text;
}

std::vector<ExtractedPart> extractText(const CorpusSource& source, const std::string& path, size_t groupBytes) {
    switch (source.extractor) {
    case ExtractorKind::Plain:
        return {{"", readFileBytes(path)}};
    case ExtractorKind::Gzip:
        return {{"", readMaybeGzipped(path)}};
    case ExtractorKind::Info:
        return {{"", infoToText(readMaybeGzipped(path))}};
    case ExtractorKind::Html:
        return {{"", htmlToText(readMaybeGzipped(path))}};
    case ExtractorKind::Dictd:
        return dictdParts(path, groupBytes);
    case ExtractorKind::Fortune:
        return fortuneParts(path, groupBytes);
    case ExtractorKind::Man:
        return {{"", removeOverstrikes(runProgram({"man", "-l", path},
                                                  {"MANWIDTH=80", "LC_ALL=C.UTF-8", "MAN_KEEP_FORMATTING="},
                                                  kProgramTimeoutSeconds))}};
    case ExtractorKind::Pod:
        return {{"", runProgram({"pod2text", "--utf8", path}, {"LC_ALL=C.UTF-8"}, kProgramTimeoutSeconds)}};
    case ExtractorKind::Bible:
        return bibleParts(source.range);
    }
    return {};
}

}  // namespace hullft
