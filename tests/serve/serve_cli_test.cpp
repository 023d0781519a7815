// `hullft serve` end to end over real HTTP on the loopback: the embedded default model, a tiny
// store built by the real CLI, the service started as a user starts it, requests sent with
// cpp-httplib's client or a bare socket. Completions that adapt (adapted BPB below the base on a
// held-out document, log-probabilities that add up to that BPB), lm-evaluation-harness's exact
// request shapes, concurrent clients all answered and audited, every refusal, authentication,
// queue overflow, a client that disconnects mid-finetune, kill -9 mid-request and SIGTERM drain.
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <fstream>
#include <map>
#include <thread>

#include "cli_runner.h"
#include "events/observer.h"
#include "session_reader.h"
#include "serve_test_client.h"
#include "store_fixtures.h"

using nlohmann::json;
using serve_test::Server;

namespace {

// What a held-out document of the fixture's domains looks like: the query.
const std::string kHeldOut = store_fixtures::documentText(100, 240);

// lm-evaluation-harness's local-completions loglikelihood payload, as its client builds it.
json loglikelihoodPayload(const json& prompt) {
    return {{"model", "default"}, {"prompt", prompt}, {"temperature", 0}, {"max_tokens", 1},
            {"logprobs", 1},      {"seed", 1234},     {"echo", true}};
}

std::vector<int64_t> bytesAsIds(const std::string& text) {
    std::vector<int64_t> ids;
    for (const unsigned char c : text) ids.push_back(c);
    return ids;
}

// The session files in `directory`, oldest first.
QStringList sessionFiles(const QString& directory) {
    QStringList files = QDir(directory).entryList({"*.hullft"}, QDir::Files, QDir::Name);
    for (QString& file : files) file = directory + "/" + file;
    return files;
}

json exportSession(const QString& file) {
    const CliResult exported = runCli({"session", "export", file});
    return exported.exitCode == 0 ? json::parse(exported.out.toStdString()) : json();
}

// How a recorded query ended, read back from its session.
struct FinishedOnly : hullft::PipelineObserver {
    std::optional<hullft::QueryFinishedEvent> finished;
    void onQueryFinished(const hullft::QueryFinishedEvent& event) override { finished = event; }
};

// The finished queries of every session in `directory`, in the order the service ran them.
std::vector<hullft::QueryFinishedEvent> finishedQueries(const QString& directory) {
    std::vector<hullft::QueryFinishedEvent> finished;
    for (const QString& file : sessionFiles(directory)) {
        const hullft::sessions::SessionReader reader(file.toStdString());
        for (const hullft::sessions::QuerySummary& query : reader.queries()) {
            FinishedOnly ended;
            reader.replay(query.query_id, ended);
            if (ended.finished) finished.push_back(*ended.finished);
        }
    }
    return finished;
}

// What a replay of one recorded query delivers, as the workbench's views receive it.
struct ReplayedQuery : hullft::PipelineObserver {
    std::optional<hullft::EvaluationEvent> evaluation;
    int steps = 0;
    void onEvaluation(const hullft::EvaluationEvent& event) override { evaluation = event; }
    void onFinetuneStep(const hullft::FinetuneStepEvent&) override { ++steps; }
};

}  // namespace

class ServeCliTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString store_, sessions_, keyFile_;
    std::unique_ptr<Server> server_;

    QStringList storeArgs() const { return {"--store", store_}; }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        store_fixtures::writeCorpus(dir_.filePath("corpus"), 12, 600);
        store_ = dir_.filePath("store");
        const CliResult built =
            runCli({"store", "build", "--store", store_, "--corpus", dir_.filePath("corpus"), "--max-tokens", "64"});
        QVERIFY2(built.exitCode == 0, built.err.constData());
        keyFile_ = dir_.filePath("api-key");
        std::ofstream(keyFile_.toStdString()) << "test-key-0123456789abcdef\n";
        sessions_ = dir_.filePath("sessions");
        // Files of 1 MiB at most: the concurrent clients' requests span several, which must each verify.
        server_ = std::make_unique<Server>(storeArgs() +
                                           QStringList{"--sessions", sessions_, "--queue", "8", "--session-max-mb", "1"});
        QVERIFY2(server_->port() > 0, server_->output().constData());
    }

    void health_models_and_metrics_answer() {
        const json health = server_->health();
        QCOMPARE(health.at("status"), json("ok"));
        QCOMPARE(health.at("base_weights_fingerprint").get<std::string>().size(), size_t(32));
        const auto models = server_->client()->Get("/v1/models");
        QVERIFY(models && models->status == 200);
        QCOMPARE(json::parse(models->body).at("data").at(0).at("id"), json("default"));
        const auto metrics = server_->client()->Get("/metrics");
        QVERIFY(metrics && metrics->status == 200);
        for (const char* family : {"hullft_requests_total", "hullft_stage_seconds", "hullft_gradient_steps_total",
                                   "hullft_breaker_trips_total", "hullft_gpu_peak_bytes", "hullft_queue_length"})
            QVERIFY2(metrics->body.find(std::string("# TYPE ") + family) != std::string::npos, family);
    }

    // The held-out document as the query: HullFT adapts, the adapted model scores it better, and
    // the echoed log-probabilities are exactly the adapted model's: they add up to its BPB.
    void hullft_completion_adapts_below_the_base_and_is_audited() {
        const json request = {{"model", "default"}, {"prompt", kHeldOut}, {"max_tokens", 12}, {"temperature", 0},
                              {"echo", true},       {"logprobs", 2},     {"ttft", {{"n", 20}, {"k", 40}}}};
        const auto answer = server_->post(request.dump());
        QVERIFY(answer);
        QVERIFY2(answer->status == 200, answer->body.c_str());
        const json body = json::parse(answer->body);
        const std::string requestId = answer->get_header_value("X-Request-Id");
        QVERIFY(!requestId.empty());
        QCOMPARE(body.at("ttft").at("request_id").get<std::string>(), requestId);
        QCOMPARE(body.at("object"), json("text_completion"));
        const json& choice = body.at("choices").at(0);
        const json& query = body.at("ttft").at("queries").at(0);
        const double base = query.at("base_bpb").get<double>(), adapted = query.at("adapted_bpb").get<double>();
        QVERIFY2(adapted < base, qPrintable(QString("adapted %1, base %2").arg(adapted).arg(base)));
        QCOMPARE(query.at("adapted"), json(true));
        QCOMPARE(query.at("computed_steps").get<int>() + query.at("reused_steps").get<int>(), 20);
        QVERIFY(query.at("reused_steps").get<int>() > 0);  // HullFT's multiset repeats sequences
        int counted = 0;
        for (const json& point : query.at("support")) counted += point.at("count").get<int>();
        QCOMPARE(counted, 20);
        for (const char* stage : {"embed", "preselect", "select", "finetune", "evaluate", "complete", "total"})
            QVERIFY2(query.at("timings_s").at(stage).get<double>() > 0, stage);

        // Echo: the prompt's bytes first, then 12 generated tokens.
        const std::string text = choice.at("text").get<std::string>();
        QCOMPARE(text.substr(0, kHeldOut.size()), kHeldOut);
        const json& logprobs = choice.at("logprobs");
        const size_t promptTokens = kHeldOut.size();
        QCOMPARE(body.at("usage").at("prompt_tokens").get<size_t>(), promptTokens);
        QCOMPARE(logprobs.at("tokens").size(), promptTokens + body.at("usage").at("completion_tokens").get<size_t>());
        QVERIFY(logprobs.at("token_logprobs").at(0).is_null());
        double nats = 0;
        for (size_t i = 1; i < promptTokens; ++i) nats -= logprobs.at("token_logprobs").at(i).get<double>();
        const double bpbFromLogprobs = nats / std::log(2.0) / static_cast<double>(kHeldOut.size());
        QVERIFY2(std::abs(bpbFromLogprobs - adapted) < 1e-5,
                 qPrintable(QString("%1 vs %2").arg(bpbFromLogprobs, 0, 'g', 12).arg(adapted, 0, 'g', 12)));
        for (size_t i = 1; i < logprobs.at("top_logprobs").size(); ++i) {
            const json& top = logprobs.at("top_logprobs").at(i);
            QVERIFY(top.size() >= 1 && top.size() <= 2);
            double best = -1e300;
            for (const auto& [token, value] : top.items()) best = std::max(best, value.get<double>());
            QVERIFY(logprobs.at("token_logprobs").at(i).get<double>() <= best + 1e-9);
            QCOMPARE(logprobs.at("text_offset").at(i).get<int64_t>(), int64_t(i));  // one byte per token
        }

        // Audited: the session file it names verifies and holds the request, finished.
        const QString file = sessions_ + "/" + QString::fromStdString(query.at("audit").at("session_file").get<std::string>());
        const CliResult verified = runCli({"session", "verify", file});
        QVERIFY2(verified.exitCode == 0, verified.out.constData());
        const json session = exportSession(file);
        bool found = false;
        for (const json& recorded : session.at("queries"))
            if (recorded.at("query_id") == requestId) found = recorded.at("finished").get<bool>();
        QVERIFY2(found, "the request's query is not finished in its session");
        // Replayed from the file as the workbench replays it: the same scores, every step.
        ReplayedQuery replayed;
        hullft::sessions::SessionReader(file.toStdString()).replay(requestId, replayed);
        QVERIFY(replayed.evaluation);
        QCOMPARE(replayed.evaluation->adapted_bpb, adapted);
        QCOMPARE(replayed.evaluation->base_bpb, base);
        QCOMPARE(replayed.steps, 20);
    }

    // lm-evaluation-harness's local-completions first probes the tokenizer endpoints and, when
    // they answer, tokenizes through them: eos by its text, prompts without special tokens.
    void lm_evaluation_harness_remote_tokenizer() {
        const auto info = server_->client()->Get("/tokenizer_info");
        QVERIFY(info && info->status == 200);
        const json tokenizer = json::parse(info->body);
        QVERIFY(tokenizer.at("eos_token").is_string());
        QCOMPARE(tokenizer.at("max_model_len").get<int>(), 1024);
        const auto tokenize = [&](const std::string& text) {
            const auto answer = server_->client()->Post(
                "/tokenize", json({{"prompt", text}, {"add_special_tokens", false}}).dump(), "application/json");
            return answer && answer->status == 200 ? json::parse(answer->body).at("tokens") : json();
        };
        QCOMPARE(tokenize("test"), json(bytesAsIds("test")));
        QCOMPARE(tokenize(tokenizer.at("eos_token").get<std::string>()), json({256}));
        const auto text = server_->client()->Post("/detokenize", json({{"tokens", bytesAsIds("test")}}).dump(),
                                                  "application/json");
        QVERIFY(text && text->status == 200);
        QCOMPARE(json::parse(text->body).at("prompt"), json("test"));
        const auto refused = server_->client()->Post("/detokenize", R"({"tokens": [1, 99999]})", "application/json");
        QVERIFY(refused && refused->status == 400);
        QCOMPARE(json::parse(refused->body).at("error").at("param"), json("tokens"));
    }

    // Exactly what lm-evaluation-harness's local-completions sends for a log-likelihood request
    // (token ids from /tokenize, batched, echo, logprobs 1, max_tokens 1) and how it reads the answer.
    void lm_evaluation_harness_loglikelihood_request() {
        const std::string context = kHeldOut.substr(0, 120), continuation = kHeldOut.substr(120, 40);
        const auto tokenized = server_->client()->Post(
            "/tokenize", json({{"prompt", context + continuation}, {"add_special_tokens", false}}).dump(),
            "application/json");
        QVERIFY(tokenized && tokenized->status == 200);
        const std::vector<int64_t> ids = json::parse(tokenized->body).at("tokens").get<std::vector<int64_t>>();
        QCOMPARE(ids, bytesAsIds(context + continuation));
        const auto answer = server_->post(loglikelihoodPayload(json::array({ids, ids})).dump());
        QVERIFY(answer);
        QVERIFY2(answer->status == 200, answer->body.c_str());
        const json body = json::parse(answer->body);
        QCOMPARE(body.at("choices").size(), size_t(2));
        for (size_t index = 0; index < 2; ++index) {
            const json& choice = body.at("choices").at(index);
            QCOMPARE(choice.at("index").get<size_t>(), index);
            const json& logprobs = choice.at("logprobs");
            // Prompt tokens plus the one generated token, which the harness drops with [ctxlen:-1].
            QCOMPARE(logprobs.at("token_logprobs").size(), ids.size() + 1);
            const size_t ctxlen = context.size();
            double sum = 0;
            int greedyTokens = 0;
            for (size_t i = ctxlen; i < ids.size(); ++i) {
                const double value = logprobs.at("token_logprobs").at(i).get<double>();
                sum += value;
                // The harness's is_greedy: the token's log-probability equals max(top.values()).
                // With logprobs 1 the one alternative is the likeliest token: never below the
                // token, and exactly equal when it is the token.
                const json& top = logprobs.at("top_logprobs").at(i);
                QCOMPARE(top.size(), size_t(1));
                const double best = top.begin().value().get<double>();
                QVERIFY(value <= best);
                if (top.begin().key() == logprobs.at("tokens").at(i).get<std::string>()) {
                    QCOMPARE(value, best);
                    ++greedyTokens;
                }
            }
            QVERIFY(greedyTokens > 0);  // the model predicts some of the held-out bytes
            QVERIFY(std::isfinite(sum) && sum < 0);
        }
        // The same prompt as text with max_tokens 0 scores the prompt only.
        json scoreOnly = loglikelihoodPayload(context + continuation);
        scoreOnly["max_tokens"] = 0;
        const auto scored = server_->post(scoreOnly.dump());
        QVERIFY(scored && scored->status == 200);
        const json only = json::parse(scored->body).at("choices").at(0);
        QCOMPARE(only.at("logprobs").at("token_logprobs").size(), ids.size());
        QCOMPARE(only.at("text").get<std::string>(), context + continuation);
    }

    // generate_until: greedy, stop sequences (the task's and end-of-text), the text cut before them.
    void lm_evaluation_harness_generate_until_request() {
        const json request = {{"model", "default"}, {"prompt", json::array({kHeldOut.substr(0, 100)})},
                              {"max_tokens", 64},   {"temperature", 0},
                              {"stop", {".", "<|endoftext|>"}}, {"seed", 1234}, {"ttft", {{"method", "knn"}, {"n", 4}}}};
        const auto answer = server_->post(request.dump());
        QVERIFY(answer && answer->status == 200);
        const json choice = json::parse(answer->body).at("choices").at(0);
        const std::string text = choice.at("text").get<std::string>();
        QVERIFY(text.find('.') == std::string::npos);
        // The same request without the stop: its text goes on through the first full stop.
        json unstopped = request;
        unstopped.erase("stop");
        const auto whole = server_->post(unstopped.dump());
        QVERIFY(whole && whole->status == 200);
        const std::string wholeText = json::parse(whole->body).at("choices").at(0).at("text").get<std::string>();
        QCOMPARE(wholeText.substr(0, text.size()), text);
        if (wholeText.find('.') != std::string::npos) {
            QCOMPARE(choice.at("finish_reason"), json("stop"));
            QCOMPARE(text, wholeText.substr(0, wholeText.find('.')));
        }
    }

    void base_method_answers_without_adapting() {
        const json request = {{"prompt", kHeldOut}, {"max_tokens", 4}, {"ttft", {{"method", "base"}}}};
        const auto answer = server_->post(request.dump());
        QVERIFY(answer && answer->status == 200);
        const json query = json::parse(answer->body).at("ttft").at("queries").at(0);
        QCOMPARE(query.at("adapted"), json(false));
        QCOMPARE(query.at("base_bpb"), query.at("adapted_bpb"));
        QCOMPARE(query.at("computed_steps").get<int>(), 0);
    }

    // A learning rate of 1 makes the first steps diverge: the circuit breaker trips, the base
    // weights answer (the same text as the base method's), and the answer says so.
    void a_breaker_trip_answers_from_the_base_and_says_so() {
        const json base = {{"prompt", kHeldOut}, {"max_tokens", 24}, {"temperature", 0}, {"ttft", {{"method", "base"}}}};
        json diverging = base;
        diverging["ttft"] = {{"method", "hullft"}, {"n", 20}, {"k", 40}, {"lr", 1.0}};
        const auto baseAnswer = server_->post(base.dump());
        const auto tripped = server_->post(diverging.dump());
        QVERIFY(baseAnswer && tripped);
        QCOMPARE(tripped->status, 200);
        QCOMPARE(tripped->get_header_value("X-HullFT-Circuit-Breaker"), std::string("tripped"));
        const json body = json::parse(tripped->body);
        const json query = body.at("ttft").at("queries").at(0);
        QCOMPARE(query.at("adapted"), json(false));
        QVERIFY(query.at("circuit_breaker").is_string());
        QCOMPARE(query.at("adapted_bpb"), query.at("base_bpb"));
        QCOMPARE(body.at("choices").at(0).at("text"), json::parse(baseAnswer->body).at("choices").at(0).at("text"));
        const auto metrics = server_->client()->Get("/metrics");
        QVERIFY(metrics->body.find("hullft_breaker_trips_total 0") == std::string::npos);
        QCOMPARE(server_->health().at("status"), json("ok"));  // the base is back: the next request may run
    }

    // 8 clients x 5 requests at once: every one answered, every one audited once and finished,
    // each client's requests in the order it sent them.
    void concurrent_clients_are_all_answered_and_audited_in_order() {
        const size_t before = finishedQueries(sessions_).size();
        constexpr int kClients = 8, kRequests = 5;
        std::vector<std::vector<std::string>> ids(kClients);
        std::vector<std::vector<int>> statuses(kClients);
        std::vector<std::thread> clients;
        for (int c = 0; c < kClients; ++c)
            clients.emplace_back([&, c] {
                for (int r = 0; r < kRequests; ++r) {
                    const json request = {{"prompt", store_fixtures::documentText(200 + c, 80)},
                                          {"max_tokens", 2},
                                          {"ttft", {{"n", 4}, {"k", 16}}}};
                    const auto answer = server_->post(request.dump());
                    statuses[c].push_back(answer ? answer->status : -1);
                    ids[c].push_back(answer ? answer->get_header_value("X-Request-Id") : "");
                }
            });
        for (auto& client : clients) client.join();
        std::map<std::string, size_t> position;
        const auto finished = finishedQueries(sessions_);
        QCOMPARE(finished.size(), before + kClients * kRequests);
        for (size_t i = before; i < finished.size(); ++i) {
            QVERIFY(finished[i].error.empty());
            position[finished[i].query_id] = i;
        }
        for (int c = 0; c < kClients; ++c)
            for (int r = 0; r < kRequests; ++r) {
                QCOMPARE(statuses[c][r], 200);
                QVERIFY2(position.count(ids[c][r]), ids[c][r].c_str());
                if (r > 0) QVERIFY(position[ids[c][r - 1]] < position[ids[c][r]]);
            }
        QVERIFY2(sessionFiles(sessions_).size() > 1, "the audit log never rotated");
    }

    void bad_requests_get_400_or_413_naming_the_field_data() {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("param");
        const std::string prompt = "\"prompt\":\"" + kHeldOut.substr(0, 40) + "\"";
        QTest::newRow("malformed JSON") << QByteArray("{\"prompt\": \"abc\",") << 400 << "";
        QTest::newRow("invalid UTF-8") << QByteArray("{\"prompt\":\"ab\xff\xfe cd\"}") << 400 << "";
        QTest::newRow("wrong type") << QByteArray(("{" + prompt + ",\"max_tokens\":\"many\"}").c_str()) << 400 << "max_tokens";
        QTest::newRow("unknown method") << QByteArray(("{" + prompt + ",\"ttft\":{\"method\":\"magic\"}}").c_str()) << 400
                                        << "ttft.method";
        QTest::newRow("n over its cap") << QByteArray(("{" + prompt + ",\"ttft\":{\"n\":101}}").c_str()) << 400 << "ttft.n";
        QTest::newRow("k over its cap") << QByteArray(("{" + prompt + ",\"ttft\":{\"k\":2001}}").c_str()) << 400 << "ttft.k";
        QTest::newRow("max_tokens over its cap") << QByteArray(("{" + prompt + ",\"max_tokens\":513}").c_str()) << 400
                                                 << "max_tokens";
        QTest::newRow("prompt beyond the context")
            << QByteArray(("{\"prompt\":\"" + std::string(1100, 'a') + "\"}").c_str()) << 400 << "prompt";
        QTest::newRow("prompt and max_tokens beyond the context")
            << QByteArray(("{\"prompt\":\"" + std::string(1000, 'a') + "\",\"max_tokens\":100}").c_str()) << 400
            << "max_tokens";
        QTest::newRow("token id outside the vocabulary") << QByteArray("{\"prompt\":[72,105,257]}") << 400 << "prompt";
        QTest::newRow("one-token prompt") << QByteArray("{\"prompt\":\"a\"}") << 400 << "prompt";
        QTest::newRow("body over 1 MiB")
            << QByteArray(("{\"prompt\":\"" + std::string(1100 * 1024, 'a') + "\"}").c_str()) << 413 << "body";
    }
    void bad_requests_get_400_or_413_naming_the_field() {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, param);
        const size_t finishedBefore = finishedQueries(sessions_).size();
        const auto answer = server_->post(body.toStdString());
        QVERIFY(answer);
        QCOMPARE(answer->status, status);
        const json error = json::parse(answer->body).at("error");
        QVERIFY(!error.at("message").get<std::string>().empty());
        if (param.isEmpty()) QVERIFY(error.at("param").is_null());
        else QCOMPARE(error.at("param").get<std::string>(), param.toStdString());
        QVERIFY(!answer->get_header_value("X-Request-Id").empty());
        QCOMPARE(finishedQueries(sessions_).size(), finishedBefore);  // refused before anything ran
        QCOMPARE(server_->health().at("status"), json("ok"));
    }

    // Off the loopback the key is required; with it, every endpoint but /health wants the bearer token.
    void authentication_off_loopback() {
        const CliResult refused = runCli({"serve", "--host", "0.0.0.0", "--port", "0", "--store", store_});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("--api-key-file"), refused.err.constData());

        Server secured(storeArgs() + QStringList{"--host", "127.0.0.1", "--api-key-file", keyFile_, "--sessions",
                                                 dir_.filePath("secured-sessions")});
        QVERIFY2(secured.port() > 0, secured.output().constData());
        const std::string request = json({{"prompt", kHeldOut.substr(0, 40)}, {"max_tokens", 1},
                                          {"ttft", {{"method", "base"}}}}).dump();
        QCOMPARE(secured.post(request)->status, 401);
        QCOMPARE(secured.post(request, {{"Authorization", "Bearer wrong-key-0123456789"}})->status, 401);
        QCOMPARE(secured.client()->Get("/metrics")->status, 401);
        QCOMPARE(secured.client()->Get("/health")->status, 200);
        const auto accepted = secured.post(request, {{"Authorization", "Bearer test-key-0123456789abcdef"}});
        QVERIFY(accepted);
        QCOMPARE(accepted->status, 200);
    }

    // One request runs, one waits, the queue (capacity 1) is full: the third gets 429 + Retry-After.
    void a_full_queue_answers_429_with_retry_after() {
        Server small(storeArgs() + QStringList{"--queue", "1", "--sessions", dir_.filePath("queue-sessions")});
        QVERIFY2(small.port() > 0, small.output().constData());
        const std::string slow = json({{"prompt", kHeldOut}, {"max_tokens", 200}, {"ttft", {{"n", 100}, {"k", 100}}}}).dump();
        int first = 0, second = 0;
        std::thread running([&] { first = small.post(slow)->status; });
        QVERIFY(small.waitForQueue(1));
        std::thread waiting([&] { second = small.post(slow)->status; });
        QVERIFY(small.waitForQueue(2));
        const auto refused = small.post(slow);
        running.join();
        waiting.join();
        QVERIFY(refused);
        QCOMPARE(refused->status, 429);
        QVERIFY(std::stoi(refused->get_header_value("Retry-After")) >= 1);
        QCOMPARE(json::parse(refused->body).at("error").at("type"), json("rate_limit_error"));
        QCOMPARE(first, 200);
        QCOMPARE(second, 200);
    }

    // A client that closes its connection mid-finetune cancels its query: the session records it
    // cancelled, the base is back (the service checks its digest), and the next request is served.
    void a_client_that_disconnects_cancels_its_query() {
        const QString sessions = dir_.filePath("disconnect-sessions");
        Server server(storeArgs() + QStringList{"--sessions", sessions});
        QVERIFY2(server.port() > 0, server.output().constData());
        serve_test::RawConnection connection(server.port());
        QVERIFY(connection.connected());
        QVERIFY(connection.send(serve_test::rawPost(
            json({{"prompt", kHeldOut}, {"max_tokens", 200}, {"ttft", {{"n", 100}, {"k", 100}}}}).dump())));
        QVERIFY(server.waitForQueue(1));
        QThread::msleep(200);  // into the query
        connection.close();
        QVERIFY(server.waitForQueue(0));
        const auto metrics = server.client()->Get("/metrics");
        QVERIFY2(metrics->body.find("hullft_requests_total{outcome=\"cancelled\"} 1") != std::string::npos,
                 metrics->body.c_str());
        const auto finished = finishedQueries(sessions);
        QCOMPARE(finished.size(), size_t(1));
        QVERIFY(finished[0].cancelled);
        const auto next = server.post(json({{"prompt", kHeldOut.substr(0, 60)}, {"max_tokens", 2}}).dump());
        QVERIFY(next && next->status == 200);
        QCOMPARE(server.health().at("status"), json("ok"));
    }

    // kill -9 while a request adapts: every session file still verifies, with the request answered
    // before the kill in it whole.
    void kill_9_mid_request_leaves_verifiable_sessions() {
        const QString sessions = dir_.filePath("killed-sessions");
        Server server(storeArgs() + QStringList{"--sessions", sessions});
        QVERIFY2(server.port() > 0, server.output().constData());
        const auto done = server.post(json({{"prompt", kHeldOut}, {"max_tokens", 2}, {"ttft", {{"n", 8}}}}).dump());
        QVERIFY(done && done->status == 200);
        const std::string doneId = done->get_header_value("X-Request-Id");
        std::thread doomed([&] { server.post(json({{"prompt", kHeldOut}, {"max_tokens", 200}, {"ttft", {{"n", 100}}}}).dump()); });
        QVERIFY(server.waitForQueue(1));
        QThread::msleep(300);
        ::kill(static_cast<pid_t>(server.process().processId()), SIGKILL);
        server.process().waitForFinished();
        doomed.join();
        const QStringList files = sessionFiles(sessions);
        QVERIFY(!files.isEmpty());
        for (const QString& file : files) {
            const CliResult verified = runCli({"session", "verify", file});
            QVERIFY2(verified.exitCode == 0, verified.out.constData());
        }
        const auto finished = finishedQueries(sessions);
        QVERIFY(!finished.empty());
        QCOMPARE(finished[0].query_id, doneId);
    }

    // SIGTERM while a request runs: it is still answered, later ones are refused, the process
    // closes its session and exits 0.
    void sigterm_drains_then_exits_0() {
        const QString sessions = dir_.filePath("drained-sessions");
        Server server(storeArgs() + QStringList{"--sessions", sessions});
        QVERIFY2(server.port() > 0, server.output().constData());
        int status = 0;
        std::thread inFlight([&] {
            const auto answer =
                server.post(json({{"prompt", kHeldOut}, {"max_tokens", 100}, {"ttft", {{"n", 60}}}}).dump());
            status = answer ? answer->status : -1;
        });
        QVERIFY(server.waitForQueue(1));
        ::kill(static_cast<pid_t>(server.process().processId()), SIGTERM);
        inFlight.join();
        QCOMPARE(status, 200);
        QVERIFY(server.process().waitForFinished(30000));
        QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.process().exitCode(), 0);
        QVERIFY2(server.output().contains("SIGTERM"), server.output().constData());
        const QStringList files = sessionFiles(sessions);
        QCOMPARE(files.size(), 1);
        QVERIFY(!QFileInfo::exists(files[0] + "-wal") || QFileInfo(files[0] + "-wal").size() == 0);
        QCOMPARE(runCli({"session", "verify", files[0]}).exitCode, 0);
        QCOMPARE(finishedQueries(sessions).size(), size_t(1));
    }

    void cleanupTestCase() {
        if (!server_) return;
        ::kill(static_cast<pid_t>(server_->process().processId()), SIGTERM);
        QVERIFY(server_->process().waitForFinished(30000));
        QCOMPARE(server_->process().exitCode(), 0);
        for (const QString& file : sessionFiles(sessions_)) QCOMPARE(runCli({"session", "verify", file}).exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(ServeCliTest)
#include "serve_cli_test.moc"
