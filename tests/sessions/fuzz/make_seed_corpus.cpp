// Writes the fuzzer's seed corpus: small but real session files (recorded by SessionRecorder,
// then rewritten with 512-byte pages so mutations reach every structure quickly).
// Run: session_fuzz_seeds tests/data/sessions/fuzz_corpus
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "session_fixtures.h"
#include "session_recorder.h"

namespace {

using namespace hullft;
using namespace hullft::sessions;

std::vector<PipelineEvent> shortQuery() {
    std::vector<PipelineEvent> events;
    events.push_back(QueryStartedEvent{"q-1", "short <query>", "hullft", 3, 4, "ab12"});
    events.push_back(CandidatesReadyEvent{{{11, 0.9}, {12, 0.8}, {13, 0.7}, {14, 0.6}}, 0.01});
    events.push_back(FwIterationEvent{0, 2, 1.0, 0.5});
    events.push_back(FwIterationEvent{1, 0, 0.667, 0.125});
    events.push_back(SelectionReadyEvent{"hullft", {{2, 13, 0.6, 2}, {0, 11, 0.4, 1}}, {13, 11, 13}, 0.002});
    FinetuneStepEvent step;
    step.total_steps = 3;
    step.sequence_id = 13;
    step.loss = 2.5;
    step.parameter_digest = "00ff";
    events.push_back(step);
    step.step = 2;
    step.computed = false;
    step.loss.reset();
    events.push_back(step);
    events.push_back(CircuitBreakerEvent{-1, "adapted BPB above base", true});
    events.push_back(EvaluationEvent{1.1, 1.0, 3, 4, {1.0, 2.0, 3.0}, {0.5, 1.5, 2.5}, false, 0.1});
    events.push_back(GenerationEvent{"short", " base", " adapted \xff"});
    events.push_back(StageTimingEvent{"select", 0.01});
    events.push_back(QueryFinishedEvent{"q-1", 0.5, false, ""});
    return events;
}

void compact(const std::string& from, const std::string& to) {
    sqlite3* db = nullptr;
    sqlite3_open(from.c_str(), &db);
    const std::string sql = "PRAGMA page_size = 512; VACUUM INTO '" + to + "';";
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) std::fprintf(stderr, "%s\n", sqlite3_errmsg(db));
    sqlite3_close(db);
}

void writeSeed(const std::filesystem::path& folder, const std::string& name, const std::vector<PipelineEvent>& events) {
    const std::string recorded = (std::filesystem::temp_directory_path() / ("seed-" + name)).string();
    std::filesystem::remove(recorded);
    testing::recordSession(recorded, events);
    std::filesystem::remove(folder / name);
    compact(recorded, (folder / name).string());
    std::filesystem::remove(recorded);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: session_fuzz_seeds FOLDER\n");
        return 2;
    }
    const std::filesystem::path folder(argv[1]);
    std::filesystem::create_directories(folder);
    writeSeed(folder, "header-only.hullft", {});
    writeSeed(folder, "short-query.hullft", shortQuery());
    return 0;
}
