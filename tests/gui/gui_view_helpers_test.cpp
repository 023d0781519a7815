// The small pieces the views are built from: the 2D hull of the embedding view, the mapping of
// per-token losses onto characters, the audit-log filter, the method-comparison table and the
// learning-rate spin box.
#include <QtTest>
#include <cmath>

#include "audit_log_filter.h"
#include "audit_log_model.h"
#include "convex_hull_2d.h"
#include "method_comparison_model.h"
#include "scientific_spin_box.h"
#include "token_heatmap.h"

using namespace hullft::ui;

using Points = QVector<QPointF>;

class GuiViewHelpersTest : public QObject {
    Q_OBJECT
private slots:
    void convex_hull_matches_hand_computed_cases_data() {
        QTest::addColumn<Points>("points");
        QTest::addColumn<Points>("hull");
        QTest::newRow("square with interior point")
            << Points{{0, 0}, {1, 1}, {2, 2}, {0, 2}, {2, 0}} << Points{{0, 0}, {2, 0}, {2, 2}, {0, 2}};
        QTest::newRow("collinear edge points dropped")
            << Points{{0, 0}, {1, 0}, {2, 0}, {2, 2}, {0, 2}} << Points{{0, 0}, {2, 0}, {2, 2}, {0, 2}};
        QTest::newRow("duplicates") << Points{{0, 0}, {0, 0}, {1, 0}, {0, 1}, {1, 0}}
                                    << Points{{0, 0}, {1, 0}, {0, 1}};
        QTest::newRow("all on a line") << Points{{2, 2}, {0, 0}, {1, 1}} << Points{{0, 0}, {2, 2}};
        QTest::newRow("two points") << Points{{1, 0}, {0, 0}} << Points{{0, 0}, {1, 0}};
        QTest::newRow("one point") << Points{{3, 4}} << Points{{3, 4}};
        QTest::newRow("empty") << Points{} << Points{};
        QTest::newRow("triangle given clockwise")
            << Points{{0, 0}, {0, 3}, {3, 0}} << Points{{0, 0}, {3, 0}, {0, 3}};
    }

    void convex_hull_matches_hand_computed_cases() {
        QFETCH(Points, points);
        QFETCH(Points, hull);
        QCOMPARE(convexHull2d(points), hull);
    }

    void heatmap_maps_byte_level_tokens_to_the_following_byte() {
        const QVector<HeatmapCharacter> characters = characterHeatmap("abc", {1.0, 2.0});
        QCOMPARE(characters.size(), 3);
        QVERIFY(!characters[0].value);  // the first byte is not predicted
        QCOMPARE(*characters[1].value, 1.0);
        QCOMPARE(characters[2].text, QStringLiteral("c"));
        QCOMPARE(*characters[2].value, 2.0);
    }

    void heatmap_averages_the_bytes_of_a_multibyte_character() {
        // "aé!": 'a', then é as two bytes, then '!': three predicted bytes.
        const QVector<HeatmapCharacter> characters =
            characterHeatmap(QStringLiteral("aé!").toUtf8(), {1.0, 3.0, 5.0});
        QCOMPARE(characters.size(), 3);
        QCOMPARE(characters[1].text, QStringLiteral("é"));
        QCOMPARE(*characters[1].value, 2.0);
        QCOMPARE(*characters[2].value, 5.0);
    }

    void heatmap_spreads_fewer_tokens_evenly_over_the_bytes() {
        const QVector<HeatmapCharacter> characters = characterHeatmap("abcde", {1.0, 2.0});
        QCOMPARE(*characters[1].value, 1.0);
        QCOMPARE(*characters[2].value, 1.0);
        QCOMPARE(*characters[3].value, 2.0);
        QCOMPARE(*characters[4].value, 2.0);
        QCOMPARE(characterHeatmap("ab", {}).value(1).value.has_value(), false);
    }

    void loss_difference_is_adapted_minus_base() {
        QCOMPARE(tokenLossDifference({2.0, 1.0, 4.0}, {1.5, 1.25}), std::vector<double>({-0.5, 0.25}));
    }

    void audit_filter_keeps_one_kind_and_matching_text() {
        AuditLogModel model;
        model.append({QTime(10, 0), "hullft", "finetune step", 0, "sequence 1007, loss 3.1"});
        model.append({QTime(10, 0), "hullft", "fw iteration", 1, "moved to row 13"});
        model.append({QTime(10, 0), "hullft", "finetune step", 1, "sequence 1091, reused gradient"});
        AuditLogFilter filter;
        filter.setSourceModel(&model);
        QCOMPARE(filter.rowCount(), 3);
        filter.setKind("finetune step");
        QCOMPARE(filter.rowCount(), 2);
        filter.setText("REUSED");
        QCOMPARE(filter.rowCount(), 1);
        QCOMPARE(filter.index(0, AuditLogModel::Summary).data().toString(),
                 QStringLiteral("sequence 1091, reused gradient"));
        filter.setKind(QString());
        filter.setText("row 13");
        QCOMPARE(filter.rowCount(), 1);
    }

    void method_comparison_replaces_a_rerun_method() {
        MethodComparisonModel model;
        model.upsert({"base", 1.9, 1.9, 0.5, 0, "full"});
        model.upsert({"hullft", 1.9, 1.7, 2.5, 20, "full"});
        model.upsert({"hullft", 1.9, 1.6, 2.4, 20, "full"});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(1, MethodComparisonModel::Bpb).data().toString(), QStringLiteral("1.6000"));
        QCOMPARE(model.index(1, MethodComparisonModel::Change).data().toString(), QStringLiteral("-0.3000"));
    }

    void learning_rate_spin_box_shows_and_steps_in_scientific_notation() {
        ScientificSpinBox spin;
        spin.setValue(5e-5);
        QCOMPARE(spin.text(), QStringLiteral("5e-05"));
        spin.stepBy(1);
        QVERIFY(std::abs(spin.value() - 1e-4) < 1e-12);
        spin.stepBy(-2);
        QVERIFY(std::abs(spin.value() - 2e-5) < 1e-12);
        QCOMPARE(spin.valueFromText("3e-4"), 3e-4);
    }
};

QTEST_MAIN(GuiViewHelpersTest)
#include "gui_view_helpers_test.moc"
