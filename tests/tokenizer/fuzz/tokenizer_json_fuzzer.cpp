// libFuzzer target of tokenizer.json (loadHfTokenizerJson): any bytes, written as a tokenizer.json
// and loaded under a plain tokenizer_config.json and under a LlamaTokenizerFast one (which
// rebuilds the SentencePiece-style pipeline and adds <s>), may only ever give InputError (the file
// named as unusable input). A tokenizer that loads then encodes and decodes a fixed text
// (exercise_tokenizer.h). Any other exception, a crash, a hang or a sanitizer report is a bug.
#include <cstdint>
#include <string>
#include <vector>

#include "exercise_tokenizer.h"
#include "fuzz_input_file.h"
#include "only_input_errors.h"
#include "tokenizer/hf_tokenizer_json.h"

namespace {

std::vector<hullft::TokenizerConfig> configs() {
    hullft::TokenizerConfig llama;
    llama.tokenizerClass = "LlamaTokenizerFast";
    llama.beginningOfTextToken = "<s>";
    llama.endOfTextToken = "</s>";
    llama.addBeginningOfText = true;
    return {hullft::TokenizerConfig{}, llama};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace hullft::fuzzing;
    static const FuzzInputFolder folder;
    static const std::vector<hullft::TokenizerConfig> tokenizerConfigs = configs();
    const std::string path = folder.write("tokenizer.json", data, size);
    for (const hullft::TokenizerConfig& config : tokenizerConfigs)
        onlyInputErrors([&] { exerciseTokenizer(*hullft::loadHfTokenizerJson(path, config)); });
    return 0;
}
