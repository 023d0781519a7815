#pragma once

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <string>

#include "common/json_io.h"
#include "model/safetensors_reader.h"

// The transformers-made fixtures of tests/data/model/ (see its README.md).
inline std::string modelFixture(const std::string& name) { return std::string(HULLFT_TEST_DATA_DIR) + "/model/" + name; }

inline const hullft::NamedTensors& referenceTensors() {
    static const hullft::NamedTensors tensors =
        hullft::readSafetensors(modelFixture("reference/reference.safetensors"), std::nullopt);
    return tensors;
}

inline const nlohmann::json& expectedValues() {
    static const nlohmann::json expected = hullft::readJsonFile(modelFixture("reference/expected.json"));
    return expected;
}

// Largest |a - b| over the positions where `mask` [B, T] is 1 (padding queries are not compared).
inline double maxDifferenceOnRealTokens(const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& mask) {
    const torch::Tensor keep = mask.ne(0).unsqueeze(-1).expand_as(a);
    return (a - b).abs().masked_select(keep).max().item<double>();
}
