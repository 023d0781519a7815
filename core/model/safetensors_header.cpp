#include "model/safetensors_header.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <limits>

#include "common/errors.h"
#include "common/json_io.h"

namespace hullft {
namespace {

struct DtypeSpec {
    SafetensorsDtype dtype;
    const char* name;
    size_t size;
};

constexpr DtypeSpec kDtypes[] = {
    {SafetensorsDtype::F64, "F64", 8},  {SafetensorsDtype::F32, "F32", 4}, {SafetensorsDtype::F16, "F16", 2},
    {SafetensorsDtype::BF16, "BF16", 2}, {SafetensorsDtype::I64, "I64", 8}, {SafetensorsDtype::I32, "I32", 4},
};

const DtypeSpec& specOf(SafetensorsDtype dtype) {
    for (const DtypeSpec& spec : kDtypes)
        if (spec.dtype == dtype) return spec;
    throw Error("unknown safetensors dtype enumerator");
}

uint64_t readLittleEndian64(const char* bytes) {
    uint64_t value = 0;
    for (int i = 7; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
    return value;
}

SafetensorsDtype parseDtype(const nlohmann::json& value, const std::string& path, const std::string& tensor) {
    if (!value.is_string()) throw InputError(path, "tensor '" + tensor + "': dtype is not a string");
    const std::string name = value.get<std::string>();
    for (const DtypeSpec& spec : kDtypes)
        if (name == spec.name) return spec.dtype;
    throw InputError(path, "tensor '" + tensor + "': unsupported dtype '" + name +
                               "' (supported: F64, F32, F16, BF16, I64, I32)");
}

uint64_t nonNegativeInteger(const nlohmann::json& value, const std::string& path, const std::string& what) {
    if (!value.is_number_unsigned()) throw InputError(path, what + " is not a non-negative integer");
    return value.get<uint64_t>();
}

// Multiplies the shape out, refusing overflow so a hostile header cannot wrap the size check.
uint64_t byteCount(const SafetensorsTensorInfo& info, const std::string& path) {
    uint64_t count = safetensorsDtypeSize(info.dtype);
    for (const int64_t dim : info.shape) {
        const auto extent = static_cast<uint64_t>(dim);
        if (extent != 0 && count > std::numeric_limits<uint64_t>::max() / extent)
            throw InputError(path, "tensor '" + info.name + "': shape is too large");
        count *= extent;
    }
    return count;
}

SafetensorsTensorInfo parseEntry(const std::string& name, const nlohmann::json& entry, const std::string& path) {
    const std::string where = "tensor '" + name + "'";
    if (!entry.is_object()) throw InputError(path, where + ": entry is not a JSON object");
    for (const char* key : {"dtype", "shape", "data_offsets"})
        if (!entry.contains(key)) throw InputError(path, where + ": missing '" + key + "'");
    SafetensorsTensorInfo info;
    info.name = name;
    info.dtype = parseDtype(entry["dtype"], path, name);
    if (!entry["shape"].is_array()) throw InputError(path, where + ": shape is not an array");
    for (const nlohmann::json& dim : entry["shape"]) {
        const uint64_t extent = nonNegativeInteger(dim, path, where + ": shape entry");
        if (extent > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
            throw InputError(path, where + ": shape entry is too large");
        info.shape.push_back(static_cast<int64_t>(extent));
    }
    const nlohmann::json& offsets = entry["data_offsets"];
    if (!offsets.is_array() || offsets.size() != 2) throw InputError(path, where + ": data_offsets is not [begin, end]");
    info.begin = nonNegativeInteger(offsets[0], path, where + ": data_offsets begin");
    info.end = nonNegativeInteger(offsets[1], path, where + ": data_offsets end");
    if (info.end < info.begin) throw InputError(path, where + ": data_offsets end is before begin");
    const uint64_t expected = byteCount(info, path);
    if (info.end - info.begin != expected)
        throw InputError(path, where + ": data_offsets span " + std::to_string(info.end - info.begin) +
                                   " bytes but dtype and shape need " + std::to_string(expected));
    return info;
}

std::map<std::string, std::string> parseMetadata(const nlohmann::json& value, const std::string& path) {
    if (!value.is_object()) throw InputError(path, "__metadata__ is not a JSON object");
    std::map<std::string, std::string> metadata;
    for (const auto& [key, item] : value.items()) {
        if (!item.is_string()) throw InputError(path, "__metadata__ entry '" + key + "' is not a string");
        metadata[key] = item.get<std::string>();
    }
    return metadata;
}

// The data region must be tiled exactly: sorted by offset, each tensor starts where the previous
// one ended and the last ends at the end of the file.
void checkTiling(std::vector<SafetensorsTensorInfo>& tensors, uint64_t dataSize, const std::string& path) {
    std::sort(tensors.begin(), tensors.end(), [](const auto& a, const auto& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    uint64_t expectedBegin = 0;
    const SafetensorsTensorInfo* previous = nullptr;
    for (const SafetensorsTensorInfo& info : tensors) {
        if (info.end > dataSize)
            throw InputError(path, "tensor '" + info.name + "': data_offsets end " + std::to_string(info.end) +
                                       " is past the data region (" + std::to_string(dataSize) +
                                       " bytes; file truncated?)");
        if (info.begin < expectedBegin)
            throw InputError(path, "tensor '" + info.name + "' overlaps tensor '" + previous->name + "'");
        if (info.begin > expectedBegin)
            throw InputError(path, "tensor '" + info.name + "': gap of " + std::to_string(info.begin - expectedBegin) +
                                       " bytes before its data");
        expectedBegin = info.end;
        previous = &info;
    }
    if (expectedBegin != dataSize)
        throw InputError(path, std::to_string(dataSize - expectedBegin) +
                                   " bytes after the last tensor's data are not described by the header");
}

}  // namespace

size_t safetensorsDtypeSize(SafetensorsDtype dtype) { return specOf(dtype).size; }

SafetensorsHeader parseSafetensorsHeader(std::string_view file, const std::string& path) {
    if (file.size() < 8) throw InputError(path, "too short for a safetensors file (no 8-byte header length)");
    const uint64_t headerLength = readLittleEndian64(file.data());
    if (headerLength > kMaxSafetensorsHeaderBytes)
        throw InputError(path, "header length " + std::to_string(headerLength) + " exceeds the limit of " +
                                   std::to_string(kMaxSafetensorsHeaderBytes) + " bytes");
    if (headerLength > file.size() - 8)
        throw InputError(path, "header length " + std::to_string(headerLength) + " exceeds the file size (" +
                                   std::to_string(file.size()) + " bytes; file truncated?)");
    const std::string_view headerText = file.substr(8, headerLength);
    if (headerText.empty() || headerText.front() != '{') throw InputError(path, "header does not start with '{'");
    nlohmann::json header;
    try {
        header = parseJson(headerText, path);
    } catch (const InputError& e) {
        throw InputError(path, "header is not valid JSON: " + e.problem());
    }
    if (!header.is_object()) throw InputError(path, "header is not a JSON object");

    SafetensorsHeader result;
    result.dataStart = 8 + headerLength;
    for (const auto& [name, entry] : header.items()) {
        if (name == "__metadata__")
            result.metadata = parseMetadata(entry, path);
        else
            result.tensors.push_back(parseEntry(name, entry, path));
    }
    checkTiling(result.tensors, file.size() - result.dataStart, path);
    return result;
}

}  // namespace hullft
