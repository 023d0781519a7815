#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hullft {

// Writes `contents` to `path` all or nothing: a temporary file in the same folder is written,
// flushed to disk and renamed over `path`, so a killed process never leaves half a file.
void writeFileAtomically(const std::string& path, const std::string& contents);

// The same for contents given as consecutive pieces (a header and large tensor buffers), so big
// files are streamed to disk without first being joined into one string.
void writeFileAtomically(const std::string& path, const std::vector<std::string_view>& pieces);

// Creates `path` as an empty file, atomically (O_EXCL): InputError if anything is there already,
// so an existing file is never touched; the file is then the caller's to fill or remove.
void createNewFile(const std::string& path);

}  // namespace hullft
