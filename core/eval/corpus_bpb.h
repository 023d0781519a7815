#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "eval/bpb_rule.h"

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
// by bitsPerByte() under `rule` (the full rule: every token after its first), and a domain's BPB
// is its total bits over its total UTF-8 bytes.
std::map<std::string, DomainBits> corpusBitsPerByte(LanguageModel& model, const Tokenizer& tokenizer,
                                                    const std::string& jsonlPath, BpbRule rule,
                                                    const CancellationToken* cancel = nullptr);

// The same for a unigram model of the tokens: token frequencies counted on `trainJsonlPath`
// (documents of `excludedDomains` left out), add-one smoothed over the tokenizer's vocabulary.
std::map<std::string, DomainBits> unigramBitsPerByte(const Tokenizer& tokenizer, const std::string& trainJsonlPath,
                                                     const std::vector<std::string>& excludedDomains,
                                                     const std::string& testJsonlPath);

}  // namespace hullft
