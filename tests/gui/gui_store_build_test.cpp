// First start with no datastore: the store build runs on a worker thread behind a progress
// dialog that reaches its end; Cancel mid-embedding leaves no store (only the resumable partial
// build) and a rerun completes it. A tiny corpus, the default model, a temporary store path.
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "gui_test_support.h"
#include "store_build_dialog.h"
#include "store_build_job.h"
#include "store_fixtures.h"

using hullft::testing::Gate;
using hullft::ui::StoreBuildDialog;

class GuiStoreBuildTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    hullft::ui::StoreBuildRequest request(const QString& store) const {
        hullft::ui::StoreBuildRequest request;
        request.model_directory = QStringLiteral(HULLFT_SOURCE_DIR "/resources/models/default");
        request.recipe_path =
            QStringLiteral(HULLFT_SOURCE_DIR "/resources/corpus/recipe.json");  // unused: the corpus exists
        request.corpus_directory = dir_.filePath("corpus");
        request.store_directory = store;
        request.batch_size = 8;
        request.max_tokens = 64;
        return request;
    }

    static QString label(const StoreBuildDialog& dialog) { return dialog.findChild<QLabel*>()->text(); }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        store_fixtures::writeCorpus(dir_.filePath("corpus"), 12, 600);
    }

    void progress_reaches_the_end_and_the_store_is_built() {
        const QString store = dir_.filePath("store-complete");
        QVERIFY(!hullft::ui::storeIsBuilt(store));
        auto gate = std::make_shared<Gate>("embed");
        StoreBuildDialog dialog(hullft::testing::gatedJob(hullft::ui::storeBuildJob(request(store)), gate));
        QSignalSpy built(&dialog, &StoreBuildDialog::built);
        dialog.start();
        QVERIFY(dialog.isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(label(dialog).startsWith(QStringLiteral("Embedding sequences")), 30000);
        QVERIFY(dialog.grab().save(hullft::testing::screenshotDir() + "/store_build_dialog.png"));
        gate->release();
        QTRY_COMPARE_WITH_TIMEOUT(built.count(), 1, 60000);
        QCOMPARE(dialog.value(), dialog.maximum());
        QVERIFY(!dialog.isBuilding());
        QVERIFY(hullft::ui::storeIsBuilt(store));
    }

    void cancel_leaves_no_store_and_a_rerun_completes() {
        const QString store = dir_.filePath("store-cancelled");
        auto gate = std::make_shared<Gate>("embed");
        StoreBuildDialog dialog(hullft::testing::gatedJob(hullft::ui::storeBuildJob(request(store)), gate));
        QSignalSpy built(&dialog, &StoreBuildDialog::built);
        QSignalSpy stopped(&dialog, &StoreBuildDialog::stopped);
        dialog.start();
        QTRY_VERIFY_WITH_TIMEOUT(label(dialog).startsWith(QStringLiteral("Embedding sequences")), 30000);
        auto* cancel = dialog.findChild<QPushButton*>();
        QVERIFY(cancel);
        QTest::mouseClick(cancel, Qt::LeftButton);
        gate->release();
        QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, 30000);
        QCOMPARE(stopped.first().first().toString(), QString());  // cancelled, not failed
        QCOMPARE(built.count(), 0);
        QVERIFY(!dialog.isBuilding());
        QVERIFY(!hullft::ui::storeIsBuilt(store));
        QVERIFY(!QFileInfo::exists(store));
        QVERIFY(QFileInfo::exists(store + QStringLiteral(".partial")));  // what the rerun resumes

        dialog.start();
        QTRY_COMPARE_WITH_TIMEOUT(built.count(), 1, 60000);
        QCOMPARE(dialog.value(), dialog.maximum());
        QVERIFY(hullft::ui::storeIsBuilt(store));
        QVERIFY(!QFileInfo::exists(store + QStringLiteral(".partial")));
    }
};

QTEST_MAIN(GuiStoreBuildTest)
#include "gui_store_build_test.moc"
