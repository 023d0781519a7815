#pragma once

#include <cstddef>
#include <string>

namespace hullft {

// Queries stay below the model's context so BPB counts every byte (core/eval/README.md, "Bits per byte").
constexpr std::size_t kMaxQueryBytes = 1000;

// A held-out document used as a query: its first kMaxQueryBytes bytes, cut on a UTF-8 boundary.
std::string queryPrefix(const std::string& documentText);

// Throws InputError naming `source` when the text is empty, not UTF-8 or longer than kMaxQueryBytes.
void validateQueryText(const std::string& text, const std::string& source);

// The id a typed query gets in reports and sessions: "q-" + the first 12 hex digits of its SHA-256.
std::string typedQueryId(const std::string& text);

}  // namespace hullft
