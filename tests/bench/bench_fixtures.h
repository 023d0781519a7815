// The held-out split and file readers that the `hullft bench` tests share.
#pragma once

#include <QString>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "store_fixtures.h"

namespace bench_fixtures {

inline std::string readText(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

inline std::vector<std::vector<std::string>> csvRows(const QString& path) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream lines(readText(path));
    for (std::string line; std::getline(lines, line);) {
        std::vector<std::string> fields;
        std::istringstream cells(line);
        for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
        rows.push_back(fields);
    }
    return rows;
}

// The rows of a results.csv (header included) without the four timing columns (selection_s,
// finetune_s, eval_s, total_s), the only ones that differ between two runs of one sweep.
inline std::vector<std::vector<std::string>> rowsWithoutTimings(const QString& path) {
    std::vector<std::vector<std::string>> rows = csvRows(path);
    for (auto& row : rows)
        if (row.size() == 15) row.erase(row.begin() + 6, row.begin() + 10);
    return rows;
}

// "" when the two tables are equal, else the first differing row of each (for failure messages).
inline std::string firstDifference(const std::vector<std::vector<std::string>>& a, const std::vector<std::vector<std::string>>& b) {
    const auto join = [](const std::vector<std::string>& row) {
        std::string line;
        for (const std::string& cell : row) line += (line.empty() ? "" : ",") + cell;
        return line;
    };
    for (size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
        const std::string left = i < a.size() ? join(a[i]) : "(none)", right = i < b.size() ? join(b[i]) : "(none)";
        if (left != right) return "row " + std::to_string(i) + ":\n  " + left + "\n  " + right;
    }
    return "";
}

// Two documents per held-out domain; the benchmark takes the smaller id of each.
inline void writeTestSplit(const QString& corpus, std::vector<std::string>& firstIds) {
    std::string split;
    for (const char* domain : {"beta", "alpha"}) {
        std::vector<std::string> ids;
        for (int i = 0; i < 2; ++i) {
            hullft::Document d;
            d.domain = domain;
            d.package = std::string("pkg-") + domain;
            d.package_version = "1.0";
            d.path = "/usr/share/held-out/" + d.domain + "/" + std::to_string(i);
            d.licence = "CC0";
            d.id = hullft::documentId(d.package, d.path, d.part);
            d.text = store_fixtures::documentText(100 + static_cast<uint64_t>(i) + (d.domain == "beta" ? 10 : 0), 300);
            d.sha256 = hullft::sha256Hex(d.text);
            split += hullft::documentToJsonLine(d);
            ids.push_back(d.id);
        }
        firstIds.push_back(std::min(ids[0], ids[1]));
    }
    std::swap(firstIds[0], firstIds[1]);  // alpha first: domains run in name order
    std::ofstream((corpus + "/test.jsonl").toStdString(), std::ios::binary) << split;
}

}  // namespace bench_fixtures

