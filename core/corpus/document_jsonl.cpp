#include "corpus/document_jsonl.h"

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "common/json_io.h"
#include "common/sha256.h"
#include "common/utf8.h"

namespace hullft {
namespace {

using nlohmann::json;

std::string stringField(const json& object, const char* key, const std::string& fallback = "") {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return fallback;
    if (!it->is_string()) throw std::invalid_argument(std::string("field '") + key + "' is not a string");
    return it->get<std::string>();
}

Document parseDocument(const json& object, const std::string& path, size_t line, const std::string& defaultDomain) {
    if (!object.is_object()) throw std::invalid_argument("expected a JSON object");
    if (!object.contains("text")) throw std::invalid_argument("missing field 'text'");
    Document document;
    document.text = stringField(object, "text");
    if (document.text.find_first_not_of(" \t\r\n") == std::string::npos) throw std::invalid_argument("empty text");
    if (object.contains("id")) {  // corpus format
        document.id = stringField(object, "id");
        document.domain = stringField(object, "domain", defaultDomain);
        document.package = stringField(object, "package");
        document.package_version = stringField(object, "package_version");
        document.path = stringField(object, "path");
        document.part = stringField(object, "part");
        document.licence = stringField(object, "licence", "unknown");
    } else {  // the Pile's format
        const json meta = object.value("meta", json::object());
        document.domain = meta.is_object() ? stringField(meta, "pile_set_name", defaultDomain) : defaultDomain;
        document.licence = meta.is_object() ? stringField(meta, "licence", "unknown") : "unknown";
        document.path = path;
        document.part = "line " + std::to_string(line);
        document.id = documentId("", document.path, document.part);
    }
    if (document.domain.empty()) throw std::invalid_argument("empty domain");
    document.sha256 = sha256Hex(document.text);
    return document;
}

}  // namespace

std::string documentToJsonLine(const Document& document) {
    const json object = {{"id", document.id},           {"domain", document.domain},
                         {"package", document.package}, {"package_version", document.package_version},
                         {"path", document.path},       {"part", document.part},
                         {"licence", document.licence}, {"sha256", document.sha256},
                         {"text", document.text}};
    return object.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

void readDocumentsJsonl(const std::string& path, const std::string& defaultDomain,
                        const std::function<void(Document&&)>& sink, std::vector<JsonlIssue>& issues) {
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) throwFileError(path, "cannot open for reading", errno ? errno : ENOENT);
    const std::string absolute = std::filesystem::absolute(path).lexically_normal().string();
    std::string text;
    for (size_t line = 1; std::getline(in, text); ++line) {
        if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
        if (text.find('\0') != std::string::npos)
            throw InputError(path, "line " + std::to_string(line) + " holds NUL bytes: binary data, not JSON Lines");
        if (!isValidUtf8(text)) {
            issues.push_back({line, "not valid UTF-8"});
            continue;
        }
        // A line that does not parse is an issue of this file; what the sink throws is not.
        Document document;
        try {
            document = parseDocument(parseJson(text, absolute), absolute, line, defaultDomain);
        } catch (const InputError& e) {
            issues.push_back({line, e.problem()});
            continue;
        } catch (const json::exception& e) {
            issues.push_back({line, std::string("malformed JSON: ") + e.what()});
            continue;
        } catch (const std::invalid_argument& e) {
            issues.push_back({line, e.what()});
            continue;
        }
        sink(std::move(document));
    }
    if (in.bad()) throw InputError(path, "read error");
}

}  // namespace hullft
