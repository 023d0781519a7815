#pragma once

#include <string>

#include "finetune/parameter_subset.h"

namespace hullft {

// SHA-256 (hex) of the trainable parameters, for the audit log. For each parameter in order:
// its name, a NUL byte, then its values as contiguous host bytes (native little-endian, the
// parameter's dtype). Reproducible across devices; reads (and on CUDA copies) every byte.
std::string parameterDigest(const ParameterSubset& trainable);

}  // namespace hullft
