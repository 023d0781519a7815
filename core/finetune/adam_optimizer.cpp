#include "finetune/adam_optimizer.h"

#include <torch/version.h>

#include <cmath>
#include <cstdint>
#include <cstring>

#include "common/errors.h"

#ifdef HULLFT_CUDA_ADAM
#include <c10/cuda/CUDAStream.h>

#include "finetune/adam_kernel.h"
#endif

namespace hullft {
namespace {

constexpr bool kFusedAdamBuilt = TORCH_VERSION_MAJOR >= 2;

bool onCuda(const ParameterSubset& trainable) {
    return !trainable.tensors.empty() && trainable.tensors.front().is_cuda();
}

bool allContiguousFloat32(const ParameterSubset& trainable) {
    for (const torch::Tensor& parameter : trainable.tensors)
        if (parameter.scalar_type() != torch::kFloat32 || !parameter.is_contiguous()) return false;
    return true;
}

AdamOptimizer::Implementation resolve(AdamOptimizer::Implementation requested, const ParameterSubset& trainable) {
    using Implementation = AdamOptimizer::Implementation;
    const bool cuda = onCuda(trainable);
    if (requested == Implementation::Automatic) {
        if (cuda && AdamOptimizer::kernelBuilt() && allContiguousFloat32(trainable)) return Implementation::Kernel;
        return cuda && kFusedAdamBuilt ? Implementation::Fused : Implementation::Reference;
    }
    if (requested == Implementation::Fused && !(cuda && kFusedAdamBuilt))
        throw Error("Adam: the fused implementation needs CUDA parameters and LibTorch 2.x");
    if (requested == Implementation::Kernel && !(cuda && AdamOptimizer::kernelBuilt() && allContiguousFloat32(trainable)))
        throw Error("Adam: the kernel implementation needs contiguous float32 CUDA parameters and a build with nvcc");
    return requested;
}

// Per-parameter state lives in one buffer: one allocation (and fill) per query instead of one
// per parameter tensor.
torch::Tensor uninitializedFlat(const ParameterSubset& trainable) {
    int64_t total = 0;
    for (const torch::Tensor& parameter : trainable.tensors) total += parameter.numel();
    return torch::empty({total}, trainable.tensors.front().options());
}

// The buffer's views, one per parameter, in order.
std::vector<torch::Tensor> zeroedViews(const ParameterSubset& trainable) {
    const torch::Tensor flat = uninitializedFlat(trainable).zero_();
    std::vector<torch::Tensor> views;
    int64_t offset = 0;
    for (const torch::Tensor& parameter : trainable.tensors) {
        views.push_back(flat.slice(0, offset, offset + parameter.numel()).view(parameter.sizes()));
        offset += parameter.numel();
    }
    return views;
}

}  // namespace

#ifdef HULLFT_CUDA_ADAM

namespace {
bool aligned16(const float* pointer) { return reinterpret_cast<std::uintptr_t>(pointer) % 16 == 0; }
}  // namespace

// The kernel's slot table lives on the device; it is uploaded again only when a gradient
// tensor moved (eager steps allocate new ones, CUDA graphs keep theirs).
struct AdamOptimizer::KernelState {
    torch::Tensor exp_avg, exp_avg_sq;  // flat, in slot order
    std::vector<AdamKernelSlot> slots;
    torch::Tensor device_slots;         // the slots' bytes
    torch::Tensor partials;             // one double per chunk
    int64_t total_chunks = 0;
    bool uploaded = false;
    int64_t step_count = 0;

    explicit KernelState(const ParameterSubset& trainable) {
        // Left unset: the first step writes the moments without reading them.
        exp_avg = uninitializedFlat(trainable);
        exp_avg_sq = uninitializedFlat(trainable);
        int64_t offset = 0;
        for (const torch::Tensor& parameter : trainable.tensors) {
            const int64_t numel = parameter.numel();
            if (numel == 0) continue;
            slots.push_back({parameter.data_ptr<float>(), nullptr, exp_avg.data_ptr<float>() + offset,
                             exp_avg_sq.data_ptr<float>() + offset, numel, total_chunks, 0});
            total_chunks += (numel + kAdamKernelChunk - 1) / kAdamKernelChunk;
            offset += numel;
        }
        const auto device = trainable.tensors.front().device();
        device_slots = torch::empty({static_cast<int64_t>(slots.size() * sizeof(AdamKernelSlot))},
                                    torch::TensorOptions(torch::kUInt8).device(device));
        partials = torch::empty({std::max<int64_t>(total_chunks, 1)}, torch::TensorOptions(torch::kFloat64).device(device));
    }

    void refreshGradients(const ParameterSubset& trainable) {
        size_t slot = 0;
        bool moved = !uploaded;
        for (size_t i = 0; i < trainable.tensors.size(); ++i) {
            const torch::Tensor& parameter = trainable.tensors[i];
            if (parameter.numel() == 0) continue;
            const torch::Tensor& grad = parameter.grad();
            if (!grad.defined() || grad.scalar_type() != torch::kFloat32 || !grad.is_contiguous() ||
                grad.numel() != parameter.numel())
                throw Error("Adam: parameter " + trainable.names[i] + " has no contiguous float32 gradient");
            const float* pointer = grad.data_ptr<float>();
            AdamKernelSlot& entry = slots[slot++];
            moved = moved || entry.grad != pointer;
            entry.grad = pointer;
            entry.vectorized = entry.numel % 4 == 0 && aligned16(entry.param) && aligned16(entry.grad) &&
                               aligned16(entry.exp_avg) && aligned16(entry.exp_avg_sq);
        }
        if (!moved) return;
        // Pinned staging: the caching host allocator keeps it alive until the copy has run.
        torch::Tensor staging = torch::empty({device_slots.numel()}, torch::TensorOptions(torch::kUInt8).pinned_memory(true));
        std::memcpy(staging.data_ptr(), slots.data(), static_cast<size_t>(device_slots.numel()));
        device_slots.copy_(staging, /*non_blocking=*/true);
        uploaded = true;
    }

    torch::Tensor step(const ParameterSubset& trainable, const FinetuneSettings& settings) {
        if (slots.empty()) return torch::zeros({}, partials.options());
        torch::Tensor norm = torch::empty({}, partials.options());
        refreshGradients(trainable);
        ++step_count;
        const double t = static_cast<double>(step_count);
        AdamKernelScalars scalars{};
        scalars.beta1 = static_cast<float>(settings.beta1);
        scalars.beta2 = static_cast<float>(settings.beta2);
        scalars.step_size = static_cast<float>(settings.learning_rate / (1.0 - std::pow(settings.beta1, t)));
        scalars.bias_correction2_sqrt = static_cast<float>(std::sqrt(1.0 - std::pow(settings.beta2, t)));
        scalars.eps = static_cast<float>(settings.eps);
        scalars.weight_decay = static_cast<float>(settings.weight_decay);
        scalars.first_step = step_count == 1;
        launchAdamKernel(reinterpret_cast<const AdamKernelSlot*>(device_slots.data_ptr()), static_cast<int>(slots.size()),
                         total_chunks, scalars, partials.data_ptr<double>(), norm.data_ptr<double>(),
                         c10::cuda::getCurrentCUDAStream(partials.device().index()).stream());
        return norm;
    }
};

bool AdamOptimizer::kernelBuilt() { return true; }

#else

struct AdamOptimizer::KernelState {
    explicit KernelState(const ParameterSubset&) {}
    torch::Tensor step(const ParameterSubset&, const FinetuneSettings&) { return {}; }
};

bool AdamOptimizer::kernelBuilt() { return false; }

#endif

AdamOptimizer::AdamOptimizer(const ParameterSubset& trainable, const FinetuneSettings& settings,
                             Implementation implementation)
    : trainable_(trainable), settings_(settings), implementation_(resolve(implementation, trainable)) {
    torch::NoGradGuard noGrad;
    switch (implementation_) {
    case Implementation::Kernel:
        kernel_ = std::make_unique<KernelState>(trainable);
        return;
    case Implementation::Fused: {
        exp_avgs_ = zeroedViews(trainable);
        exp_avg_sqs_ = zeroedViews(trainable);
        // The step counts live on the device, as the fused kernel reads them there.
        const torch::Tensor flatSteps = torch::zeros({static_cast<int64_t>(trainable.tensors.size())},
                                 trainable.tensors.front().options().dtype(torch::kFloat32));
        for (int64_t i = 0; i < flatSteps.numel(); ++i) steps_.push_back(flatSteps[i]);
        break;
    }
    default:
        reference_ = std::make_unique<torch::optim::Adam>(
            trainable.tensors, torch::optim::AdamOptions(settings.learning_rate)
                                   .betas(std::make_tuple(settings.beta1, settings.beta2))
                                   .eps(settings.eps)
                                   .weight_decay(settings.weight_decay));
    }
    meter_ = std::make_unique<UpdateNormMeter>(trainable);
}

AdamOptimizer::~AdamOptimizer() = default;

torch::Tensor AdamOptimizer::step() {
    if (kernel_) return kernel_->step(trainable_, settings_);
    meter_->beforeStep();
    if (reference_) reference_->step();
    else stepFused();
    return meter_->afterStep();
}

void AdamOptimizer::stepFused() {
#if TORCH_VERSION_MAJOR >= 2
    torch::NoGradGuard noGrad;
    gradients_.clear();
    for (const torch::Tensor& parameter : trainable_.tensors) gradients_.push_back(parameter.grad());
    at::_foreach_add_(steps_, 1);
    at::_fused_adam_(trainable_.tensors, gradients_, exp_avgs_, exp_avg_sqs_, /*max_exp_avg_sqs=*/{}, steps_,
                     settings_.learning_rate, settings_.beta1, settings_.beta2, settings_.weight_decay,
                     settings_.eps, /*amsgrad=*/false, /*maximize=*/false);
#endif
}

}  // namespace hullft
