#pragma once

#include <torch/torch.h>

#include <string>
#include <vector>

namespace hullft {

class LanguageModel;

// The one in-memory copy of the base weights, taken once per model and kept on the model's
// device, so putting the base back after a query is a device-local copy per parameter and
// never a reload from disk. Covers every parameter of namedParameters(); models keep no
// trainable state in buffers (GPT-2's buffers are constant masks).
class WeightSnapshot {
public:
    explicit WeightSnapshot(LanguageModel& model);

    // Copies the saved values back into the model's own tensors (bitwise identical). Throws
    // std::logic_error if the model's parameters changed shape or names since the snapshot.
    void restore(LanguageModel& model) const;

    int64_t bytes() const;

private:
    std::vector<std::string> names_;
    std::vector<torch::Tensor> values_;
};

}  // namespace hullft
