#include "model/token_ids_check.h"

#include <string>

#include "common/errors.h"

namespace hullft {

void checkTokenIds(const torch::Tensor& ids, int64_t pastLength, int64_t contextLength, int64_t vocabSize,
                   bool readValues) {
    if (ids.dim() != 2 || ids.scalar_type() != torch::kLong)
        throw Error("model input ids must be an int64 tensor [batch, length]");
    if (ids.size(1) == 0) throw Error("model input ids are empty");
    if (pastLength + ids.size(1) > contextLength)
        throw Error("sequence of " + std::to_string(pastLength + ids.size(1)) +
                    " tokens exceeds the model's context length " + std::to_string(contextLength));
    if (!readValues) return;
    // Both extremes in one read: on CUDA every read waits for the device.
    const torch::Tensor extremes = torch::stack({ids.min(), ids.max()}).to(torch::kCPU);
    const int64_t smallest = extremes[0].item<int64_t>();
    const int64_t largest = extremes[1].item<int64_t>();
    if (smallest < 0 || largest >= vocabSize)
        throw Error("token id " + std::to_string(smallest < 0 ? smallest : largest) + " is outside the vocabulary of " +
                    std::to_string(vocabSize));
}

}  // namespace hullft
