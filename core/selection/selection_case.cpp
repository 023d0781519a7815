#include "selection/selection_case.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/errors.h"
#include "common/json_io.h"

namespace hullft {
namespace {

using Json = nlohmann::json;

std::string numberText(double value) {
    std::ostringstream text;
    text.precision(17);
    text << value;
    return text.str();
}

// Python's json writes NaN and Infinity, which are not JSON; say so instead of "syntax error".
// The parser never yields a non-finite number, so values need no finiteness check after it.
Json parseCase(const std::string& path) {
    const std::string text = readFileBytes(path);
    try {
        return Json::parse(text, depthLimit(path));
    } catch (const Json::parse_error& e) {
        const std::size_t at = e.byte > 0 ? e.byte - 1 : 0;
        for (const char* literal : {"NaN", "Infinity", "-Infinity"}) {
            const std::string word(literal);
            const std::size_t from = at >= word.size() ? at - word.size() : 0;
            if (text.find(word, from) <= at)
                throw InputError(path, "non-finite number " + word + " near byte " + std::to_string(e.byte) +
                                           ": values must be finite");
        }
        throw InputError(path, std::string("malformed JSON: ") + e.what());
    } catch (const Json::out_of_range& e) {  // a literal such as 1e999
        throw InputError(path, std::string("non-finite number: ") + e.what());
    }
}

class CaseReader {
public:
    CaseReader(std::string path, const Json& root) : path_(std::move(path)), root_(root) {
        if (!root_.is_object()) fail("the top level must be a JSON object");
    }

    [[noreturn]] void fail(const std::string& problem) const { throw InputError(path_, problem); }

    const Json& field(const Json& object, const std::string& name, const std::string& where) const {
        const auto it = object.find(name);
        if (it == object.end()) fail("missing " + where + name);
        return *it;
    }

    SelectionKind kind() const {
        const Json& kind = field(root_, "kind", "field ");
        if (!kind.is_string()) fail("kind must be a string");
        const std::string name = kind.get<std::string>();
        if (name == "hullft") return SelectionKind::Hullft;
        if (name == "knn") return SelectionKind::Knn;
        if (name == "sift") return SelectionKind::Sift;
        fail("unknown kind '" + name + "' (expected hullft, knn or sift)");
    }

    int integerParam(const std::string& name, int minimum) const {
        const Json& value = param(name);
        if (!value.is_number_integer()) fail("params." + name + " must be an integer, got " + value.dump());
        const auto number = value.get<int64_t>();
        if (number < minimum || number > 1000000000)
            fail("params." + name + " must be at least " + std::to_string(minimum) + ", got " + value.dump());
        return static_cast<int>(number);
    }

    double numberParam(const std::string& name, bool positive) const {
        const Json& value = param(name);
        if (!value.is_number()) fail("params." + name + " must be a number, got " + value.dump());
        const double number = value.get<double>();
        if (!std::isfinite(number) || number < 0.0 || (positive && number == 0.0))
            fail("params." + name + " must be a finite " + (positive ? "positive" : "non-negative") +
                 " number, got " + numberText(number));
        return number;
    }

    bool boolParam(const std::string& name) const {
        const Json& value = param(name);
        if (!value.is_boolean()) fail("params." + name + " must be true or false, got " + value.dump());
        return value.get<bool>();
    }

    std::vector<double> numbers(const Json& array, const std::string& what) const {
        if (!array.is_array()) fail(what + " must be an array of numbers");
        if (array.empty()) fail(what + " is empty");
        std::vector<double> values;
        values.reserve(array.size());
        for (std::size_t k = 0; k < array.size(); ++k) {
            if (!array[k].is_number()) fail(what + ", value " + std::to_string(k) + " is not a number");
            values.push_back(array[k].get<double>());
        }
        return values;
    }

    EmbeddingMatrix pool() const {
        const Json& rows = field(root_, "pool", "field ");
        if (!rows.is_array()) fail("pool must be an array of rows");
        if (rows.empty()) fail("pool is empty");
        std::vector<double> values;
        std::size_t d = 0;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const std::vector<double> row = numbers(rows[i], "pool row " + std::to_string(i));
            if (i == 0) d = row.size();
            if (row.size() != d)
                fail("pool is ragged: row " + std::to_string(i) + " has " + std::to_string(row.size()) +
                     " values, row 0 has " + std::to_string(d));
            values.insert(values.end(), row.begin(), row.end());
        }
        EmbeddingMatrix pool(rows.size(), d, values);
        for (std::size_t i = 0; i < pool.rows(); ++i)
            if (std::abs(pool.rowNorm(i) - 1.0) > kUnitNormTolerance)
                fail("pool row " + std::to_string(i) + " has norm " + numberText(pool.rowNorm(i)) +
                     ", rows must be unit norm (tolerance " + numberText(kUnitNormTolerance) + ")");
        return pool;
    }

    std::vector<double> query(std::size_t d) const {
        std::vector<double> query = numbers(field(root_, "query", "field "), "query");
        if (query.size() != d)
            fail("query has " + std::to_string(query.size()) + " values but pool rows have " + std::to_string(d) +
                 " (dimension mismatch)");
        return query;
    }

private:
    const Json& param(const std::string& name) const {
        const Json& params = field(root_, "params", "field ");
        if (!params.is_object()) fail("params must be a JSON object");
        return field(params, name, "params.");
    }

    std::string path_;
    const Json& root_;
};

}  // namespace

SelectionCase readSelectionCase(const std::string& path) {
    const Json root = parseCase(path);
    const CaseReader reader(path, root);
    SelectionCase selectionCase;
    selectionCase.kind = reader.kind();
    selectionCase.n = reader.integerParam("n", 1);
    if (selectionCase.kind == SelectionKind::Hullft) {
        selectionCase.hullft = {selectionCase.n, reader.integerParam("max_iter", 0), reader.numberParam("tol", false),
                                reader.integerParam("swap_passes", 0)};
    } else if (selectionCase.kind == SelectionKind::Sift) {
        selectionCase.sift = {selectionCase.n, reader.numberParam("lambda", true),
                              reader.boolParam("also_query_opposite")};
    }
    selectionCase.pool = reader.pool();
    selectionCase.query = reader.query(selectionCase.pool.cols());
    return selectionCase;
}

}  // namespace hullft
