#pragma once

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "common/errors.h"
#include "only_input_errors.h"
#include "tokenizer/tokenizer.h"

namespace hullft::fuzzing {

// Ids the tokenizer gave itself (encode()'s, the end-of-text id) are in its own vocabulary: a
// decode() that refuses them is a bug, so it aborts and libFuzzer keeps the input.
inline void requireDecodes(const Tokenizer& tokenizer, const std::vector<int64_t>& ids, const char* what) {
    try {
        tokenizer.decode(ids);
    } catch (const InputError& error) {
        std::fprintf(stderr, "decode() refused %s: %s\n", what, error.what());
        std::abort();
    }
}

// What the tokenizer targets do with a tokenizer that loaded, so the tables its reader built are
// read as well as built: encode a fixed text that reaches every kind of piece (words, digits,
// punctuation, runs of spaces and newlines, accents, CJK, emoji, a literal "▁", the special
// tokens of every family), with and without special tokens, and decode the ids back.
inline void exerciseTokenizer(const Tokenizer& tokenizer) {
    static const std::string text =
        "Hello, world! It's 2024:  na\xC3\xAFve caf\xC3\xA9 \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x9A\x80\r\n\t x"
        "\xE2\x96\x81y <|endoftext|><s></s>[CLS] unwanted ##ing [SEP]";
    requireDecodes(tokenizer, tokenizer.encode(text), "the ids encode() gave");
    if (const std::optional<int64_t> endOfText = tokenizer.endOfTextId())
        requireDecodes(tokenizer, {*endOfText}, "the end-of-text id");
    // The special-token template may name ids outside the vocabulary; decode() refuses those.
    onlyInputErrors([&] { tokenizer.decode(tokenizer.encodeWithSpecialTokens(text)); });
    tokenizer.vocabSize();
    tokenizer.kind();
}

}  // namespace hullft::fuzzing
