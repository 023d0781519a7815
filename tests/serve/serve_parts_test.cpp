// The parts of `hullft serve` that need no model and no socket: the /v1/completions request
// (every prompt form, the defaults, each refusal and the field it names, the error body) and the
// /metrics text, read back with a small parser of the exposition format.
#include <QtTest>
#include <cctype>
#include <clocale>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "serve/completion_request.h"
#include "serve/service_metrics.h"

using hullft::serve::ApiError;
using hullft::serve::CompletionRequest;
using hullft::serve::RequestLimits;

namespace {

CompletionRequest parse(const std::string& body, const RequestLimits& limits = {}) {
    return hullft::serve::parseCompletionRequest(body, limits);
}

// The ApiError `body` raises; a QTest failure (the empty error) when it is accepted.
ApiError refusal(const std::string& body, const RequestLimits& limits = {}) {
    try {
        parse(body, limits);
    } catch (const ApiError& e) {
        return e;
    }
    return ApiError(0, "", "", "accepted");
}

std::string repeated(const std::string& item, int count) {
    std::string list;
    for (int i = 0; i < count; ++i) list += (i ? "," : "") + item;
    return list;
}

// One sample line of the exposition format.
struct Sample {
    std::string name;
    std::map<std::string, std::string> labels;  // unescaped
    std::string value;
};

struct Exposition {
    std::map<std::string, std::string> types;  // family -> type
    std::map<std::string, int> helps, typeLines;
    std::vector<Sample> samples;
    std::vector<std::string> problems;  // lines the parser could not read, samples before their TYPE

    // Samples of `name` whose labels include `labels`.
    std::vector<const Sample*> find(const std::string& name,
                                    const std::map<std::string, std::string>& labels = {}) const {
        std::vector<const Sample*> found;
        for (const Sample& s : samples) {
            if (s.name != name) continue;
            bool all = true;
            for (const auto& [key, value] : labels) {
                const auto it = s.labels.find(key);
                all = all && it != s.labels.end() && it->second == value;
            }
            if (all) found.push_back(&s);
        }
        return found;
    }
    // The one sample's value; NaN when there is not exactly one.
    double value(const std::string& name, const std::map<std::string, std::string>& labels = {}) const {
        const auto found = find(name, labels);
        return found.size() == 1 ? std::stod(found[0]->value) : std::nan("");
    }
};

// The family a sample belongs to: histogram samples drop _bucket, _sum, _count.
std::string familyOf(const std::string& name, const std::map<std::string, std::string>& types) {
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
        const std::string s = suffix;
        if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
            const std::string base = name.substr(0, name.size() - s.size());
            const auto it = types.find(base);
            if (it != types.end() && it->second == "histogram") return base;
        }
    }
    return name;
}

Exposition readExposition(const std::string& text) {
    Exposition e;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("# HELP ", 0) == 0) {
            ++e.helps[line.substr(7, line.find(' ', 7) - 7)];
            continue;
        }
        if (line.rfind("# TYPE ", 0) == 0) {
            const size_t space = line.find(' ', 7);
            const std::string name = line.substr(7, space - 7);
            ++e.typeLines[name];
            e.types[name] = line.substr(space + 1);
            continue;
        }
        Sample s;
        size_t i = 0;
        while (i < line.size() && (std::isalnum(static_cast<unsigned char>(line[i])) || line[i] == '_')) ++i;
        s.name = line.substr(0, i);
        bool ok = !s.name.empty();
        if (ok && i < line.size() && line[i] == '{') {
            ++i;
            while (ok && i < line.size() && line[i] != '}') {
                const size_t eq = line.find('=', i);
                ok = eq != std::string::npos && eq + 1 < line.size() && line[eq + 1] == '"';
                if (!ok) break;
                const std::string key = line.substr(i, eq - i);
                std::string value;
                for (i = eq + 2; i < line.size() && line[i] != '"'; ++i) {
                    if (line[i] != '\\') {
                        value += line[i];
                        continue;
                    }
                    const char next = ++i < line.size() ? line[i] : '?';
                    ok = ok && (next == '\\' || next == '"' || next == 'n');
                    value += next == 'n' ? '\n' : next;
                }
                ok = ok && i < line.size() && !s.labels.count(key);
                s.labels[key] = value;
                ++i;  // the closing quote
                if (i < line.size() && line[i] == ',') ++i;
            }
            ok = ok && i < line.size() && line[i] == '}';
            ++i;
        }
        ok = ok && i < line.size() && line[i] == ' ';
        s.value = ok ? line.substr(i + 1) : "";
        ok = ok && !s.value.empty() && s.value.find(' ') == std::string::npos;
        if (ok && !e.types.count(familyOf(s.name, e.types))) ok = false;
        if (!ok)
            e.problems.push_back(line);
        else
            e.samples.push_back(s);
    }
    return e;
}

const char* const kFamilies[] = {"hullft_requests_total",       "hullft_stage_seconds",
                                 "hullft_gradient_steps_total", "hullft_breaker_trips_total",
                                 "hullft_gpu_peak_bytes",       "hullft_queue_length"};
const char* const kLe[] = {"0.001", "0.005", "0.01", "0.05", "0.1", "0.25", "0.5",
                           "1",     "2.5",   "5",    "10",   "30",  "60",   "+Inf"};

// Every family once with HELP and TYPE; every histogram's buckets cumulative, +Inf == _count.
void checkWellFormed(const Exposition& e) {
    QVERIFY2(e.problems.empty(), e.problems.empty() ? "" : e.problems.front().c_str());
    QCOMPARE(e.types.size(), std::size(kFamilies));
    for (const char* family : kFamilies) {
        QVERIFY2(e.helps.count(family) && e.helps.at(family) == 1, family);
        QVERIFY2(e.typeLines.count(family) && e.typeLines.at(family) == 1, family);
    }
    QCOMPARE(e.types.at("hullft_requests_total"), std::string("counter"));
    QCOMPARE(e.types.at("hullft_stage_seconds"), std::string("histogram"));
    QCOMPARE(e.types.at("hullft_gradient_steps_total"), std::string("counter"));
    QCOMPARE(e.types.at("hullft_breaker_trips_total"), std::string("counter"));
    QCOMPARE(e.types.at("hullft_gpu_peak_bytes"), std::string("gauge"));
    QCOMPARE(e.types.at("hullft_queue_length"), std::string("gauge"));
    std::set<std::string> stages;
    for (const Sample* s : e.find("hullft_stage_seconds_count")) stages.insert(s->labels.at("stage"));
    for (const std::string& stage : stages) {
        double previous = 0;
        for (const char* le : kLe) {
            const double count = e.value("hullft_stage_seconds_bucket", {{"stage", stage}, {"le", le}});
            QVERIFY2(count >= previous, (stage + " le=" + le).c_str());
            previous = count;
        }
        QCOMPARE(e.find("hullft_stage_seconds_bucket", {{"stage", stage}}).size(), std::size(kLe));
        QCOMPARE(previous, e.value("hullft_stage_seconds_count", {{"stage", stage}}));
        QVERIFY(!std::isnan(e.value("hullft_stage_seconds_sum", {{"stage", stage}})));
    }
    // Counters and gauges are integers.
    for (const Sample& s : e.samples)
        if (s.name != "hullft_stage_seconds_sum")
            QVERIFY2(s.value.find_first_not_of("0123456789") == std::string::npos,
                     (s.name + " " + s.value).c_str());
}

}  // namespace

class ServePartsTest : public QObject {
    Q_OBJECT
private slots:
    // ---- the request: what is accepted ----

    void a_string_prompt_with_defaults() {
        const CompletionRequest r = parse(R"({"prompt": "Hello, wörld ✓"})");
        QCOMPARE(r.prompts.size(), size_t(1));
        QCOMPARE(r.prompts[0].text, std::string("Hello, wörld ✓"));
        QVERIFY(r.prompts[0].token_ids.empty());
        QCOMPARE(r.model, std::string());
        QCOMPARE(r.max_tokens, 16);
        QCOMPARE(r.temperature, 1.0);
        QCOMPARE(r.top_p, 1.0);
        QCOMPARE(r.seed, uint64_t(0));
        QVERIFY(r.stop.empty());
        QVERIFY(!r.echo);
        QVERIFY(!r.logprobs.has_value());
        QCOMPARE(r.ttft.method, std::string("hullft"));
        QCOMPARE(r.ttft.adapt, std::string("full"));
        QVERIFY(!r.ttft.n && !r.ttft.k && !r.ttft.r && !r.ttft.lr);
    }

    void a_list_of_strings_is_one_prompt_each() {
        const CompletionRequest r = parse(R"({"prompt": ["one", "two", "three"]})");
        QCOMPARE(r.prompts.size(), size_t(3));
        QCOMPARE(r.prompts[1].text, std::string("two"));
        QVERIFY(r.prompts[2].token_ids.empty());
    }

    void a_list_of_integers_is_one_tokenized_prompt() {
        // More ids than max_prompts: still one prompt.
        const CompletionRequest r =
            parse(R"({"prompt": [0, 5, 50256, 9223372036854775807, )" + repeated("7", 30) + "]}");
        QCOMPARE(r.prompts.size(), size_t(1));
        QCOMPARE(r.prompts[0].text, std::string());
        QCOMPARE(r.prompts[0].token_ids.size(), size_t(34));
        QCOMPARE(r.prompts[0].token_ids[2], int64_t(50256));
        QCOMPARE(r.prompts[0].token_ids[3], int64_t(9223372036854775807));
    }

    void a_list_of_token_lists_is_a_batch() {
        const CompletionRequest r = parse(R"({"prompt": [[1, 2, 3], [4], [5, 6]]})");
        QCOMPARE(r.prompts.size(), size_t(3));
        QCOMPARE(r.prompts[0].token_ids, (std::vector<int64_t>{1, 2, 3}));
        QCOMPARE(r.prompts[1].token_ids, (std::vector<int64_t>{4}));
        QCOMPARE(r.prompts[2].token_ids, (std::vector<int64_t>{5, 6}));
        QVERIFY(r.prompts[2].text.empty());
    }

    void every_member_is_read() {
        const CompletionRequest r = parse(R"({
            "model": "pythia-160m", "prompt": "x", "max_tokens": 0, "temperature": 0, "top_p": 0.5,
            "seed": 18446744073709551615, "stop": ["\n\n", "Q:"], "echo": true, "logprobs": 5,
            "stream": false, "n": 1, "best_of": 1,
            "ttft": {"method": "hullft-noreuse", "n": 100, "k": 2000, "r": 1000, "lr": 1,
                     "adapt": "lora"}})");
        QCOMPARE(r.model, std::string("pythia-160m"));
        QCOMPARE(r.max_tokens, 0);
        QCOMPARE(r.temperature, 0.0);
        QCOMPARE(r.top_p, 0.5);
        QCOMPARE(r.seed, uint64_t(18446744073709551615u));
        QCOMPARE(r.stop, (std::vector<std::string>{"\n\n", "Q:"}));
        QVERIFY(r.echo);
        QCOMPARE(r.logprobs.value_or(-1), 5);
        QCOMPARE(r.ttft.method, std::string("hullft-noreuse"));
        QCOMPARE(r.ttft.n.value_or(0), 100);
        QCOMPARE(r.ttft.k.value_or(0), 2000);
        QCOMPARE(r.ttft.r.value_or(0), 1000);
        QCOMPARE(r.ttft.lr.value_or(0), 1.0);
        QCOMPARE(r.ttft.adapt, std::string("lora"));

        QCOMPARE(parse(R"({"prompt": "x", "stop": "END"})").stop, std::vector<std::string>{"END"});
        QCOMPARE(parse(R"({"prompt": "x", "logprobs": 0})").logprobs.value_or(-1), 0);
        QCOMPARE(parse(R"({"prompt": "x", "temperature": 2, "top_p": 1})").temperature, 2.0);
        QCOMPARE(parse(R"({"prompt": "x", "ttft": {"lr": 1e-5, "method": "fw-pad"}})").ttft.lr.value_or(0),
                 1e-5);
        QCOMPARE(parse(R"({"prompt": "x", "stop": []})").stop.size(), size_t(0));
        for (const char* method : {"base", "knn", "sift", "hullft", "hullft-noreuse", "fw-pad"})
            QCOMPARE(
                parse(std::string(R"({"prompt": "x", "ttft": {"method": ")") + method + "\"}}").ttft.method,
                std::string(method));
    }

    void null_members_keep_their_defaults() {
        const CompletionRequest r =
            parse(R"({"prompt": "x", "model": null, "max_tokens": null, "temperature": null, "top_p": null,
                "seed": null, "stop": null, "echo": null, "logprobs": null, "stream": null, "n": null,
                "best_of": null, "ttft": null})");
        QCOMPARE(r.max_tokens, 16);
        QCOMPARE(r.temperature, 1.0);
        QVERIFY(!r.logprobs.has_value());
        QCOMPARE(r.ttft.method, std::string("hullft"));
        const CompletionRequest t =
            parse(R"({"prompt": "x", "ttft": {"n": null, "method": null, "lr": null}})");
        QVERIFY(!t.ttft.n && !t.ttft.lr);
        QCOMPARE(t.ttft.method, std::string("hullft"));
    }

    void unknown_top_level_members_are_ignored() {
        // What lm-evaluation-harness and other clients add, of any type, some nested a dozen deep.
        const CompletionRequest r = parse(
            R"({"prompt": ["a"], "presence_penalty": 0, "frequency_penalty": "x",
                "logit_bias": {"50256": -100}, "user": null,
                "suffix": [1, {"deep": [[[[[[[[[[true]]]]]]]]]]}],
                "max_gen_toks": 256, "until": ["\n"]})");
        QCOMPARE(r.prompts.size(), size_t(1));
        QCOMPARE(r.max_tokens, 16);
        QVERIFY(r.stop.empty());
    }

    void limits_are_the_callers() {
        RequestLimits limits;
        limits.max_prompts = 2;
        limits.max_tokens = 4096;
        limits.max_stop = 1;
        QCOMPARE(parse(R"({"prompt": ["a", "b"], "max_tokens": 4000})", limits).max_tokens, 4000);
        QCOMPARE(refusal(R"({"prompt": ["a", "b", "c"]})", limits).param(), std::string("prompt"));
        QCOMPARE(refusal(R"({"prompt": [[1], [2], [3]]})", limits).param(), std::string("prompt"));
        QCOMPARE(refusal(R"({"prompt": "a", "stop": ["x", "y"]})", limits).param(), std::string("stop"));
        QCOMPARE(refusal(R"({"prompt": "a", "max_tokens": 4097})", limits).param(),
                 std::string("max_tokens"));
    }

    void the_prompt_cap_counts_prompts() {
        QCOMPARE(parse(R"({"prompt": [)" + repeated("\"p\"", 16) + "]}").prompts.size(), size_t(16));
        QCOMPARE(parse(R"({"prompt": [)" + repeated("[1, 2]", 16) + "]}").prompts.size(), size_t(16));
        const ApiError e = refusal(R"({"prompt": [)" + repeated("\"p\"", 17) + "]}");
        QCOMPARE(e.param(), std::string("prompt"));
        QVERIFY2(std::string(e.what()).find("16") != std::string::npos, e.what());
        QCOMPARE(refusal(R"({"prompt": [)" + repeated("[3]", 17) + "]}").param(), std::string("prompt"));
    }

    // ---- the request: what is refused, and the field each refusal names ----

    void bad_requests_name_their_field_data() {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("param");
        const auto row = [](const char* name, const QByteArray& body, const char* param) {
            QTest::newRow(name) << body << QString(param);
        };
        // The body itself: no field.
        row("malformed JSON", R"({"prompt": "x")", "");
        row("trailing garbage", R"({"prompt": "x"} x)", "");
        row("empty body", "", "");
        row("array body", R"(["x"])", "");
        row("string body", R"("x")", "");
        row("null body", "null", "");
        row("invalid UTF-8 in a string", "{\"prompt\": \"a\xff\"}", "");
        row("overlong UTF-8 in a string", "{\"prompt\": \"\xc0\xaf\"}", "");
        row("lone surrogate escape", R"({"prompt": "\ud800"})", "");
        row("number past double", R"({"prompt": "x", "temperature": 1e999})", "");
        row("nested too deep",
            QByteArray(R"({"prompt": "x", "extra": )") + QByteArray(200, '[') + QByteArray(200, ']') + "}",
            "");
        // prompt
        row("no prompt", R"({"model": "m"})", "prompt");
        row("null prompt", R"({"prompt": null})", "prompt");
        row("empty string", R"({"prompt": ""})", "prompt");
        row("empty list", R"({"prompt": []})", "prompt");
        row("empty token list in a batch", R"({"prompt": [[1], []]})", "prompt");
        row("empty string in a list", R"({"prompt": ["a", ""]})", "prompt");
        row("number prompt", R"({"prompt": 5})", "prompt");
        row("object prompt", R"({"prompt": {"text": "a"}})", "prompt");
        row("bool prompt", R"({"prompt": true})", "prompt");
        row("negative token id", R"({"prompt": [1, -1]})", "prompt");
        row("negative token id in a batch", R"({"prompt": [[1], [2, -2]]})", "prompt");
        row("token id past int64", R"({"prompt": [9223372036854775808]})", "prompt");
        row("float token id", R"({"prompt": [1, 2.0]})", "prompt");
        row("bool token id", R"({"prompt": [1, true]})", "prompt");
        row("string among token ids", R"({"prompt": [1, "a"]})", "prompt");
        row("token list among strings", R"({"prompt": ["a", [1]]})", "prompt");
        row("string among token lists", R"({"prompt": [[1], "a"]})", "prompt");
        row("strings in a token list", R"({"prompt": [["a"]]})", "prompt");
        row("null in a list", R"({"prompt": [null]})", "prompt");
        // max_tokens
        row("max_tokens string", R"({"prompt": "x", "max_tokens": "16"})", "max_tokens");
        row("max_tokens float", R"({"prompt": "x", "max_tokens": 16.0})", "max_tokens");
        row("max_tokens bool", R"({"prompt": "x", "max_tokens": true})", "max_tokens");
        row("max_tokens negative", R"({"prompt": "x", "max_tokens": -1})", "max_tokens");
        row("max_tokens above cap", R"({"prompt": "x", "max_tokens": 513})", "max_tokens");
        row("max_tokens uint64 max", R"({"prompt": "x", "max_tokens": 18446744073709551615})", "max_tokens");
        row("max_tokens past 64 bits", R"({"prompt": "x", "max_tokens": 99999999999999999999})",
            "max_tokens");
        row("max_tokens far negative", R"({"prompt": "x", "max_tokens": -99999999999999999999})",
            "max_tokens");
        // temperature, top_p, seed
        row("temperature negative", R"({"prompt": "x", "temperature": -0.1})", "temperature");
        row("temperature above 2", R"({"prompt": "x", "temperature": 2.5})", "temperature");
        row("temperature string", R"({"prompt": "x", "temperature": "0.7"})", "temperature");
        row("temperature bool", R"({"prompt": "x", "temperature": false})", "temperature");
        row("top_p zero", R"({"prompt": "x", "top_p": 0})", "top_p");
        row("top_p above 1", R"({"prompt": "x", "top_p": 1.5})", "top_p");
        row("top_p list", R"({"prompt": "x", "top_p": [0.5]})", "top_p");
        row("seed negative", R"({"prompt": "x", "seed": -1})", "seed");
        row("seed float", R"({"prompt": "x", "seed": 1.5})", "seed");
        row("seed bool", R"({"prompt": "x", "seed": true})", "seed");
        row("seed string", R"({"prompt": "x", "seed": "7"})", "seed");
        // stop, echo, logprobs
        row("stop above cap",
            QByteArray::fromStdString(R"({"prompt": "x", "stop": [)" +
                                      repeated("\"s\"", RequestLimits().max_stop + 1) + "]}"),
            "stop");
        row("stop empty string", R"({"prompt": "x", "stop": ""})", "stop");
        row("stop empty string in a list", R"({"prompt": "x", "stop": ["a", ""]})", "stop");
        row("stop number", R"({"prompt": "x", "stop": 3})", "stop");
        row("stop number in a list", R"({"prompt": "x", "stop": ["a", 3]})", "stop");
        row("stop object", R"({"prompt": "x", "stop": {}})", "stop");
        row("echo string", R"({"prompt": "x", "echo": "true"})", "echo");
        row("echo integer", R"({"prompt": "x", "echo": 1})", "echo");
        row("logprobs above cap", R"({"prompt": "x", "logprobs": 6})", "logprobs");
        row("logprobs negative", R"({"prompt": "x", "logprobs": -1})", "logprobs");
        row("logprobs bool", R"({"prompt": "x", "logprobs": true})", "logprobs");
        row("logprobs float", R"({"prompt": "x", "logprobs": 1.0})", "logprobs");
        // stream, n, best_of, model
        row("stream true", R"({"prompt": "x", "stream": true})", "stream");
        row("stream string", R"({"prompt": "x", "stream": "no"})", "stream");
        row("n 2", R"({"prompt": "x", "n": 2})", "n");
        row("n 0", R"({"prompt": "x", "n": 0})", "n");
        row("n float", R"({"prompt": "x", "n": 1.0})", "n");
        row("n string", R"({"prompt": "x", "n": "1"})", "n");
        row("n huge", R"({"prompt": "x", "n": 18446744073709551615})", "n");
        row("best_of 3", R"({"prompt": "x", "best_of": 3})", "best_of");
        row("model number", R"({"prompt": "x", "model": 5})", "model");
        // ttft
        row("ttft string", R"({"prompt": "x", "ttft": "hullft"})", "ttft");
        row("ttft list", R"({"prompt": "x", "ttft": []})", "ttft");
        row("ttft unknown member", R"({"prompt": "x", "ttft": {"n": 5, "steps": 3}})", "ttft.steps");
        row("ttft unknown method", R"({"prompt": "x", "ttft": {"method": "HullFT"}})", "ttft.method");
        row("ttft method number", R"({"prompt": "x", "ttft": {"method": 1}})", "ttft.method");
        row("ttft unknown adapt", R"({"prompt": "x", "ttft": {"adapt": "qlora"}})", "ttft.adapt");
        row("ttft.n zero", R"({"prompt": "x", "ttft": {"n": 0}})", "ttft.n");
        row("ttft.n above cap", R"({"prompt": "x", "ttft": {"n": 101}})", "ttft.n");
        row("ttft.n bool", R"({"prompt": "x", "ttft": {"n": true}})", "ttft.n");
        row("ttft.n float", R"({"prompt": "x", "ttft": {"n": 5.0}})", "ttft.n");
        row("ttft.n string", R"({"prompt": "x", "ttft": {"n": "5"}})", "ttft.n");
        row("ttft.k zero", R"({"prompt": "x", "ttft": {"k": 0}})", "ttft.k");
        row("ttft.k above cap", R"({"prompt": "x", "ttft": {"k": 2001}})", "ttft.k");
        row("ttft.r zero", R"({"prompt": "x", "ttft": {"r": 0}})", "ttft.r");
        row("ttft.r above cap", R"({"prompt": "x", "ttft": {"r": 1001}})", "ttft.r");
        row("ttft.lr zero", R"({"prompt": "x", "ttft": {"lr": 0}})", "ttft.lr");
        row("ttft.lr negative", R"({"prompt": "x", "ttft": {"lr": -1e-5}})", "ttft.lr");
        row("ttft.lr above 1", R"({"prompt": "x", "ttft": {"lr": 1.5}})", "ttft.lr");
        row("ttft.lr string", R"({"prompt": "x", "ttft": {"lr": "1e-5"}})", "ttft.lr");
    }
    void bad_requests_name_their_field() {
        QFETCH(QByteArray, body);
        QFETCH(QString, param);
        const ApiError e = refusal(body.toStdString());
        QCOMPARE(e.status(), 400);
        QCOMPARE(e.type(), std::string("invalid_request_error"));
        QCOMPARE(QString::fromStdString(e.param()), param);
        QVERIFY(std::string(e.what()).size() > 5);
    }

    void messages_say_what_is_wrong() {
        const auto message = [](const std::string& body) { return std::string(refusal(body).what()); };
        QCOMPARE(message("{\"prompt\": \"ab\xff\"}"), std::string("body is not valid UTF-8 at byte 14"));
        QCOMPARE(message(R"({"prompt": "x", "stream": true})"), std::string("stream is not supported"));
        const std::string cap = message(R"({"prompt": "x", "max_tokens": 513})");
        QVERIFY2(cap.find("max_tokens") != std::string::npos && cap.find("512") != std::string::npos,
                 cap.c_str());
        const std::string k = message(R"({"prompt": "x", "ttft": {"k": 5000}})");
        QVERIFY2(k.find("ttft.k") != std::string::npos && k.find("2000") != std::string::npos, k.c_str());
        const std::string type = message(R"({"prompt": "x", "max_tokens": true})");
        QVERIFY2(type.find("integer") != std::string::npos && type.find("boolean") != std::string::npos,
                 type.c_str());
        const std::string method = message(R"({"prompt": "x", "ttft": {"method": "magic"}})");
        QVERIFY2(method.find("magic") != std::string::npos && method.find("fw-pad") != std::string::npos,
                 method.c_str());
    }

    void the_error_body_is_openais_shape() {
        const ApiError e = refusal(R"({"prompt": "x", "ttft": {"n": 0}})");
        const nlohmann::json body = nlohmann::json::parse(hullft::serve::apiErrorJson(e));
        QCOMPARE(body.size(), size_t(1));
        const nlohmann::json& error = body.at("error");
        QCOMPARE(error.size(), size_t(4));
        QCOMPARE(error.at("message").get<std::string>(), std::string(e.what()));
        QCOMPARE(error.at("type").get<std::string>(), std::string("invalid_request_error"));
        QCOMPARE(error.at("param").get<std::string>(), std::string("ttft.n"));
        QVERIFY(error.at("code").is_null());

        const nlohmann::json noParam = nlohmann::json::parse(hullft::serve::apiErrorJson(refusal("[]")));
        QVERIFY(noParam.at("error").at("param").is_null());

        // Any message, even one that is not UTF-8, gives a body that parses.
        const ApiError other(503, "server_error", "", "busy \xff \"quoted\"\n");
        const nlohmann::json busy = nlohmann::json::parse(hullft::serve::apiErrorJson(other));
        QCOMPARE(busy.at("error").at("message").get<std::string>(),
                 std::string("busy \xef\xbf\xbd \"quoted\"\n"));
        QCOMPARE(other.status(), 503);
    }

    // ---- the metrics ----

    // The test's own reader would notice broken text: a sample before its TYPE, a bad escape, an
    // unclosed label.
    void the_exposition_reader_catches_bad_text() {
        const Exposition good =
            readExposition("# HELP a_total x\n# TYPE a_total counter\na_total{l=\"q\\\"\\\\\\n\"} 3\n");
        QVERIFY(good.problems.empty());
        QCOMPARE(good.samples.size(), size_t(1));
        QCOMPARE(good.samples[0].labels.at("l"), std::string("q\"\\\n"));
        QCOMPARE(readExposition("a_total 1\n# TYPE a_total counter\n").problems.size(), size_t(1));
        QCOMPARE(readExposition("# TYPE a counter\na{l=\"\\x\"} 1\n").problems.size(), size_t(1));
        QCOMPARE(readExposition("# TYPE a counter\na{l=\"x} 1\n").problems.size(), size_t(1));
        QCOMPARE(readExposition("# TYPE a counter\na{l=\"x\"}1\n").problems.size(), size_t(1));
    }

    void metrics_before_anything_was_counted() {
        const hullft::serve::ServiceMetrics metrics;
        const std::string text = metrics.prometheusText();
        QVERIFY(!text.empty() && text.back() == '\n');
        const Exposition e = readExposition(text);
        checkWellFormed(e);
        QCOMPARE(e.value("hullft_requests_total", {{"outcome", "ok"}}), 0.0);
        QCOMPARE(e.value("hullft_stage_seconds_count", {{"stage", "total"}}), 0.0);
        QCOMPARE(e.value("hullft_stage_seconds_bucket", {{"stage", "finetune"}, {"le", "+Inf"}}), 0.0);
        QCOMPARE(e.value("hullft_gradient_steps_total", {{"kind", "computed"}}), 0.0);
        QCOMPARE(e.value("hullft_gradient_steps_total", {{"kind", "reused"}}), 0.0);
        QCOMPARE(e.value("hullft_breaker_trips_total"), 0.0);
        QCOMPARE(e.value("hullft_gpu_peak_bytes"), 0.0);
        QCOMPARE(e.value("hullft_queue_length"), 0.0);
    }

    void metrics_count_what_they_are_told() {
        hullft::serve::ServiceMetrics metrics;
        for (int i = 0; i < 3; ++i) metrics.countRequest("ok");
        metrics.countRequest("bad_request");
        metrics.countRequest("bad_request");
        const std::string odd = "we\"ird\\name\nhere";
        metrics.countRequest(odd);
        for (double seconds : {0.003, 0.05, 0.05, 7.0, 100.0, -1.0, std::nan("")})
            metrics.observeStage("finetune", seconds);
        metrics.observeStage("queue", 0.0005);
        metrics.observeStage("my stage", 2.0);
        metrics.addGradientSteps(3, 2);
        metrics.addGradientSteps(4, 1);
        metrics.addGradientSteps(-5, 0);
        metrics.countBreakerTrip();
        metrics.countBreakerTrip();
        metrics.notePeakGpuBytes(100);
        metrics.notePeakGpuBytes(5000000000);
        metrics.notePeakGpuBytes(50);
        metrics.setQueueLength(4);
        metrics.setQueueLength(2);

        const std::string text = metrics.prometheusText();
        QVERIFY(text.find("outcome=\"we\\\"ird\\\\name\\nhere\"") != std::string::npos);
        const Exposition e = readExposition(text);
        checkWellFormed(e);

        QCOMPARE(e.value("hullft_requests_total", {{"outcome", "ok"}}), 3.0);
        QCOMPARE(e.value("hullft_requests_total", {{"outcome", "bad_request"}}), 2.0);
        QCOMPARE(e.value("hullft_requests_total", {{"outcome", odd}}), 1.0);
        double requests = 0;
        for (const Sample* s : e.find("hullft_requests_total")) requests += std::stod(s->value);
        QCOMPARE(requests, 6.0);

        // NaN is dropped, -1 counts as 0; 0.05 lands in le="0.05" (bounds are inclusive).
        const std::map<std::string, double> finetune = {
            {"0.001", 1}, {"0.005", 2}, {"0.01", 2}, {"0.05", 4}, {"0.1", 4}, {"0.25", 4}, {"0.5", 4},
            {"1", 4},     {"2.5", 4},   {"5", 4},    {"10", 5},   {"30", 5},  {"60", 5},   {"+Inf", 6}};
        for (const auto& [le, count] : finetune)
            QCOMPARE(e.value("hullft_stage_seconds_bucket", {{"stage", "finetune"}, {"le", le}}), count);
        QCOMPARE(e.value("hullft_stage_seconds_count", {{"stage", "finetune"}}), 6.0);
        QVERIFY(std::abs(e.value("hullft_stage_seconds_sum", {{"stage", "finetune"}}) - 107.103) < 1e-9);
        QCOMPARE(e.value("hullft_stage_seconds_bucket", {{"stage", "queue"}, {"le", "0.001"}}), 1.0);
        QCOMPARE(e.value("hullft_stage_seconds_sum", {{"stage", "queue"}}), 0.0005);
        QCOMPARE(e.value("hullft_stage_seconds_bucket", {{"stage", "my stage"}, {"le", "1"}}), 0.0);
        QCOMPARE(e.value("hullft_stage_seconds_bucket", {{"stage", "my stage"}, {"le", "2.5"}}), 1.0);
        QCOMPARE(e.value("hullft_stage_seconds_count", {{"stage", "total"}}), 0.0);

        QCOMPARE(e.value("hullft_gradient_steps_total", {{"kind", "computed"}}), 7.0);
        QCOMPARE(e.value("hullft_gradient_steps_total", {{"kind", "reused"}}), 3.0);
        QCOMPARE(e.value("hullft_breaker_trips_total"), 2.0);
        QCOMPARE(e.value("hullft_gpu_peak_bytes"), 5e9);
        QCOMPARE(e.value("hullft_queue_length"), 2.0);
    }

    void metrics_numbers_ignore_the_locale() {
        hullft::serve::ServiceMetrics metrics;
        metrics.observeStage("embed", 0.25);
        const std::string saved = std::setlocale(LC_ALL, nullptr);
        const bool german = std::setlocale(LC_ALL, "de_DE.UTF-8") || std::setlocale(LC_ALL, "de_DE");
        const std::string text = metrics.prometheusText();
        std::setlocale(LC_ALL, saved.c_str());
        QVERIFY(text.find("hullft_stage_seconds_sum{stage=\"embed\"} 0.25\n") != std::string::npos);
        if (!german) qInfo("no German locale installed: checked in the C locale only");
    }

    void metrics_take_updates_from_many_threads() {
        hullft::serve::ServiceMetrics metrics;
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&metrics]() {
                for (int i = 0; i < 2000; ++i) {
                    metrics.countRequest("ok");
                    metrics.observeStage("total", 0.02);
                    metrics.addGradientSteps(1, 1);
                    if (i % 500 == 0) metrics.prometheusText();
                }
            });
        for (std::thread& thread : threads) thread.join();
        const Exposition e = readExposition(metrics.prometheusText());
        checkWellFormed(e);
        QCOMPARE(e.value("hullft_requests_total", {{"outcome", "ok"}}), 8000.0);
        QCOMPARE(e.value("hullft_stage_seconds_count", {{"stage", "total"}}), 8000.0);
        QCOMPARE(e.value("hullft_stage_seconds_bucket", {{"stage", "total"}, {"le", "0.01"}}), 0.0);
        QCOMPARE(e.value("hullft_stage_seconds_bucket", {{"stage", "total"}, {"le", "0.05"}}), 8000.0);
        QCOMPARE(e.value("hullft_gradient_steps_total", {{"kind", "reused"}}), 8000.0);
    }
};

QTEST_APPLESS_MAIN(ServePartsTest)
#include "serve_parts_test.moc"
