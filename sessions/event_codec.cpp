#include "event_codec.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

#include "common/hex.h"
#include "common/json_io.h"
#include "common/utf8.h"

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
    return json{{"hex", hexEncode(value)}};
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

    std::string string(const char* name) const { return toText(at(name), where(name)); }
    int int32(const char* name) const { return toInt32(at(name), where(name)); }

    static int64_t toInt64(const json& value, const std::string& path) {
        if (!value.is_number_integer()) mistyped(path, "an integer", value);
        if (value.is_number_unsigned() && value.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max()))
            throw PayloadError("field '" + path + "': integer out of range");
        return value.get<int64_t>();
    }
    static int toInt32(const json& value, const std::string& path) {
        const int64_t wide = toInt64(value, path);
        if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max())
            throw PayloadError("field '" + path + "': integer out of range");
        return static_cast<int>(wide);
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

std::string Fields::toText(const json& value, const std::string& path) {
    if (value.is_string()) return value.get<std::string>();
    if (!value.is_object() || !value.contains("hex") || !value["hex"].is_string())
        mistyped(path, "a string", value);
    std::optional<std::string> bytes = hexDecode(value["hex"].get_ref<const std::string&>());
    if (!bytes) throw PayloadError("field '" + path + "': malformed hex text");
    return *bytes;
}

// Writes one field's value; the overloads cover every field type events.h uses.
json encodeValue(int value) { return value; }
json encodeValue(int64_t value) { return value; }
json encodeValue(bool value) { return value; }
json encodeValue(double value) { return number(value); }
json encodeValue(const std::string& value) { return text(value); }
json encodeValue(const std::optional<double>& value) { return value ? number(*value) : json(nullptr); }

template <typename Struct>
json encodeFields(const Struct& value);
json encodeValue(const Candidate& value) { return encodeFields(value); }
json encodeValue(const SupportPoint& value) { return encodeFields(value); }

template <typename Item>
json encodeValue(const std::vector<Item>& items) {
    json out = json::array();
    for (const Item& item : items) out.push_back(encodeValue(item));
    return out;
}

template <typename Struct>
json encodeFields(const Struct& value) {
    json out = json::object();
    forEachField(value, [&out](const char* name, const auto& field) { out[name] = encodeValue(field); });
    return out;
}

// Reads one field's value at `path`, the inverse of encodeValue.
void decodeValue(const json& value, const std::string& path, int& out) { out = Fields::toInt32(value, path); }
void decodeValue(const json& value, const std::string& path, int64_t& out) { out = Fields::toInt64(value, path); }
void decodeValue(const json& value, const std::string& path, bool& out) {
    if (!value.is_boolean()) mistyped(path, "true or false", value);
    out = value.get<bool>();
}
void decodeValue(const json& value, const std::string& path, double& out) { out = Fields::toNumber(value, path); }
void decodeValue(const json& value, const std::string& path, std::string& out) { out = Fields::toText(value, path); }
void decodeValue(const json& value, const std::string& path, std::optional<double>& out) {
    out = value.is_null() ? std::nullopt : std::optional<double>(Fields::toNumber(value, path));
}

// Whether `field` was added to the record kind `kind` after files were written without it.
bool addedLater(const char* kind, const char* field) {
    for (const FieldAddedLater& added : kFieldsAddedLater)
        if (std::strcmp(added.kind, kind) == 0 && std::strcmp(added.field, field) == 0) return true;
    return false;
}

template <typename Struct>
void decodeFields(const json& object, const std::string& path, Struct& out, const char* kind = "");
void decodeValue(const json& value, const std::string& path, Candidate& out) { decodeFields(value, path, out); }
void decodeValue(const json& value, const std::string& path, SupportPoint& out) { decodeFields(value, path, out); }

template <typename Item>
void decodeValue(const json& value, const std::string& path, std::vector<Item>& out) {
    if (!value.is_array()) mistyped(path, "an array", value);
    out.resize(value.size());
    for (size_t i = 0; i < value.size(); ++i) decodeValue(value[i], path + "[" + std::to_string(i) + "]", out[i]);
}

// Every listed field must be present (an optional one as null when empty), but for one added
// later to the record kind `kind`, which keeps its default when absent.
template <typename Struct>
void decodeFields(const json& object, const std::string& path, Struct& out, const char* kind) {
    const Fields fields(object, path);
    forEachField(out, [&](const char* name, auto& field) {
        if (!object.contains(name) && addedLater(kind, name)) return;
        decodeValue(fields.at(name), fields.where(name), field);
    });
}

// A field added later is left out while it holds its default, which is what its absence means.
template <typename Event>
json encodeEventFields(const Event& event) {
    static const json defaults = encodeFields(Event{});
    json out = encodeFields(event);
    for (const FieldAddedLater& added : kFieldsAddedLater)
        if (std::strcmp(added.kind, EventTraits<Event>::kind) == 0 && out.at(added.field) == defaults.at(added.field))
            out.erase(added.field);
    return out;
}

template <typename Event>
PipelineEvent decodeAs(const json& payload) {
    Event event;
    decodeFields(payload, "", event, EventTraits<Event>::kind);
    return event;
}

}  // namespace

json encodeEvent(const PipelineEvent& event) {
    return std::visit([](const auto& e) { return encodeEventFields(e); }, event);
}

PipelineEvent decodeEvent(const std::string& kind, const json& payload) {
#define HULLFT_DECODE_RECORDED(Event, method, kindName, recording, ...) \
    if (EventRecording::recording == EventRecording::Recorded && kind == kindName) return decodeAs<Event>(payload);
    HULLFT_PIPELINE_EVENTS(HULLFT_DECODE_RECORDED)
#undef HULLFT_DECODE_RECORDED
    throw PayloadError("unknown record kind '" + repairUtf8(kind) + "'");
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
    try {
        return parseJson(text, "", kMaxPayloadDepth);
    } catch (const InputError& e) {
        throw PayloadError(e.problem());
    }
}

}  // namespace hullft::sessions
