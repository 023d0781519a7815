#pragma once

#include <string>

namespace hullft {

// Deletes `path` and everything under it (no error when it does not exist); symbolic links are
// removed, never followed. InputError naming the entry that could not be removed.
//
// Written on POSIX nftw() rather than std::filesystem::remove_all: with the CUDA LibTorch of
// the GPU machine, remove_all of a non-empty folder crashed the process (every pretraining
// checkpoint after the first one replaces a folder), most likely because LibTorch carries its
// own copy of libstdc++'s filesystem internals.
void removeTree(const std::string& path);

}  // namespace hullft
