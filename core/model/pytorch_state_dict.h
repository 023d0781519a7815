#pragma once

#include <string>

#include "model/safetensors_reader.h"

namespace hullft {

// Reads a pytorch_model.bin (torch.save of a state dict, the zip format of PyTorch 1.6+) onto the
// CPU, floating tensors as float32. The archive is read with LibTorch's PyTorchStreamReader; its
// data.pkl by a small pickle machine of our own that knows only what a state dict of tensors
// needs (OrderedDict, torch._utils._rebuild_tensor_v2 over torch.*Storage records, the
// _metadata state), because LibTorch's unpickler turns an OrderedDict into None and runs no
// other Python callable either. Anything else (another callable, the legacy non-zip format, a
// view past its storage, big-endian data) is an InputError that says how to convert the folder
// to safetensors.
NamedTensors readPytorchStateDict(const std::string& path);

}  // namespace hullft
