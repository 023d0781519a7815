#pragma once

#include <string>

namespace hullft {

// Whether applyActivation() (activation.h) knows `name`; config readers check with it, without
// LibTorch.
bool isSupportedActivation(const std::string& name);

// The supported names, comma-separated, for error messages.
const char* supportedActivationNames();

}  // namespace hullft
