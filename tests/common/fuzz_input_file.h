#pragma once

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

namespace hullft::fuzzing {

// Where a libFuzzer target writes its input for a reader that takes a path: one scratch folder
// per process (two fuzzers may run at once), removed when the fuzzer exits. Files are
// overwritten from one input to the next, never deleted, so a target writes every file its
// reader opens on each input.
class FuzzInputFolder {
public:
    FuzzInputFolder() : path_(scratchRoot() / ("hullft-fuzz-" + std::to_string(getpid()))) {
        std::filesystem::create_directories(path_);
    }
    ~FuzzInputFolder() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    FuzzInputFolder(const FuzzInputFolder&) = delete;
    FuzzInputFolder& operator=(const FuzzInputFolder&) = delete;

    const std::filesystem::path& path() const { return path_; }

    // Writes `bytes` as `name` (a path relative to the folder, its subfolders made) and returns
    // its full path.
    std::string write(const std::string& name, const std::string& bytes) const {
        const std::filesystem::path file = path_ / name;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary | std::ios::trunc)
            .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return file.string();
    }
    std::string write(const std::string& name, const uint8_t* data, size_t size) const {
        return write(name, std::string(reinterpret_cast<const char*>(data), size));
    }

private:
    // In memory where the system has /dev/shm: on disk, writing each input takes most of a small
    // reader's time (it runs a quarter to half as many inputs a second).
    static std::filesystem::path scratchRoot() {
        std::error_code error;
        return std::filesystem::is_directory("/dev/shm", error) ? std::filesystem::path("/dev/shm")
                                                                : std::filesystem::temp_directory_path();
    }

    std::filesystem::path path_;
};

}  // namespace hullft::fuzzing
