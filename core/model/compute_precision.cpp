#include "model/compute_precision.h"

#include "common/errors.h"

namespace hullft {

ComputePrecision selectPrecision(const std::string& choice, const torch::Device& device) {
    if (choice == "fp32") return ComputePrecision::Float32;
    if (choice == "auto") return device.is_cuda() ? ComputePrecision::Bfloat16 : ComputePrecision::Float32;
    if (choice == "bf16") {
        if (!device.is_cuda()) throw InputError("--precision", "bf16 needs a CUDA device (it is autocast on tensor cores)");
        return ComputePrecision::Bfloat16;
    }
    throw InputError("--precision", "unknown precision '" + choice + "' (use auto, fp32 or bf16)");
}

const char* precisionName(ComputePrecision precision) {
    return precision == ComputePrecision::Bfloat16 ? "bf16" : "fp32";
}

}  // namespace hullft
