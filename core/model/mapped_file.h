#pragma once

#include <string>
#include <string_view>

namespace hullft {

// A whole file mapped read-only into memory for as long as the object lives, so large
// checkpoints are read once by the kernel's page cache instead of copied into a buffer.
class MappedFile {
public:
    explicit MappedFile(const std::string& path);  // InputError if it cannot be opened or mapped
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::string_view bytes() const { return {static_cast<const char*>(data_), size_}; }

private:
    void* data_ = nullptr;
    size_t size_ = 0;
};

}  // namespace hullft
