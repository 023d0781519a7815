#pragma once

#include <string>

namespace hullft {

// Unicode Normalization Form C of valid UTF-8 (ICU), for tokenizer.json's {"type": "NFC"}
// normalizer (Qwen). ASCII text is returned unchanged without a round trip through ICU.
std::string normalizeNfc(const std::string& utf8);

// Unicode Normalization Form D (canonical decomposition), for BERT's accent stripping
// (bert_normalizer.h). ASCII text is returned unchanged.
std::string normalizeNfd(const std::string& utf8);

}  // namespace hullft
