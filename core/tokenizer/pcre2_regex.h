#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace hullft {

// GPT-2's pre-tokenization pattern, verbatim from openai/gpt-2 encoder.py.
inline constexpr const char* kGpt2PreTokenizerPattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

// A PCRE2 pattern compiled in UTF mode with Unicode properties (UCP), so \p{L}, \p{N} and \s
// follow Unicode, and JIT-compiled where the platform allows. Immutable, shareable across threads.
class Pcre2Regex {
public:
    // InputError(source, ...) names the pattern and PCRE2's message when it does not compile.
    Pcre2Regex(const std::string& pattern, const std::string& source);
    ~Pcre2Regex();
    Pcre2Regex(const Pcre2Regex&) = delete;
    Pcre2Regex& operator=(const Pcre2Regex&) = delete;

    // Calls `onPiece` with each non-empty match in `text` (valid UTF-8) and, when `keepGaps`,
    // with the text between them too, in order (Hugging Face's Split "Isolated" vs "Removed").
    // InputError(source, ...) when PCRE2 gives up on the text (a pattern from a tokenizer file
    // that backtracks without bound reaches PCRE2's match or memory limit): the file is at fault.
    void split(std::string_view text, bool keepGaps,
               const std::function<void(std::string_view)>& onPiece) const;

private:
    struct Compiled;
    std::unique_ptr<Compiled> compiled_;
    std::string pattern_;
    std::string source_;
};

}  // namespace hullft
