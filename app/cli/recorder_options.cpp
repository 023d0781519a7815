#include "cli/recorder_options.h"

#include "common/ed25519_key.h"

namespace hullft::cli {

sessions::RecorderOptions recorderOptionsFromArguments(const Arguments& args) {
    sessions::RecorderOptions options;
    if (args.has("sign-key"))
        options.signing_key = std::make_shared<const Ed25519PrivateKey>(Ed25519PrivateKey::load(args.value("sign-key")));
    return options;
}

}  // namespace hullft::cli
