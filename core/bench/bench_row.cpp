#include "bench/bench_row.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <vector>

#include "bench/csv_line.h"
#include "bench/number_format.h"
#include "common/errors.h"

namespace hullft {

namespace {

constexpr size_t kColumns = 15;

double number(const std::string& field, const std::string& column, const std::string& source) {
    char* end = nullptr;
    const double value = std::strtod(field.c_str(), &end);
    if (field.empty() || *end != '\0' || !std::isfinite(value))
        throw InputError(source, "column '" + column + "' is not a finite number: '" + field + "'");
    return value;
}

// strtoll saturates a number past its range (ERANGE), and `n` must fit an int.
int64_t integer(const std::string& field, const std::string& column, const std::string& source,
                int64_t maximum = std::numeric_limits<int64_t>::max()) {
    char* end = nullptr;
    errno = 0;
    const long long value = std::strtoll(field.c_str(), &end, 10);
    if (field.empty() || *end != '\0' || value < 0 || errno == ERANGE || value > maximum)
        throw InputError(source, "column '" + column + "' is not a non-negative integer up to " +
                                     std::to_string(maximum) + ": '" + field + "'");
    return value;
}

}  // namespace

const std::string& benchCsvHeader() {
    static const std::string header =
        "query,domain,method,n,bpb,base_bpb,selection_s,finetune_s,eval_s,total_s,computed_steps,reused_steps,distinct,"
        "mean_cosine,duplicate_groups";
    return header;
}

std::string benchRowToCsv(const BenchRow& row) {
    return csvLine({row.query, row.domain, row.method, std::to_string(row.n), formatNumber("%.10f", row.bpb),
                    formatNumber("%.10f", row.base_bpb), formatNumber("%.6f", row.selection_seconds),
                    formatNumber("%.6f", row.finetune_seconds), formatNumber("%.6f", row.eval_seconds),
                    formatNumber("%.6f", row.total_seconds), std::to_string(row.computed_steps),
                    std::to_string(row.reused_steps), std::to_string(row.distinct),
                    std::isnan(row.mean_cosine) ? std::string() : formatNumber("%.8f", row.mean_cosine),
                    std::to_string(row.duplicate_groups)});
}

BenchRow benchRowFromCsv(const std::string& line, const std::string& source) {
    std::vector<std::string> f;
    if (!splitCsvLine(line, f) || f.size() != kColumns)
        throw InputError(source, "expected " + std::to_string(kColumns) + " CSV fields (" + benchCsvHeader() + ")");
    BenchRow row;
    row.query = f[0];
    row.domain = f[1];
    row.method = f[2];
    row.n = static_cast<int>(integer(f[3], "n", source, std::numeric_limits<int>::max()));
    row.bpb = number(f[4], "bpb", source);
    row.base_bpb = number(f[5], "base_bpb", source);
    row.selection_seconds = number(f[6], "selection_s", source);
    row.finetune_seconds = number(f[7], "finetune_s", source);
    row.eval_seconds = number(f[8], "eval_s", source);
    row.total_seconds = number(f[9], "total_s", source);
    row.computed_steps = integer(f[10], "computed_steps", source);
    row.reused_steps = integer(f[11], "reused_steps", source);
    row.distinct = integer(f[12], "distinct", source);
    row.mean_cosine = f[13].empty() ? std::numeric_limits<double>::quiet_NaN() : number(f[13], "mean_cosine", source);
    row.duplicate_groups = integer(f[14], "duplicate_groups", source);
    return row;
}

}  // namespace hullft
