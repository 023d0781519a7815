#include <QtTest>

#include "common/errors.h"
#include "common/utf8.h"
#include "corpus/dictd_reader.h"
#include "corpus/document_text.h"
#include "corpus/gzip_reader.h"
#include "corpus/html_text.h"
#include "corpus/text_extractor.h"

namespace {
const std::string kData = HULLFT_TEST_DATA_DIR "/datastore/";

hullft::CorpusSource source(hullft::ExtractorKind kind) {
    hullft::CorpusSource s;
    s.extractor = kind;
    s.licence = "test";
    return s;
}
}  // namespace

class CorpusExtractorTest : public QObject {
    Q_OBJECT
private slots:
    void dictd_base64_numbers_decode() {
        QCOMPARE(hullft::decodeDictdNumber("A", "t"), size_t(0));
        QCOMPARE(hullft::decodeDictdNumber("BQ", "t"), size_t(80));
        QCOMPARE(hullft::decodeDictdNumber("Gb9L", "t"), size_t(6 * 64 * 64 * 64 + 27 * 64 * 64 + 61 * 64 + 11));
        QVERIFY_THROWS_EXCEPTION(hullft::InputError, hullft::decodeDictdNumber("A*", "t"));
    }

    void dictd_entries_skip_metadata_and_merge_shared_headwords() {
        const auto entries = hullft::readDictdEntries(kData + "tiny.dict.dz");
        QCOMPARE(entries.size(), size_t(3));
        QCOMPARE(entries[0].headword, std::string("apple"));
        QVERIFY(entries[1].text.find("elongated curved fruit") != std::string::npos);
        QCOMPARE(entries[2].headword, std::string("cherry"));
    }

    void dictd_extractor_groups_entries_into_parts() {
        hullft::CorpusSource dictd = source(hullft::ExtractorKind::Dictd);
        const auto grouped = hullft::extractText(dictd, kData + "tiny.dict.dz", 4096);
        QCOMPARE(grouped.size(), size_t(1));
        QCOMPARE(grouped[0].part, std::string("apple @30"));
        const auto single = hullft::extractText(dictd, kData + "tiny.dict.dz", 1);
        QCOMPARE(single.size(), size_t(3));
        QCOMPARE(single[2].part, std::string("cherry @120"));
    }

    void fortune_file_splits_on_percent_lines_and_drops_empty_records() {
        const auto fortunes = hullft::splitFortunes("A\n%\nB\nC\n%\n  \n%\nD\n");
        QCOMPARE(fortunes.size(), size_t(3));
        QCOMPARE(fortunes[1], std::string("B\nC\n"));
        const auto parts = hullft::extractText(source(hullft::ExtractorKind::Fortune), kData + "fortunes/tiny", 1);
        QCOMPARE(parts.size(), size_t(3));
        QCOMPARE(parts[0].part, std::string("fortune 1"));
        QCOMPARE(parts[1].bytes, std::string("Second fortune,\n  two lines.\n"));
    }

    void man_page_is_rendered_as_plain_text() {
        const auto parts = hullft::extractText(source(hullft::ExtractorKind::Man), kData + "man/tiny.1.gz", 4096);
        QCOMPARE(parts.size(), size_t(1));
        const std::string& text = parts[0].bytes;
        QVERIFY2(text.find("tiny - a tiny test program") != std::string::npos, text.c_str());
        QVERIFY(text.find("does nothing at all, quietly.") != std::string::npos);
        QVERIFY(text.find('\b') == std::string::npos);
        QVERIFY(text.find(".SH") == std::string::npos);
    }

    void pod_is_rendered_with_pod2text() {
        const auto parts = hullft::extractText(source(hullft::ExtractorKind::Pod), kData + "pod/tiny.pod", 4096);
        QVERIFY(parts[0].bytes.find("tiny - a tiny POD page") != std::string::npos);
        QVERIFY(parts[0].bytes.find("=head1") == std::string::npos);
    }

    void failing_program_is_an_error_naming_it() {
        try {
            hullft::extractText(source(hullft::ExtractorKind::Pod), kData + "does-not-exist.pod", 4096);
            QFAIL("expected an error");
        } catch (const hullft::Error& e) {
            QVERIFY2(QString(e.what()).contains("pod2text"), e.what());
        }
    }

    void html_is_stripped_with_entities_and_pre_kept() {
        const std::string text = hullft::htmlToText(
            "<html><head><title>T</title></head><body><script>var x=1;</script><h1>Title &amp; more</h1>"
            "<p>First   paragraph\nwraps here.</p><p>Caf&eacute; &#x263A;</p><pre>  indented\n    code</pre></body></html>");
        QVERIFY2(text.find("Title & more\n") != std::string::npos, text.c_str());
        QVERIFY(text.find("First paragraph wraps here.") != std::string::npos);
        QVERIFY(text.find("Caf\xC3\xA9 \xE2\x98\xBA") != std::string::npos);
        QVERIFY(text.find("  indented\n    code") != std::string::npos);
        QVERIFY(text.find("var x") == std::string::npos);
        QVERIFY(text.find('<') == std::string::npos);
        const auto parts = hullft::extractText(source(hullft::ExtractorKind::Html), kData + "html/page.html", 4096);
        QVERIFY(parts[0].bytes.find("Title & more") != std::string::npos);
    }

    void gzip_with_several_members_is_read_whole() {
        const auto parts = hullft::extractText(source(hullft::ExtractorKind::Gzip), kData + "gz/notes.txt.gz", 4096);
        QCOMPARE(parts[0].bytes, std::string("first member\nsecond member\n"));
        QVERIFY_THROWS_EXCEPTION(hullft::InputError, hullft::gunzip(std::string("\x1f\x8b\x08\x00garbage", 11), "x"));
    }

    void overstrikes_are_removed() {
        QCOMPARE(hullft::removeOverstrikes("N\bNA\bAM\bME\bE _\bx"), std::string("NAME x"));
    }

    void text_checks_classify_bad_inputs_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("verdict");
        QTest::newRow("latin1") << "bad/latin1.txt" << int(hullft::TextVerdict::Repaired);
        QTest::newRow("binary") << "bad/binary.bin" << int(hullft::TextVerdict::Binary);
        QTest::newRow("empty") << "bad/empty.txt" << int(hullft::TextVerdict::Empty);
        QTest::newRow("giant line") << "bad/giant_line.txt" << int(hullft::TextVerdict::Ok);
        QTest::newRow("plain") << "plain/a.txt" << int(hullft::TextVerdict::Ok);
    }
    void text_checks_classify_bad_inputs() {
        QFETCH(QString, file);
        QFETCH(int, verdict);
        const auto parts = hullft::extractText(source(hullft::ExtractorKind::Plain), kData + file.toStdString(), 4096);
        const hullft::CheckedText checked = hullft::checkDocumentText(parts[0].bytes);
        QCOMPARE(int(checked.verdict), verdict);
        if (verdict == int(hullft::TextVerdict::Repaired)) {
            QCOMPARE(checked.replaced, size_t(4));
            QVERIFY(hullft::isValidUtf8(checked.text));
        }
        QCOMPARE(checked.giant_lines, size_t(file.contains("giant") ? 1 : 0));
    }

    void crlf_becomes_lf() {
        QCOMPARE(hullft::checkDocumentText("a\r\nb\r\n").text, std::string("a\nb\n"));
    }
};

QTEST_GUILESS_MAIN(CorpusExtractorTest)
#include "corpus_extractor_test.moc"
