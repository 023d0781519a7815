// libFuzzer target of tokenizer_config.json (readTokenizerConfig, through loadTokenizer): any
// bytes, written as the tokenizer_config.json of five small valid tokenizer folders (byte-level
// and SentencePiece-style tokenizer.json, GPT-2's vocab.json + merges.txt, BERT's vocab.txt, and
// none: the byte-level tokenizer), may only ever give InputError (a file named as unusable
// input). A tokenizer that loads then encodes and decodes a fixed text (exercise_tokenizer.h).
// Any other exception, a crash, a hang or a sanitizer report is a bug.
#include <cstdint>
#include <string>

#include "exercise_tokenizer.h"
#include "fuzz_input_file.h"
#include "only_input_errors.h"
#include "tiny_tokenizer_folders.h"
#include "tokenizer/tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace hullft::fuzzing;
    static const FuzzInputFolder folder;
    static const TinyTokenizerFolders tokenizers(folder);
    const std::string config(reinterpret_cast<const char*>(data), size);
    for (const std::string& directory : tokenizers.withConfig(config))
        onlyInputErrors([&] { exerciseTokenizer(*hullft::loadTokenizer(directory)); });
    return 0;
}
