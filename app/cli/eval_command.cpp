#include "cli/eval_command.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "cli/arguments.h"
#include "cli/cli_output.h"
#include "common/errors.h"
#include "common/json_io.h"
#include "eval/bpb.h"
#include "eval/corpus_bpb.h"
#include "model/compute_precision.h"
#include "model/device.h"
#include "model/load_language_model.h"
#include "tokenizer/tokenizer.h"

namespace hullft::cli {
namespace {

std::vector<int64_t> tokenizeText(const std::string& modelDir, const std::string& textFile, const std::string& text) {
    const std::unique_ptr<Tokenizer> tokenizer = loadTokenizer(modelDir);
    try {
        return tokenizer->encodeWithSpecialTokens(text);  // as transformers' tokenizer(text)
    } catch (const InputError& e) {
        throw InputError(textFile, e.problem());  // e.g. not UTF-8: the text file is what is wrong
    }
}

nlohmann::ordered_json domainTable(const std::map<std::string, DomainBits>& domains) {
    nlohmann::ordered_json table = nlohmann::ordered_json::object();
    DomainBits all;
    for (const auto& [name, bits] : domains) {
        table[name] = {{"bpb", bits.bpb()}, {"documents", bits.documents}, {"bytes", bits.bytes}};
        all.documents += bits.documents;
        all.bytes += bits.bytes;
        all.bits += bits.bits;
    }
    table["all"] = {{"bpb", all.bpb()}, {"documents", all.documents}, {"bytes", all.bytes}};
    return table;
}

std::vector<std::string> commaList(const std::string& text) {
    std::vector<std::string> items;
    std::string item;
    for (const char c : text + ",") {
        if (c != ',') {
            item += c;
        } else if (!item.empty()) {
            items.push_back(item);
            item.clear();
        }
    }
    return items;
}

// Per-domain BPB of a corpus split, optionally beside a unigram baseline fitted on a train split.
int runCorpusEval(const Arguments& arguments, const std::string& modelDir, torch::Device device, BpbRule rule) {
    const std::shared_ptr<LanguageModel> model = loadLanguageModel(modelDir, device);
    model->module().eval();
    model->setComputePrecision(selectPrecision(arguments.valueOr("precision", "auto"), device));
    const std::unique_ptr<Tokenizer> tokenizer = loadTokenizer(modelDir);
    const std::string split = arguments.value("jsonl");
    nlohmann::ordered_json output = {{"bpb_rule", bpbRuleName(rule)},
                                     {"model", domainTable(corpusBitsPerByte(*model, *tokenizer, split, rule))}};
    if (arguments.has("unigram-train"))
        output["unigram"] = domainTable(unigramBitsPerByte(*tokenizer, arguments.value("unigram-train"),
                                                           commaList(arguments.valueOr("exclude-domains", "")), split));
    printJson(output, "eval", 2);
    return kExitOk;
}

int runEval(const std::vector<std::string>& words) {
    const Arguments arguments(
        words, {"model", "text-file", "device", "precision", "jsonl", "unigram-train", "exclude-domains", "bpb-rule"}, {});
    if (!arguments.positional().empty()) throw UsageError("unexpected argument '" + arguments.positional().front() + "'");
    const std::string modelDir = arguments.value("model");
    const BpbRule rule = parseBpbRule(arguments.valueOr("bpb-rule", bpbRuleName(BpbRule::Full)), "--bpb-rule");
    const torch::Device device = selectDevice(arguments.valueOr("device", "auto"));
    if (arguments.has("jsonl")) return runCorpusEval(arguments, modelDir, device, rule);
    const std::string textFile = arguments.value("text-file");

    const std::string text = readFileBytes(textFile);
    if (text.empty()) throw InputError(textFile, "text is empty");
    const std::shared_ptr<LanguageModel> model = loadLanguageModel(modelDir, device);
    model->module().eval();
    const ComputePrecision precision = selectPrecision(arguments.valueOr("precision", "auto"), device);
    model->setComputePrecision(precision);
    const std::vector<int64_t> ids = tokenizeText(modelDir, textFile, text);
    if (ids.size() < 2) throw InputError(textFile, "text has fewer than 2 tokens; bits per byte needs at least 2");
    const int64_t largest = *std::max_element(ids.begin(), ids.end());
    if (largest >= model->vocabSize())
        throw InputError(modelDir, "tokenizer produces id " + std::to_string(largest) + " but the model's vocab_size is " +
                                       std::to_string(model->vocabSize()));

    const BitsPerByte result = bitsPerByte(*model, ids, static_cast<int64_t>(text.size()), rule);
    // The contract of core/eval/README.md ("Bits per byte"): exactly these four keys (scripts compare the object whole).
    const nlohmann::ordered_json output = {
        {"bpb", result.bpb}, {"tokens", result.tokens}, {"bytes", result.bytes}, {"bpb_rule", bpbRuleName(result.rule)}};
    printJson(output, "eval");
    return kExitOk;
}

}  // namespace

const Command& evalCommand() {
    static const Command command{"eval", "bits per byte of a text under a model",
                                 "hullft eval --model DIR (--text-file F | --jsonl SPLIT.jsonl [--unigram-train TRAIN.jsonl "
                                 "[--exclude-domains a,b]]) [--bpb-rule full|reference] [--device auto|cpu|cuda] "
                                 "[--precision auto|fp32|bf16]\n"
                                 "  --bpb-rule full (default) scores every token of a long text in windows of the model's "
                                 "context\n  (stride half a window); reference scores only the first window but divides by "
                                 "every byte, as the reference does.", runEval};
    return command;
}

}  // namespace hullft::cli
