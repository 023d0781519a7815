#pragma once

#include "cli/arguments.h"
#include "session_recorder.h"

namespace hullft::cli {

// How the commands that record sessions (query, serve, bench) record them: --sign-key KEY signs every
// session's chain head with that Ed25519 private key (`hullft session keygen` makes one). Call it
// before loading a model, so an unusable key fails at once.
sessions::RecorderOptions recorderOptionsFromArguments(const Arguments& args);

}  // namespace hullft::cli
