// `hullft select`: every golden case prints the reference's result; unusable cases exit 2 with
// nothing on stdout and one line on stderr that names the file and the problem (small
// variations of one valid case, written into a temporary folder).
#include <QtTest>

#include <algorithm>
#include <cmath>

#include "cli_runner.h"
#include "golden_expectations.h"

namespace {

// A valid hullft case: unit rows, d = 2, K = 3, N = 2.
const QByteArray kValidCase =
    R"({"kind": "hullft", "params": {"n": 2, "max_iter": 250, "tol": 1e-05, "swap_passes": 2},
        "pool": [[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]], "query": [0.8, 0.6]})";

QByteArray replaced(const QByteArray& from, const QByteArray& to) {
    QByteArray text = kValidCase;
    return text.replace(from, to);
}

// Writes `contents` as `name` in `dir` and returns the path.
QString writeCase(const QTemporaryDir& dir, const QString& name, const QByteArray& contents) {
    const QString path = dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly)) file.write(contents);
    return path;
}

QStringList sortedKeys(const nlohmann::json& object) {
    QStringList keys;
    for (const auto& item : object.items()) keys << QString::fromStdString(item.key());
    keys.sort();
    return keys;
}

}  // namespace

class SelectionCliTest : public QObject {
    Q_OBJECT

private slots:
    void cli_select_prints_reference_result_on_golden_cases_data() { addGoldenCaseRows(); }
    void cli_select_prints_reference_result_on_golden_cases() {
        QFETCH(QString, path);
        const CliResult result = runCli({"select", "--input", path});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QVERIFY(result.err.isEmpty());
        QVERIFY(result.out.endsWith('\n'));
        QCOMPARE(result.out.count('\n'), 1);

        const nlohmann::json golden = readGoldenJson(path);
        const nlohmann::json actual = nlohmann::json::parse(result.out.toStdString());
        QVERIFY(actual.is_object());
        QCOMPARE(sortedKeys(actual), sortedKeys(golden.at("expected")));
        const QString mismatch = mismatchWithExpected(golden.at("kind"), golden.at("expected"), actual);
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    }

    void valid_case_is_accepted() {
        QTemporaryDir dir;
        const QString path = writeCase(dir, "valid.json", kValidCase);
        const CliResult result = runCli({"select", "--input", path});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.startsWith(R"({"fw_indices":)"));
    }

    // K < N, as the reference allows: three candidates, N = 4.
    void fewer_candidates_than_n_are_accepted() {
        QTemporaryDir dir;
        const QString path = writeCase(dir, "k3_n4.json", replaced(R"("n": 2)", R"("n": 4)"));
        const CliResult result = runCli({"select", "--input", path});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const nlohmann::json printed = nlohmann::json::parse(result.out.toStdString());
        QCOMPARE(printed.at("multiset").size(), size_t(4));
        int counted = 0;
        for (const auto& pair : printed.at("counts")) counted += pair.at(1).get<int>();
        QCOMPARE(counted, 4);
    }

    // The hand-checked case of selection_fewer_candidates_test: K = 6, N = 20 gives counts 7, 7, 6
    // on the three axes around the query; kNN returns the 6 candidates, SIFT 20 picks.
    void six_candidates_and_twenty_steps_data() {
        QTest::addColumn<QString>("kind");
        QTest::newRow("hullft") << "hullft";
        QTest::newRow("knn") << "knn";
        QTest::newRow("sift") << "sift";
    }
    void six_candidates_and_twenty_steps() {
        QFETCH(QString, kind);
        nlohmann::json params = {{"n", 20}};
        if (kind == "hullft") params.update({{"max_iter", 250}, {"tol", 1e-5}, {"swap_passes", 2}});
        if (kind == "sift") params.update({{"lambda", 0.2}, {"also_query_opposite", true}});
        const nlohmann::json selectionCase = {
            {"kind", kind.toStdString()},
            {"params", params},
            {"pool", {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {-1, 0, 0}, {0, -1, 0}, {0, 0, -1}}},
            {"query", std::vector<double>(3, 1.0 / std::sqrt(3.0))}};
        QTemporaryDir dir;
        const QString path = writeCase(dir, "k6_n20.json", QByteArray::fromStdString(selectionCase.dump()));
        const CliResult result = runCli({"select", "--input", path});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const nlohmann::json printed = nlohmann::json::parse(result.out.toStdString());
        if (kind == "hullft") {
            QCOMPARE(printed.at("multiset").size(), size_t(20));
            std::vector<int> counts;
            for (const auto& pair : printed.at("counts")) counts.push_back(pair.at(1).get<int>());
            std::sort(counts.rbegin(), counts.rend());
            QCOMPARE(counts, (std::vector<int>{7, 7, 6}));
        } else if (kind == "knn") {
            QCOMPARE(printed.at("indices"), nlohmann::json({0, 1, 2, 3, 4, 5}));
        } else {
            QCOMPARE(printed.at("indices").size(), size_t(20));
        }
    }

    void bad_case_exits_2_with_one_line_naming_the_problem_data() {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<QString>("problem");
        QTest::newRow("malformed JSON") << kValidCase.left(60) << "malformed JSON";
        QTest::newRow("not an object") << QByteArray("[1, 2]") << "top level must be a JSON object";
        QTest::newRow("NaN in pool") << replaced("[1.0, 0.0]", "[NaN, 0.0]") << "non-finite number NaN";
        QTest::newRow("Infinity in query") << replaced("[0.8, 0.6]", "[Infinity, 0.6]") << "non-finite number Infinity";
        QTest::newRow("overflowing number") << replaced("[0.8, 0.6]", "[1e999, 0.6]") << "non-finite number: [json.exception.out_of_range.406] number overflow parsing '1e999'";
        QTest::newRow("ragged pool") << replaced("[0.0, 1.0]", "[0.0, 1.0, 0.0]")
                                     << "pool is ragged: row 1 has 3 values, row 0 has 2";
        QTest::newRow("empty pool") << replaced("[[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]]", "[]") << "pool is empty";
        QTest::newRow("empty pool row") << replaced("[1.0, 0.0]", "[]") << "pool row 0 is empty";
        QTest::newRow("text in pool") << replaced("[0.6, 0.8]", R"([0.6, "0.8"])") << "pool row 2, value 1 is not a number";
        QTest::newRow("d mismatch") << replaced("[0.8, 0.6]", "[0.8, 0.6, 0.0]")
                                    << "query has 3 values but pool rows have 2 (dimension mismatch)";
        QTest::newRow("non-unit row") << replaced("[0.6, 0.8]", "[0.6, 0.9]") << "pool row 2 has norm";
        QTest::newRow("N = 0") << replaced(R"("n": 2)", R"("n": 0)") << "params.n must be at least 1, got 0";
        QTest::newRow("N < 0") << replaced(R"("n": 2)", R"("n": -4)") << "params.n must be at least 1, got -4";
        QTest::newRow("N not an integer") << replaced(R"("n": 2)", R"("n": 2.5)") << "params.n must be an integer";
        QTest::newRow("unknown kind") << replaced(R"("hullft")", R"("random")")
                                      << "unknown kind 'random' (expected hullft, knn or sift)";
        QTest::newRow("missing kind") << replaced(R"("kind": "hullft",)", "") << "missing field kind";
        QTest::newRow("missing params") << replaced(R"("max_iter": 250, )", "") << "missing params.max_iter";
        QTest::newRow("missing sift lambda") << replaced(R"("hullft")", R"("sift")") << "missing params.lambda";
        QTest::newRow("negative tol") << replaced("1e-05", "-1") << "params.tol must be a finite non-negative number";
    }
    void bad_case_exits_2_with_one_line_naming_the_problem() {
        QFETCH(QByteArray, contents);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const QString path = writeCase(dir, "case.json", contents);

        const CliResult result = runCli({"select", "--input", path});
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.out.isEmpty());
        QCOMPARE(result.err.count('\n'), 1);
        QVERIFY(result.err.endsWith('\n'));
        const QString message = QString::fromUtf8(result.err);
        QVERIFY2(message.startsWith("hullft: " + path + ": "), qPrintable(message));
        QVERIFY2(message.contains(problem), qPrintable(message));
    }

    void missing_file_exits_2_naming_it() {
        const CliResult result = runCli({"select", "--input", "/nonexistent/case.json"});
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(result.err.count('\n'), 1);
        QVERIFY(result.err.contains("/nonexistent/case.json: cannot open for reading: No such file or directory"));
    }

    void missing_input_option_is_a_usage_error() {
        const CliResult result = runCli({"select"});
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.err.contains("missing required option --input"));
    }
};

QTEST_GUILESS_MAIN(SelectionCliTest)
#include "selection_cli_test.moc"
