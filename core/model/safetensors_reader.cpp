#include "model/safetensors_reader.h"

#include <cstring>
#include <filesystem>
#include <set>

#include "common/errors.h"
#include "common/json_io.h"
#include "model/mapped_file.h"
#include "model/safetensors_header.h"

namespace hullft {
namespace {

torch::ScalarType torchTypeOf(SafetensorsDtype dtype) {
    switch (dtype) {
    case SafetensorsDtype::F64: return torch::kFloat64;
    case SafetensorsDtype::F32: return torch::kFloat32;
    case SafetensorsDtype::F16: return torch::kFloat16;
    case SafetensorsDtype::BF16: return torch::kBFloat16;
    case SafetensorsDtype::I64: return torch::kInt64;
    case SafetensorsDtype::I32: return torch::kInt32;
    }
    throw Error("unknown safetensors dtype enumerator");
}

// One copy out of the mapping, into the requested type (safetensors data is little-endian, as
// is every machine this project runs on).
torch::Tensor tensorFromBytes(const char* data, const SafetensorsTensorInfo& info,
                              std::optional<torch::ScalarType> floatType) {
    const torch::ScalarType stored = torchTypeOf(info.dtype);
    const torch::ScalarType wanted =
        floatType && c10::isFloatingType(stored) ? *floatType : stored;
    const size_t bytes = info.end - info.begin;
    const auto elementSize = safetensorsDtypeSize(info.dtype);
    if (reinterpret_cast<uintptr_t>(data) % elementSize == 0) {
        // from_blob only borrows the mapping; to()/clone() make the owned copy.
        const torch::Tensor view = torch::from_blob(const_cast<char*>(data), info.shape, torch::TensorOptions(stored));
        return wanted == stored ? view.clone() : view.to(wanted);
    }
    torch::Tensor aligned = torch::empty(info.shape, torch::TensorOptions(stored));
    std::memcpy(aligned.data_ptr(), data, bytes);
    return wanted == stored ? aligned : aligned.to(wanted);
}

}  // namespace

NamedTensors readSafetensors(const std::string& path, std::optional<torch::ScalarType> floatType) {
    const MappedFile file(path);
    const SafetensorsHeader header = parseSafetensorsHeader(file.bytes(), path);
    const char* data = file.bytes().data() + header.dataStart;
    NamedTensors tensors;
    for (const SafetensorsTensorInfo& info : header.tensors)
        tensors.emplace(info.name, tensorFromBytes(data + info.begin, info, floatType));
    return tensors;
}

std::map<std::string, std::set<std::string>> readShardIndex(const std::string& indexPath) {
    const nlohmann::json index = readJsonFile(indexPath);
    if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object())
        throw InputError(indexPath, "no 'weight_map' object");
    std::map<std::string, std::set<std::string>> namesByShard;
    for (const auto& [name, shard] : index["weight_map"].items()) {
        if (!shard.is_string()) throw InputError(indexPath, "weight_map entry '" + name + "' is not a file name");
        const std::string file = shard.get<std::string>();
        // Shards live beside the index; a path could reach outside the model folder.
        if (file.empty() || file.find('/') != std::string::npos || file == "." || file == "..")
            throw InputError(indexPath, "weight_map entry '" + name + "': '" + file + "' is not a plain file name");
        namesByShard[file].insert(name);
    }
    if (namesByShard.empty()) throw InputError(indexPath, "weight_map is empty");
    return namesByShard;
}

NamedTensors readSafetensorsShards(const std::string& indexPath, std::optional<torch::ScalarType> floatType) {
    const std::map<std::string, std::set<std::string>> namesByShard = readShardIndex(indexPath);
    const std::filesystem::path folder = std::filesystem::path(indexPath).parent_path();
    NamedTensors tensors;
    for (const auto& [file, names] : namesByShard) {
        const std::string shardPath = (folder / file).string();
        NamedTensors shard = readSafetensors(shardPath, floatType);
        for (const std::string& name : names)
            if (!shard.count(name)) throw InputError(shardPath, "tensor '" + name + "' listed in the index is missing");
        for (auto& [name, tensor] : shard) {
            if (!names.count(name))
                throw InputError(shardPath, "tensor '" + name + "' is not listed for this shard in " + indexPath);
            tensors.emplace(name, std::move(tensor));
        }
    }
    return tensors;
}

NamedTensors readModelTensors(const std::string& directory, std::optional<torch::ScalarType> floatType) {
    const std::filesystem::path folder(directory);
    if (std::filesystem::exists(folder / "model.safetensors"))
        return readSafetensors((folder / "model.safetensors").string(), floatType);
    if (std::filesystem::exists(folder / "model.safetensors.index.json"))
        return readSafetensorsShards((folder / "model.safetensors.index.json").string(), floatType);
    throw InputError(directory, "no model.safetensors or model.safetensors.index.json in the model folder");
}

}  // namespace hullft
