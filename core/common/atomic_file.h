#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hullft {

// Who may read a written file: everyone (0644), or its owner alone (0600: a private key).
enum class FileAccess { Everyone, OwnerOnly };

// Writes `contents` to `path` all or nothing: a temporary file in the same folder is written,
// flushed to disk and renamed over `path`, so a killed process never leaves half a file. The
// temporary file is private from its creation, so OwnerOnly contents are never readable by others.
void writeFileAtomically(const std::string& path, const std::string& contents,
                         FileAccess access = FileAccess::Everyone);

// The same for contents given as consecutive pieces (a header and large tensor buffers), so big
// files are streamed to disk without first being joined into one string.
void writeFileAtomically(const std::string& path, const std::vector<std::string_view>& pieces,
                         FileAccess access = FileAccess::Everyone);

// Creates `path` as an empty file, atomically (O_EXCL): InputError if anything is there already,
// so an existing file is never touched; the file is then the caller's to fill or remove.
void createNewFile(const std::string& path);

}  // namespace hullft
