#include "common/json_io.h"

#include <fstream>
#include <sstream>

#include "common/errors.h"

namespace hullft {

std::string readFileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, "cannot open file for reading");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) throw InputError(path, "read error");
    return buffer.str();
}

nlohmann::json readJsonFile(const std::string& path) {
    const std::string text = readFileBytes(path);
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw InputError(path, std::string("malformed JSON: ") + e.what());
    }
}

}  // namespace hullft
