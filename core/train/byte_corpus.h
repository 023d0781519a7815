#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace hullft {

// The pretraining text as one stream of byte tokens (0..255), documents separated by the
// end-of-text token, from which fixed-length training windows are drawn.
class ByteCorpus {
public:
    // Reads a corpus or Pile-format JSONL file (corpus/document_jsonl.h), leaving out
    // `excludedDomains`. InputError names the file and the first unusable line.
    static ByteCorpus fromJsonl(const std::string& path, const std::vector<std::string>& excludedDomains,
                                int64_t endOfTextId);

    int64_t tokenCount() const { return tokens_.numel(); }
    const std::map<std::string, int64_t>& bytesPerDomain() const { return bytesPerDomain_; }
    int64_t documentCount() const { return documents_; }

    // [batchSize, length + 1] int64 windows at offsets drawn from a generator seeded by `seed`,
    // so batch k of a run is the same after a resume.
    torch::Tensor sampleWindows(int batchSize, int length, uint64_t seed) const;

private:
    torch::Tensor tokens_;  // int16, one entry per byte or end-of-text
    std::map<std::string, int64_t> bytesPerDomain_;
    int64_t documents_ = 0;
};

}  // namespace hullft
