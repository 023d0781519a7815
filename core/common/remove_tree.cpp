#include "common/remove_tree.h"

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "common/errors.h"

namespace hullft {
namespace {

thread_local std::string failedEntry;
thread_local int failedErrno = 0;

int removeEntry(const char* entry, const struct stat*, int, struct FTW*) {
    if (std::remove(entry) == 0 || errno == ENOENT) return 0;
    failedEntry = entry;
    failedErrno = errno;
    return 1;  // stops the walk
}

}  // namespace

void removeTree(const std::string& path) {
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) {
        if (errno == ENOENT) return;
        throw InputError(path, std::string("cannot remove: ") + std::strerror(errno));
    }
    // Children before their folder (FTW_DEPTH), links not followed (FTW_PHYS).
    if (::nftw(path.c_str(), removeEntry, 16, FTW_DEPTH | FTW_PHYS) != 0) {
        const std::string entry = failedEntry.empty() ? path : failedEntry;
        throw InputError(entry, std::string("cannot remove: ") + std::strerror(failedErrno ? failedErrno : errno));
    }
}

}  // namespace hullft
