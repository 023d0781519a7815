// libFuzzer target of GPT-2's vocab.json + merges.txt (loadGpt2BpeTokenizer). The input holds
// both files: the bytes before its first NUL byte are vocab.json, those after it merges.txt (an
// input without NUL is a vocab.json with an empty merges.txt). Neither file has a NUL of its
// own: JSON and merges.txt are text. Any input may only ever give InputError (a file named as
// unusable input); a tokenizer that loads then encodes and decodes a fixed text
// (exercise_tokenizer.h). Any other exception, a crash, a hang or a sanitizer report is a bug.
#include <cstdint>
#include <string>

#include "exercise_tokenizer.h"
#include "fuzz_input_file.h"
#include "only_input_errors.h"
#include "tokenizer/gpt2_bpe_tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace hullft::fuzzing;
    static const FuzzInputFolder folder;
    const std::string input(reinterpret_cast<const char*>(data), size);
    const size_t separator = input.find('\0');
    const std::string vocabPath = folder.write("vocab.json", input.substr(0, separator));
    const std::string mergesPath = folder.write(
        "merges.txt", separator == std::string::npos ? std::string() : input.substr(separator + 1));
    onlyInputErrors([&] { exerciseTokenizer(*hullft::loadGpt2BpeTokenizer(vocabPath, mergesPath)); });
    return 0;
}
