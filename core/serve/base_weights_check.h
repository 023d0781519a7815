#pragma once

#include <string>

#include "model/language_model.h"

namespace hullft::serve {

// The digest of every parameter of a model as it was when the check was made, and a test that
// the model still holds exactly those weights: a service adapts and restores for every request,
// and must never answer the next one from weights a failed restore left behind.
class BaseWeightsCheck {
public:
    explicit BaseWeightsCheck(LanguageModel& model);
    const std::string& digest() const { return digest_; }
    // Error naming both digests when the weights differ from the base.
    void verify() const;

private:
    std::string current() const;

    LanguageModel& model_;
    std::string digest_;
};

}  // namespace hullft::serve
