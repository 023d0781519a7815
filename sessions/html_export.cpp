#include "html_export.h"

#include <cmath>
#include <algorithm>
#include <optional>

#include "html_text.h"
#include "query_report.h"
#include "session_reader.h"
#include "svg_plot.h"

namespace hullft::sessions {
namespace {

constexpr const char* kStyle = R"css(
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222;line-height:1.4}
h1,h2,h3{font-weight:600}h2{border-top:2px solid #ccc;padding-top:.6em;margin-top:2em}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}
th{background:#f3f3f3}td.text{text-align:left}.hash{font-family:monospace;font-size:.85em;word-break:break-all}
.ok{background:#e6f4ea;border:1px solid #34a853;padding:.6em}.bad{background:#fce8e6;border:1px solid #d93025;padding:.6em}
.plots{display:grid;grid-template-columns:repeat(auto-fill,minmax(480px,1fr));gap:1em}
svg.plot{width:100%;height:auto;font-size:10px;border:1px solid #eee}svg .plot-title{font-size:12px;font-weight:600}
.side{display:grid;grid-template-columns:1fr 1fr;gap:1em}pre{white-space:pre-wrap;background:#f8f8f8;padding:.5em;margin:0}
)css";

std::string cell(const std::string& text, bool isText = false) {
    return std::string(isText ? "<td class=\"text\">" : "<td>") + escapeHtml(text) + "</td>";
}

std::string row(const std::vector<std::string>& cells) {
    std::string html = "<tr>";
    for (const std::string& c : cells) html += c;
    return html + "</tr>";
}

std::string headerRow(const std::vector<const char*>& names) {
    std::string html = "<tr>";
    for (const char* name : names) html += std::string("<th>") + name + "</th>";
    return html + "</tr>";
}

std::string verificationSection(const VerifyResult& result, const std::optional<ChainSignature>& signature) {
    return std::string("<section class=\"") + (result.ok() ? "ok" : "bad") + "\"><strong>" +
           (result.ok() ? "Verified: the hash chain is intact." : "Verification FAILED.") + "</strong> " +
           escapeHtml(result.message) + "<br>Records: " + std::to_string(result.record_count) +
           (result.ok() ? "<br>Chain head: <span class=\"hash\">" + escapeHtml(result.head_hash) + "</span>" : "") +
           "<br>Signature: " + escapeHtml(signatureNote(signature)) + "</section>";
}

std::string headerSection(const SessionInfo& info, int schemaVersion) {
    const auto line = [](const char* name, const std::string& value) {
        return row({std::string("<th>") + name + "</th>", cell(value, true)});
    };
    return "<h2>Session</h2><table>" + line("tool version", info.tool_version) +
           line("model identity", info.model_identity) + line("datastore identity", info.datastore_identity) +
           line("device", info.device) + line("created (UTC)", info.created_at) +
           line("schema version", std::to_string(schemaVersion)) + "</table><h3>Settings</h3><pre>" +
           escapeHtml(info.settings_json) + "</pre>";
}

std::vector<std::string> supportLabels(const SelectionReadyEvent& selection) {
    std::vector<std::string> labels;
    for (const SupportPoint& p : selection.support) labels.push_back(std::to_string(p.sequence_id));
    return labels;
}

std::string selectionPlots(const QueryReport& q) {
    if (!q.selection) return {};
    const SelectionReadyEvent& s = *q.selection;
    PlotSeries weights{"weight", {}, {}, PlotSeries::Style::Bars, "#1f77b4"};
    PlotSeries counts{"count", {}, {}, PlotSeries::Style::Bars, "#ff7f0e"};
    PlotSeries scaled{"N x weight", {}, {}, PlotSeries::Style::Bars, "#9ecae1"};
    double total = 0.0;
    int n = 0;
    for (const SupportPoint& p : s.support) total += p.weight, n += p.count;
    for (const SupportPoint& p : s.support) {
        weights.y.push_back(p.weight);
        counts.y.push_back(p.count);
        scaled.y.push_back(n * p.weight);
    }
    const std::vector<std::string> labels = supportLabels(s);
    std::string html = renderSvg({"Support weights (" + s.method + ")", "sequence id", "weight", false, labels, {weights}});
    // N x weight is what the counts approximate only when the weights are convex.
    std::vector<PlotSeries> countSeries = {counts};
    if (std::abs(total - 1.0) < 1e-6) countSeries.push_back(scaled);
    html += renderSvg({"Integer counts vs N x weight (N = " + std::to_string(n) + ")", "sequence id", "count", false,
                       labels, countSeries});
    return html;
}

std::string fwPlot(const QueryReport& q) {
    if (q.fw_iterations.empty()) return {};
    PlotSeries residual{"residual norm", {}, {}, PlotSeries::Style::Line, "#2ca02c"};
    PlotSeries marks{"", {}, {}, PlotSeries::Style::Points, "#2ca02c"};
    for (const FwIterationEvent& e : q.fw_iterations) {
        residual.x.push_back(e.iteration);
        residual.y.push_back(e.residual_norm);
    }
    marks.x = residual.x;
    marks.y = residual.y;
    return renderSvg({"Frank-Wolfe residual ||q - c||", "iteration", "residual norm (log)", true, {}, {residual, marks}});
}

std::string lossPlot(const QueryReport& q) {
    if (q.steps.empty()) return {};
    PlotSeries line{"loss", {}, {}, PlotSeries::Style::Line, "#d62728"};
    PlotSeries computed{"computed step", {}, {}, PlotSeries::Style::Points, "#d62728"};
    PlotSeries reused{"reused gradient", {}, {}, PlotSeries::Style::HollowPoints, "#7f7f7f"};
    std::optional<double> last;
    for (const FinetuneStepEvent& e : q.steps) {
        if (e.loss) last = e.loss;
        if (e.computed && e.loss) {
            line.x.push_back(e.step), line.y.push_back(*e.loss);
            computed.x.push_back(e.step), computed.y.push_back(*e.loss);
        } else if (last) {
            // A reused step computes no loss; its marker sits at the last computed loss.
            reused.x.push_back(e.step), reused.y.push_back(*last);
        }
    }
    return renderSvg({"Finetune loss per step", "step", "loss (nats)", false, {}, {line, computed, reused}});
}

std::string tokenLossPlot(const QueryReport& q) {
    if (!q.evaluation || q.evaluation->base_token_losses.empty()) return {};
    PlotSeries base{"base", {}, q.evaluation->base_token_losses, PlotSeries::Style::Line, "#7f7f7f"};
    PlotSeries adapted{"adapted", {}, q.evaluation->adapted_token_losses, PlotSeries::Style::Line, "#9467bd"};
    for (size_t i = 0; i < base.y.size(); ++i) base.x.push_back(static_cast<double>(i + 1));
    for (size_t i = 0; i < adapted.y.size(); ++i) adapted.x.push_back(static_cast<double>(i + 1));
    return renderSvg({"Per-token loss", "token", "loss (nats)", false, {}, {base, adapted}});
}

std::string evaluationTable(const QueryReport& q) {
    if (!q.evaluation) return "<p>No evaluation was recorded.</p>";
    const EvaluationEvent& e = *q.evaluation;
    return "<h3>Bits per byte</h3><table>" +
           headerRow({"base BPB", "adapted BPB", "change", "BPB rule", "tokens", "bytes", "adapted answer"}) +
           row({cell(formatNumber(e.base_bpb)), cell(formatNumber(e.adapted_bpb)),
                cell(formatNumber(e.adapted_bpb - e.base_bpb)), cell(e.bpb_rule, true), cell(std::to_string(e.tokens)),
                cell(std::to_string(e.bytes)), cell(e.adapted_rejected ? "rejected (base kept)" : "kept", true)}) +
           "</table>";
}

std::string supportTable(const QueryReport& q) {
    if (!q.selection) return "<p>No selection was recorded.</p>";
    std::string html = "<h3>Support set and multiset</h3><table>" +
                       headerRow({"#", "candidate row", "sequence id", "weight", "count"});
    int position = 0;
    for (const SupportPoint& p : q.selection->support)
        html += row({cell(std::to_string(position++)), cell(std::to_string(p.row)), cell(std::to_string(p.sequence_id)),
                     cell(formatNumber(p.weight, 6)), cell(std::to_string(p.count))});
    html += "</table><p>Training order (one finetune step each): ";
    for (size_t i = 0; i < q.selection->training_order.size(); ++i)
        html += (i ? ", " : "") + std::to_string(q.selection->training_order[i]);
    return html + "</p>";
}

std::string stepsTable(const QueryReport& q) {
    if (q.steps.empty()) return {};
    std::string html = "<h3>Finetune steps</h3><table>" +
                       headerRow({"step", "sequence id", "gradient", "loss", "grad norm", "update norm", "lr",
                                  "parameter digest"});
    for (const FinetuneStepEvent& e : q.steps)
        html += row({cell(std::to_string(e.step)), cell(std::to_string(e.sequence_id)),
                     cell(e.computed ? "computed" : "reused", true), cell(e.loss ? formatNumber(*e.loss) : "-"),
                     cell(formatNumber(e.gradient_norm)), cell(formatNumber(e.update_norm)),
                     cell(formatNumber(e.learning_rate)),
                     "<td class=\"hash\">" + escapeHtml(e.parameter_digest) + "</td>"});
    return html + "</table>";
}

std::string circuitBreakerList(const QueryReport& q) {
    if (q.circuit_breaker.empty()) return {};
    std::string html = "<h3>Circuit breaker</h3><ul>";
    for (const CircuitBreakerEvent& e : q.circuit_breaker)
        html += "<li>" + (e.step >= 0 ? "step " + std::to_string(e.step) : std::string("after finetuning")) + ": " +
                escapeHtml(e.reason) + (e.base_restored ? " (base weights restored)" : "") + "</li>";
    return html + "</ul>";
}

std::string candidatesTable(const QueryReport& q) {
    if (!q.candidates) return {};
    const auto& all = q.candidates->candidates;
    const size_t shown = std::min<size_t>(all.size(), 20);
    std::string html = "<h3>Candidates (" + std::to_string(shown) + " best of " + std::to_string(all.size()) +
                       ")</h3><table>" + headerRow({"rank", "sequence id", "score"});
    for (size_t i = 0; i < shown; ++i)
        html += row({cell(std::to_string(i)), cell(std::to_string(all[i].sequence_id)), cell(formatNumber(all[i].score, 6))});
    return html + "</table>";
}

std::string generationSection(const QueryReport& q) {
    if (!q.generation) return {};
    const GenerationEvent& g = *q.generation;
    return "<h3>Generated text</h3><p>Prompt:</p><pre>" + escapeHtml(g.prompt) +
           "</pre><div class=\"side\"><div><h4>Base model</h4><pre>" + escapeHtml(g.base_continuation) +
           "</pre></div><div><h4>Adapted model</h4><pre>" + escapeHtml(g.adapted_continuation) + "</pre></div></div>";
}

std::string timingsTable(const QueryReport& q) {
    std::string html = "<h3>Timings</h3><table>" + headerRow({"stage", "seconds"});
    for (const StageTimingEvent& t : q.timings) html += row({cell(t.stage, true), cell(formatNumber(t.seconds))});
    if (q.finished) html += row({cell("total", true), cell(formatNumber(q.finished->total_seconds))});
    return html + "</table>";
}

std::string status(const QueryReport& q) {
    if (!q.finished) return "unfinished (no QueryFinished record: the process stopped mid-query)";
    if (q.finished->cancelled) return "cancelled";
    if (!q.finished->error.empty()) return "failed: " + q.finished->error;
    return "finished";
}

std::string querySection(const QuerySummary& summary, const QueryReport& q) {
    std::string html = "<h2>Query " + escapeHtml(summary.query_id) + "</h2><pre>" + escapeHtml(summary.text) + "</pre>";
    if (q.started)
        html += "<p>Method <strong>" + escapeHtml(q.started->method) + "</strong>, N = " + std::to_string(q.started->n) +
                ", K = " + std::to_string(q.started->k) + ". Embedding digest: <span class=\"hash\">" +
                escapeHtml(q.started->embedding_digest) + "</span>. Status: " + escapeHtml(status(q)) + ".</p>";
    html += evaluationTable(q) + circuitBreakerList(q);
    html += "<div class=\"plots\">" + selectionPlots(q) + fwPlot(q) + lossPlot(q) + tokenLossPlot(q) + "</div>";
    return html + supportTable(q) + stepsTable(q) + generationSection(q) + candidatesTable(q) + timingsTable(q);
}

}  // namespace

std::string exportHtml(const SessionReader& reader) {
    const VerifyResult verification = reader.verify();
    std::string body = verificationSection(verification, reader.chainSignature()) + headerSection(reader.info(), reader.schemaVersion());
    for (const QuerySummary& summary : reader.queries()) {
        QueryReport report;
        reader.replay(summary.query_id, report);
        body += querySection(summary, report);
    }
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
           "<title>HullFT session " + escapeHtml(reader.path()) + "</title><style>" + kStyle +
           "</style></head><body><h1>HullFT session</h1><p class=\"hash\">" + escapeHtml(reader.path()) + "</p>" + body +
           "</body></html>\n";
}

}  // namespace hullft::sessions
