#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "common/errors.h"
#include "corpus/recipe.h"

namespace {
std::string writeRecipe(const QTemporaryDir& dir, const std::string& text) {
    const std::string path = dir.filePath("recipe.json").toStdString();
    std::ofstream(path) << text;
    return path;
}
const char* const kSource = R"({"packages": ["p"], "files": ["/x/[a-z]*"], "extractor": "plain", "licence": "MIT"})";
}  // namespace

class CorpusRecipeTest : public QObject {
    Q_OBJECT
private slots:
    void committed_recipe_has_at_least_ten_domains() {
        const hullft::CorpusRecipe recipe = hullft::loadCorpusRecipe(HULLFT_SOURCE_DIR "/resources/corpus/recipe.json");
        int required = 0;
        for (const auto& domain : recipe.domains) required += !domain.optional;
        QVERIFY(required >= 10);
        QCOMPARE(recipe.test_fraction, 0.02);
        QCOMPARE(recipe.min_test_documents, size_t(10));
        QCOMPARE(recipe.sha256.size(), size_t(64));
    }

    void valid_recipe_is_read_with_defaults_and_overrides() {
        QTemporaryDir dir;
        const std::string path = writeRecipe(dir, std::string(R"({"name": "r", "max_mb_per_domain": 3, "domains": [
            {"name": "code", "optional": true, "max_mb": 0.5, "sources": [)") + kSource + "]}]}");
        const hullft::CorpusRecipe recipe = hullft::loadCorpusRecipe(path);
        QCOMPARE(recipe.name, std::string("r"));
        QCOMPARE(recipe.max_mb_per_domain, 3.0);
        QCOMPARE(recipe.group_bytes, size_t(4096));
        QCOMPARE(recipe.min_test_documents, size_t(0));
        QCOMPARE(recipe.domains.size(), size_t(1));
        QVERIFY(recipe.domains[0].optional);
        QCOMPARE(recipe.domains[0].max_mb, 0.5);
        QVERIFY(recipe.domains[0].sources[0].extractor == hullft::ExtractorKind::Plain);
    }

    void invalid_recipe_is_refused_naming_the_field_data() {
        QTest::addColumn<QString>("recipe");
        QTest::addColumn<QString>("expected");
        const QString source = kSource;
        QTest::newRow("not json") << "{" << "malformed JSON";
        QTest::newRow("no name") << R"({"domains": []})" << "missing field 'name'";
        QTest::newRow("no domains") << R"({"name": "r", "domains": []})" << "domains: expected a non-empty array";
        QTest::newRow("bad domain name") << (R"({"name": "r", "domains": [{"name": "Bad Name", "sources": [)" + source + "]}]}")
                                         << "domains[0].name: 'Bad Name' must use only";
        QTest::newRow("duplicate domain") << (R"({"name": "r", "domains": [{"name": "a", "sources": [)" + source +
                                              R"(]}, {"name": "a", "sources": [)" + source + "]}]}")
                                          << "domains[1].name: duplicate domain 'a'";
        QTest::newRow("unknown extractor") << R"({"name": "r", "domains": [{"name": "a", "sources": [{"packages": [], "files": ["/x"], "extractor": "pdf", "licence": "MIT"}]}]})"
                                           << "domains[0].sources[0].extractor: unknown extractor 'pdf'";
        QTest::newRow("no files") << R"({"name": "r", "domains": [{"name": "a", "sources": [{"packages": [], "files": [], "extractor": "plain", "licence": "MIT"}]}]})"
                                  << "domains[0].sources[0].files: must not be empty";
        QTest::newRow("no licence") << R"({"name": "r", "domains": [{"name": "a", "sources": [{"packages": [], "files": ["/x"], "extractor": "plain"}]}]})"
                                    << "missing field 'licence'";
        QTest::newRow("bible without range") << R"({"name": "r", "domains": [{"name": "a", "sources": [{"packages": [], "files": ["/x"], "extractor": "bible", "licence": "PD"}]}]})"
                                             << "needs a passage range";
        QTest::newRow("negative cap") << (R"({"name": "r", "max_mb_per_domain": -1, "domains": [{"name": "a", "sources": [)" + source + "]}]}")
                                      << "max_mb_per_domain: expected a positive number";
        QTest::newRow("huge test fraction") << (R"({"name": "r", "test_fraction": 0.7, "domains": [{"name": "a", "sources": [)" + source + "]}]}")
                                            << "test_fraction: must be below 0.5";
        QTest::newRow("fractional test minimum") << (R"({"name": "r", "min_test_documents": 2.5, "domains": [{"name": "a", "sources": [)" + source + "]}]}")
                                                 << "min_test_documents: expected a whole number of documents, 0 or more, got 2.5";
        QTest::newRow("negative test minimum") << (R"({"name": "r", "min_test_documents": -1, "domains": [{"name": "a", "sources": [)" + source + "]}]}")
                                               << "min_test_documents: expected a whole number";
    }
    void invalid_recipe_is_refused_naming_the_field() {
        QFETCH(QString, recipe);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const std::string path = writeRecipe(dir, recipe.toStdString());
        try {
            hullft::loadCorpusRecipe(path);
            QFAIL("expected an InputError");
        } catch (const hullft::InputError& e) {
            QCOMPARE(e.source(), path);
            QVERIFY2(QString(e.what()).contains(expected), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(CorpusRecipeTest)
#include "corpus_recipe_test.moc"
