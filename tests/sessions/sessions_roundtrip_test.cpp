#include <sqlite3.h>

#include <QTemporaryDir>
#include <QtTest>

#include "schema.h"
#include "common/errors.h"
#include "event_codec.h"
#include "session_summary.h"
#include "session_fixtures.h"
#include "session_reader.h"
#include "session_recorder.h"

using namespace hullft;
using namespace hullft::sessions;
using namespace hullft::sessions::testing;

namespace {

// Collects whatever a replay delivers, in order.
struct Collector : PipelineObserver {
    std::vector<PipelineEvent> events;
    void onQueryStarted(const QueryStartedEvent& e) override { events.push_back(e); }
    void onCandidatesReady(const CandidatesReadyEvent& e) override { events.push_back(e); }
    void onFwIteration(const FwIterationEvent& e) override { events.push_back(e); }
    void onSelectionReady(const SelectionReadyEvent& e) override { events.push_back(e); }
    void onFinetuneStep(const FinetuneStepEvent& e) override { events.push_back(e); }
    void onCircuitBreaker(const CircuitBreakerEvent& e) override { events.push_back(e); }
    void onEvaluation(const EvaluationEvent& e) override { events.push_back(e); }
    void onGeneration(const GenerationEvent& e) override { events.push_back(e); }
    void onStageTiming(const StageTimingEvent& e) override { events.push_back(e); }
    void onQueryFinished(const QueryFinishedEvent& e) override { events.push_back(e); }
};

int64_t countRows(const std::string& path, const char* sql) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &statement, nullptr);
    const int64_t count = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return count;
}

}  // namespace

class SessionsRoundTripTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string path(const char* name) const { return dir_.filePath(name).toStdString(); }

private slots:
    void replay_returns_the_recorded_events_field_for_field() {
        const auto first = realisticQuery({"q-0001", "Why \"convex\" & <sparse>?", 1, false});
        const auto second = realisticQuery({"q-0002", "'); DROP TABLE records; --", 2, true});
        auto all = first;
        all.insert(all.end(), second.begin(), second.end());
        recordSession(path("roundtrip.hullft"), all);

        const SessionReader reader(path("roundtrip.hullft"));
        for (const auto& [id, expected] : {std::pair{"q-0001", first}, std::pair{"q-0002", second}}) {
            Collector replayed;
            reader.replay(id, replayed);
            QCOMPARE(replayed.events.size(), expected.size());
            for (size_t i = 0; i < expected.size(); ++i)
                QVERIFY2(sameEvent(replayed.events[i], expected[i]), (std::string(id) + " event " + std::to_string(i) + " (" +
                                                                      kindOf(expected[i]) + ") differs").c_str());
        }
        const auto queries = reader.queries();
        QCOMPARE(queries.size(), size_t{2});
        QCOMPARE(queries[1].text, std::string("'); DROP TABLE records; --"));
        QVERIFY(queries[0].finished && queries[1].finished);
        QCOMPARE(queries[0].record_count, int64_t(first.size()));
        QVERIFY(reader.verify().ok());
    }

    void realistic_query_has_the_events_an_audit_needs() {
        const auto events = realisticQuery({});
        const auto count = [&](const char* kind) {
            return std::count_if(events.begin(), events.end(), [&](const PipelineEvent& e) { return std::string(kindOf(e)) == kind; });
        };
        QCOMPARE(count("fw_iteration"), 10);
        QCOMPARE(count("finetune_step"), 20);
        QCOMPARE(count("circuit_breaker"), 1);
        int reused = 0;
        for (const PipelineEvent& e : events)
            if (const auto* step = std::get_if<FinetuneStepEvent>(&e)) reused += step->computed ? 0 : 1;
        QVERIFY(reused > 0 && reused < 20);
    }

    void rerun_of_a_query_id_replays_separately() {
        auto events = realisticQuery({"q-same", "first run", 5, false});
        const auto rerun = realisticQuery({"q-same", "second run", 6, false});
        events.insert(events.end(), rerun.begin(), rerun.end());
        recordSession(path("rerun.hullft"), events);
        const SessionReader reader(path("rerun.hullft"));
        const auto queries = reader.queries();
        QCOMPARE(queries.size(), size_t{2});
        QCOMPARE(queries[1].query_id, std::string("q-same#2"));
        QCOMPARE(queries[1].text, std::string("second run"));
        const auto records = reader.records("q-same#2");
        QCOMPARE(records.size(), rerun.size());
        QVERIFY(sameEvent(records.front().event, rerun.front()));  // the event keeps its own id
    }

    // Evaluations written before the rule was recorded mean the reference rule; the codec writes
    // the field whenever it says anything else, so such older records keep their bytes.
    void evaluation_records_its_bpb_rule_unless_it_is_the_older_files_reference_rule() {
        EvaluationEvent full;
        full.bpb_rule = "full";
        const nlohmann::json written = encodeEvent(full);
        QCOMPARE(written.at("bpb_rule").get<std::string>(), std::string("full"));
        QCOMPARE(std::get<EvaluationEvent>(decodeEvent("evaluation", written)).bpb_rule, std::string("full"));

        EvaluationEvent reference;
        reference.bpb_rule = "reference";
        const nlohmann::json older = encodeEvent(reference);
        QVERIFY(!older.contains("bpb_rule"));
        QCOMPARE(std::get<EvaluationEvent>(decodeEvent("evaluation", older)).bpb_rule, std::string("reference"));

        // Only a field added later may be absent.
        nlohmann::json withoutBytes = written;
        withoutBytes.erase("bytes");
        QVERIFY_EXCEPTION_THROWN(decodeEvent("evaluation", withoutBytes), PayloadError);
    }

    void session_summary_and_queries_name_the_bpb_rule() {
        recordSession(path("rule.hullft"), realisticQuery({}));
        const SessionReader reader(path("rule.hullft"));
        QCOMPARE(reader.queries().front().bpb_rule, std::string("full"));
        QVERIFY(sessionSummary(reader).find("[full BPB rule]") != std::string::npos);
    }

    void header_round_trips_with_canonical_settings() {
        recordSession(path("header.hullft"), realisticQuery({}));
        const SessionInfo info = SessionReader(path("header.hullft")).info();
        const SessionInfo expected = sampleInfo();
        QCOMPARE(info.tool_version, expected.tool_version);
        QCOMPARE(info.model_identity, expected.model_identity);
        QCOMPARE(info.datastore_identity, expected.datastore_identity);
        QCOMPARE(info.device, expected.device);
        QCOMPARE(info.created_at, expected.created_at);
        QCOMPARE(info.schema_version, kSchemaVersion);
        QCOMPARE(info.settings_json,
                 std::string(R"({"k":200,"learning_rate":5e-05,"method":"hullft","n":20,"refresh_interval":2})"));
    }

    void redaction_keeps_a_digest_instead_of_the_text() {
        {
            RecorderOptions options;
            options.redact_query_text = true;
            SessionRecorder recorder(path("redacted.hullft"), sampleInfo(), options);
            for (const PipelineEvent& e : realisticQuery({"q-1", "patient 4711 has a rash", 3, false})) deliver(e, recorder);
        }
        const SessionReader reader(path("redacted.hullft"));
        const auto records = reader.records("q-1");
        const auto& started = std::get<QueryStartedEvent>(records.front().event);
        QVERIFY(started.text.find("patient") == std::string::npos);
        QVERIFY(started.text.find("redacted: 23 bytes, sha256 ") != std::string::npos);
        for (const SessionRecord& r : records)
            if (const auto* g = std::get_if<GenerationEvent>(&r.event)) QVERIFY(g->prompt.find("patient") == std::string::npos);
        QVERIFY(reader.verify().ok());
    }

    void typed_views_show_every_step_for_auditors() {
        recordSession(path("views.hullft"), realisticQuery({}));
        QCOMPARE(countRows(path("views.hullft"), "SELECT COUNT(*) FROM finetune_steps"), int64_t{20});
        QCOMPARE(countRows(path("views.hullft"), "SELECT COUNT(*) FROM finetune_steps WHERE computed = 0"),
                 countRows(path("views.hullft"), "SELECT COUNT(*) FROM finetune_steps WHERE loss IS NULL"));
        QCOMPARE(countRows(path("views.hullft"), "SELECT COUNT(*) FROM fw_trace"), int64_t{10});
        QCOMPARE(countRows(path("views.hullft"), "SELECT SUM(count) FROM support"), int64_t{20});
        QCOMPARE(countRows(path("views.hullft"), "SELECT COUNT(*) FROM candidates"), int64_t{200});
        QCOMPARE(countRows(path("views.hullft"), "SELECT COUNT(*) FROM session_header WHERE device = 'cpu'"), int64_t{1});
        QCOMPARE(countRows(path("views.hullft"), "PRAGMA user_version"), int64_t{kSchemaVersion});
    }

    void closed_session_is_a_single_file() {
        recordSession(path("single.hullft"), realisticQuery({}));
        QVERIFY(!QFile::exists(dir_.filePath("single.hullft-wal")));
        QCOMPARE(countRows(path("single.hullft"), "PRAGMA journal_mode"), int64_t{0});  // "delete" reads as 0
    }

    void recorder_refuses_to_overwrite_a_file() {
        recordSession(path("once.hullft"), {});
        try {
            SessionRecorder again(path("once.hullft"), sampleInfo());
            QFAIL("an existing file was opened for recording");
        } catch (const InputError& e) {
            QVERIFY(std::string(e.what()).find("once.hullft: already exists") != std::string::npos);
        }
    }

    void recorder_rejects_settings_that_are_not_a_json_object() {
        for (const char* settings : {"[1, 2]", "{\"n\": ", "null"}) {
            SessionInfo info = sampleInfo();
            info.settings_json = settings;
            QVERIFY_THROWS_EXCEPTION(InputError, SessionRecorder(path("bad-settings.hullft"), info));
            QVERIFY(!QFile::exists(dir_.filePath("bad-settings.hullft")));
        }
    }

    void migrations_are_numbered_one_to_current() {
        const auto& all = migrations();
        QCOMPARE(int(all.size()), kSchemaVersion);
        for (size_t i = 0; i < all.size(); ++i) QCOMPARE(all[i].version, int(i + 1));
    }
};

QTEST_GUILESS_MAIN(SessionsRoundTripTest)
#include "sessions_roundtrip_test.moc"
