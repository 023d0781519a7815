#pragma once

#include <string>

namespace hullft::sessions {

class SessionReader;

// One self-contained HTML page for reviewers: verification status and chain head, the session
// header, and per query its plots (inline SVG), support set, multiset, finetune steps, BPB and
// base vs adapted text. No script, no external resource; every recorded string is escaped and
// a Content-Security-Policy forbids scripts even if something slipped through.
std::string exportHtml(const SessionReader& reader);

}  // namespace hullft::sessions
