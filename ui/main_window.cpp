#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <utility>

#include "audit_log_view.h"
#include "embedding_view.h"
#include "event_bridge.h"
#include "fw_convergence_view.h"
#include "gradient_cache_view.h"
#include "loss_curve_view.h"
#include "method_comparison_view.h"
#include "output_comparison_view.h"
#include "pipeline/method.h"
#include "query_panel.h"
#include "support_set_view.h"
#include "weights_view.h"

namespace hullft::ui {

namespace {
constexpr int kWindowStateVersion = 1;
constexpr int kMaxRecentSessions = 8;
const char* const kRecentSessionsKey = "recentSessions";
}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), bridge_(new QueuedEventBridge(this)), worker_(new QueryWorker(this)) {
    setWindowTitle(QStringLiteral("HullFT Workbench"));
    setObjectName(QStringLiteral("mainWindow"));
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);
    createViews();
    createActions();
    createMenusAndToolBar();
    createDocks();
    connectEvents();
    updateActions();
    statusBar()->showMessage(tr("Ready"));
    restoreWindowState();
}

// The worker (a child) stops its job in its destructor, before the bridge the job reports to.
MainWindow::~MainWindow() { delete worker_; }

PipelineObserver& MainWindow::observer() { return *bridge_; }

void MainWindow::createViews() {
    query_panel_ = new QueryPanel(this);
    setCentralWidget(query_panel_);
    support_view_ = new SupportSetView(this);
    weights_view_ = new WeightsView(this);
    fw_view_ = new FwConvergenceView(this);
    embedding_view_ = new EmbeddingView(this);
    loss_view_ = new LossCurveView(this);
    cache_view_ = new GradientCacheView(this);
    output_view_ = new OutputComparisonView(this);
    comparison_view_ = new MethodComparisonView(this);
    audit_view_ = new AuditLogView(this);
}

void MainWindow::createActions() {
    run_action_ = new QAction(tr("&Run query"), this);
    run_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    run_action_->setToolTip(tr("Run the query with the chosen method and settings (Ctrl+Return)"));
    connect(run_action_, &QAction::triggered, this, [this] { runQuery(query_panel_->request()); });

    cancel_action_ = new QAction(tr("&Cancel"), this);
    cancel_action_->setShortcut(QKeySequence(Qt::Key_Escape));
    cancel_action_->setToolTip(tr("Stop the running query (Esc)"));
    connect(cancel_action_, &QAction::triggered, this, &MainWindow::cancelQuery);

    compare_action_ = new QAction(tr("Co&mpare methods"), this);
    compare_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return));
    compare_action_->setToolTip(tr("Run base, kNN, SIFT and HullFT on the query (Ctrl+Shift+Return)"));
    connect(compare_action_, &QAction::triggered, this, [this] { compareMethods(query_panel_->request()); });

    open_action_ = new QAction(tr("&Open session…"), this);
    open_action_->setShortcut(QKeySequence::Open);
    connect(open_action_, &QAction::triggered, this, &MainWindow::chooseSession);

    export_action_ = new QAction(tr("&Export report…"), this);
    export_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(export_action_, &QAction::triggered, this, &MainWindow::chooseReportFile);
}

void MainWindow::createMenusAndToolBar() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(open_action_);
    recent_menu_ = file->addMenu(tr("Recent &sessions"));
    recent_menu_->setObjectName(QStringLiteral("recentSessionsMenu"));
    file->addAction(export_action_);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setToolTip(tr("Close the workbench"));

    QMenu* query = menuBar()->addMenu(tr("&Query"));
    query->addActions({run_action_, cancel_action_, compare_action_});
    for (QMenu* menu : {file, query}) menu->setToolTipsVisible(true);
    view_menu_ = menuBar()->addMenu(tr("&View"));
    updateRecentMenu();
}

QDockWidget* MainWindow::addViewDock(const QString& object_name, const QString& title, QWidget* view,
                                     Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(object_name);
    dock->setWidget(view);
    addDockWidget(area, dock);
    view_menu_->addAction(dock->toggleViewAction());
    return dock;
}

void MainWindow::createDocks() {
    // Selection views in two columns on the right, training and results along the bottom.
    QDockWidget* support =
        addViewDock(QStringLiteral("supportDock"), tr("Support set"), support_view_, Qt::RightDockWidgetArea);
    QDockWidget* embedding = addViewDock(QStringLiteral("embeddingDock"), tr("Embedding view"),
                                         embedding_view_, Qt::RightDockWidgetArea);
    QDockWidget* weights = addViewDock(QStringLiteral("weightsDock"), tr("Convex weights and multiset"),
                                       weights_view_, Qt::RightDockWidgetArea);
    QDockWidget* fw =
        addViewDock(QStringLiteral("fwDock"), tr("FW convergence"), fw_view_, Qt::RightDockWidgetArea);
    QDockWidget* loss =
        addViewDock(QStringLiteral("lossDock"), tr("Loss curve"), loss_view_, Qt::BottomDockWidgetArea);
    QDockWidget* cache =
        addViewDock(QStringLiteral("cacheDock"), tr("Gradient cache"), cache_view_, Qt::BottomDockWidgetArea);
    QDockWidget* output = addViewDock(QStringLiteral("outputDock"), tr("Base vs adapted"), output_view_,
                                      Qt::BottomDockWidgetArea);
    QDockWidget* comparison = addViewDock(QStringLiteral("comparisonDock"), tr("Method comparison"),
                                          comparison_view_, Qt::BottomDockWidgetArea);
    QDockWidget* audit =
        addViewDock(QStringLiteral("auditDock"), tr("Audit log"), audit_view_, Qt::BottomDockWidgetArea);

    splitDockWidget(support, embedding, Qt::Horizontal);
    splitDockWidget(support, weights, Qt::Vertical);
    splitDockWidget(embedding, fw, Qt::Vertical);
    splitDockWidget(loss, cache, Qt::Horizontal);
    splitDockWidget(cache, output, Qt::Horizontal);
    tabifyDockWidget(output, comparison);
    tabifyDockWidget(comparison, audit);
    output->raise();
    resizeDocks({support, embedding}, {480, 480}, Qt::Horizontal);
    resizeDocks({support, weights, loss}, {260, 200, 250}, Qt::Vertical);
    resizeDocks({loss, cache, output}, {420, 330, 530}, Qt::Horizontal);
}

void MainWindow::connectEvents() {
    // Each view is an observer of the events it shows; the bridge hands them over queued, in order.
    const auto observe = [this](auto* view) { connectObserver(bridge_, view, view); };
    observe(query_panel_);
    observe(support_view_);
    observe(weights_view_);
    observe(fw_view_);
    observe(embedding_view_);
    observe(loss_view_);
    observe(cache_view_);
    observe(output_view_);
    observe(comparison_view_);
    observe(audit_view_);
    connect(bridge_, &QueuedEventBridge::failed, this, &MainWindow::onQueryFailed, Qt::QueuedConnection);

    connect(query_panel_, &QueryPanel::runRequested, this, &MainWindow::runQuery);
    connect(query_panel_, &QueryPanel::compareRequested, this, &MainWindow::compareMethods);
    connect(query_panel_, &QueryPanel::cancelRequested, this, &MainWindow::cancelQuery);
    connect(worker_, &QueryWorker::finished, this, &MainWindow::onJobFinished);
    connect(worker_, &QueryWorker::failed, this, &MainWindow::onJobFailed);
}

void MainWindow::setQueryJobFactory(QueryJobFactory factory) {
    job_factory_ = std::move(factory);
    updateActions();
}

void MainWindow::setSessionOpener(SessionOpener opener) {
    session_opener_ = std::move(opener);
    updateActions();
}

void MainWindow::setReportExporter(ReportExporter exporter) {
    report_exporter_ = std::move(exporter);
    updateActions();
}

void MainWindow::setTestDocuments(TestDocumentList documents) {
    query_panel_->setTestDocuments(std::move(documents));
}

void MainWindow::setSequenceLookup(SequenceLookup lookup) {
    support_view_->setSequenceLookup(std::move(lookup));
}

void MainWindow::setModelDescription(const QString& model, const QString& datastore) {
    query_panel_->setModelDescription(model, datastore);
}

void MainWindow::setPipelineLoading(bool loading, const QString& error) {
    if (loading) query_panel_->setRunState(QueryPanel::RunState::Loading);
    else if (!error.isEmpty()) query_panel_->setRunState(QueryPanel::RunState::Failed, error);
    else query_panel_->setRunState(QueryPanel::RunState::Idle);
}

bool MainWindow::isRunning() const { return worker_->isRunning(); }

void MainWindow::startQuery(const QueryRequest& request) {
    query_panel_->setRequest(request);
    runQuery(request);
}

void MainWindow::runQuery(const QueryRequest& request) {
    if (isRunning()) return;
    if (!job_factory_) {
        statusBar()->showMessage(tr("No query pipeline is connected to this window"));
        return;
    }
    if (request.text.trimmed().isEmpty()) {
        statusBar()->showMessage(tr("Type a query or pick a test document first"));
        return;
    }
    QueryRun run = job_factory_(request);
    running_session_ = run.session_path;
    startJob(std::move(run.job), tr("Running %1 on the query…").arg(request.method));
}

void MainWindow::compareMethods(const QueryRequest& request) {
    if (isRunning()) return;
    pending_.clear();
    for (const Method method : comparedMethods()) {
        QueryRequest run = request;
        run.method = QString::fromStdString(methodName(method));
        pending_.push_back(run);
    }
    runQuery(pending_.takeFirst());
    if (!isRunning()) pending_.clear();
}

void MainWindow::cancelQuery() {
    pending_.clear();
    worker_->cancel();
    if (isRunning()) statusBar()->showMessage(tr("Cancelling…"));
}

void MainWindow::startJob(QueryJob job, const QString& description) {
    if (!worker_->start(std::move(job), *bridge_)) return;
    run_error_.clear();
    query_panel_->setRunState(QueryPanel::RunState::Running);
    statusBar()->showMessage(description);
    updateActions();
}

void MainWindow::onJobFinished(bool cancelled) {
    // Every run is recorded, cancelled or failed ones too.
    if (!running_session_.isEmpty() && QFileInfo::exists(running_session_)) showSession(running_session_);
    running_session_.clear();
    if (!run_error_.isEmpty()) {
        onJobFailed(std::exchange(run_error_, QString()));
        return;
    }
    if (cancelled) {
        pending_.clear();
        query_panel_->setRunState(QueryPanel::RunState::Cancelled);
        statusBar()->showMessage(tr("Cancelled; the base weights are unchanged"));
    } else if (!pending_.isEmpty()) {
        runQuery(pending_.takeFirst());
        return;
    } else {
        query_panel_->setRunState(QueryPanel::RunState::Finished);
        statusBar()->showMessage(tr("Finished"));
    }
    updateActions();
}

void MainWindow::onQueryFailed(const QString& message) {
    // A job reporting an error may still be winding down: show it once the job has ended.
    if (isRunning()) {
        run_error_ = message;
        return;
    }
    onJobFailed(message);
}

void MainWindow::onJobFailed(const QString& message) {
    if (!running_session_.isEmpty() && QFileInfo::exists(running_session_)) showSession(running_session_);
    running_session_.clear();
    pending_.clear();
    query_panel_->setRunState(QueryPanel::RunState::Failed, message);
    statusBar()->showMessage(tr("Failed: %1").arg(message));
    updateActions();
}

void MainWindow::chooseSession() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open session"), QString(), tr("HullFT sessions (*.hullft *.sqlite *.db);;All files (*)"));
    if (!path.isEmpty()) openSession(path);
}

void MainWindow::openSession(const QString& path) {
    if (!session_opener_ || isRunning()) return;
    showSession(path);
    startJob(session_opener_(path), tr("Replaying %1…").arg(QFileInfo(path).fileName()));
}

void MainWindow::showSession(const QString& path) {
    shown_session_ = path;
    rememberSession(path);
    updateActions();
}

void MainWindow::chooseReportFile() {
    if (!report_exporter_ || shown_session_.isEmpty()) return;
    const QString suggested = QFileInfo(shown_session_).completeBaseName() + QStringLiteral(".html");
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export report"), suggested, tr("HTML report (*.html)"));
    if (!path.isEmpty()) exportReport(path);
}

void MainWindow::exportReport(const QString& html_path) {
    if (!report_exporter_ || shown_session_.isEmpty()) return;
    try {
        report_exporter_(shown_session_, html_path);
        statusBar()->showMessage(
            tr("Report of %1 written to %2").arg(QFileInfo(shown_session_).fileName(), html_path));
    } catch (const std::exception& error) {
        statusBar()->showMessage(tr("Export failed: %1").arg(QString::fromStdString(error.what())));
    }
}

QStringList MainWindow::recentSessions() const {
    return QSettings().value(QString::fromLatin1(kRecentSessionsKey)).toStringList();
}

void MainWindow::rememberSession(const QString& path) {
    QStringList recent = recentSessions();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecentSessions) recent.removeLast();
    QSettings().setValue(QString::fromLatin1(kRecentSessionsKey), recent);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu() {
    recent_menu_->clear();
    for (const QString& path : recentSessions()) {
        QAction* action =
            recent_menu_->addAction(QFileInfo(path).fileName(), this, [this, path] { openSession(path); });
        action->setToolTip(path);
    }
    recent_menu_->setEnabled(!recent_menu_->isEmpty() && session_opener_ != nullptr);
}

void MainWindow::updateActions() {
    const bool running = isRunning();
    run_action_->setEnabled(!running && job_factory_ != nullptr);
    compare_action_->setEnabled(!running && job_factory_ != nullptr);
    cancel_action_->setEnabled(running);
    open_action_->setEnabled(!running && session_opener_ != nullptr);
    export_action_->setEnabled(!running && report_exporter_ != nullptr && !shown_session_.isEmpty());
    open_action_->setToolTip(session_opener_ ? tr("Replay a recorded session in the views (Ctrl+O)")
                                             : tr("Session replay is not available in this build"));
    export_action_->setToolTip(
        !report_exporter_ ? tr("Report export is not available in this build")
        : shown_session_.isEmpty()
            ? tr("Run a query or open a session first")
            : tr("Write the HTML report of %1 (Ctrl+E)").arg(QFileInfo(shown_session_).fileName()));
    recent_menu_->setEnabled(!recent_menu_->isEmpty() && session_opener_ != nullptr && !running);
}

void MainWindow::restoreWindowState() {
    QSettings settings;
    if (!restoreGeometry(settings.value("mainWindow/geometry").toByteArray())) resize(1280, 800);
    restoreState(settings.value("mainWindow/state").toByteArray(), kWindowStateVersion);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue("mainWindow/geometry", saveGeometry());
    settings.setValue("mainWindow/state", saveState(kWindowStateVersion));
    event->accept();
}

}  // namespace hullft::ui
