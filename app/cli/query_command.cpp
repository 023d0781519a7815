#include "cli/query_command.h"

#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/arguments.h"
#include "cli/cli_output.h"
#include "cli/pipeline_setup.h"
#include "cli/progress_printer.h"
#include "cli/recorder_options.h"
#include "common/cancellation.h"
#include "common/errors.h"
#include "common/json_io.h"
#include "common/utf8.h"
#include "corpus/document_jsonl.h"
#include "datastore/store_location.h"
#include "events/observer.h"
#include "pipeline/query_pipeline.h"
#include "pipeline/query_text.h"
#include "session_recorder.h"

namespace hullft::cli {
namespace {

struct QueryText {
    std::string id;
    std::string text;
    std::string domain;  // of a held-out test document
};

QueryText testDocument(const std::string& corpusDirectory, const std::string& id) {
    const std::string split = corpusDirectory + "/test.jsonl";
    QueryText query;
    std::vector<JsonlIssue> issues;
    readDocumentsJsonl(split, "unknown", [&](Document&& document) {
        if (document.id == id && query.text.empty()) {
            query = {id, queryPrefix(document.text), document.domain};
        }
    }, issues);
    if (query.text.empty()) throw InputError(split, "no held-out test document with id '" + id + "'");
    return query;
}

QueryText queryFromArguments(const Arguments& args) {
    if (args.has("test-doc") == args.has("text-file")) throw UsageError("give exactly one of --text-file and --test-doc");
    if (args.has("test-doc")) return testDocument(args.valueOr("corpus", defaultCorpusDirectory()), args.value("test-doc"));
    const std::string path = args.value("text-file");
    const std::string text = readFileBytes(path);
    validateQueryText(text, path);
    return {typedQueryId(text), text, ""};
}

PipelineSettings settingsFromArguments(const Arguments& args) {
    PipelineSettings settings;
    settings.method = parseMethod(args.valueOr("method", "hullft"), "--method");
    settings.n = args.intValue("n", settings.n);
    applySharedPipelineOptions(args, settings);
    return settings;
}

nlohmann::ordered_json resultJson(const QueryResult& result, const PipelineSettings& settings) {
    nlohmann::ordered_json selection = nlohmann::ordered_json::array();
    for (const SelectedSequence& s : result.selection)
        selection.push_back({{"sequence_id", s.point.sequence_id}, {"candidate_row", s.point.row},
                             {"domain", s.domain}, {"source", s.source}, {"similarity", s.similarity},
                             {"weight", s.point.weight}, {"count", s.point.count}});
    nlohmann::ordered_json timings = result.stage_seconds;
    timings["total"] = result.total_seconds;
    nlohmann::ordered_json json = {{"query_id", result.query_id},
                                   {"method", methodName(result.method)},
                                   {"n", settings.n},
                                   {"k", settings.k},
                                   {"k_used", result.candidates.size()},
                                   {"base_bpb", result.evaluation.base_bpb},
                                   {"adapted_bpb", result.evaluation.adapted_bpb},
                                   {"bpb_rule", result.evaluation.bpb_rule},
                                   {"bytes", result.evaluation.bytes},
                                   {"tokens", result.evaluation.tokens},
                                   {"selection", selection},
                                   {"training_order", result.training_order},
                                   {"timings", timings},
                                   {"base_continuation", repairUtf8(result.generation.base_continuation)},
                                   {"adapted_continuation", repairUtf8(result.generation.adapted_continuation)}};
    if (result.finetune) {
        const FinetuneResult& f = *result.finetune;
        json["finetune"] = {{"steps", f.steps}, {"computed_steps", f.computed_steps}, {"reused_steps", f.reused_steps},
                            {"seconds", f.seconds}, {"seconds_saved", f.seconds_saved}, {"adapted", f.adapted}};
        if (!result.adapter_saved_to.empty()) json["finetune"]["adapter_saved_to"] = result.adapter_saved_to;
        if (f.circuit_breaker) json["finetune"]["circuit_breaker"] = f.circuit_breaker->reason;
    }
    return json;
}

// What a store smaller than K, or fewer candidates than N, did to the query ("" when neither).
std::string fewerCandidatesNote(const QueryResult& result, const PipelineSettings& settings) {
    if (result.method == Method::Base) return "";
    const size_t candidates = result.candidates.size();
    std::string note;
    if (candidates < static_cast<size_t>(settings.k))
        note += "K clamped to " + std::to_string(candidates) + ": the store returned " + std::to_string(candidates) +
                " candidates, fewer than K = " + std::to_string(settings.k) + "\n";
    if (candidates >= static_cast<size_t>(settings.n)) return note;
    if (result.method == Method::Knn)
        return note + "kNN trained on each of the " + std::to_string(candidates) + " candidates once: " +
               std::to_string(result.training_order.size()) + " steps, fewer than N = " +
               std::to_string(settings.n) + "\n";
    return note + "Fewer candidates than N = " + std::to_string(settings.n) + ": the " +
           std::to_string(result.training_order.size()) + " steps repeat sequences\n";
}

std::string report(const QueryResult& result, const PipelineSettings& settings, const QueryText& query) {
    std::ostringstream out;
    out << std::fixed;
    out << "Query " << result.query_id << (query.domain.empty() ? "" : " (held-out " + query.domain + ")") << ": "
        << result.evaluation.bytes << " bytes, method " << methodName(result.method) << ", N=" << settings.n
        << ", K=" << settings.k << "\n";
    out << fewerCandidatesNote(result, settings);
    if (!result.selection.empty()) {
        out << "\nSelected sequences (" << result.selection.size() << " distinct, " << result.training_order.size()
            << " finetuning steps";
        if (result.finetune)
            out << ": " << result.finetune->computed_steps << " computed, " << result.finetune->reused_steps << " reused";
        out << ")\n   #  count      weight  similarity  domain                  source\n";
        for (size_t i = 0; i < result.selection.size(); ++i) {
            const SelectedSequence& s = result.selection[i];
            out << std::setw(4) << i + 1 << std::setw(7) << s.point.count << std::setw(12) << std::setprecision(4)
                << s.point.weight << std::setw(12) << s.similarity << "  " << std::left << std::setw(22) << s.domain
                << "  " << s.source << std::right << "\n";
        }
    }
    const double base = result.evaluation.base_bpb, adapted = result.evaluation.adapted_bpb;
    out << "\nBits per byte (" << result.evaluation.bpb_rule << " rule): base " << std::setprecision(4) << base
        << " -> adapted " << adapted << " (" << std::showpos << std::setprecision(2)
        << 100.0 * (adapted - base) / base << std::noshowpos << "%)";
    if (result.evaluation.adapted_rejected) out << "  [adaptation rejected by the circuit breaker: base answer kept]";
    out << "\nTime:";
    for (const auto& [stage, seconds] : result.stage_seconds) out << "  " << stage << " " << std::setprecision(3) << seconds << " s";
    out << "  total " << std::setprecision(2) << result.total_seconds << " s\n";
    out << "\nBase continuation:    " << repairUtf8(result.generation.base_continuation)
        << "\nAdapted continuation: " << repairUtf8(result.generation.adapted_continuation) << "\n";
    if (!result.adapter_saved_to.empty()) out << "\nAdapter saved to " << result.adapter_saved_to << " (PEFT layout)\n";
    return out.str();
}

int runQuery(const std::vector<std::string>& words) {
    const Arguments args(words,
                         {"model", "store", "corpus", "method", "n", "k", "r", "lr", "lambda", "device", "text-file",
                          "test-doc", "session", "generate-tokens", "temperature", "top-p", "seed", "layer", "embedder", "precision",
                          "bpb-rule", "adapt", "lora-rank", "lora-alpha", "lora-targets", "save-adapter", "sign-key"},
                         {"json"});
    if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional().front() + "'");
    if (args.has("sign-key") && !args.has("session")) throw UsageError("--sign-key signs the --session file; give both");
    const sessions::RecorderOptions recording = recorderOptionsFromArguments(args);
    const QueryText query = queryFromArguments(args);
    PipelineSettings settings = settingsFromArguments(args);
    settings.adapter_directory = args.valueOr("save-adapter", "");
    validatePipelineSettings(settings);
    LoadedPipeline loaded(pipelineSourcesFromArguments(args));

    ObserverList observers;
    ProgressPrinter progress;
    observers.add(&progress);
    std::unique_ptr<sessions::SessionRecorder> recorder;
    if (args.has("session")) {
        recorder = std::make_unique<sessions::SessionRecorder>(
            args.value("session"), sessionHeaderOf(loaded, pipelineSettingsJson(settings)), recording);
        observers.add(recorder.get());
    }
    const CancellationToken cancel;
    const QueryResult result = loaded.pipeline().run(query.id, query.text, settings, observers, cancel);
    if (args.flag("json"))
        printJson(resultJson(result, settings), "query", 2);
    else
        printLine(report(result, settings, query));
    return kExitOk;
}

}  // namespace

const Command& queryCommand() {
    static const Command command{
        "query", "run one test-time finetuning query end to end and report selection, BPB and timings",
        "hullft query (--text-file F | --test-doc ID [--corpus DIR]) [--method base|knn|sift|hullft|hullft-noreuse|fw-pad]\n"
        "             [--n 20 (at most 100000)] [--k 200] [--r 2] [--lr 5e-5] [--lambda 0.2] [--model DIR] [--store DIR]\n"
        "             [--embedder hf:DIR (the Hugging Face folder that embedded the store)]\n"
        "             [--device auto|cpu|cuda] [--precision auto|fp32|bf16] [--session FILE [--sign-key KEY]] [--json]\n"
        "             [--generate-tokens 160] [--temperature 0.8 (0: greedy)] [--top-p 0.9] [--seed 0]\n"
        "             [--bpb-rule full|reference (reference: the reference's first-window rule, for parity runs)]\n"
        "             [--adapt full|lora] [--lora-rank 16] [--lora-alpha 32] [--lora-targets q_proj,v_proj]\n"
        "             [--save-adapter DIR (PEFT layout; with --adapt lora)]",
        runQuery};
    return command;
}

}  // namespace hullft::cli
