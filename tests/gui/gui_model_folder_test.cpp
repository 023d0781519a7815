// File > Open model: the summary dialog on a committed model fixture and on a folder that is not
// a model, the per-model datastore location, File > Recent models, confirming a model hands it to
// the window's loader, and a load that fails leaves the window usable. Real widgets, offscreen.
#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>
#include <QtTest>

#include "gui_test_support.h"
#include "main_window.h"
#include "model_folder_dialog.h"
#include "model_store_location.h"
#include "pipeline_backend.h"

using hullft::ui::MainWindow;
using hullft::ui::ModelFolderDialog;

namespace {

const QString kTinyModel = QStringLiteral(HULLFT_TEST_DATA_DIR "/model/gpt2_tiny");

QString labelText(const QWidget& parent, const char* name) {
    const auto* label = parent.findChild<QLabel*>(QString::fromLatin1(name));
    return label ? label->text() : QStringLiteral("(no %1)").arg(QString::fromLatin1(name));
}

QPushButton* loadButton(const ModelFolderDialog& dialog) {
    return dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
}

}  // namespace

class GuiModelFolderTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void initTestCase() {
        // Keep the user's settings and data folder out of the test.
        QCoreApplication::setOrganizationName(QStringLiteral("HullFT-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("gui_model_folder_test"));
        QVERIFY(dir_.isValid());
        qputenv("XDG_DATA_HOME", dir_.filePath(QStringLiteral("data")).toUtf8());
        hullft::testing::dropOffscreenNoise();
    }

    void init() { QSettings().clear(); }

    void summary_shows_architecture_parameters_and_memory_of_the_fixture() {
        ModelFolderDialog dialog(kTinyModel, dir_.filePath(QStringLiteral("no-store")));
        dialog.show();
        QVERIFY(dialog.isLoadable());
        QCOMPARE(labelText(dialog, "architectureValue"), QStringLiteral("GPT2LMHeadModel"));
        // wte 300x48 + wpe 128x48 + 2 blocks of 28272 + ln_f 96; the tied head is not counted twice.
        QCOMPARE(labelText(dialog, "parametersValue"), QStringLiteral("77.2 k"));
        QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("parametersValue"))
                    ->toolTip()
                    .contains(QStringLiteral("77184")));
        QCOMPARE(labelText(dialog, "dtypeValue"), QStringLiteral("fp32"));
        QCOMPARE(labelText(dialog, "shapeValue"), QStringLiteral("2 × 48"));
        QCOMPARE(labelText(dialog, "vocabularyValue"), QStringLiteral("300 tokens"));
        QCOMPARE(labelText(dialog, "contextValue"), QStringLiteral("128 tokens"));
        QVERIFY(labelText(dialog, "loadedMemoryValue").contains(QStringLiteral("float32")));
        QVERIFY(labelText(dialog, "datastoreValue").contains(QStringLiteral("not built yet")));
        QVERIFY(loadButton(dialog)->isEnabled());
        QVERIFY(dialog.grab().save(hullft::testing::screenshotDir() + "/model_folder_dialog.png"));
    }

    void folder_without_config_names_config_json_and_cannot_be_confirmed() {
        const QString folder = dir_.filePath(QStringLiteral("no-config"));
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(QFile::copy(kTinyModel + "/model.safetensors", folder + "/model.safetensors"));
        ModelFolderDialog dialog(folder, dir_.filePath(QStringLiteral("no-store")));
        QVERIFY(!dialog.isLoadable());
        QVERIFY2(labelText(dialog, "errorValue").contains(QStringLiteral("config.json")),
                 qPrintable(labelText(dialog, "errorValue")));
        QVERIFY(!loadButton(dialog)->isEnabled());
        QVERIFY(!dialog.findChild<QLabel*>(QStringLiteral("architectureValue")));
    }

    void parameter_counts_read_like_model_cards_data() {
        QTest::addColumn<qint64>("parameters");
        QTest::addColumn<QString>("text");
        QTest::newRow("hundreds") << qint64(999) << QStringLiteral("999");
        QTest::newRow("thousands") << qint64(77184) << QStringLiteral("77.2 k");
        QTest::newRow("millions") << qint64(135515136) << QStringLiteral("135.5 M");
        QTest::newRow("billions") << qint64(1235814400) << QStringLiteral("1.24 B");
    }

    void parameter_counts_read_like_model_cards() {
        QFETCH(qint64, parameters);
        QFETCH(QString, text);
        QCOMPARE(hullft::ui::parameterCountText(parameters), text);
    }

    void each_model_folder_gets_its_own_store_under_the_data_directory() {
        const QString first = dir_.filePath(QStringLiteral("a/model"));
        const QString second = dir_.filePath(QStringLiteral("b/model"));
        QVERIFY(QDir().mkpath(first) && QDir().mkpath(second));
        const QString store = hullft::ui::modelStoreDirectory(first);
        QVERIFY2(store.startsWith(dir_.filePath(QStringLiteral("data/hullft/stores/model-"))),
                 qPrintable(store));
        QCOMPARE(store.size(), dir_.filePath(QStringLiteral("data/hullft/stores/model-")).size() + 8);
        QCOMPARE(hullft::ui::modelStoreDirectory(first + "/"), store);
        QVERIFY(hullft::ui::modelStoreDirectory(second) != store);
    }

    void recent_models_keep_order_deduplicate_and_cap_at_eight() {
        MainWindow window;
        window.setModelLoader([](const QString&) { return QString(); },
                              [](const QString&, const QString&, const QString&) {});
        QStringList folders;
        for (int i = 0; i < 10; ++i) {
            folders << dir_.filePath(QStringLiteral("recent/m%1").arg(i));
            QVERIFY(QDir().mkpath(folders.last()));
            window.rememberModel(folders.last());
        }
        window.rememberModel(folders[3] + "/");  // the same folder, written differently
        const QStringList expected = {folders[3], folders[9], folders[8], folders[7],
                                      folders[6], folders[5], folders[4], folders[2]};
        QCOMPARE(window.recentModels(), expected);

        auto* menu = window.findChild<QMenu*>(QStringLiteral("recentModelsMenu"));
        QVERIFY(menu && menu->isEnabled());
        QStringList shown;
        for (const QAction* action : menu->actions()) shown << action->toolTip();
        QCOMPARE(shown, expected);

        QVERIFY(QDir(folders[9]).removeRecursively());  // a folder that is gone is not offered
        QVERIFY(!window.recentModels().contains(folders[9]));
        QCOMPARE(window.recentModels().size(), 7);
    }

    void confirming_a_model_hands_it_and_its_store_to_the_loader() {
        MainWindow window;
        QString loadedModel, loadedStore;
        const QString chosenStore = dir_.filePath(QStringLiteral("tiny-store"));
        window.setModelLoader([chosenStore](const QString&) { return chosenStore; },
                              [&](const QString& model, const QString& store, const QString&) {
                                  loadedModel = model;
                                  loadedStore = store;
                              });
        auto* button = window.findChild<QToolButton*>(QStringLiteral("openModelButton"));
        QVERIFY(button && button->isEnabled());
        QVERIFY(button->defaultAction()->text().contains(QStringLiteral("model")));

        QString shownArchitecture;
        QTimer::singleShot(0, &window, [&shownArchitecture] {
            auto* dialog = qobject_cast<ModelFolderDialog*>(QApplication::activeModalWidget());
            if (!dialog) return;
            shownArchitecture = labelText(*dialog, "architectureValue");
            QTest::mouseClick(loadButton(*dialog), Qt::LeftButton);
        });
        window.openModel(kTinyModel);
        QCOMPARE(shownArchitecture, QStringLiteral("GPT2LMHeadModel"));
        QCOMPARE(loadedModel, QDir(kTinyModel).canonicalPath());
        QCOMPARE(loadedStore, chosenStore);
        QCOMPARE(window.recentModels().value(0), loadedModel);
    }

    void a_failed_load_leaves_the_window_usable_and_says_why() {
        MainWindow window;
        window.setModelLoader([](const QString&) { return QString(); },
                              [](const QString&, const QString&, const QString&) {});
        hullft::PipelineSources sources;
        sources.model_directory = kTinyModel.toStdString();
        sources.store_directory = dir_.filePath(QStringLiteral("missing-store")).toStdString();
        hullft::ui::PipelineBackend backend(sources, dir_.filePath(QStringLiteral("corpus")),
                                            dir_.filePath(QStringLiteral("sessions")));
        QString error = QStringLiteral("(not done)");
        backend.loadInto(window, [&error](const QString& why) { error = why; });
        QVERIFY(labelText(window, "modelLabel").contains(QStringLiteral("loading")));
        QTRY_VERIFY_WITH_TIMEOUT(error != QStringLiteral("(not done)"), 30000);
        QVERIFY(!error.isEmpty());
        QVERIFY(!backend.isLoaded());
        QVERIFY(labelText(window, "runStateLabel").startsWith(QStringLiteral("Failed")));
        QVERIFY(labelText(window, "runStateLabel").contains(error));
        QVERIFY(labelText(window, "modelLabel").contains(QStringLiteral("not loaded")));
        QVERIFY(window.findChild<QToolButton*>(QStringLiteral("openModelButton"))->isEnabled());
    }
};

QTEST_MAIN(GuiModelFolderTest)
#include "gui_model_folder_test.moc"
