#include "pipeline/query_text.h"

#include "common/errors.h"
#include "common/sha256.h"
#include "common/utf8.h"

namespace hullft {

std::string queryPrefix(const std::string& documentText) {
    return documentText.substr(0, utf8PrefixLength(documentText, kMaxQueryBytes));
}

void validateQueryText(const std::string& text, const std::string& source) {
    if (text.empty()) throw InputError(source, "the query text is empty");
    if (!isValidUtf8(text)) throw InputError(source, "the query text is not valid UTF-8");
    if (text.size() > kMaxQueryBytes)
        throw InputError(source, "the query has " + std::to_string(text.size()) + " bytes; keep it under " +
                                     std::to_string(kMaxQueryBytes) + " so bits per byte scores all of it");
}

std::string typedQueryId(const std::string& text) { return "q-" + sha256Hex(text).substr(0, 12); }

}  // namespace hullft
