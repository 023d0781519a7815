#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hullft {

// The largest token id a vocabulary or tokenizer file may use. Tables are indexed by id, so one
// absurd id (2^31 - 1) would allocate gigabytes; vocabularies in use stay below 300,000 ids.
inline constexpr int64_t kMaxTokenId = (int64_t{1} << 21) - 1;

// The special-token ids transformers' `tokenizer(text)` (add_special_tokens=True) puts around a
// text's ids: Llama's <s> before, BERT's [CLS] before and [SEP] after, nothing for GPT-2.
// specialTokenTemplate() (special_token_rule.h) derives it from the tokenizer files.
struct SpecialTokenTemplate {
    std::vector<int64_t> prefix;
    std::vector<int64_t> suffix;
};

// Text <-> token ids. Implementations: byte level, GPT-2 byte-level BPE (vocab.json +
// merges.txt), Hugging Face tokenizer.json of the byte-level and SentencePiece-style BPE
// families and of BERT's WordPiece, and BERT's bare vocab.txt.
class Tokenizer {
public:
    virtual ~Tokenizer() = default;
    // `utf8` must be valid UTF-8 (InputError otherwise). No special tokens are added
    // (transformers' add_special_tokens=False); literal special tokens in the text still match.
    virtual std::vector<int64_t> encode(const std::string& utf8) const = 0;
    virtual std::string decode(const std::vector<int64_t>& ids) const = 0;
    virtual int64_t vocabSize() const = 0;
    virtual std::optional<int64_t> endOfTextId() const = 0;
    virtual std::string kind() const = 0;  // "byte", "gpt2-bpe", "tokenizer.json", "vocab.txt"

    // encode() inside the special-token template: transformers' tokenizer(text)["input_ids"].
    std::vector<int64_t> encodeWithSpecialTokens(const std::string& utf8) const;
    const SpecialTokenTemplate& specialTokenTemplate() const { return specialTokens_; }
    // Whether encodeWithSpecialTokens() starts with a beginning-of-text token (Llama's <s>).
    bool prependsBeginningOfText() const { return !specialTokens_.prefix.empty(); }

protected:
    SpecialTokenTemplate specialTokens_;
};

// Loads the tokenizer a model folder (or tokenizer folder) holds: tokenizer.json, else
// vocab.json + merges.txt, else BERT's vocab.txt, else a byte-level tokenizer_config.
// InputError names the file.
std::unique_ptr<Tokenizer> loadTokenizer(const std::string& directory);

}  // namespace hullft
