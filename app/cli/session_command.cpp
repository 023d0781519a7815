#include "cli/session_command.h"

#include <iostream>

#include "cli/arguments.h"
#include "cli/cli_output.h"
#include "cli/output_path_check.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "html_export.h"
#include "json_export.h"
#include "session_reader.h"
#include "session_summary.h"

namespace hullft::cli {
namespace {

constexpr const char* kUsage =
    "hullft session verify FILE | hullft session show FILE | "
    "hullft session export FILE [--format json|html] [--out PATH [--force]]";

// verify: exit 0 when the chain is intact, 1 with the first bad record otherwise.
int verify(const sessions::SessionReader& reader) {
    const sessions::VerifyResult result = reader.verify();
    if (result.ok()) {
        printLine(result.message);
        return kExitOk;
    }
    printLine(std::string("TAMPERED (") + sessions::tamperingName(result.tampering) + "): " + result.message);
    return kExitFailure;
}

int exportSession(const std::string& session, const sessions::SessionReader& reader, const Arguments& arguments) {
    const std::string format = arguments.valueOr("format", "json");
    if (format != "json" && format != "html") throw UsageError("--format must be json or html, not '" + format + "'");
    if (arguments.has("out")) checkOutputPath(arguments.value("out"), {session}, arguments.flag("force"));
    const std::string document = format == "json" ? sessions::exportJson(reader) : sessions::exportHtml(reader);
    if (!arguments.has("out")) {
        std::cout << document << std::flush;
        return kExitOk;
    }
    writeFileAtomically(arguments.value("out"), document);
    printLine("wrote " + arguments.value("out"));
    return kExitOk;
}

int run(const std::vector<std::string>& words) {
    const Arguments arguments(words, {"format", "out"}, {"force"});
    const std::vector<std::string>& positional = arguments.positional();
    if (positional.size() != 2) throw UsageError("expected an action (verify, show or export) and one FILE");
    const std::string& action = positional[0];
    if (action != "verify" && action != "show" && action != "export") throw UsageError("unknown action '" + action + "'");
    if (action != "export" && (arguments.has("format") || arguments.has("out") || arguments.flag("force")))
        throw UsageError("--format, --out and --force belong to `session export`");
    const sessions::SessionReader reader(positional[1]);
    if (action == "verify") return verify(reader);
    if (action == "show") {
        std::cout << sessions::sessionSummary(reader) << std::flush;
        return kExitOk;
    }
    return exportSession(positional[1], reader, arguments);
}

}  // namespace

const Command& sessionCommand() {
    static const Command command{"session", "verify, show or export a recorded audit session", kUsage, run};
    return command;
}

}  // namespace hullft::cli
