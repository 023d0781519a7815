#include "cli/recorder_options.h"

#include "common/ed25519_key.h"
#include "common/version.h"
#include "pipeline/loaded_pipeline.h"

namespace hullft::cli {

sessions::RecorderOptions recorderOptionsFromArguments(const Arguments& args) {
    sessions::RecorderOptions options;
    if (args.has("sign-key"))
        options.signing_key = std::make_shared<const Ed25519PrivateKey>(Ed25519PrivateKey::load(args.value("sign-key")));
    return options;
}

sessions::SessionInfo sessionHeaderOf(const LoadedPipeline& loaded, std::string settingsJson) {
    const PipelineIdentity identity = loaded.identity();
    sessions::SessionInfo info;
    info.tool_version = kVersion;
    info.model_identity = identity.model;
    info.datastore_identity = identity.datastore;
    info.device = identity.device;
    info.settings_json = std::move(settingsJson);
    return info;
}

}  // namespace hullft::cli
