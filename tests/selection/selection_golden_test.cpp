// Every golden case (tests/data/golden, produced by the authors' reference code and activeft)
// through the library functions and through `hullft select`.
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "golden_expectations.h"
#include "selection/hullft_select.h"
#include "selection/knn.h"
#include "selection/selection_case.h"
#include "selection/sift.h"

using Json = nlohmann::json;

namespace {

const QString kGoldenDir = QStringLiteral(HULLFT_TEST_DATA_DIR "/golden");

Json readJson(const QString& path) {
    std::ifstream in(path.toStdString());
    return Json::parse(in);
}

// The library's result in the shape of "expected".
Json libraryResult(const hullft::SelectionCase& selectionCase) {
    using namespace hullft;
    switch (selectionCase.kind) {
        case SelectionKind::Hullft: {
            const HullftSelection selection = hullftSelect(selectionCase.pool, selectionCase.query, selectionCase.hullft);
            return {{"fw_indices", selection.reconstruction.support},
                    {"fw_weights", selection.reconstruction.weights},
                    {"multiset", selection.integerization.multiset},
                    {"counts", countByFirstAppearance(selection.integerization.multiset)}};
        }
        case SelectionKind::Knn: {
            const KnnResult result = knnSelect(selectionCase.pool, selectionCase.query, selectionCase.n);
            return {{"indices", result.indices}, {"scores", result.scores}};
        }
        case SelectionKind::Sift: {
            const SiftResult result = siftSelect(selectionCase.pool, selectionCase.query, selectionCase.sift);
            return {{"indices", result.indices}, {"values", result.values}};
        }
    }
    return {};
}

QStringList sortedKeys(const Json& object) {
    QStringList keys;
    for (const auto& item : object.items()) keys << QString::fromStdString(item.key());
    keys.sort();
    return keys;
}

}  // namespace

class SelectionGoldenTest : public QObject {
    Q_OBJECT

    void goldenRows() {
        QTest::addColumn<QString>("path");
        for (const QString& file : QDir(kGoldenDir).entryList({"*.json"}, QDir::Files, QDir::Name))
            QTest::newRow(qPrintable(file)) << kGoldenDir + "/" + file;
    }

private slots:
    void golden_cases_cover_every_kind() {
        QStringList kinds;
        const QStringList files = QDir(kGoldenDir).entryList({"*.json"}, QDir::Files);
        QCOMPARE(files.size(), 14);
        for (const QString& file : files) kinds << QString::fromStdString(readJson(kGoldenDir + "/" + file).at("kind"));
        kinds.removeDuplicates();
        kinds.sort();
        QCOMPARE(kinds, QStringList({"hullft", "knn", "sift"}));
    }

    void library_matches_reference_on_golden_cases_data() { goldenRows(); }
    void library_matches_reference_on_golden_cases() {
        QFETCH(QString, path);
        const Json golden = readJson(path);
        const Json actual = libraryResult(hullft::readSelectionCase(path.toStdString()));
        const QString mismatch = mismatchWithExpected(golden.at("kind"), golden.at("expected"), actual);
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    }

    void cli_select_prints_reference_result_on_golden_cases_data() { goldenRows(); }
    void cli_select_prints_reference_result_on_golden_cases() {
        QFETCH(QString, path);
        const CliResult result = runCli({"select", "--input", path});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QVERIFY(result.err.isEmpty());
        QVERIFY(result.out.endsWith('\n'));
        QCOMPARE(result.out.count('\n'), 1);

        const Json golden = readJson(path);
        const Json actual = Json::parse(result.out.toStdString());
        QVERIFY(actual.is_object());
        QCOMPARE(sortedKeys(actual), sortedKeys(golden.at("expected")));
        const QString mismatch = mismatchWithExpected(golden.at("kind"), golden.at("expected"), actual);
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    }
};

QTEST_GUILESS_MAIN(SelectionGoldenTest)
#include "selection_golden_test.moc"
