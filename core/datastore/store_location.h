#pragma once

#include <string>

namespace hullft {

// $XDG_DATA_HOME/hullft, else ~/.local/share/hullft.
std::string hullftDataDirectory();
// Where `--store` and `--corpus` point when they are not given.
std::string defaultStoreDirectory();   // <data>/stores/default
std::string defaultCorpusDirectory();  // <data>/corpus/default

}  // namespace hullft
