#pragma once

#include <nlohmann/json.hpp>
#include <cmath>
#include <string>
#include <string_view>

#include "common/errors.h"

namespace hullft {

// Deepest nesting any of our JSON inputs needs (tokenizer.json nests 6 deep); deeper input is
// refused before it is built, so a hostile "[[[[..." cannot exhaust the stack.
inline constexpr int kMaxJsonDepth = 64;

// A parser callback that refuses nesting deeper than `maxDepth` (InputError naming `source`)
// as the parser meets it, for parsers that need nlohmann's own errors otherwise.
nlohmann::json::parser_callback_t depthLimit(const std::string& source, int maxDepth = kMaxJsonDepth);

// Parses `text`; InputError names `source` and the parse position, or the depth limit.
nlohmann::json parseJson(std::string_view text, const std::string& source, int maxDepth = kMaxJsonDepth);

// Reads and parses a JSON file (parseJson's rules).
nlohmann::json readJsonFile(const std::string& path);

// Reads a whole file as bytes: InputError if it does not exist, IoError if it cannot be read.
std::string readFileBytes(const std::string& path);

// Error (exit 1) naming `what` and the JSON pointer of the first number in `value` that is NaN
// or infinite: JSON has neither, and nlohmann writes null where the number belongs, which a reader
// would take for a missing value, or average as one. Results are checked before they are printed.
template <class Json>
void requireFiniteNumbers(const Json& value, const std::string& what, const std::string& pointer = "") {
    if (value.is_number_float() && !std::isfinite(value.template get<double>()))
        throw Error(what + ": the result has a non-finite number at " + (pointer.empty() ? "/" : pointer) +
                    " (a value overflowed or is undefined); nothing was printed");
    if (value.is_array())
        for (size_t i = 0; i < value.size(); ++i) requireFiniteNumbers(value[i], what, pointer + "/" + std::to_string(i));
    if (value.is_object())
        for (auto member = value.begin(); member != value.end(); ++member)
            requireFiniteNumbers(member.value(), what, pointer + "/" + member.key());
}

}  // namespace hullft
