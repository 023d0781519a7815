#include <QDir>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "common/errors.h"
#include "common/json_io.h"
#include "common/sha256.h"
#include "corpus/corpus_builder.h"
#include "corpus/corpus_manifest.h"
#include "corpus/document.h"

namespace {
const std::string kData = HULLFT_TEST_DATA_DIR "/datastore";

// A recipe over the committed fixtures; `extra` adds domains.
std::string fixtureRecipe(const QTemporaryDir& dir, double testFraction, const std::string& extra = "",
                          int minTestDocuments = 0) {
    const std::string path = dir.filePath("recipe.json").toStdString();
    std::ofstream(path) << R"({"name": "fixtures", "test_fraction": )" << testFraction << R"(, "min_test_documents": )"
                        << minTestDocuments << R"(, "group_bytes": 40, "domains": [
      {"name": "texts", "sources": [
        {"packages": [], "files": [")" << kData << R"(/plain/[a-z].txt", ")" << kData << R"(/bad/[a-z]*"], "extractor": "plain", "licence": "CC0"},
        {"packages": [], "files": [")" << kData << R"(/gz/[a-z]*.gz"], "extractor": "gzip", "licence": "CC0"}]},
      {"name": "glossary", "sources": [
        {"packages": [], "files": [")" << kData << R"(/tiny.dict.dz"], "extractor": "dictd", "licence": "GPL-2+"},
        {"packages": [], "files": [")" << kData << R"(/fortunes/[a-z]*"], "extractor": "fortune", "licence": "BSD"}]},
      {"name": "docs", "sources": [
        {"packages": [], "files": [")" << kData << R"(/man/[a-z]*.gz"], "extractor": "man", "licence": "GPL"},
        {"packages": [], "files": [")" << kData << R"(/html/[a-z]*.html"], "extractor": "html", "licence": "GPL"}]})"
                        << extra << "]}";
    return path;
}

// One domain whose source names package "owner" and matches every fixture text file.
std::string ownedFilesRecipe(const QTemporaryDir& dir) {
    const std::string path = dir.filePath("recipe.json").toStdString();
    std::ofstream(path) << R"({"name": "owned", "test_fraction": 1e-9, "domains": [{"name": "texts", "sources": [
        {"packages": ["owner"], "files": [")" << kData << R"(/plain/[a-z].txt"], "extractor": "plain", "licence": "CC0"}]}]})";
    return path;
}

std::vector<nlohmann::json> readLines(const std::string& path) {
    std::vector<nlohmann::json> lines;
    std::istringstream in(hullft::readFileBytes(path));
    for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
    return lines;
}

hullft::CorpusReport build(const std::string& recipe, const std::string& out, double capMb = 0) {
    return hullft::buildCorpus({recipe, out, capMb}, nullptr, nullptr);
}
}  // namespace

class CorpusBuilderTest : public QObject {
    Q_OBJECT
private slots:
    void bad_inputs_are_skipped_repaired_or_deduplicated_and_counted() {
        QTemporaryDir dir;
        const hullft::CorpusReport report = build(fixtureRecipe(dir, 0.02), dir.filePath("out").toStdString());
        QCOMPARE(report.domains.size(), size_t(3));
        const hullft::DomainReport& texts = report.domains[0];
        QCOMPARE(texts.files, int64_t(7));
        QCOMPARE(texts.binary, int64_t(1));
        QCOMPARE(texts.empty, int64_t(1));
        QCOMPARE(texts.repaired, int64_t(1));
        QCOMPARE(texts.duplicates, int64_t(1));
        QCOMPARE(texts.giant_lines, int64_t(1));
        QCOMPARE(texts.documents_train + texts.documents_test, int64_t(4));  // a.txt (b.txt repeats it), latin1, giant line, notes
    }

    void documents_carry_provenance_and_ids_are_deterministic() {
        QTemporaryDir dir;
        const std::string recipe = fixtureRecipe(dir, 0.02);
        build(recipe, dir.filePath("one").toStdString());
        build(recipe, dir.filePath("two").toStdString());
        const std::string one = hullft::readFileBytes(dir.filePath("one/train.jsonl").toStdString());
        QCOMPARE(one, hullft::readFileBytes(dir.filePath("two/train.jsonl").toStdString()));
        const auto documents = readLines(dir.filePath("one/train.jsonl").toStdString());
        QVERIFY(documents.size() >= 6);
        std::set<std::string> ids;
        for (const auto& d : documents) {
            const std::string text = d.at("text");
            QCOMPARE(d.at("sha256").get<std::string>(), hullft::sha256Hex(text));
            QCOMPARE(d.at("id").get<std::string>(),
                     hullft::documentId(d.at("package"), d.at("path"), d.at("part")));
            QVERIFY(!d.at("licence").get<std::string>().empty());
            QVERIFY(d.at("path").get<std::string>().rfind(kData, 0) == 0);
            QVERIFY(ids.insert(d.at("id")).second);
        }
        const hullft::CorpusManifest manifest = hullft::readCorpusManifest(dir.filePath("one").toStdString());
        QCOMPARE(manifest.train_sha256, hullft::sha256Hex(one));
        QCOMPARE(manifest.report.at("domains").at("docs").at("documents_train").get<int>() +
                     manifest.report.at("domains").at("docs").at("documents_test").get<int>(), 2);
    }

    void held_out_split_follows_the_id_hash() {
        QTemporaryDir dir;
        build(fixtureRecipe(dir, 0.4), dir.filePath("out").toStdString());
        const auto train = readLines(dir.filePath("out/train.jsonl").toStdString());
        const auto test = readLines(dir.filePath("out/test.jsonl").toStdString());
        QVERIFY(!train.empty());
        QVERIFY(!test.empty());
        for (const auto& d : train) QVERIFY(!hullft::isHeldOut(d.at("id"), 0.4));
        for (const auto& d : test) QVERIFY(hullft::isHeldOut(d.at("id"), 0.4));
    }

    void held_out_fraction_is_close_to_the_target() {
        int held = 0;
        for (int i = 0; i < 20000; ++i) held += hullft::isHeldOut(hullft::documentId("p", "/f", std::to_string(i)), 0.02);
        QVERIFY2(held > 320 && held < 480, std::to_string(held).c_str());
    }

    void domain_cap_limits_the_text_taken() {
        QTemporaryDir dir;
        const hullft::CorpusReport report = build(fixtureRecipe(dir, 0.02), dir.filePath("out").toStdString(), 0.00001);
        for (const auto& domain : report.domains) QCOMPARE(domain.documents_train + domain.documents_test, int64_t(1));
    }

    // Past its cap a domain whose held-out split is short reads on, and every further document is
    // held out: the train split (what stores and pretraining read) is the same as without it.
    void a_short_held_out_split_is_topped_up_past_the_cap() {
        QTemporaryDir dir;
        const double capMb = 0.00001;  // one document per domain
        build(fixtureRecipe(dir, 1e-9), dir.filePath("plain").toStdString(), capMb);
        QTemporaryDir topped;
        const hullft::CorpusReport report = build(fixtureRecipe(topped, 1e-9, "", 3), topped.filePath("out").toStdString(), capMb);
        QCOMPARE(hullft::readFileBytes(topped.filePath("out/train.jsonl").toStdString()),
                 hullft::readFileBytes(dir.filePath("plain/train.jsonl").toStdString()));
        QVERIFY(readLines(dir.filePath("plain/test.jsonl").toStdString()).empty());
        std::map<std::string, int> heldOut;
        std::set<std::string> trainIds;
        for (const auto& d : readLines(topped.filePath("out/train.jsonl").toStdString())) trainIds.insert(d.at("id"));
        for (const auto& d : readLines(topped.filePath("out/test.jsonl").toStdString())) {
            ++heldOut[d.at("domain")];
            QVERIFY(!trainIds.count(d.at("id")));
        }
        for (const hullft::DomainReport& domain : report.domains) {
            QCOMPARE(domain.documents_train, int64_t(1));
            QCOMPARE(domain.documents_test, domain.documents_test_past_cap);
            QCOMPARE(int64_t(heldOut[domain.name]), domain.documents_test);
        }
        QCOMPARE(report.domains[0].documents_test, int64_t(3));  // texts: 4 usable documents, 1 in train
        QCOMPARE(report.domains[2].documents_test, int64_t(1));  // docs: 2 documents, so its files run out
        const hullft::CorpusManifest manifest = hullft::readCorpusManifest(topped.filePath("out").toStdString());
        QCOMPARE(manifest.report.at("domains").at("texts").at("documents_test_past_cap").get<int>(), 3);
    }

    // A source that names packages reads only the files they own (per dpkg's lists), so other
    // installed packages cannot change the corpus.
    void a_source_takes_only_the_files_its_packages_own() {
        QTemporaryDir dir;
        const QString dpkg = dir.filePath("dpkg");
        QDir().mkpath(dpkg + "/info");
        std::ofstream(QString(dpkg + "/info/owner:amd64.list").toStdString()) << kData << "/plain/a.txt\n";
        std::ofstream(QString(dpkg + "/info/other.list").toStdString()) << kData << "/plain/b.txt\n";
        std::ofstream(QString(dpkg + "/status").toStdString())
            << "Package: owner\nStatus: install ok installed\nVersion: 1.0\n\n"
            << "Package: other\nStatus: install ok installed\nVersion: 2.0\n\n";
        const std::string recipe = ownedFilesRecipe(dir);
        hullft::CorpusBuildOptions options{recipe, dir.filePath("out").toStdString()};
        options.dpkg_dir = dpkg.toStdString();
        const hullft::CorpusReport report = hullft::buildCorpus(options, nullptr, nullptr);
        QCOMPARE(report.domains.front().files, int64_t(1));
        const std::vector<nlohmann::json> documents = readLines(dir.filePath("out/train.jsonl").toStdString());
        QCOMPARE(documents.size(), size_t(1));
        QCOMPARE(documents.front()["package"].get<std::string>(), std::string("owner"));
        QCOMPARE(documents.front()["package_version"].get<std::string>(), std::string("1.0"));
    }

    void missing_required_package_is_an_error_and_optional_domain_is_skipped() {
        QTemporaryDir dir;
        const std::string optional = R"(, {"name": "extra", "optional": true, "sources": [{"packages": ["hullft-no-such-package"], "files": ["/x"], "extractor": "plain", "licence": "x"}]})";
        const hullft::CorpusReport report = build(fixtureRecipe(dir, 0.02, optional), dir.filePath("out").toStdString());
        QVERIFY(report.domains.back().skipped.find("hullft-no-such-package") != std::string::npos);
        QTemporaryDir dir2;
        const std::string required = R"(, {"name": "extra", "sources": [{"packages": ["hullft-no-such-package"], "files": ["/x"], "extractor": "plain", "licence": "x"}]})";
        try {
            build(fixtureRecipe(dir2, 0.02, required), dir2.filePath("out").toStdString());
            QFAIL("expected an InputError");
        } catch (const hullft::InputError& e) {
            QVERIFY2(QString(e.what()).contains("not installed: hullft-no-such-package"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(CorpusBuilderTest)
#include "corpus_builder_test.moc"
