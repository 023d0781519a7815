#pragma once

#include <cstdint>
#include <string>

#include "model/language_model.h"

namespace hullft::serve {

// A fingerprint of every parameter of a model as it was when the check was made, and a test that
// the model still holds exactly those weights: a service adapts and restores for every request,
// and must never answer the next one from weights a failed restore left behind.
//
// The fingerprint is exact arithmetic on the weights' bits where they live: each parameter's
// values read as integers of their width, summed plainly and weighted by position and parameter
// (modulo 2^64, so the order of the additions does not matter and every device gives the same
// two numbers). Any weight that differs in any bit changes it except by a coincidence of
// probability 2^-64. Unlike a SHA-256 of the weights (the audit log's parameter digests), it
// copies nothing to the host: GPT-2 small's 500 MB are read in well under a millisecond on a GPU,
// where hashing them costs about a second per request.
class BaseWeightsCheck {
public:
    explicit BaseWeightsCheck(LanguageModel& model);
    // The base's fingerprint, 32 hexadecimal digits.
    const std::string& fingerprint() const { return fingerprint_; }
    // Error naming both fingerprints when the weights differ from the base.
    void verify() const;

private:
    std::string current() const;

    LanguageModel& model_;
    std::string fingerprint_;
};

}  // namespace hullft::serve
