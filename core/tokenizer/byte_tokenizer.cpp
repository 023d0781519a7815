#include "tokenizer/byte_tokenizer.h"

#include "common/errors.h"
#include "common/utf8.h"

namespace hullft {

std::vector<int64_t> ByteTokenizer::encode(const std::string& utf8) const {
    if (!isValidUtf8(utf8)) throw InputError("byte tokenizer", "text is not valid UTF-8");
    return std::vector<int64_t>(reinterpret_cast<const unsigned char*>(utf8.data()),
                                reinterpret_cast<const unsigned char*>(utf8.data()) + utf8.size());
}

std::string ByteTokenizer::decode(const std::vector<int64_t>& ids) const {
    std::string text;
    text.reserve(ids.size());
    for (const int64_t id : ids) {
        if (id < 0 || id > 255) throw InputError("byte tokenizer", "token id " + std::to_string(id) + " is not a byte");
        text += static_cast<char>(id);
    }
    return text;
}

}  // namespace hullft
