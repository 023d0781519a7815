#include "model/device.h"

#include "common/errors.h"

namespace hullft {

torch::Device selectDevice(const std::string& choice) {
    if (choice == "cpu") return torch::kCPU;
    if (choice == "auto") return torch::cuda::is_available() ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
    if (choice == "cuda") {
        if (!torch::cuda::is_available()) throw InputError("--device", "cuda was asked for but no CUDA device is available");
        return torch::kCUDA;
    }
    throw InputError("--device", "unknown device '" + choice + "' (use auto, cpu or cuda)");
}

}  // namespace hullft
