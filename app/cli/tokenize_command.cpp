#include "cli/tokenize_command.h"

#include <nlohmann/json.hpp>

#include "cli/arguments.h"
#include "cli/cli_output.h"
#include "common/json_io.h"
#include "tokenizer/tokenizer.h"
#include "common/utf8.h"

namespace hullft::cli {
namespace {

int runTokenize(const std::vector<std::string>& words) {
    const Arguments arguments(words, {"tokenizer", "text-file"}, {"lossy"});
    if (!arguments.positional().empty())
        throw UsageError("unexpected argument '" + arguments.positional()[0] + "'");
    const std::string textFile = arguments.value("text-file");
    const std::unique_ptr<Tokenizer> tokenizer = loadTokenizer(arguments.value("tokenizer"));
    std::string text = readFileBytes(textFile);
    // Name the file rather than "text to tokenize" when it is not UTF-8.
    if (arguments.flag("lossy"))
        text = repairUtf8(text);
    else
        requireValidUtf8(text, textFile + " (use --lossy to replace invalid bytes with U+FFFD)");
    printLine(nlohmann::json(tokenizer->encode(text)).dump());
    return kExitOk;
}

}  // namespace

const Command& tokenizeCommand() {
    static const Command command{
        "tokenize", "print the token ids of a text file as a JSON array",
        "hullft tokenize --tokenizer DIR --text-file F [--lossy]\n"
        "  DIR holds tokenizer.json, vocab.json + merges.txt, or a byte-level tokenizer_config.json;\n"
        "  --lossy replaces bytes that are not UTF-8 with U+FFFD instead of failing",
        runTokenize};
    return command;
}

}  // namespace hullft::cli
