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
    throw InputError(source, "unknown method '" + name + "' (base, knn, sift, hullft, hullft-noreuse, fw-pad)");
}

const std::vector<Method>& allMethods() {
    static const std::vector<Method> methods = {Method::Base, Method::Knn, Method::Sift,
                                                Method::Hullft, Method::HullftNoReuse, Method::FwPad};
    return methods;
}

}  // namespace hullft
