#pragma once

#include <string>

#include "model/safetensors_reader.h"

namespace hullft {

// Reads a pytorch_model.bin (torch.save of a state dict, the zip format of PyTorch 1.6+) onto the
// CPU through LibTorch's unpickler, floating tensors as float32. A file the unpickler cannot read
// is an InputError that says how to convert the folder to safetensors: LibTorch 1.13's cannot
// read the OrderedDict (with its _metadata) that torch.save(model.state_dict()) writes.
NamedTensors readPytorchStateDict(const std::string& path);

}  // namespace hullft
