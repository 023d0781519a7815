#define PCRE2_CODE_UNIT_WIDTH 8
#include "tokenizer/pcre2_regex.h"

#include <pcre2.h>

#include "common/errors.h"

namespace hullft {
namespace {

std::string pcre2Message(int code) {
    PCRE2_UCHAR buffer[256];
    pcre2_get_error_message(code, buffer, sizeof buffer);
    return reinterpret_cast<const char*>(buffer);
}

struct MatchDataDeleter {
    void operator()(pcre2_match_data* data) const { pcre2_match_data_free(data); }
};

size_t utf8SequenceLength(unsigned char lead) {
    return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

}  // namespace

struct Pcre2Regex::Compiled {
    pcre2_code* code = nullptr;
    ~Compiled() { pcre2_code_free(code); }
};

Pcre2Regex::Pcre2Regex(const std::string& pattern, const std::string& source)
    : compiled_(std::make_unique<Compiled>()), pattern_(pattern), source_(source) {
    int errorCode = 0;
    PCRE2_SIZE errorOffset = 0;
    compiled_->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                    PCRE2_UTF | PCRE2_UCP, &errorCode, &errorOffset, nullptr);
    if (!compiled_->code)
        throw InputError(source, "regex /" + pattern + "/ does not compile at offset " +
                                     std::to_string(errorOffset) + ": " + pcre2Message(errorCode));
    // JIT is an optimisation only: interpretation gives the same matches where JIT is missing.
    pcre2_jit_compile(compiled_->code, PCRE2_JIT_COMPLETE);
}

Pcre2Regex::~Pcre2Regex() = default;

void Pcre2Regex::split(std::string_view text, bool keepGaps,
                       const std::function<void(std::string_view)>& onPiece) const {
    const std::unique_ptr<pcre2_match_data, MatchDataDeleter> match(
        pcre2_match_data_create_from_pattern(compiled_->code, nullptr));
    const auto subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    size_t gapStart = 0, offset = 0;
    while (offset < text.size()) {
        // The caller validated the UTF-8 once; PCRE2 need not check it again on every call.
        const int found = pcre2_match(compiled_->code, subject, text.size(), offset, PCRE2_NO_UTF_CHECK,
                                      match.get(), nullptr);
        if (found == PCRE2_ERROR_NOMATCH) break;
        if (found < 0)
            throw InputError(source_, "regex /" + pattern_ + "/ cannot split a text of " +
                                          std::to_string(text.size()) + " bytes: " + pcre2Message(found));
        const PCRE2_SIZE* bounds = pcre2_get_ovector_pointer(match.get());
        if (bounds[1] == bounds[0]) {  // an empty match splits nothing; step over one character
            if (bounds[0] >= text.size()) break;
            offset = bounds[0] + utf8SequenceLength(static_cast<unsigned char>(text[bounds[0]]));
            continue;
        }
        if (keepGaps && bounds[0] > gapStart) onPiece(text.substr(gapStart, bounds[0] - gapStart));
        onPiece(text.substr(bounds[0], bounds[1] - bounds[0]));
        gapStart = offset = bounds[1];
    }
    if (keepGaps && gapStart < text.size()) onPiece(text.substr(gapStart));
}

}  // namespace hullft
