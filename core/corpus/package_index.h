#pragma once

#include <map>
#include <string>

namespace hullft {

// Which installed Debian package owns a file, and the installed version of each package, read
// from dpkg's database (/var/lib/dpkg: info/*.list and status) once, without running dpkg-query
// per file.
class PackageIndex {
public:
    explicit PackageIndex(const std::string& dpkgDirectory = "/var/lib/dpkg");

    std::string ownerOf(const std::string& path) const;     // "" if no package owns it
    std::string versionOf(const std::string& package) const; // "" if not installed
    bool installed(const std::string& package) const { return !versionOf(package).empty(); }

private:
    std::map<std::string, std::string> owners_;
    std::map<std::string, std::string> versions_;
};

}  // namespace hullft
