#pragma once

#include <QWidget>

#include "events/observer.h"
#include "query_request.h"
#include "test_document.h"

class QAction;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace hullft::ui {

class AdaptationBox;

// The central page: what to ask (typed, pasted or a held-out test document), how (method and
// the paper's settings), with what (model, datastore), and Run / Cancel / Compare methods.
class QueryPanel : public QWidget, public PipelineObserver {
    Q_OBJECT
public:
    // Loading: the model and the datastore are being loaded; Run waits, the settings do not.
    enum class RunState { Idle, Loading, Running, Finished, Cancelled, Failed };

    explicit QueryPanel(QWidget* parent = nullptr);

    void setTestDocuments(TestDocumentList documents);
    void setModelDescription(const QString& model, const QString& datastore);
    // A button beside the model that triggers File > Open model (and follows its enabled state).
    void setOpenModelAction(QAction* action);
    // Buttons beside the datastore: its summary and File > Open store (each follows its action).
    void setStoreActions(QAction* store_summary, QAction* open_store);
    // Before the datastore: why queries use this store (the model's own, or one picked in
    // File > Open store, and until when).
    void setStoreOrigin(const QString& origin);
    // The loaded model's LoRA-able layers (AdaptationBox::setModelLayers).
    void setLoraLayers(const QStringList& layers);
    // Running turns Run into Cancel and locks the settings; the other states say how it ended.
    void setRunState(RunState state, const QString& detail = {});
    RunState runState() const { return state_; }
    QueryRequest request() const;
    // Puts a request's text and settings in the panel (a scripted demo query).
    void setRequest(const QueryRequest& request);
    // Shows the text of the query being run or replayed, unless the editor holds it already.
    void showQueryText(const QString& text);
    // Every method the panel offers, in the order Compare methods runs the main ones.
    static QStringList methods();

    // The pipeline events this view shows (PipelineObserver), on the GUI thread.
    void onProgress(const hullft::ProgressEvent& event) override;
    // A replayed (or scripted) query shows its own text.
    void onQueryStarted(const hullft::QueryStartedEvent& event) override;

signals:
    void runRequested(const hullft::ui::QueryRequest& request);
    void compareRequested(const hullft::ui::QueryRequest& request);
    void cancelRequested();

private:
    QWidget* createQueryBox();
    QWidget* createSettingsBox();
    QWidget* createRunBox();
    void fillDocumentCombo();
    // The test document the document box names; it names one only while the editor holds that
    // document's text unchanged (forgetEditedDocument clears it on the first edit).
    const TestDocument* selectedDocument() const;
    void useSelectedDocument();
    void forgetEditedDocument();
    void runOrCancel();
    void showDatastore();

    QPlainTextEdit* query_edit_;
    QComboBox* domain_combo_;
    QComboBox* document_combo_;
    QComboBox* method_combo_;
    QComboBox* bpb_rule_combo_;
    QSpinBox* n_spin_;
    QSpinBox* k_spin_;
    QSpinBox* refresh_spin_;
    QDoubleSpinBox* learning_rate_spin_;
    QComboBox* device_combo_;
    QSpinBox* generate_spin_;
    AdaptationBox* adaptation_box_;
    QLabel* model_label_;
    QToolButton* open_model_button_;
    QLabel* datastore_label_;
    QToolButton* store_summary_button_;
    QToolButton* open_store_button_;
    QPushButton* run_button_;
    QPushButton* compare_button_;
    QLabel* state_label_;
    QProgressBar* progress_bar_;
    TestDocumentList documents_;
    QString datastore_description_;  // what the pipeline says of the store
    QString store_origin_;           // why it is the one in use
    RunState state_ = RunState::Idle;
};

}  // namespace hullft::ui
