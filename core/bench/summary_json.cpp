#include "bench/summary_json.h"

#include <cmath>

#include "common/json_io.h"

namespace hullft {
namespace {

void dropStatisticsOfNoValues(nlohmann::ordered_json& value) {
    if (value.is_array())
        for (nlohmann::ordered_json& item : value) dropStatisticsOfNoValues(item);
    if (!value.is_object()) return;
    for (auto member = value.begin(); member != value.end();) {
        if (member->is_number_float() && std::isnan(member->get<double>())) {
            member = value.erase(member);
            continue;
        }
        dropStatisticsOfNoValues(*member);
        ++member;
    }
}

}  // namespace

std::string summaryJsonText(nlohmann::ordered_json document, const std::string& what) {
    dropStatisticsOfNoValues(document);
    requireFiniteNumbers(document, what);
    return document.dump(2);
}

}  // namespace hullft
