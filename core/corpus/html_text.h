#pragma once

#include <string>

namespace hullft {

// Plain text of an HTML page: tags removed, <script>/<style>/<head> dropped, block elements
// turned into line breaks, entities decoded, whitespace of running text collapsed (<pre> kept).
std::string htmlToText(const std::string& html);

}  // namespace hullft
