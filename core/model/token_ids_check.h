#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace hullft {

// Checks model input ids [batch, length] (int64): shape, that pastLength + length fits
// `contextLength`, and, when `readValues`, that every id lies in [0, vocabSize) (a read-back
// from the device, which callers that checked the ids on the host skip so the forward can be
// captured in a CUDA graph). Error names what is wrong.
void checkTokenIds(const torch::Tensor& ids, int64_t pastLength, int64_t contextLength, int64_t vocabSize,
                   bool readValues);

}  // namespace hullft
