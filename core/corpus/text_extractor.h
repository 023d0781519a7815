#pragma once

#include <string>
#include <vector>

#include "corpus/recipe.h"

namespace hullft {

// A piece of a file that becomes one document. `bytes` is the extracted text before any
// UTF-8 check (the corpus builder validates, repairs or skips it).
struct ExtractedPart {
    std::string part;  // "" for a whole file; else a stable label within the file
    std::string bytes;
};

// Turns one matched file into document texts with the source's extractor. Small records
// (dictionary entries, fortunes) are grouped into parts of about `groupBytes`. Throws
// InputError or Error (external program failures) naming the file.
std::vector<ExtractedPart> extractText(const CorpusSource& source, const std::string& path, size_t groupBytes);

// Splits a fortune file into its fortunes (records separated by lines holding only "%").
std::vector<std::string> splitFortunes(const std::string& text);

// Plain text of a GNU info file: node separators (0x1f) and index markers (NUL BS [ ]) removed.
std::string infoToText(const std::string& info);

// Removes terminal overstrike sequences ("X\bX" bold, "_\bX" underline) as `col -b` does.
std::string removeOverstrikes(const std::string& text);

}  // namespace hullft
