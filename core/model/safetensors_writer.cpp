#include "model/safetensors_writer.h"

#include <nlohmann/json.hpp>

#include <set>
#include <string_view>

#include "common/atomic_file.h"
#include "common/errors.h"

namespace hullft {
namespace {

const char* dtypeNameOf(torch::ScalarType type, const std::string& path, const std::string& name) {
    switch (type) {
    case torch::kFloat64: return "F64";
    case torch::kFloat32: return "F32";
    case torch::kFloat16: return "F16";
    case torch::kBFloat16: return "BF16";
    case torch::kInt64: return "I64";
    case torch::kInt32: return "I32";
    default: throw InputError(path, "tensor '" + name + "': cannot store element type " + std::string(c10::toString(type)));
    }
}

// The header is padded with spaces to a multiple of 8 bytes so tensor data stays aligned.
std::string headerBytes(const nlohmann::json& header) {
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');
    std::string bytes(8, '\0');
    uint64_t length = text.size();
    for (int i = 0; i < 8; ++i, length >>= 8) bytes[i] = static_cast<char>(length & 0xff);
    return bytes + text;
}

}  // namespace

void writeSafetensors(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    nlohmann::json header = nlohmann::json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    std::vector<torch::Tensor> contiguous;
    std::set<std::string> seen;
    uint64_t offset = 0;
    for (const auto& [name, tensor] : tensors) {
        if (name == "__metadata__" || !seen.insert(name).second)
            throw InputError(path, "tensor name '" + name + "' is reserved or repeated");
        const torch::Tensor cpu = tensor.detach().to(torch::kCPU).contiguous();
        const uint64_t bytes = cpu.numel() * cpu.element_size();
        header[name] = {{"dtype", dtypeNameOf(cpu.scalar_type(), path, name)},
                        {"shape", cpu.sizes().vec()},
                        {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        contiguous.push_back(cpu);
    }
    const std::string headerPiece = headerBytes(header);
    std::vector<std::string_view> pieces{headerPiece};
    for (const torch::Tensor& tensor : contiguous)
        pieces.emplace_back(static_cast<const char*>(tensor.data_ptr()), tensor.numel() * tensor.element_size());
    writeFileAtomically(path, pieces);
}

}  // namespace hullft
