#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <utility>

#include "audit_log_view.h"
#include "common/ed25519_key.h"
#include "embedding_view.h"
#include "event_bridge.h"
#include "fw_convergence_view.h"
#include "gradient_cache_view.h"
#include "loss_curve_view.h"
#include "method_comparison_view.h"
#include "model_folder_dialog.h"
#include "output_comparison_view.h"
#include "pipeline/method.h"
#include "query_panel.h"
#include "signing_key_setting.h"
#include "store_folder_dialog.h"
#include "support_set_view.h"
#include "weights_view.h"

namespace hullft::ui {

namespace {
constexpr int kWindowStateVersion = 1;

// File > Recent …: one entry per path, named by its last part, the whole path as tooltip.
void fillRecentMenu(QMenu* menu, const QStringList& paths, const std::function<void(const QString&)>& open) {
    menu->clear();
    for (const QString& path : paths) {
        QAction* action = menu->addAction(QFileInfo(path).fileName(), menu, [open, path] { open(path); });
        action->setToolTip(path);
    }
}
}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      bridge_(new QueuedEventBridge(this)),
      worker_(new QueryWorker(this)),
      recent_sessions_(QStringLiteral("recentSessions")),
      recent_models_(QStringLiteral("recentModels")),
      recent_stores_(QStringLiteral("recentStores")) {
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

    open_model_action_ = new QAction(tr("Open &model…"), this);
    open_model_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connect(open_model_action_, &QAction::triggered, this, &MainWindow::chooseModel);
    query_panel_->setOpenModelAction(open_model_action_);

    open_store_action_ = new QAction(tr("Open s&tore…"), this);
    open_store_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_O));
    connect(open_store_action_, &QAction::triggered, this, &MainWindow::chooseStore);
    store_summary_action_ = new QAction(tr("Store s&ummary…"), this);
    store_summary_action_->setIconText(tr("Summary…"));  // the panel's button sits beside the store
    connect(store_summary_action_, &QAction::triggered, this, &MainWindow::showStoreSummary);
    query_panel_->setStoreActions(store_summary_action_, open_store_action_);

    export_action_ = new QAction(tr("&Export report…"), this);
    export_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(export_action_, &QAction::triggered, this, &MainWindow::chooseReportFile);

    sign_action_ = new QAction(tr("Sign sessions with a &key…"), this);
    connect(sign_action_, &QAction::triggered, this, &MainWindow::chooseSigningKey);
    unsigned_action_ = new QAction(tr("Record &unsigned sessions"), this);
    unsigned_action_->setToolTip(tr("Stop signing the sessions this workbench records"));
    connect(unsigned_action_, &QAction::triggered, this, [this] { useSigningKey(QString()); });
    showSigningKey();
}

void MainWindow::createMenusAndToolBar() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(open_action_);
    recent_sessions_menu_ = file->addMenu(tr("Recent &sessions"));
    recent_sessions_menu_->setObjectName(QStringLiteral("recentSessionsMenu"));
    file->addAction(export_action_);
    file->addActions({sign_action_, unsigned_action_});
    file->addSeparator();
    file->addAction(open_model_action_);
    recent_models_menu_ = file->addMenu(tr("Recent mo&dels"));
    recent_models_menu_->setObjectName(QStringLiteral("recentModelsMenu"));
    file->addAction(open_store_action_);
    recent_stores_menu_ = file->addMenu(tr("Recent sto&res"));
    recent_stores_menu_->setObjectName(QStringLiteral("recentStoresMenu"));
    file->addAction(store_summary_action_);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setToolTip(tr("Close the workbench"));

    QMenu* query = menuBar()->addMenu(tr("&Query"));
    query->addActions({run_action_, cancel_action_, compare_action_});
    for (QMenu* menu : {file, query}) menu->setToolTipsVisible(true);
    view_menu_ = menuBar()->addMenu(tr("&View"));
    updateRecentSessionsMenu();
    updateRecentModelsMenu();
    updateRecentStoresMenu();
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

void MainWindow::setModelLoader(StoreChooser store_for_model, ModelLoader loader) {
    store_for_model_ = std::move(store_for_model);
    model_loader_ = std::move(loader);
    updateRecentModelsMenu();
    updateRecentStoresMenu();
}

void MainWindow::setStartSources(const QString& model_directory, const QString& store_directory) {
    model_directory_ = normalizedDirectory(model_directory);
    store_directory_ = store_directory;
    store_picked_ = false;
    updateStoreOrigin();
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

void MainWindow::setLoraLayers(const QStringList& layers) { query_panel_->setLoraLayers(layers); }

void MainWindow::setStoreMetric(const QString& metric) {
    store_metric_ = metric;
    support_view_->setScoreMetric(metric);
}

void MainWindow::setPipelineLoading(bool loading, const QString& error) {
    pipeline_loading_ = loading;
    load_error_ = loading ? QString() : error;
    if (loading) {
        // These closures keep the previous pipeline, and so its model, alive.
        job_factory_ = nullptr;
        support_view_->setSequenceLookup(nullptr);
        setStoreMetric(QString());
        query_panel_->setRunState(QueryPanel::RunState::Loading);
    } else if (!error.isEmpty()) {
        query_panel_->setRunState(QueryPanel::RunState::Failed, error);
    } else {
        query_panel_->setRunState(QueryPanel::RunState::Idle);
    }
    updateActions();
}

bool MainWindow::isRunning() const { return worker_->isRunning(); }

void MainWindow::startQuery(const QueryRequest& request) {
    query_panel_->setRequest(request);
    runQuery(request);
}

void MainWindow::runQuery(const QueryRequest& request) {
    if (isRunning() || pipeline_loading_) return;
    if (!job_factory_) {
        if (load_error_.isEmpty()) {
            statusBar()->showMessage(tr("No query pipeline is connected to this window"));
        } else {  // e.g. a store embedded by another embedder than this model: say so again
            query_panel_->setRunState(QueryPanel::RunState::Failed,
                                      tr("cannot run the query: %1").arg(load_error_));
            statusBar()->showMessage(tr("Cannot run the query: %1").arg(load_error_));
        }
        return;
    }
    if (request.text.trimmed().isEmpty()) {
        statusBar()->showMessage(tr("Type a query or pick a test document first"));
        return;
    }
    if (refuseAdapterFolder(request.adapter_directory)) return;
    QueryRun run = job_factory_(request);
    running_session_ = run.session_path;
    requested_adapter_ = request.adapter_directory;
    saved_adapter_ = std::move(run.saved_adapter);
    support_view_->setScoreMetric(store_metric_);
    startJob(std::move(run.job), tr("Running %1 on the query…").arg(request.method));
}

void MainWindow::compareMethods(const QueryRequest& request) {
    if (isRunning()) return;
    pending_.clear();
    for (const Method method : comparedMethods()) {
        QueryRequest run = request;
        run.method = QString::fromStdString(methodName(method));
        run.adapter_directory.clear();  // one folder cannot hold every method's adapter
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

// Core refuses such a folder as well; checking first gives a message instead of a failed run.
bool MainWindow::refuseAdapterFolder(const QString& folder) {
    if (folder.isEmpty()) return false;
    const QFileInfo info(folder);
    if (!info.exists() || (info.isDir() && QDir(folder).isEmpty())) return false;
    const QString message =
        tr("%1 is not an empty folder: choose a new or empty one for the adapter (it never replaces files)")
            .arg(folder);
    statusBar()->showMessage(message);
    auto* box =
        new QMessageBox(QMessageBox::Warning, tr("Adapter folder in use"), message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("adapterFolderMessage"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    return true;
}

QString MainWindow::takeAdapterOutcome() {
    const QString requested = std::exchange(requested_adapter_, QString());
    const std::shared_ptr<QString> saved = std::exchange(saved_adapter_, nullptr);
    if (requested.isEmpty()) return {};
    if (saved && !saved->isEmpty()) return tr("adapter saved to %1").arg(*saved);
    return tr("no adapter saved (the method adapts nothing, or the adaptation was not kept)");
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
    const QString adapter = takeAdapterOutcome();
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
        query_panel_->setRunState(QueryPanel::RunState::Finished, adapter);
        statusBar()->showMessage(adapter.isEmpty() ? tr("Finished") : tr("Finished; %1").arg(adapter));
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
    takeAdapterOutcome();
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
    support_view_->setScoreMetric(QString());  // a session does not record its store's metric
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

void MainWindow::chooseSigningKey() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Sign sessions with a key"), QString(),
        tr("Ed25519 private keys, made by hullft session keygen (*.key *.pem);;All files (*)"));
    if (!path.isEmpty()) useSigningKey(path);
}

bool MainWindow::useSigningKey(const QString& key_path) {
    if (key_path.isEmpty()) {
        setSigningKeySetting(QString());
        showSigningKey();
        statusBar()->showMessage(tr("Sessions are recorded unsigned from now on"));
        return true;
    }
    try {
        const Ed25519PrivateKey key = Ed25519PrivateKey::load(key_path.toStdString());
        setSigningKeySetting(key_path);
        showSigningKey();
        statusBar()->showMessage(tr("Sessions are signed from now on by %1 (%2)")
                                     .arg(key_path, QString::fromStdString(key.publicKeyFingerprint())));
        return true;
    } catch (const std::exception& error) {
        statusBar()->showMessage(tr("Signing key refused: %1").arg(QString::fromStdString(error.what())));
        return false;
    }
}

// The action's tooltip names the key that signs, so whoever runs the workbench sees which one.
void MainWindow::showSigningKey() {
    const QString key = signingKeySetting();
    sign_action_->setToolTip(key.isEmpty()
                                 ? tr("Sign the chain head of every session recorded from now on with an Ed25519 "
                                      "private key, so an auditor with its public key can tell a cut or rewritten "
                                      "session (hullft session keygen makes one)")
                                 : tr("Sessions are signed by %1; choose another key").arg(key));
    unsigned_action_->setEnabled(!key.isEmpty());
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

QStringList MainWindow::recentSessions() const { return recent_sessions_.paths(); }

void MainWindow::rememberSession(const QString& path) {
    recent_sessions_.remember(path);
    updateRecentSessionsMenu();
}

void MainWindow::updateRecentSessionsMenu() {
    fillRecentMenu(recent_sessions_menu_, recentSessions(),
                   [this](const QString& path) { openSession(path); });
    updateActions();
}

void MainWindow::chooseModel() {
    // Starts beside the last model: model folders tend to live side by side.
    const QString last = recentModels().value(0);
    const QString directory = QFileDialog::getExistingDirectory(
        this, tr("Open model folder"), last.isEmpty() ? QString() : QFileInfo(last).path());
    if (!directory.isEmpty()) openModel(directory);
}

void MainWindow::openModel(const QString& directory) {
    if (!model_loader_ || isRunning() || pipeline_loading_) return;
    const QString model = normalizedDirectory(directory);
    const QString store = store_for_model_(model);
    ModelFolderDialog dialog(model, store, this);
    if (dialog.exec() != QDialog::Accepted || !dialog.isLoadable()) return;
    rememberModel(model);
    // Another model goes back to its own store, even after File > Open store picked one.
    model_directory_ = model;
    store_directory_ = store;
    embedder_directory_.clear();
    store_picked_ = false;
    updateStoreOrigin();
    model_loader_(model, store, QString());
}

void MainWindow::rememberModel(const QString& directory) {
    recent_models_.remember(normalizedDirectory(directory));
    updateRecentModelsMenu();
}

QStringList MainWindow::recentModels() const { return recent_models_.existingFolders(); }

void MainWindow::updateRecentModelsMenu() {
    fillRecentMenu(recent_models_menu_, recentModels(),
                   [this](const QString& directory) { openModel(directory); });
    updateActions();
}

void MainWindow::chooseStore() {
    // Starts beside the last store: stores tend to live side by side.
    const QString last = recentStores().value(0, store_directory_);
    const QString directory = QFileDialog::getExistingDirectory(
        this, tr("Open store folder"), last.isEmpty() ? QString() : QFileInfo(last).path());
    if (!directory.isEmpty()) openStore(directory);
}

void MainWindow::openStore(const QString& directory, const QString& embedder_directory) {
    if (!model_loader_ || isRunning() || pipeline_loading_ || model_directory_.isEmpty()) return;
    const QString store = normalizedDirectory(directory);
    StoreFolderDialog dialog(store, StoreFolderDialog::Purpose::Open, this);
    const bool accepted = dialog.exec() == QDialog::Accepted;
    if (!dialog.isUsable()) {
        statusBar()->showMessage(
            tr("No store opened (%1); still using %2").arg(dialog.problem(), store_directory_));
        return;
    }
    if (!accepted) return;
    QString embedder;
    if (needsEmbedderFolder(dialog.embedderIdentity())) {
        embedder = embedder_directory.isEmpty()
                       ? QFileDialog::getExistingDirectory(
                             this, tr("Embedding model folder of this store (%1)")
                                       .arg(dialog.embedderDescription().isEmpty() ? dialog.embedderIdentity()
                                                                                  : dialog.embedderDescription()))
                       : normalizedDirectory(embedder_directory);
        if (embedder.isEmpty()) {
            statusBar()->showMessage(tr("No store opened (%1 embeds its queries with a Hugging Face folder, and none was "
                                        "chosen); still using %2")
                                         .arg(store, store_directory_));
            return;
        }
    }
    rememberStore(store);
    store_directory_ = store;
    embedder_directory_ = embedder;
    store_picked_ = true;
    updateStoreOrigin();
    model_loader_(model_directory_, store, embedder);
}

void MainWindow::rememberStore(const QString& directory) {
    recent_stores_.remember(normalizedDirectory(directory));
    updateRecentStoresMenu();
}

QStringList MainWindow::recentStores() const { return recent_stores_.existingFolders(); }

void MainWindow::updateRecentStoresMenu() {
    fillRecentMenu(recent_stores_menu_, recentStores(),
                   [this](const QString& directory) { openStore(directory); });
    updateActions();
}

void MainWindow::showStoreSummary() {
    if (store_directory_.isEmpty()) return;
    StoreFolderDialog dialog(store_directory_, StoreFolderDialog::Purpose::Inspect, this);
    dialog.exec();
}

void MainWindow::updateStoreOrigin() {
    QString origin;
    if (store_picked_) {
        origin = tr("Picked in File > Open store, until another is opened");
        if (!embedder_directory_.isEmpty()) origin += tr("; queries embedded by %1").arg(embedder_directory_);
    } else if (!store_directory_.isEmpty()) {
        origin = tr("The model's own store");
    }
    query_panel_->setStoreOrigin(origin);
}

void MainWindow::updateActions() {
    const bool running = isRunning();
    const bool can_query = !running && !pipeline_loading_ && job_factory_ != nullptr;
    run_action_->setEnabled(can_query);
    compare_action_->setEnabled(can_query);
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
    recent_sessions_menu_->setEnabled(!recent_sessions_menu_->isEmpty() && session_opener_ != nullptr &&
                                      !running);

    const bool can_open_model = !running && !pipeline_loading_ && model_loader_ != nullptr;
    open_model_action_->setEnabled(can_open_model);
    open_model_action_->setToolTip(model_loader_
                                       ? tr("Load another model folder, after a summary of it (Ctrl+Shift+O)")
                                       : tr("Opening models is not available in this build"));
    recent_models_menu_->setEnabled(!recent_models_menu_->isEmpty() && can_open_model);

    const bool can_open_store = can_open_model && !model_directory_.isEmpty();
    open_store_action_->setEnabled(can_open_store);
    open_store_action_->setToolTip(
        !model_loader_ ? tr("Opening stores is not available in this build")
        : model_directory_.isEmpty()
            ? tr("Open a model first: a store is queried with a model")
            : tr("Query another datastore folder with this model, after a summary of "
                 "it (Ctrl+Alt+O)"));
    recent_stores_menu_->setEnabled(!recent_stores_menu_->isEmpty() && can_open_store);
    store_summary_action_->setEnabled(!store_directory_.isEmpty());
    store_summary_action_->setToolTip(
        store_directory_.isEmpty()
            ? tr("No datastore in use")
            : tr("What %1 holds: embedder, metric, index, documents per domain, size").arg(store_directory_));
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
