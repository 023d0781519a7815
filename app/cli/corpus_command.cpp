#include "cli/corpus_command.h"

#include <nlohmann/json.hpp>

#include "cli/arguments.h"
#include "cli/cli_output.h"
#include "cli/progress_printer.h"
#include "corpus/corpus_builder.h"
#include "corpus/corpus_manifest.h"
#include "datastore/store_location.h"

namespace hullft::cli {
namespace {

std::string summaryLine(const DomainReport& d) {
    char text[300];
    if (!d.skipped.empty()) {
        std::snprintf(text, sizeof text, "  %-24s skipped (%s)", d.name.c_str(), d.skipped.c_str());
        return text;
    }
    std::snprintf(text, sizeof text, "  %-24s %6lld docs %7.2f MB train, %4lld docs test; %lld binary, %lld repaired, %lld empty, %lld duplicates, %lld truncated, %lld failed",
                  d.name.c_str(), static_cast<long long>(d.documents_train), d.bytes_train / 1e6,
                  static_cast<long long>(d.documents_test), static_cast<long long>(d.binary), static_cast<long long>(d.repaired),
                  static_cast<long long>(d.empty), static_cast<long long>(d.duplicates), static_cast<long long>(d.truncated),
                  static_cast<long long>(d.failed_files));
    std::string line = text;
    if (d.documents_test_past_cap > 0)
        line += "; " + std::to_string(d.documents_test_past_cap) + " test docs read past the cap";
    return line + (d.first_failure.empty() ? std::string() : " (first: " + d.first_failure + ")");
}

int runCorpus(const std::vector<std::string>& words) {
    const Arguments args(words, {"recipe", "out", "max-mb-per-domain"}, {"json"});
    if (args.positional().size() != 1 || args.positional()[0] != "build") throw UsageError("expected `corpus build`");
    CorpusBuildOptions options;
    options.recipe_path = args.valueOr("recipe", defaultRecipePath());
    options.out_dir = args.valueOr("out", defaultCorpusDirectory());
    options.max_mb_per_domain = args.doubleValue("max-mb-per-domain", 0.0);
    if (args.has("max-mb-per-domain") && options.max_mb_per_domain <= 0) throw UsageError("--max-mb-per-domain must be positive");
    ProgressPrinter progress;
    const CorpusReport report = buildCorpus(options, &progress, nullptr);
    if (args.flag("json")) {
        printLine(readCorpusManifest(options.out_dir).report.dump(2));
        return kExitOk;
    }
    printLine("corpus '" + report.recipe_name + "' written to " + options.out_dir + " in " + std::to_string(static_cast<int>(report.seconds)) + " s");
    for (const DomainReport& domain : report.domains) printLine(summaryLine(domain));
    return kExitOk;
}

}  // namespace

std::string defaultRecipePath() { return HULLFT_DEFAULT_RECIPE; }

const Command& corpusCommand() {
    static const Command command{"corpus", "build the default training corpus from Debian packages",
                                 "hullft corpus build [--recipe FILE] [--out DIR] [--max-mb-per-domain X] [--json]", runCorpus};
    return command;
}

}  // namespace hullft::cli
