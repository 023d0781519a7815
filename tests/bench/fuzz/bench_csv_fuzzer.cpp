// libFuzzer target of the benchmark's results.csv (readBenchRows; BenchResultsFile parses it the
// same way when a run resumes): any bytes, written as a results file, may only ever give
// InputError (the file named as unusable input). A row that reads must also read back from what
// benchRowToCsv() writes of it (as resumed and merged runs do) with the same text fields and
// counts, and the same numbers to the decimals written. Any other exception, a crash, a hang or
// a sanitizer report is a bug.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/bench_results_file.h"
#include "bench/bench_row.h"
#include "fuzz_input_file.h"
#include "only_input_errors.h"

namespace {

// Equal to the decimals benchRowToCsv() writes (6 of seconds, at most 10 of the rest); both NaN
// for the cosine of fewer than two sequences.
bool sameToWrittenDecimals(double read, double reread) {
    if (std::isnan(read) || std::isnan(reread)) return std::isnan(read) && std::isnan(reread);
    return std::abs(read - reread) <= 1e-6 * std::max(1.0, std::abs(read));
}

void requireReadsBackAsWritten(const hullft::BenchRow& row) {
    const std::string written = hullft::benchRowToCsv(row);
    const hullft::BenchRow back = hullft::benchRowFromCsv(written, "written");
    const bool same = back.query == row.query && back.domain == row.domain && back.method == row.method &&
                      back.n == row.n && back.computed_steps == row.computed_steps &&
                      back.reused_steps == row.reused_steps && back.distinct == row.distinct &&
                      back.duplicate_groups == row.duplicate_groups &&
                      sameToWrittenDecimals(row.bpb, back.bpb) &&
                      sameToWrittenDecimals(row.base_bpb, back.base_bpb) &&
                      sameToWrittenDecimals(row.selection_seconds, back.selection_seconds) &&
                      sameToWrittenDecimals(row.finetune_seconds, back.finetune_seconds) &&
                      sameToWrittenDecimals(row.eval_seconds, back.eval_seconds) &&
                      sameToWrittenDecimals(row.total_seconds, back.total_seconds) &&
                      sameToWrittenDecimals(row.mean_cosine, back.mean_cosine);
    if (!same) {
        std::fprintf(stderr, "a row does not read back as written: %s\n", written.c_str());
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace hullft::fuzzing;
    static const FuzzInputFolder folder;
    const std::string path = folder.write("results.csv", data, size);
    onlyInputErrors([&] {
        for (const hullft::BenchRow& row : hullft::readBenchRows(path)) requireReadsBackAsWritten(row);
    });
    return 0;
}
