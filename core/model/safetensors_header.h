#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hullft {

// Element types of the safetensors format this project reads and writes.
enum class SafetensorsDtype { F64, F32, F16, BF16, I64, I32 };

size_t safetensorsDtypeSize(SafetensorsDtype dtype);        // bytes per element

// One tensor's entry in the header; [begin, end) are byte offsets into the data region.
struct SafetensorsTensorInfo {
    std::string name;
    SafetensorsDtype dtype;
    std::vector<int64_t> shape;
    uint64_t begin = 0;
    uint64_t end = 0;
};

struct SafetensorsHeader {
    std::vector<SafetensorsTensorInfo> tensors;  // ordered by data offset
    std::map<std::string, std::string> metadata; // "__metadata__"
    uint64_t dataStart = 0;                      // file offset of the data region (8 + header length)
};

// Largest header accepted; the reference implementation uses the same limit.
inline constexpr uint64_t kMaxSafetensorsHeaderBytes = 100'000'000;

// Parses and fully validates the header of a safetensors file whose complete bytes are `file`:
// header length within limits and the file, JSON object, known dtypes, shapes, offsets inside
// the data region, byte sizes equal to prod(shape) * element size, and the tensors tiling the
// data region with neither overlaps nor gaps (as the format requires). InputError names `path`
// and the tensor.
SafetensorsHeader parseSafetensorsHeader(std::string_view file, const std::string& path);

}  // namespace hullft
