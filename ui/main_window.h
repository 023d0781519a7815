#pragma once

#include <QMainWindow>
#include <QVector>
#include <functional>
#include <utility>

#include "query_request.h"
#include "query_worker.h"
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
    // A query's job and the session file it records (empty when it records none).
    struct QueryRun {
        QueryRun(QueryJob job, QString session_path = {})
            : job(std::move(job)), session_path(std::move(session_path)) {}
        QueryJob job;
        QString session_path;
    };
    using QueryJobFactory = std::function<QueryRun(const QueryRequest&)>;
    using SessionOpener = std::function<QueryJob(const QString& session_path)>;
    using ReportExporter = std::function<void(const QString& session_path, const QString& html_path)>;

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Feeds the views from any thread, with or without a running job (tests, replays).
    PipelineObserver& observer();

    void setQueryJobFactory(QueryJobFactory factory);
    void setSessionOpener(SessionOpener opener);
    void setReportExporter(ReportExporter exporter);
    void setTestDocuments(TestDocumentList documents);
    void setSequenceLookup(SequenceLookup lookup);
    void setModelDescription(const QString& model, const QString& datastore);
    // While the pipeline loads (off the GUI thread), the query panel says so and shows its
    // progress, and Run waits; `error` (when not empty) says why loading failed.
    void setPipelineLoading(bool loading, const QString& error = {});

    bool isRunning() const;
    // Shows the request in the query panel and runs it as if the user had pressed Run (demos).
    void startQuery(const QueryRequest& request);
    // Replays a recorded session through the views and remembers it in File > Recent sessions.
    void openSession(const QString& path);
    QStringList recentSessions() const;
    // The session the views show: the run just recorded or the one replayed; File > Export
    // writes its report.
    QString shownSession() const { return shown_session_; }
    // Writes the shown session's HTML report (File > Export without the file dialog).
    void exportReport(const QString& html_path);

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
    void startJob(QueryJob job, const QString& description);
    void onJobFinished(bool cancelled);
    void onJobFailed(const QString& message);
    void onQueryFailed(const QString& message);
    void chooseSession();
    void chooseReportFile();
    void showSession(const QString& path);
    void rememberSession(const QString& path);
    void updateRecentMenu();
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
    QAction* export_action_ = nullptr;
    QMenu* recent_menu_ = nullptr;
    QMenu* view_menu_ = nullptr;

    QueryJobFactory job_factory_;
    SessionOpener session_opener_;
    ReportExporter report_exporter_;
    QVector<QueryRequest> pending_;  // methods still to run in a comparison
    QString run_error_;              // error the running job reported in its events
    QString running_session_;        // the session the running query records
    QString shown_session_;
};

}  // namespace hullft::ui
