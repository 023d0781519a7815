// Every golden case (tests/data/golden, produced by the authors' reference code and activeft)
// through the library functions. Needs only hullft_selection, so the portable build (no x86
// clones) runs it too; selection_cli_test runs the cases through `hullft select`.
#include <QtTest>
#include <nlohmann/json.hpp>

#include "golden_expectations.h"
#include "selection/hullft_select.h"
#include "selection/knn.h"
#include "selection/selection_case.h"
#include "selection/sift.h"

using Json = nlohmann::json;

namespace {

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

}  // namespace

class SelectionGoldenTest : public QObject {
    Q_OBJECT

private slots:
    void golden_cases_cover_every_kind() {
        QStringList kinds;
        const QStringList files = QDir(kGoldenDir).entryList({"*.json"}, QDir::Files);
        QCOMPARE(files.size(), 14);
        for (const QString& file : files) kinds << QString::fromStdString(readGoldenJson(kGoldenDir + "/" + file).at("kind"));
        kinds.removeDuplicates();
        kinds.sort();
        QCOMPARE(kinds, QStringList({"hullft", "knn", "sift"}));
    }

    void library_matches_reference_on_golden_cases_data() { addGoldenCaseRows(); }
    void library_matches_reference_on_golden_cases() {
        QFETCH(QString, path);
        const Json golden = readGoldenJson(path);
        const Json actual = libraryResult(hullft::readSelectionCase(path.toStdString()));
        const QString mismatch = mismatchWithExpected(golden.at("kind"), golden.at("expected"), actual);
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    }
};

QTEST_GUILESS_MAIN(SelectionGoldenTest)
#include "selection_golden_test.moc"
