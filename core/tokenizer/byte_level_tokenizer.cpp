#include "tokenizer/byte_level_tokenizer.h"

#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "common/utf8.h"

namespace hullft {

std::vector<int64_t> ByteLevelTokenizer::encode(const std::string& utf8) const {
    requireValidUtf8(utf8, "text to tokenize");
    std::vector<int64_t> ids(utf8.size());
    for (size_t i = 0; i < utf8.size(); ++i) ids[i] = static_cast<unsigned char>(utf8[i]);
    return ids;
}

std::string ByteLevelTokenizer::decode(const std::vector<int64_t>& ids) const {
    std::string bytes;
    bytes.reserve(ids.size());
    for (const int64_t id : ids) {
        if (id < 0 || id > kEndOfTextId)
            throw InputError("token ids",
                             "id " + std::to_string(id) + " is not in the byte vocabulary 0..256");
        if (id != kEndOfTextId) bytes += static_cast<char>(id);
    }
    return bytes;
}

std::string byteLevelTokenizerConfigJson() {
    const nlohmann::json config = {{"tokenizer_class", ByteLevelTokenizer::kTokenizerClass},
                                   {"eos_token_id", ByteLevelTokenizer::kEndOfTextId}};
    return config.dump(2) + "\n";
}

}  // namespace hullft
