#pragma once

#include <torch/torch.h>

#include <memory>
#include <vector>

#include "finetune/finetune_settings.h"
#include "finetune/parameter_subset.h"
#include "finetune/step_norms.h"

namespace hullft {

// Adam as torch::optim::Adam defines it (L2 weight decay added to the gradient, bias-corrected
// moments), one instance per query, that also measures each step: step() applies one update
// from the parameters' .grad and returns the L2 norm of the change it made to the weights.
class AdamOptimizer {
public:
    enum class Implementation {
        Automatic,  // Kernel where built and the parameters are CUDA float32, else Fused on CUDA, else Reference
        Reference,  // torch::optim::Adam; the update norm from a copy of the weights (UpdateNormMeter)
        Fused,      // torch's multi-tensor _fused_adam_ (CUDA, LibTorch 2.x), the same meter
        Kernel,     // adam_kernel.cu: update and update norm in one pass, no copy (CUDA builds with nvcc)
    };

    AdamOptimizer(const ParameterSubset& trainable, const FinetuneSettings& settings,
                  Implementation implementation = Implementation::Automatic);
    ~AdamOptimizer();
    AdamOptimizer(const AdamOptimizer&) = delete;
    AdamOptimizer& operator=(const AdamOptimizer&) = delete;

    // The update norm as a 0-dim float64 tensor on the parameters' device, not yet read back.
    torch::Tensor step();

    Implementation implementation() const { return implementation_; }
    // Whether this build has the CUDA kernel.
    static bool kernelBuilt();

private:
    struct KernelState;

    void stepFused();

    const ParameterSubset& trainable_;
    const FinetuneSettings& settings_;
    Implementation implementation_;
    std::unique_ptr<torch::optim::Adam> reference_;
    std::unique_ptr<UpdateNormMeter> meter_;                                 // Reference and Fused
    std::vector<torch::Tensor> exp_avgs_, exp_avg_sqs_, steps_, gradients_;  // Fused
    std::unique_ptr<KernelState> kernel_;                                    // Kernel
};

}  // namespace hullft
