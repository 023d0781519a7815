#include "pipeline/method.h"

#include "common/errors.h"

namespace hullft {

namespace {
struct MethodName {
    Method method;
    const char* name;
};
constexpr MethodName kNames[] = {
    {Method::Base, "base"},     {Method::Knn, "knn"},
    {Method::Sift, "sift"},     {Method::Hullft, "hullft"},
    {Method::HullftNoReuse, "hullft-noreuse"}, {Method::FwPad, "fw-pad"},
};
}  // namespace

std::string methodName(Method method) {
    for (const auto& entry : kNames)
        if (entry.method == method) return entry.name;
    return "unknown";
}

Method parseMethod(const std::string& name, const std::string& source) {
    for (const auto& entry : kNames)
        if (name == entry.name) return entry.method;
    std::string names;
    for (const auto& entry : kNames) names += std::string(names.empty() ? "" : ", ") + entry.name;
    throw InputError(source, "unknown method '" + name + "' (" + names + ")");
}

const std::vector<Method>& allMethods() {
    static const std::vector<Method> methods = [] {
        std::vector<Method> all;
        for (const auto& entry : kNames) all.push_back(entry.method);
        return all;
    }();
    return methods;
}

const std::vector<Method>& comparedMethods() {
    static const std::vector<Method> methods = {Method::Base, Method::Knn, Method::Sift, Method::Hullft};
    return methods;
}

}  // namespace hullft
