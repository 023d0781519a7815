#include "datastore/store_location.h"

#include <cstdlib>

#include "common/errors.h"

namespace hullft {

std::string hullftDataDirectory() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::string(xdg) + "/hullft";
    const char* home = std::getenv("HOME");
    if (!home || !*home) throw InputError("$HOME", "not set: cannot find the user data directory (set XDG_DATA_HOME)");
    return std::string(home) + "/.local/share/hullft";
}

std::string defaultStoreDirectory() { return hullftDataDirectory() + "/stores/default"; }
std::string defaultCorpusDirectory() { return hullftDataDirectory() + "/corpus/default"; }

}  // namespace hullft
