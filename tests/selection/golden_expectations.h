#pragma once

#include <QDir>
#include <QString>
#include <QStringList>
#include <QTest>
#include <fstream>
#include <cmath>
#include <nlohmann/json.hpp>
#include <vector>

// Comparisons of a selection result with a golden case's "expected" (tests/data/golden/README.md).
// Each returns an empty string when the values agree, else what differs.

// Tolerances from the golden README: weights 1e-9 relative, SIFT values 1e-4. kNN scores are
// float32 sums taken in the reference's order, so they must agree bit for bit.
inline constexpr double kWeightRelativeTolerance = 1e-9;
inline constexpr double kSiftValueTolerance = 1e-4;
inline constexpr double kKnnScoreTolerance = 0.0;

// Index lists, multisets and counts must be equal.
inline QString mismatchExact(const char* key, const nlohmann::json& expected, const nlohmann::json& actual) {
    if (expected.at(key) == actual) return {};
    return QString("%1: expected %2, got %3")
        .arg(key, QString::fromStdString(expected.at(key).dump()), QString::fromStdString(actual.dump()));
}

// |actual - expected| <= relative * |expected| + absolute, element by element.
inline QString mismatchClose(const char* key, const nlohmann::json& expected, const std::vector<double>& actual,
                             double relative, double absolute) {
    const auto wanted = expected.at(key).get<std::vector<double>>();
    if (wanted.size() != actual.size())
        return QString("%1: expected %2 values, got %3").arg(key).arg(wanted.size()).arg(actual.size());
    for (std::size_t i = 0; i < wanted.size(); ++i)
        if (!(std::abs(actual[i] - wanted[i]) <= relative * std::abs(wanted[i]) + absolute))
            return QString("%1[%2]: expected %3, got %4")
                .arg(key)
                .arg(i)
                .arg(wanted[i], 0, 'g', 17)
                .arg(actual[i], 0, 'g', 17);
    return {};
}

// The first mismatch of a result (in the CLI's JSON shape) against "expected", or empty.
inline QString mismatchWithExpected(const std::string& kind, const nlohmann::json& expected,
                                    const nlohmann::json& actual) {
    const auto numbers = [&](const char* key) { return actual.at(key).get<std::vector<double>>(); };
    QStringList problems;
    if (kind == "hullft") {
        problems << mismatchExact("fw_indices", expected, actual.at("fw_indices"))
                 << mismatchClose("fw_weights", expected, numbers("fw_weights"), kWeightRelativeTolerance, 0.0)
                 << mismatchExact("multiset", expected, actual.at("multiset"))
                 << mismatchExact("counts", expected, actual.at("counts"));
    } else if (kind == "knn") {
        problems << mismatchExact("indices", expected, actual.at("indices"))
                 << mismatchClose("scores", expected, numbers("scores"), 0.0, kKnnScoreTolerance);
    } else {
        problems << mismatchExact("indices", expected, actual.at("indices"))
                 << mismatchClose("values", expected, numbers("values"), 0.0, kSiftValueTolerance);
    }
    problems.removeAll(QString());
    return problems.join("; ");
}

// The golden cases (tests/data/golden) and their JSON.
inline const QString kGoldenDir = QStringLiteral(HULLFT_TEST_DATA_DIR "/golden");

inline nlohmann::json readGoldenJson(const QString& path) {
    std::ifstream in(path.toStdString());
    return nlohmann::json::parse(in);
}

// One data row per golden case: column "path".
inline void addGoldenCaseRows() {
    QTest::addColumn<QString>("path");
    for (const QString& file : QDir(kGoldenDir).entryList({"*.json"}, QDir::Files, QDir::Name))
        QTest::newRow(qPrintable(file)) << kGoldenDir + "/" + file;
}
