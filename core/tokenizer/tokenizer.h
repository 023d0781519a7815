#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hullft {

// Text <-> token ids. Implementations: byte level, GPT-2 byte-level BPE (vocab.json +
// merges.txt) and Hugging Face tokenizer.json of the byte-level BPE family.
class Tokenizer {
public:
    virtual ~Tokenizer() = default;
    // `utf8` must be valid UTF-8 (InputError otherwise).
    virtual std::vector<int64_t> encode(const std::string& utf8) const = 0;
    virtual std::string decode(const std::vector<int64_t>& ids) const = 0;
    virtual int64_t vocabSize() const = 0;
    virtual std::optional<int64_t> endOfTextId() const = 0;
    virtual std::string kind() const = 0;  // "byte", "gpt2-bpe", "tokenizer.json"
};

// Loads the tokenizer a model folder (or tokenizer folder) holds: tokenizer.json, else
// vocab.json + merges.txt, else a byte-level tokenizer_config. InputError names the file.
std::unique_ptr<Tokenizer> loadTokenizer(const std::string& directory);

}  // namespace hullft
