#include "session_summary.h"

#include <algorithm>
#include <sstream>

#include "html_text.h"
#include "query_report.h"
#include "session_reader.h"
#include "common/utf8.h"

namespace hullft::sessions {
namespace {

// Terminal output must not carry control sequences from recorded text.
std::string printable(const std::string& text, size_t maxBytes = 200) {
    std::string out;
    for (const char c : repairUtf8(text.substr(0, maxBytes)))
        out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c);
    return text.size() > maxBytes ? out + "..." : out;
}

void describeQuery(std::ostream& out, const QuerySummary& summary, const QueryReport& q) {
    out << "\nquery " << printable(summary.query_id) << ": " << printable(summary.text, 80) << "\n";
    if (q.started) out << "  method " << printable(q.started->method) << ", N=" << q.started->n << ", K=" << q.started->k << "\n";
    if (q.candidates) out << "  candidates: " << q.candidates->candidates.size() << "\n";
    if (!q.fw_iterations.empty())
        out << "  Frank-Wolfe: " << q.fw_iterations.size() << " iterations, final residual "
            << formatNumber(q.fw_iterations.back().residual_norm) << "\n";
    if (q.selection) out << "  support: " << q.selection->support.size() << " sequences, "
                         << q.selection->training_order.size() << " training steps\n";
    if (!q.steps.empty()) {
        const auto computed = std::count_if(q.steps.begin(), q.steps.end(), [](const FinetuneStepEvent& e) { return e.computed; });
        out << "  finetune: " << q.steps.size() << " steps recorded (" << computed << " computed, "
            << q.steps.size() - static_cast<size_t>(computed) << " reused)\n";
    }
    for (const CircuitBreakerEvent& e : q.circuit_breaker)
        out << "  circuit breaker" << (e.step >= 0 ? " at step " + std::to_string(e.step) : std::string()) << ": "
            << printable(e.reason) << "\n";
    if (q.evaluation)
        out << "  BPB base " << formatNumber(q.evaluation->base_bpb) << " -> adapted " << formatNumber(q.evaluation->adapted_bpb)
            << (q.evaluation->adapted_rejected ? " (adapted rejected)" : "") << " [" << printable(q.evaluation->bpb_rule)
            << " BPB rule]\n";
    out << "  status: "
        << (!q.finished ? "unfinished" : q.finished->cancelled ? "cancelled" : !q.finished->error.empty() ? "failed: " + printable(q.finished->error) : "finished")
        << "\n";
}

}  // namespace

std::string sessionSummary(const SessionReader& reader) {
    std::ostringstream out;
    const SessionInfo info = reader.info();
    const VerifyResult verification = reader.verify();
    out << "session " << printable(reader.path()) << " (schema " << reader.schemaVersion() << ")\n"
        << "  created " << printable(info.created_at) << " by hullft " << printable(info.tool_version) << "\n"
        << "  model " << printable(info.model_identity) << "\n"
        << "  datastore " << printable(info.datastore_identity) << "\n"
        << "  device " << printable(info.device) << "\n"
        << "  verification: " << (verification.ok() ? "" : "FAILED: ") << printable(verification.message, 400) << "\n"
        << "  signature: " << printable(signatureNote(reader.chainSignature()), 400) << "\n";
    const std::vector<QuerySummary> queries = reader.queries();
    out << "  queries: " << queries.size() << "\n";
    for (const QuerySummary& summary : queries) {
        QueryReport report;
        reader.replay(summary.query_id, report);
        describeQuery(out, summary, report);
    }
    return out.str();
}

}  // namespace hullft::sessions
