#pragma once

#include <string>

#include "cli/arguments.h"
#include "session_info.h"
#include "session_recorder.h"

namespace hullft {
class LoadedPipeline;
}

namespace hullft::cli {

// How the commands that record sessions (query, serve, bench) record them: --sign-key KEY signs every
// session's chain head with that Ed25519 private key (`hullft session keygen` makes one). Call it
// before loading a model, so an unusable key fails at once.
sessions::RecorderOptions recorderOptionsFromArguments(const Arguments& args);

// The header of a session the CLI records: this build, the loaded model, store and device, and
// `settingsJson` (the run's settings as a JSON object).
sessions::SessionInfo sessionHeaderOf(const LoadedPipeline& loaded, std::string settingsJson);

}  // namespace hullft::cli
