// The Unicode-table functions of a build without ICU (a machine whose packages lack it, such as the
// GPU machine's image): the byte-level and GPT-2 tokenizers need none of them, and a tokenizer that
// does (BERT's normalizer and pre-tokenizer, an NFC normalizer) fails with this error, not a guess.
#include <string>
#include <string_view>

#include "common/errors.h"
#include "tokenizer/bert_normalizer.h"
#include "tokenizer/unicode_normalization.h"

namespace hullft {
namespace {

[[noreturn]] void unavailable(const char* what) {
    throw Error(std::string(what) + " needs ICU's Unicode tables, and this build has no ICU (install libicu-dev and rebuild)");
}

}  // namespace

std::string normalizeNfc(const std::string&) { unavailable("NFC normalization"); }
std::string normalizeNfd(const std::string&) { unavailable("NFD normalization"); }
std::string bertNormalize(std::string_view, const BertNormalizerOptions&) { unavailable("BERT normalization"); }
bool isBertPunctuation(char32_t) { unavailable("BERT pre-tokenization"); }
bool isBertWhitespace(char32_t) { unavailable("BERT pre-tokenization"); }

}  // namespace hullft
