#include "bench/bench_settings.h"

#include <nlohmann/json.hpp>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/json_io.h"

namespace hullft {

void writeBenchSettings(const std::string& path, const BenchSettings& settings) {
    nlohmann::ordered_json queries = nlohmann::ordered_json::array();
    for (const BenchQuery& query : settings.queries) queries.push_back({{"id", query.id}, {"domain", query.domain}});
    const nlohmann::ordered_json json = {{"protocol", settings.protocol},
                                         {"environment", settings.environment},
                                         {"locations", settings.locations},
                                         {"queries", queries}};
    writeFileAtomically(path, json.dump(2) + "\n");
}

BenchSettings readBenchSettings(const std::string& path) {
    const nlohmann::json json = readJsonFile(path);
    BenchSettings settings;
    try {
        settings.protocol = json.at("protocol").get<std::map<std::string, std::string>>();
        settings.environment = json.at("environment").get<std::map<std::string, std::string>>();
        settings.locations = json.value("locations", std::map<std::string, std::string>{});
        for (const auto& query : json.at("queries"))
            settings.queries.push_back({query.at("id").get<std::string>(), query.at("domain").get<std::string>(), ""});
    } catch (const nlohmann::json::exception& e) {
        throw InputError(path, std::string("not a benchmark settings file: ") + e.what());
    }
    return settings;
}

std::vector<std::string> settingDifferences(const std::map<std::string, std::string>& saved,
                                            const std::map<std::string, std::string>& now) {
    std::map<std::string, std::pair<std::string, std::string>> keys;
    for (const auto& [key, value] : saved) keys[key].first = value;
    for (const auto& [key, value] : now) keys[key].second = value;
    std::vector<std::string> differences;
    for (const auto& [key, values] : keys) {
        const bool bothHave = saved.count(key) && now.count(key);
        if (bothHave && values.first == values.second) continue;
        differences.push_back(key + ": '" + (saved.count(key) ? values.first : "(absent)") + "' before, '" +
                              (now.count(key) ? values.second : "(absent)") + "' now");
    }
    return differences;
}

}  // namespace hullft
