#pragma once

#include <QMainWindow>
#include <QVector>
#include <functional>
#include <memory>
#include <utility>

#include "query_request.h"
#include "query_worker.h"
#include "recent_paths.h"
#include "sequence_lookup.h"
#include "test_document.h"

class QAction;
class QDockWidget;
class QMenu;

namespace hullft::ui {

class AuditLogView;
class EmbeddingView;
class FwConvergenceView;
class GradientCacheView;
class LossCurveView;
class MethodComparisonView;
class OutputComparisonView;
class QueryPanel;
class QueuedEventBridge;
class SupportSetView;
class WeightsView;

// The workbench window: composes the query panel and the dockable views, and wires the event
// bridge to them; owns no data. What runs a query, replays a session or exports a report is
// plugged in by the application (the views only ever see pipeline events).
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // A query's job, the session file it records (empty when it records none) and where the job
    // writes the folder it saved a LoRA adapter to (none when null); the window reads that once
    // the job has ended.
    struct QueryRun {
        QueryRun(QueryJob job, QString session_path = {}, std::shared_ptr<QString> saved_adapter = {})
            : job(std::move(job)),
              session_path(std::move(session_path)),
              saved_adapter(std::move(saved_adapter)) {}
        QueryJob job;
        QString session_path;
        std::shared_ptr<QString> saved_adapter;
    };
    using QueryJobFactory = std::function<QueryRun(const QueryRequest&)>;
    using SessionOpener = std::function<QueryJob(const QString& session_path)>;
    using ReportExporter = std::function<void(const QString& session_path, const QString& html_path)>;
    // Which datastore a model folder's queries use, and what loading the two does. File > Open
    // model loads a model with its own store (StoreChooser); File > Open store reloads the model
    // in use with the picked store, which wins until another model or store is opened.
    using StoreChooser = std::function<QString(const QString& model_directory)>;
    // `embedder_directory` is the Hugging Face embedding folder a store built by one needs (else
    // empty: the model's own hidden states or hashed n-grams embed the queries).
    using ModelLoader = std::function<void(const QString& model_directory, const QString& store_directory,
                                           const QString& embedder_directory)>;

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Feeds the views from any thread, with or without a running job (tests, replays).
    PipelineObserver& observer();

    void setQueryJobFactory(QueryJobFactory factory);
    void setSessionOpener(SessionOpener opener);
    void setReportExporter(ReportExporter exporter);
    void setModelLoader(StoreChooser store_for_model, ModelLoader loader);
    // The model and store the application loads at start (the command line's); File > Open store
    // reloads this model until another is opened.
    void setStartSources(const QString& model_directory, const QString& store_directory);
    void setTestDocuments(TestDocumentList documents);
    void setSequenceLookup(SequenceLookup lookup);
    void setModelDescription(const QString& model, const QString& datastore);
    // The loaded model's LoRA-able layers, offered as the query panel's LoRA targets.
    void setLoraLayers(const QStringList& layers);
    // The loaded store's metric (manifest `metric`): it names the support table's score column.
    void setStoreMetric(const QString& metric);
    // While the pipeline loads (off the GUI thread), the query panel says so and shows its
    // progress, and Run waits; `error` (when not empty) says why loading failed. Loading lets go
    // of the previous pipeline's jobs and lookups first, so two models are never held at once.
    void setPipelineLoading(bool loading, const QString& error = {});

    bool isRunning() const;
    // Shows the request in the query panel and runs it as if the user had pressed Run (demos).
    void startQuery(const QueryRequest& request);
    // Replays a recorded session through the views and remembers it in File > Recent sessions.
    void openSession(const QString& path);
    QStringList recentSessions() const;
    // Shows what the model folder holds and the datastore it would use (ModelFolderDialog); on
    // Load, remembers it in File > Recent models and hands it to the model loader.
    void openModel(const QString& directory);
    void rememberModel(const QString& directory);
    // Most recent first, folders that no longer exist left out.
    QStringList recentModels() const;
    // File > Open store: shows the folder's summary (StoreFolderDialog); on "Use store", remembers
    // it in File > Recent stores and reloads the model in use with it. A folder that holds no
    // store says why and the store in use stays. A store embedded by a Hugging Face folder
    // (identity "hf-...") needs that folder to embed queries: `embedder_directory`, else asked
    // for with a folder chooser (no folder: the store in use stays).
    void openStore(const QString& directory, const QString& embedder_directory = QString());
    void rememberStore(const QString& directory);
    QStringList recentStores() const;
    // The store queries use now, and whether File > Open store picked it (else: the model's own).
    QString storeDirectory() const { return store_directory_; }
    bool isStorePicked() const { return store_picked_; }
    // The summary of the store in use (the query panel's Store summary button).
    void showStoreSummary();
    // The session the views show: the run just recorded or the one replayed; File > Export
    // writes its report.
    QString shownSession() const { return shown_session_; }
    // Writes the shown session's HTML report (File > Export without the file dialog).
    void exportReport(const QString& html_path);
    // Signs every session recorded from now on with the Ed25519 private key at `key_path` (File >
    // Sign sessions with a key… without the file dialog); empty: record unsigned. A key that does
    // not load is refused, the setting kept, and why shown in the status bar; returns whether taken.
    bool useSigningKey(const QString& key_path);

private:
    void createViews();
    void createActions();
    void createMenusAndToolBar();
    void createDocks();
    QDockWidget* addViewDock(const QString& object_name, const QString& title, QWidget* view,
                             Qt::DockWidgetArea area);
    void connectEvents();

    void runQuery(const QueryRequest& request);
    void compareMethods(const QueryRequest& request);
    void cancelQuery();
    // Shows why, when `folder` (an adapter's) exists and is not an empty folder.
    bool refuseAdapterFolder(const QString& folder);
    // Where the ended query saved its adapter, or that it saved none; empty when none was asked for.
    QString takeAdapterOutcome();
    void startJob(QueryJob job, const QString& description);
    void onJobFinished(bool cancelled);
    void onJobFailed(const QString& message);
    void onQueryFailed(const QString& message);
    void chooseSession();
    void chooseModel();
    void chooseStore();
    void updateRecentStoresMenu();
    // The query panel's line under the datastore: why this store is the one in use.
    void updateStoreOrigin();
    void chooseReportFile();
    void chooseSigningKey();
    void showSigningKey();
    void showSession(const QString& path);
    void rememberSession(const QString& path);
    void updateRecentSessionsMenu();
    void updateRecentModelsMenu();
    void updateActions();
    void restoreWindowState();
    void closeEvent(QCloseEvent* event) override;

    QueuedEventBridge* bridge_;
    QueryWorker* worker_;
    QueryPanel* query_panel_ = nullptr;
    SupportSetView* support_view_ = nullptr;
    WeightsView* weights_view_ = nullptr;
    FwConvergenceView* fw_view_ = nullptr;
    EmbeddingView* embedding_view_ = nullptr;
    LossCurveView* loss_view_ = nullptr;
    GradientCacheView* cache_view_ = nullptr;
    OutputComparisonView* output_view_ = nullptr;
    MethodComparisonView* comparison_view_ = nullptr;
    AuditLogView* audit_view_ = nullptr;
    QAction* run_action_ = nullptr;
    QAction* cancel_action_ = nullptr;
    QAction* compare_action_ = nullptr;
    QAction* open_action_ = nullptr;
    QAction* open_model_action_ = nullptr;
    QAction* open_store_action_ = nullptr;
    QAction* store_summary_action_ = nullptr;
    QAction* export_action_ = nullptr;
    QAction* sign_action_ = nullptr;
    QAction* unsigned_action_ = nullptr;
    QMenu* recent_sessions_menu_ = nullptr;
    QMenu* recent_models_menu_ = nullptr;
    QMenu* recent_stores_menu_ = nullptr;
    QMenu* view_menu_ = nullptr;

    QueryJobFactory job_factory_;
    SessionOpener session_opener_;
    ReportExporter report_exporter_;
    StoreChooser store_for_model_;
    ModelLoader model_loader_;
    RecentPaths recent_sessions_;
    RecentPaths recent_models_;
    RecentPaths recent_stores_;
    QString model_directory_;    // the model in use (loaded, loading or failed to load)
    QString store_directory_;    // the store it queries
    QString embedder_directory_; // the Hugging Face folder that embeds its queries, if it needs one
    bool store_picked_ = false;  // picked in File > Open store rather than the model's own
    QString store_metric_;
    bool pipeline_loading_ = false;
    QString load_error_;             // why the last load failed: Run says it instead of running
    QVector<QueryRequest> pending_;  // methods still to run in a comparison
    QString run_error_;              // error the running job reported in its events
    QString running_session_;        // the session the running query records
    QString requested_adapter_;      // where the running query was asked to save its adapter
    std::shared_ptr<QString> saved_adapter_;  // where it saved it (QueryRun::saved_adapter)
    QString shown_session_;
};

}  // namespace hullft::ui
