#include "common/json_io.h"

#include <cerrno>
#include <fstream>
#include <sstream>

#include "common/errors.h"

namespace hullft {

std::string readFileBytes(const std::string& path) {
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) throwFileError(path, "cannot open for reading", errno ? errno : ENOENT);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) throw IoError(path, "read error");
    return buffer.str();
}

nlohmann::json::parser_callback_t depthLimit(const std::string& source, int maxDepth) {
    return [source, maxDepth](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
        if (depth > maxDepth)
            throw InputError(source, "JSON nests deeper than " + std::to_string(maxDepth) + " levels");
        return true;
    };
}

nlohmann::json parseJson(std::string_view text, const std::string& source, int maxDepth) {
    try {
        return nlohmann::json::parse(text, depthLimit(source, maxDepth));
    } catch (const nlohmann::json::exception& e) {
        throw InputError(source, std::string("malformed JSON: ") + e.what());
    }
}

nlohmann::json readJsonFile(const std::string& path) { return parseJson(readFileBytes(path), path); }

}  // namespace hullft
