#pragma once

#include "cli/commands.h"

namespace hullft::cli {

// `hullft store build|ingest|info|search|bench`: the retrieval datastore.
const Command& storeCommand();

}  // namespace hullft::cli
