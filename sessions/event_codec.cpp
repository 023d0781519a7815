#include "event_codec.h"

#include <cmath>
#include <limits>

#include "utf8.h"

namespace hullft::sessions {
namespace {

using nlohmann::json;

constexpr int kMaxPayloadDepth = 16;  // real payloads nest 3 deep

json number(double value) {
    if (std::isfinite(value)) return value;
    if (std::isnan(value)) return "NaN";
    return value > 0 ? "Infinity" : "-Infinity";
}

json text(const std::string& value) {
    if (isValidUtf8(value)) return value;
    static const char kHex[] = "0123456789abcdef";
    std::string hex;
    for (const char c : value) {
        hex.push_back(kHex[static_cast<unsigned char>(c) >> 4]);
        hex.push_back(kHex[static_cast<unsigned char>(c) & 0xf]);
    }
    return json{{"hex", hex}};
}

[[noreturn]] void mistyped(const std::string& path, const char* expected, const json& value) {
    throw PayloadError("field '" + path + "': expected " + expected + ", got " + value.type_name());
}

// Typed access to one JSON object's fields; errors name the field's path in the payload.
class Fields {
public:
    Fields(const json& object, std::string path) : object_(object), path_(std::move(path)) {
        if (!object_.is_object()) mistyped(path_.empty() ? "(payload)" : path_, "an object", object_);
    }

    const json& at(const char* name) const {
        const auto found = object_.find(name);
        if (found == object_.end()) throw PayloadError("field '" + where(name) + "' is missing");
        return *found;
    }
    std::string where(const char* name) const { return path_.empty() ? name : path_ + "." + name; }

    double number(const char* name) const { return toNumber(at(name), where(name)); }
    std::optional<double> optionalNumber(const char* name) const {
        const auto found = object_.find(name);
        if (found == object_.end() || found->is_null()) return std::nullopt;
        return toNumber(*found, where(name));
    }
    int64_t int64(const char* name) const {
        const json& value = at(name);
        if (!value.is_number_integer()) mistyped(where(name), "an integer", value);
        if (value.is_number_unsigned() && value.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max()))
            throw PayloadError("field '" + where(name) + "': integer out of range");
        return value.get<int64_t>();
    }
    int int32(const char* name) const {
        const int64_t value = int64(name);
        if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max())
            throw PayloadError("field '" + where(name) + "': integer out of range");
        return static_cast<int>(value);
    }
    bool boolean(const char* name) const {
        const json& value = at(name);
        if (!value.is_boolean()) mistyped(where(name), "true or false", value);
        return value.get<bool>();
    }
    std::string string(const char* name) const { return toText(at(name), where(name)); }
    const json& array(const char* name) const {
        const json& value = at(name);
        if (!value.is_array()) mistyped(where(name), "an array", value);
        return value;
    }

    static double toNumber(const json& value, const std::string& path) {
        if (value.is_number()) return value.get<double>();
        if (value == "NaN") return std::numeric_limits<double>::quiet_NaN();
        if (value == "Infinity") return std::numeric_limits<double>::infinity();
        if (value == "-Infinity") return -std::numeric_limits<double>::infinity();
        mistyped(path, "a number", value);
    }
    static std::string toText(const json& value, const std::string& path);

private:
    const json& object_;
    std::string path_;
};

int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

std::string Fields::toText(const json& value, const std::string& path) {
    if (value.is_string()) return value.get<std::string>();
    if (!value.is_object() || !value.contains("hex") || !value["hex"].is_string())
        mistyped(path, "a string", value);
    const std::string& hex = value["hex"].get_ref<const std::string&>();
    std::string bytes;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) {
        const int high = hexDigit(hex[i]), low = hexDigit(hex[i + 1]);
        if (high < 0 || low < 0) break;
        bytes.push_back(static_cast<char>(high * 16 + low));
    }
    if (bytes.size() * 2 != hex.size()) throw PayloadError("field '" + path + "': malformed hex text");
    return bytes;
}

template <typename Item, typename Decode>
std::vector<Item> decodeArray(const Fields& fields, const char* name, Decode decodeItem) {
    const json& items = fields.array(name);
    std::vector<Item> out;
    out.reserve(items.size());
    for (size_t i = 0; i < items.size(); ++i)
        out.push_back(decodeItem(items[i], fields.where(name) + "[" + std::to_string(i) + "]"));
    return out;
}

json numbers(const std::vector<double>& values) {
    json out = json::array();
    for (const double value : values) out.push_back(number(value));
    return out;
}

struct Encoder {
    json operator()(const QueryStartedEvent& e) const {
        return {{"query_id", text(e.query_id)}, {"text", text(e.text)}, {"method", text(e.method)},
                {"n", e.n}, {"k", e.k}, {"embedding_digest", text(e.embedding_digest)}};
    }
    json operator()(const CandidatesReadyEvent& e) const {
        json candidates = json::array();
        for (const Candidate& c : e.candidates)
            candidates.push_back({{"sequence_id", c.sequence_id}, {"score", number(c.score)}});
        return {{"candidates", candidates}, {"seconds", number(e.seconds)}};
    }
    json operator()(const FwIterationEvent& e) const {
        return {{"iteration", e.iteration}, {"chosen_row", e.chosen_row}, {"gamma", number(e.gamma)},
                {"residual_norm", number(e.residual_norm)}};
    }
    json operator()(const SelectionReadyEvent& e) const {
        json support = json::array();
        for (const SupportPoint& p : e.support)
            support.push_back({{"row", p.row}, {"sequence_id", p.sequence_id}, {"weight", number(p.weight)},
                               {"count", p.count}});
        return {{"method", text(e.method)}, {"support", support}, {"training_order", e.training_order},
                {"seconds", number(e.seconds)}};
    }
    json operator()(const FinetuneStepEvent& e) const {
        return {{"step", e.step}, {"total_steps", e.total_steps}, {"sequence_id", e.sequence_id},
                {"computed", e.computed}, {"loss", e.loss ? number(*e.loss) : json(nullptr)},
                {"gradient_norm", number(e.gradient_norm)}, {"update_norm", number(e.update_norm)},
                {"learning_rate", number(e.learning_rate)}, {"wall_seconds", number(e.wall_seconds)},
                {"cache_bytes", e.cache_bytes}, {"cache_hits", e.cache_hits},
                {"cache_misses", e.cache_misses}, {"seconds_saved", number(e.seconds_saved)},
                {"parameter_digest", text(e.parameter_digest)}};
    }
    json operator()(const CircuitBreakerEvent& e) const {
        return {{"step", e.step}, {"reason", text(e.reason)}, {"base_restored", e.base_restored}};
    }
    json operator()(const EvaluationEvent& e) const {
        return {{"base_bpb", number(e.base_bpb)}, {"adapted_bpb", number(e.adapted_bpb)},
                {"tokens", e.tokens}, {"bytes", e.bytes},
                {"base_token_losses", numbers(e.base_token_losses)},
                {"adapted_token_losses", numbers(e.adapted_token_losses)},
                {"adapted_rejected", e.adapted_rejected}, {"seconds", number(e.seconds)}};
    }
    json operator()(const GenerationEvent& e) const {
        return {{"prompt", text(e.prompt)}, {"base_continuation", text(e.base_continuation)},
                {"adapted_continuation", text(e.adapted_continuation)}};
    }
    json operator()(const StageTimingEvent& e) const {
        return {{"stage", text(e.stage)}, {"seconds", number(e.seconds)}};
    }
    json operator()(const EmbeddingProjectionEvent& e) const {
        return {{"candidate_x", numbers(e.candidate_x)}, {"candidate_y", numbers(e.candidate_y)},
                {"query_x", number(e.query_x)}, {"query_y", number(e.query_y)},
                {"reconstruction_x", number(e.reconstruction_x)}, {"reconstruction_y", number(e.reconstruction_y)},
                {"explained_variance", number(e.explained_variance)}};
    }
    json operator()(const QueryFinishedEvent& e) const {
        return {{"query_id", text(e.query_id)}, {"total_seconds", number(e.total_seconds)},
                {"cancelled", e.cancelled}, {"error", text(e.error)}};
    }
};

QueryStartedEvent decodeQueryStarted(const Fields& f) {
    return {f.string("query_id"), f.string("text"), f.string("method"), f.int32("n"), f.int32("k"),
            f.string("embedding_digest")};
}

CandidatesReadyEvent decodeCandidatesReady(const Fields& f) {
    CandidatesReadyEvent e;
    e.candidates = decodeArray<Candidate>(f, "candidates", [](const json& item, const std::string& path) {
        const Fields c(item, path);
        return Candidate{c.int64("sequence_id"), c.number("score")};
    });
    e.seconds = f.number("seconds");
    return e;
}

FwIterationEvent decodeFwIteration(const Fields& f) {
    return {f.int32("iteration"), f.int64("chosen_row"), f.number("gamma"), f.number("residual_norm")};
}

SelectionReadyEvent decodeSelectionReady(const Fields& f) {
    SelectionReadyEvent e;
    e.method = f.string("method");
    e.support = decodeArray<SupportPoint>(f, "support", [](const json& item, const std::string& path) {
        const Fields p(item, path);
        return SupportPoint{p.int64("row"), p.int64("sequence_id"), p.number("weight"), p.int32("count")};
    });
    e.training_order = decodeArray<int64_t>(f, "training_order", [](const json& item, const std::string& path) {
        if (!item.is_number_integer() || (item.is_number_unsigned() && item.get<uint64_t>() > uint64_t(INT64_MAX)))
            mistyped(path, "an integer", item);
        return item.get<int64_t>();
    });
    e.seconds = f.number("seconds");
    return e;
}

FinetuneStepEvent decodeFinetuneStep(const Fields& f) {
    FinetuneStepEvent e;
    e.step = f.int32("step");
    e.total_steps = f.int32("total_steps");
    e.sequence_id = f.int64("sequence_id");
    e.computed = f.boolean("computed");
    f.at("loss");  // present even when null
    e.loss = f.optionalNumber("loss");
    e.gradient_norm = f.number("gradient_norm");
    e.update_norm = f.number("update_norm");
    e.learning_rate = f.number("learning_rate");
    e.wall_seconds = f.number("wall_seconds");
    e.cache_bytes = f.int64("cache_bytes");
    e.cache_hits = f.int64("cache_hits");
    e.cache_misses = f.int64("cache_misses");
    e.seconds_saved = f.number("seconds_saved");
    e.parameter_digest = f.string("parameter_digest");
    return e;
}

CircuitBreakerEvent decodeCircuitBreaker(const Fields& f) {
    return {f.int32("step"), f.string("reason"), f.boolean("base_restored")};
}

std::vector<double> decodeNumbers(const Fields& f, const char* name) {
    return decodeArray<double>(f, name, [](const json& item, const std::string& path) { return Fields::toNumber(item, path); });
}

EvaluationEvent decodeEvaluation(const Fields& f) {
    const auto losses = [&](const char* name) { return decodeNumbers(f, name); };
    EvaluationEvent e;
    e.base_bpb = f.number("base_bpb");
    e.adapted_bpb = f.number("adapted_bpb");
    e.tokens = f.int64("tokens");
    e.bytes = f.int64("bytes");
    e.base_token_losses = losses("base_token_losses");
    e.adapted_token_losses = losses("adapted_token_losses");
    e.adapted_rejected = f.boolean("adapted_rejected");
    e.seconds = f.number("seconds");
    return e;
}

GenerationEvent decodeGeneration(const Fields& f) {
    return {f.string("prompt"), f.string("base_continuation"), f.string("adapted_continuation")};
}

StageTimingEvent decodeStageTiming(const Fields& f) { return {f.string("stage"), f.number("seconds")}; }

EmbeddingProjectionEvent decodeEmbeddingProjection(const Fields& f) {
    EmbeddingProjectionEvent e;
    e.candidate_x = decodeNumbers(f, "candidate_x");
    e.candidate_y = decodeNumbers(f, "candidate_y");
    e.query_x = f.number("query_x");
    e.query_y = f.number("query_y");
    e.reconstruction_x = f.number("reconstruction_x");
    e.reconstruction_y = f.number("reconstruction_y");
    e.explained_variance = f.number("explained_variance");
    return e;
}

QueryFinishedEvent decodeQueryFinished(const Fields& f) {
    return {f.string("query_id"), f.number("total_seconds"), f.boolean("cancelled"), f.string("error")};
}

}  // namespace

json encodeEvent(const SessionEvent& event) { return std::visit(Encoder{}, event); }

SessionEvent decodeEvent(const std::string& kind, const json& payload) {
    const Fields f(payload, "");
    if (kind == EventKind<QueryStartedEvent>::name) return decodeQueryStarted(f);
    if (kind == EventKind<CandidatesReadyEvent>::name) return decodeCandidatesReady(f);
    if (kind == EventKind<FwIterationEvent>::name) return decodeFwIteration(f);
    if (kind == EventKind<SelectionReadyEvent>::name) return decodeSelectionReady(f);
    if (kind == EventKind<FinetuneStepEvent>::name) return decodeFinetuneStep(f);
    if (kind == EventKind<CircuitBreakerEvent>::name) return decodeCircuitBreaker(f);
    if (kind == EventKind<EvaluationEvent>::name) return decodeEvaluation(f);
    if (kind == EventKind<GenerationEvent>::name) return decodeGeneration(f);
    if (kind == EventKind<StageTimingEvent>::name) return decodeStageTiming(f);
    if (kind == EventKind<QueryFinishedEvent>::name) return decodeQueryFinished(f);
    if (kind == EventKind<EmbeddingProjectionEvent>::name) return decodeEmbeddingProjection(f);
    throw PayloadError("unknown record kind '" + toValidUtf8(kind) + "'");
}

json encodeSessionInfo(const SessionInfo& info) {
    return {{"tool_version", text(info.tool_version)}, {"model_identity", text(info.model_identity)},
            {"datastore_identity", text(info.datastore_identity)}, {"device", text(info.device)},
            {"settings", parsePayload(info.settings_json)}, {"created_at", text(info.created_at)},
            {"schema_version", info.schema_version}};
}

SessionInfo decodeSessionInfo(const json& payload) {
    const Fields f(payload, "");
    SessionInfo info;
    info.tool_version = f.string("tool_version");
    info.model_identity = f.string("model_identity");
    info.datastore_identity = f.string("datastore_identity");
    info.device = f.string("device");
    const json& settings = f.at("settings");
    if (!settings.is_object()) mistyped("settings", "an object", settings);
    info.settings_json = canonicalJson(settings);
    info.created_at = f.string("created_at");
    info.schema_version = f.int32("schema_version");
    return info;
}

std::string canonicalJson(const json& value) { return value.dump(); }

json parsePayload(const std::string& text) {
    // Depth is capped before building values, so a hostile "[[[[..." cannot exhaust the stack.
    const json::parser_callback_t limitDepth = [](int depth, json::parse_event_t, json&) {
        if (depth > kMaxPayloadDepth) throw PayloadError("JSON nests deeper than " + std::to_string(kMaxPayloadDepth));
        return true;
    };
    try {
        return json::parse(text, limitDepth);
    } catch (const json::exception& e) {
        throw PayloadError(std::string("not valid JSON (") + e.what() + ")");
    }
}

}  // namespace hullft::sessions
