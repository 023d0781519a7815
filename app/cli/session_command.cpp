#include "cli/session_command.h"

#include <iostream>

#include "cli/arguments.h"
#include "cli/cli_output.h"
#include "cli/output_path_check.h"
#include "common/atomic_file.h"
#include "common/ed25519_key.h"
#include "common/errors.h"
#include "common/utf8.h"
#include "html_export.h"
#include "json_export.h"
#include "session_reader.h"
#include "session_summary.h"

namespace hullft::cli {
namespace {

constexpr const char* kUsage =
    "hullft session verify FILE [--public-key KEY.pub] | hullft session show FILE | "
    "hullft session export FILE [--format json|html] [--out PATH [--force]] | "
    "hullft session keygen KEY [--force]";

// verify: exit 0 when the chain is intact (and, with --public-key, signed at close by that key
// over the file's chain head), 1 with the first problem otherwise.
int verify(const sessions::SessionReader& reader, const Arguments& arguments) {
    const sessions::VerifyResult result = reader.verify();
    if (!result.ok()) {
        printLine(std::string("TAMPERED (") + sessions::tamperingName(result.tampering) + "): " + result.message);
        return kExitFailure;
    }
    const std::optional<sessions::ChainSignature> signature = reader.chainSignature();
    if (!arguments.has("public-key")) {
        printLine(result.message);
        if (signature) printLine(repairUtf8(sessions::signatureNote(signature)));
        return kExitOk;
    }
    const Ed25519PublicKey key = Ed25519PublicKey::load(arguments.value("public-key"));
    const sessions::SignatureCheck check = sessions::checkChainSignature(signature, result, key);
    if (check.ok()) {
        printLine(result.message + "; " + check.message);
        return kExitOk;
    }
    const bool edited = check.verdict == sessions::SignatureVerdict::BadSignature ||
                        check.verdict == sessions::SignatureVerdict::HeadDiffers;
    printLine(std::string(edited ? "TAMPERED (" : "UNVERIFIED (") + sessions::signatureVerdictName(check.verdict) +
              "): " + check.message);
    return kExitFailure;
}

// keygen: a new Ed25519 key pair, KEY (private, mode 0600) and KEY.pub, for --sign-key and
// `session verify --public-key`.
int keygen(const std::string& key, bool force) {
    const std::string public_key = key + ".pub";
    checkOutputPath(key, {}, force);
    checkOutputPath(public_key, {}, force);
    generateEd25519KeyPair(key, public_key);
    printLine("wrote " + key + " (private: keep it to yourself) and " + public_key + " (public: give it to auditors)");
    printLine("fingerprint " + Ed25519PublicKey::load(public_key).fingerprint());
    return kExitOk;
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
    const Arguments arguments(words, {"format", "out", "public-key"}, {"force"});
    const std::vector<std::string>& positional = arguments.positional();
    if (positional.size() != 2) throw UsageError("expected an action (verify, show, export or keygen) and one FILE");
    const std::string& action = positional[0];
    if (action != "verify" && action != "show" && action != "export" && action != "keygen")
        throw UsageError("unknown action '" + action + "'");
    if (action != "export" && (arguments.has("format") || arguments.has("out")))
        throw UsageError("--format and --out belong to `session export`");
    if (action != "export" && action != "keygen" && arguments.flag("force"))
        throw UsageError("--force belongs to `session export` and `session keygen`");
    if (action != "verify" && arguments.has("public-key")) throw UsageError("--public-key belongs to `session verify`");
    if (action == "keygen") return keygen(positional[1], arguments.flag("force"));
    const sessions::SessionReader reader(positional[1]);
    if (action == "verify") return verify(reader, arguments);
    if (action == "show") {
        std::cout << sessions::sessionSummary(reader) << std::flush;
        return kExitOk;
    }
    return exportSession(positional[1], reader, arguments);
}

}  // namespace

const Command& sessionCommand() {
    static const Command command{"session", "verify, show or export a recorded audit session; make a signing key", kUsage, run};
    return command;
}

}  // namespace hullft::cli
