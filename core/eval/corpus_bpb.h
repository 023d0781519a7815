#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace hullft {

class CancellationToken;
class LanguageModel;
class Tokenizer;

struct DomainBits {
    int64_t documents = 0;
    int64_t bytes = 0;
    double bits = 0.0;
    double bpb() const { return bytes > 0 ? bits / static_cast<double>(bytes) : 0.0; }
};

// Bits per byte of every document of a corpus JSONL split, per domain: each document is scored
// in consecutive windows of the model's context (the first token of a window is not predicted,
// as in bitsPerByte), and a domain's BPB is its total bits over its total UTF-8 bytes.
std::map<std::string, DomainBits> corpusBitsPerByte(LanguageModel& model, const Tokenizer& tokenizer,
                                                    const std::string& jsonlPath,
                                                    const CancellationToken* cancel = nullptr);

// The same for a unigram model of the tokens: token frequencies counted on `trainJsonlPath`
// (documents of `excludedDomains` left out), add-one smoothed over the tokenizer's vocabulary.
std::map<std::string, DomainBits> unigramBitsPerByte(const Tokenizer& tokenizer, const std::string& trainJsonlPath,
                                                     const std::vector<std::string>& excludedDomains,
                                                     const std::string& testJsonlPath);

}  // namespace hullft
