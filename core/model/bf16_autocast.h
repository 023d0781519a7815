#pragma once

#include <ATen/autocast_mode.h>
#include <torch/version.h>

namespace hullft {

// Scope in which CUDA matmuls run in bf16 (autocast) while weights and optimizer state stay
// float32. A no-op off CUDA. Scopes nest: the end of one restores what was set before it. The
// autocast API moved in LibTorch 2.4; both spellings are kept.
class Bf16AutocastScope {
public:
    explicit Bf16AutocastScope(bool enable) : enabled_(enable) {
        if (!enabled_) return;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
        was_enabled_ = at::autocast::is_autocast_enabled(at::kCUDA);
        previous_dtype_ = at::autocast::get_autocast_dtype(at::kCUDA);
        at::autocast::set_autocast_dtype(at::kCUDA, at::kBFloat16);
        at::autocast::set_autocast_enabled(at::kCUDA, true);
#else
        was_enabled_ = at::autocast::is_enabled();
        previous_dtype_ = at::autocast::get_autocast_gpu_dtype();
        at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
        at::autocast::set_enabled(true);
#endif
    }
    ~Bf16AutocastScope() {
        if (!enabled_) return;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
        at::autocast::set_autocast_dtype(at::kCUDA, previous_dtype_);
        at::autocast::set_autocast_enabled(at::kCUDA, was_enabled_);
#else
        at::autocast::set_autocast_gpu_dtype(previous_dtype_);
        at::autocast::set_enabled(was_enabled_);
#endif
        if (!was_enabled_) at::autocast::clear_cache();
    }
    Bf16AutocastScope(const Bf16AutocastScope&) = delete;
    Bf16AutocastScope& operator=(const Bf16AutocastScope&) = delete;

private:
    bool enabled_;
    bool was_enabled_ = false;
    at::ScalarType previous_dtype_ = at::kHalf;
};

}  // namespace hullft
