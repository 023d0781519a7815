#include <nlohmann/json.hpp>

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "html_export.h"
#include "json_export.h"
#include "session_fixtures.h"
#include "session_reader.h"
#include "session_tampering.h"

using namespace hullft;
using namespace hullft::sessions;
using namespace hullft::sessions::testing;

class SessionsExportTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string path_;
    std::vector<PipelineEvent> first_, second_;

private slots:
    void initTestCase() {
        path_ = dir_.filePath("export.hullft").toStdString();
        first_ = realisticQuery({"q-1", "What is <script>alert('x')</script> & why?", 1, false});
        second_ = realisticQuery({"q-2", "Second query", 2, true});
        auto all = first_;
        all.insert(all.end(), second_.begin(), second_.end());
        recordSession(path_, all);
    }

    void json_export_holds_every_record() {
        const SessionReader reader(path_);
        const nlohmann::json document = nlohmann::json::parse(exportJson(reader));
        QCOMPARE(document["format"].get<std::string>(), std::string("hullft-session-export"));
        QVERIFY(document["verification"]["ok"].get<bool>());
        QCOMPARE(document["verification"]["chain_head"].get<std::string>(), reader.verify().head_hash);
        QCOMPARE(document["session"]["device"].get<std::string>(), std::string("cpu"));
        QCOMPARE(document["session"]["settings"]["refresh_interval"].get<int>(), 2);
        QCOMPARE(document["queries"].size(), size_t{2});
        const auto& records = document["records"];
        QCOMPARE(records.size(), 1 + first_.size() + second_.size());
        for (size_t i = 0; i < records.size(); ++i) {
            QCOMPARE(records[i]["seq"].get<int64_t>(), int64_t(i + 1));
            QCOMPARE(records[i]["hash"].get<std::string>().size(), size_t{64});
        }
        int steps = 0;
        nlohmann::json lastStep;
        for (const auto& record : records)
            if (record["kind"] == "finetune_step") {
                ++steps;
                QVERIFY(record["payload"].contains("parameter_digest"));
                QVERIFY(record["payload"].contains("update_norm"));
                lastStep = record;
            }
        QCOMPARE(steps, 40);
        // The breaker's non-finite loss stays visible as "NaN" rather than becoming null.
        QCOMPARE(lastStep["query_id"].get<std::string>(), std::string("q-2"));
        QCOMPARE(lastStep["payload"]["loss"], nlohmann::json("NaN"));
        const auto& evaluation = records[35]["payload"];
        QCOMPARE(evaluation["base_token_losses"].size(), size_t{64});
    }

    void html_export_is_self_contained() {
        const QString html = QString::fromStdString(exportHtml(SessionReader(path_)));
        QVERIFY(html.startsWith("<!DOCTYPE html>"));
        QVERIFY(!html.contains(QRegularExpression("\\b(src|href)\\s*=", QRegularExpression::CaseInsensitiveOption)));
        QVERIFY(!html.contains("http://") && !html.contains("https://"));
        QVERIFY(!html.contains("@import") && !html.contains("url("));
        QVERIFY(html.contains("Content-Security-Policy"));
        QCOMPARE(html.count("<svg"), 2 * 5);  // weights, counts, FW residual, loss, per-token loss
        QCOMPARE(html.count("<svg"), html.count("</svg>"));
    }

    void html_export_escapes_recorded_text() {
        const QString html = QString::fromStdString(exportHtml(SessionReader(path_)));
        QCOMPARE(html.count("<script", Qt::CaseInsensitive), 0);
        QVERIFY(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; why?"));
        QVERIFY(html.contains("&lt;b&gt;candidates&lt;/b&gt; &amp; stops."));
        QVERIFY(html.contains(QString::fromUtf8("picks \xef\xbf\xbd\xef\xbf\xbd the")));  // invalid UTF-8 shown as U+FFFD
    }

    void html_export_shows_the_audit_content() {
        const SessionReader reader(path_);
        const QString html = QString::fromStdString(exportHtml(reader));
        QVERIFY(html.contains(QString::fromStdString(reader.verify().head_hash)));
        QVERIFY(html.contains("Verified: the hash chain is intact."));
        QVERIFY(html.contains("Support set and multiset"));
        QVERIFY(html.contains("Base model") && html.contains("Adapted model"));
        QVERIFY(html.contains("non-finite loss"));
        // Counts 6,4,3,2,2,1,1,1 with r = 2: every second repeat reuses, 3+2+1+1+1 = 8 per query.
        QCOMPARE(html.count(">reused</td>"), 2 * 8);
        QVERIFY(html.contains("1.2</td><td>1.32</td>"));
    }

    void html_export_of_a_tampered_session_says_so() {
        const std::string copy = dir_.filePath("tampered.hullft").toStdString();
        QVERIFY(QFile::copy(QString::fromStdString(path_), QString::fromStdString(copy)));
        QCOMPARE(tamper(copy, kDropGuards + "UPDATE records SET payload = json_set(payload, '$.adapted_bpb', 0.5) WHERE seq = 36;"),
                 QString());
        const QString html = QString::fromStdString(exportHtml(SessionReader(copy)));
        QVERIFY(html.contains("Verification FAILED."));
        QVERIFY(html.contains("record 36 was changed"));
    }
};

QTEST_GUILESS_MAIN(SessionsExportTest)
#include "sessions_export_test.moc"
