#include "bench/stream_row.h"

#include <stdexcept>
#include <vector>

#include "bench/csv_line.h"
#include "bench/number_format.h"

namespace hullft {

size_t streamStageIndex(const std::string& stage) {
    for (size_t index = 0; index < kStreamStages.size(); ++index)
        if (stage == kStreamStages[index]) return index;
    throw std::out_of_range("no stream stage '" + stage + "'");
}

const std::string& streamCsvHeader() {
    static const std::string header = [] {
        std::string text = "position,query,domain,pass";
        for (const char* stage : kStreamStages) text += std::string(",") + stage + "_s";
        return text +
               ",computed_steps,reused_steps,base_bpb,bpb,gradient_bytes,cache_bytes,gpu_finetune_peak_bytes";
    }();
    return header;
}

std::string streamRowToCsv(const StreamRow& row) {
    std::vector<std::string> fields{std::to_string(row.position), row.query, row.domain,
                                    std::to_string(row.pass)};
    for (const double seconds : row.seconds) fields.push_back(formatNumber("%.6f", seconds));
    fields.push_back(std::to_string(row.computed_steps));
    fields.push_back(std::to_string(row.reused_steps));
    fields.push_back(formatNumber("%.10f", row.base_bpb));
    fields.push_back(formatNumber("%.10f", row.bpb));
    fields.push_back(std::to_string(row.gradient_bytes));
    fields.push_back(std::to_string(row.cache_bytes));
    fields.push_back(row.gpu_finetune_peak_bytes ? std::to_string(*row.gpu_finetune_peak_bytes)
                                                 : std::string());
    return csvLine(fields);
}

}  // namespace hullft
