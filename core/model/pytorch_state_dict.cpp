#include "model/pytorch_state_dict.h"

#include <torch/serialize.h>

#include "common/errors.h"
#include "common/json_io.h"

namespace hullft {
namespace {

const char* const kConvert =
    "; convert the folder to safetensors with transformers: "
    "AutoModel.from_pretrained(DIR).save_pretrained(DIR, safe_serialization=True)";

}  // namespace

NamedTensors readPytorchStateDict(const std::string& path) {
    const std::string bytes = readFileBytes(path);
    torch::IValue loaded;
    try {
        loaded = torch::pickle_load(std::vector<char>(bytes.begin(), bytes.end()));
    } catch (const c10::Error&) {
        // LibTorch's own message here is an internal assertion that tells nothing about the file.
        throw InputError(path, std::string("LibTorch's unpickler cannot read this state dict") + kConvert);
    }
    if (!loaded.isGenericDict()) throw InputError(path, std::string("does not hold a state dict") + kConvert);
    NamedTensors tensors;
    for (const auto& entry : loaded.toGenericDict()) {
        if (!entry.key().isString() || !entry.value().isTensor())
            throw InputError(path, std::string("holds an entry that is not a named tensor") + kConvert);
        torch::Tensor tensor = entry.value().toTensor();
        if (tensor.is_floating_point()) tensor = tensor.to(torch::kFloat32);
        tensors.emplace(entry.key().toStringRef(), tensor.contiguous());
    }
    return tensors;
}

}  // namespace hullft
