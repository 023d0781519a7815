// libFuzzer target of BERT's bare vocab.txt (loadBertVocabFile): any bytes, written as a
// vocab.txt and loaded with BertTokenizer's defaults and with every setting of
// tokenizer_config.json turned the other way, may only ever give InputError (the file named as
// unusable input). A tokenizer that loads then encodes and decodes a fixed text
// (exercise_tokenizer.h). Any other exception, a crash, a hang or a sanitizer report is a bug.
#include <cstdint>
#include <string>
#include <vector>

#include "exercise_tokenizer.h"
#include "fuzz_input_file.h"
#include "only_input_errors.h"
#include "tokenizer/bert_vocab_file.h"

namespace {

std::vector<hullft::TokenizerConfig> configs() {
    hullft::TokenizerConfig otherWay;
    otherWay.doLowerCase = false;
    otherWay.stripAccents = true;
    otherWay.tokenizeChineseChars = false;
    otherWay.unknownToken = "<unk>";
    otherWay.classifierToken = "<s>";
    otherWay.separatorToken = "</s>";
    otherWay.endOfTextToken = "</s>";
    otherWay.addEndOfText = true;
    return {hullft::TokenizerConfig{}, otherWay};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace hullft::fuzzing;
    static const FuzzInputFolder folder;
    static const std::vector<hullft::TokenizerConfig> tokenizerConfigs = configs();
    const std::string path = folder.write("vocab.txt", data, size);
    for (const hullft::TokenizerConfig& config : tokenizerConfigs)
        onlyInputErrors([&] { exerciseTokenizer(*hullft::loadBertVocabFile(path, config)); });
    return 0;
}
