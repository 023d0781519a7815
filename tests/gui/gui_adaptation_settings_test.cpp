// The query panel's adaptation settings on real widgets: the LoRA fields follow the Adapt choice,
// the request carries them, the loaded model's layers replace targets it lacks, and the window
// refuses an adapter folder that holds files, saves no adapter from Compare methods and says
// where a finished query saved its adapter. The jobs are stand-ins: no model is loaded.
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include "gui_test_support.h"
#include "main_window.h"
#include "query_panel.h"

using hullft::AdaptMode;
using hullft::ui::MainWindow;
using hullft::ui::QueryPanel;
using hullft::ui::QueryRequest;

namespace {

template <typename T>
T* child(const QWidget& parent, const char* name) {
    T* found = parent.findChild<T*>(QString::fromLatin1(name));
    if (!found) qFatal("no child %s", name);
    return found;
}

QList<QWidget*> loraFields(const QWidget& panel) {
    return {child<QSpinBox>(panel, "loraRankSpin"), child<QDoubleSpinBox>(panel, "loraAlphaSpin"),
            child<QLineEdit>(panel, "loraTargetsEdit"), child<QLineEdit>(panel, "adapterFolderEdit"),
            child<QToolButton>(panel, "chooseAdapterFolderButton")};
}

QueryRequest loraRequest(const QString& adapter_directory) {
    QueryRequest request;
    request.text = QStringLiteral("int main() { return 0; }");
    request.adapt = AdaptMode::Lora;
    request.lora_targets = {QStringLiteral("c_attn")};
    request.adapter_directory = adapter_directory;
    return request;
}

}  // namespace

class GuiAdaptationSettingsTest : public QObject {
    Q_OBJECT

    // A window whose jobs record the requests they were made for and end at once; a job made
    // for a request with an adapter folder reports that folder as saved.
    std::unique_ptr<MainWindow> recordingWindow(QList<QueryRequest>& requests) {
        auto window = std::make_unique<MainWindow>();
        window->setQueryJobFactory([&requests](const QueryRequest& request) {
            requests << request;
            auto saved = std::make_shared<QString>();
            const QString folder = request.adapter_directory;
            return MainWindow::QueryRun(
                [saved, folder](hullft::PipelineObserver&, const hullft::CancellationToken&) {
                    *saved = folder;
                },
                QString(), saved);
        });
        return window;
    }

private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("HullFT-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("gui_adaptation_settings_test"));
        QSettings().clear();
        hullft::testing::dropOffscreenNoise();
    }

    void lora_fields_are_enabled_only_while_lora_is_chosen() {
        QueryPanel panel;
        auto* adapt = child<QComboBox>(panel, "adaptCombo");
        QCOMPARE(adapt->currentText(), QStringLiteral("Full weights"));
        for (QWidget* field : loraFields(panel))
            QVERIFY2(!field->isEnabled(), qPrintable(field->objectName()));

        adapt->setCurrentText(QStringLiteral("LoRA"));
        for (QWidget* field : loraFields(panel))
            QVERIFY2(field->isEnabled(), qPrintable(field->objectName()));

        // A run locks them; when it ends they follow the choice again.
        panel.setRunState(QueryPanel::RunState::Running);
        for (QWidget* field : loraFields(panel)) QVERIFY(!field->isEnabled());
        QVERIFY(!adapt->isEnabled());
        panel.setRunState(QueryPanel::RunState::Finished);
        for (QWidget* field : loraFields(panel)) QVERIFY(field->isEnabled());

        adapt->setCurrentText(QStringLiteral("Full weights"));
        panel.setRunState(QueryPanel::RunState::Running);
        panel.setRunState(QueryPanel::RunState::Idle);
        for (QWidget* field : loraFields(panel)) QVERIFY(!field->isEnabled());
    }

    void request_carries_the_lora_settings() {
        QueryPanel panel;
        const QueryRequest defaults = panel.request();
        QCOMPARE(defaults.adapt, AdaptMode::Full);
        QCOMPARE(defaults.lora_rank, 16);
        QCOMPARE(defaults.lora_alpha, 32.0);
        QCOMPARE(defaults.lora_targets, QStringList({"q_proj", "v_proj"}));
        QVERIFY(defaults.adapter_directory.isEmpty());

        child<QComboBox>(panel, "adaptCombo")->setCurrentText(QStringLiteral("LoRA"));
        child<QSpinBox>(panel, "loraRankSpin")->setValue(8);
        child<QDoubleSpinBox>(panel, "loraAlphaSpin")->setValue(12.5);
        child<QLineEdit>(panel, "loraTargetsEdit")->setText(QStringLiteral(" c_attn, c_fc ,,"));
        child<QLineEdit>(panel, "adapterFolderEdit")->setText(QStringLiteral("/tmp/adapter "));
        const QueryRequest lora = panel.request();
        QCOMPARE(lora.adapt, AdaptMode::Lora);
        QCOMPARE(lora.lora_rank, 8);
        QCOMPARE(lora.lora_alpha, 12.5);
        QCOMPARE(lora.lora_targets, QStringList({"c_attn", "c_fc"}));
        QCOMPARE(lora.adapter_directory, QStringLiteral("/tmp/adapter"));

        // The panel shows a request as it was made (a scripted demo).
        QueryPanel other;
        other.setRequest(lora);
        const QueryRequest shown = other.request();
        QCOMPARE(shown.adapt, lora.adapt);
        QCOMPARE(shown.lora_rank, lora.lora_rank);
        QCOMPARE(shown.lora_targets, lora.lora_targets);
        QCOMPARE(shown.adapter_directory, lora.adapter_directory);
        QVERIFY(child<QLineEdit>(other, "loraTargetsEdit")->isEnabled());

        // Full finetuning saves no adapter, whatever the folder field holds.
        child<QComboBox>(panel, "adaptCombo")->setCurrentText(QStringLiteral("Full weights"));
        QVERIFY(panel.request().adapter_directory.isEmpty());
    }

    void model_layers_replace_only_targets_the_model_lacks() {
        QueryPanel panel;
        auto* targets = child<QLineEdit>(panel, "loraTargetsEdit");
        panel.setLoraLayers({"c_attn", "c_proj", "c_fc"});  // GPT-2
        QCOMPARE(targets->text(), QStringLiteral("c_attn"));
        QVERIFY(targets->toolTip().contains(QStringLiteral("c_attn, c_proj, c_fc")));
        targets->setText(QStringLiteral("c_attn,c_fc"));
        panel.setLoraLayers({"c_attn", "c_proj", "c_fc"});
        QCOMPARE(targets->text(), QStringLiteral("c_attn,c_fc"));  // the user's, still valid
        panel.setLoraLayers({"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"});
        QCOMPARE(targets->text(), QStringLiteral("q_proj,v_proj"));
        panel.setLoraLayers({"query_key_value", "dense", "dense_h_to_4h", "dense_4h_to_h"});
        QCOMPARE(targets->text(), QStringLiteral("query_key_value"));
    }

    // A request made without the model (the workbench's --demo-query, a default QueryRequest)
    // must not bring back targets the loaded model lacks.
    void requests_set_later_keep_the_model_targets() {
        QueryPanel panel;
        auto* targets = child<QLineEdit>(panel, "loraTargetsEdit");
        panel.setLoraLayers({"c_attn", "c_proj", "c_fc"});
        QueryRequest request;  // q_proj,v_proj by default
        panel.setRequest(request);
        QCOMPARE(targets->text(), QStringLiteral("c_attn"));
        request.lora_targets = {QStringLiteral("c_proj"), QStringLiteral("c_fc")};
        panel.setRequest(request);
        QCOMPARE(targets->text(), QStringLiteral("c_proj,c_fc"));  // valid for the model: kept
    }

    void adapter_folder_holding_files_is_refused() {
        QList<QueryRequest> requests;
        auto window = recordingWindow(requests);
        QTemporaryDir used;
        QVERIFY(used.isValid());
        QFile existing(used.filePath(QStringLiteral("adapter_config.json")));
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.close();

        window->startQuery(loraRequest(used.path()));
        QVERIFY(requests.isEmpty());
        QVERIFY(!window->isRunning());
        QVERIFY(window->statusBar()->currentMessage().contains(used.path()));
        auto* message = child<QMessageBox>(*window, "adapterFolderMessage");
        QVERIFY(message->text().contains(QStringLiteral("not an empty folder")));
        message->close();
        QVERIFY(QFile::exists(existing.fileName()));
    }

    void finished_query_says_where_its_adapter_was_saved() {
        QList<QueryRequest> requests;
        auto window = recordingWindow(requests);
        QTemporaryDir empty;
        QVERIFY(empty.isValid());
        const QString folder = empty.filePath(QStringLiteral("adapter"));  // new: created by the run

        window->startQuery(loraRequest(folder));
        QCOMPARE(requests.size(), 1);
        QCOMPARE(requests.first().adapter_directory, folder);
        QTRY_VERIFY(!window->isRunning());
        QCOMPARE(child<QLabel>(*window, "runStateLabel")->text(),
                 QStringLiteral("Finished: adapter saved to %1").arg(folder));
        QVERIFY(window->statusBar()->currentMessage().contains(folder));

        // An empty existing folder is fine too.
        window->startQuery(loraRequest(empty.path()));
        QCOMPARE(requests.size(), 2);
        QTRY_VERIFY(!window->isRunning());
    }

    void compare_methods_saves_no_adapter() {
        QList<QueryRequest> requests;
        auto window = recordingWindow(requests);
        window->show();
        QTemporaryDir empty;
        QVERIFY(empty.isValid());
        auto* panel = child<QueryPanel>(*window, "queryPanel");
        panel->setRequest(loraRequest(empty.path()));
        QTest::mouseClick(child<QWidget>(*window, "compareButton"), Qt::LeftButton);
        QTRY_COMPARE(requests.size(), 4);
        QTRY_VERIFY(!window->isRunning());
        for (const QueryRequest& request : requests) {
            QCOMPARE(request.adapt, AdaptMode::Lora);
            QVERIFY(request.adapter_directory.isEmpty());
        }
        QCOMPARE(child<QLabel>(*window, "runStateLabel")->text(), QStringLiteral("Finished"));
    }
};

QTEST_MAIN(GuiAdaptationSettingsTest)
#include "gui_adaptation_settings_test.moc"
