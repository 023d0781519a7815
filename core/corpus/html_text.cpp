#include "corpus/html_text.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "common/utf8.h"

namespace hullft {
namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

// Appends a character reference's code point; what is not a Unicode scalar value (or NUL)
// becomes U+FFFD.
void appendCodePoint(std::string& out, unsigned long code) {
    if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) code = 0xFFFD;
    appendUtf8(out, static_cast<char32_t>(code));
}

// Decodes the entity starting at html[i] == '&'; returns the characters consumed (0: not one).
size_t decodeEntity(const std::string& html, size_t i, std::string& out) {
    static const std::map<std::string, unsigned long> kNamed = {
        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", ' '},
        {"copy", 0xA9}, {"reg", 0xAE}, {"mdash", 0x2014}, {"ndash", 0x2013}, {"hellip", 0x2026},
        {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"times", 0xD7},
        {"eacute", 0xE9}, {"egrave", 0xE8}, {"agrave", 0xE0}, {"ccedil", 0xE7}, {"auml", 0xE4}, {"ouml", 0xF6},
        {"uuml", 0xFC}, {"szlig", 0xDF}};
    const size_t semicolon = html.find(';', i);
    if (semicolon == std::string::npos || semicolon - i > 10) return 0;
    const std::string name = html.substr(i + 1, semicolon - i - 1);
    unsigned long code = 0;
    if (name.size() > 1 && name[0] == '#') {
        const bool hex = name[1] == 'x' || name[1] == 'X';
        const std::string digits = name.substr(hex ? 2 : 1);
        if (digits.empty() || digits.find_first_not_of(hex ? "0123456789abcdefABCDEF" : "0123456789") != std::string::npos)
            return 0;
        code = std::stoul(digits, nullptr, hex ? 16 : 10);
    } else if (const auto it = kNamed.find(name); it != kNamed.end()) {
        code = it->second;
    } else {
        return 0;
    }
    appendCodePoint(out, code);
    return semicolon - i + 1;
}

bool isBlockTag(const std::string& name) {
    static const char* const kBlocks[] = {"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4",
                                          "h5", "h6", "pre", "dt", "dd", "dl", "blockquote", "hr", "title", "section"};
    for (const char* block : kBlocks)
        if (name == block) return true;
    return false;
}

// Collapses spaces inside lines, trims line ends and keeps at most one blank line in a row.
std::string tidyWhitespace(const std::string& text) {
    std::string out;
    int newlines = 2;
    bool pendingSpace = false;
    for (const char c : text) {
        if (c == '\n') {
            pendingSpace = false;
            if (newlines < 2) out += '\n';
            ++newlines;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            pendingSpace = newlines == 0;
        } else {
            if (pendingSpace) out += ' ';
            pendingSpace = false;
            newlines = 0;
            out += c;
        }
    }
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out.empty() ? out : out + '\n';
}

}  // namespace

std::string htmlToText(const std::string& html) {
    std::string out;
    bool inPre = false;
    for (size_t i = 0; i < html.size();) {
        const char c = html[i];
        if (c == '<') {
            const size_t close = html.find('>', i);
            if (close == std::string::npos) break;
            std::string tag = lower(html.substr(i + 1, close - i - 1));
            const bool closing = !tag.empty() && tag[0] == '/';
            const std::string name = tag.substr(closing ? 1 : 0, tag.find_first_of(" \t\n/>", closing ? 1 : 0) - (closing ? 1 : 0));
            i = close + 1;
            if (!closing && (name == "script" || name == "style" || name == "head")) {
                const size_t end = lower(html.substr(i)).find("</" + name);
                i = end == std::string::npos ? html.size() : i + end;
                continue;
            }
            if (name == "pre") inPre = !closing;
            if (isBlockTag(name)) out += inPre || name == "pre" ? "\n\x01" : "\n";
            continue;
        }
        if (c == '&') {
            const size_t used = decodeEntity(html, i, out);
            if (used > 0) {
                i += used;
                continue;
            }
        }
        // Inside <pre>, protect spaces and line breaks from the whitespace tidying below.
        if (inPre && c == ' ') out += "\x02";
        else if (inPre && c == '\n') out += "\n\x01";
        else if (!inPre && c == '\n') out += ' ';
        else out += c;
        ++i;
    }
    std::string tidy = tidyWhitespace(out);
    std::string result;
    for (const char c : tidy) {
        if (c == '\x01') continue;
        result += c == '\x02' ? ' ' : c;
    }
    return result;
}

}  // namespace hullft
