#include "query_panel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include "adaptation_box.h"
#include "pipeline/method.h"
#include "scientific_spin_box.h"

namespace hullft::ui {

namespace {
QSpinBox* spinBox(QWidget* parent, const QString& name, int minimum, int maximum, int value,
                  const QString& tooltip) {
    auto* spin = new QSpinBox(parent);
    spin->setObjectName(name);
    spin->setRange(minimum, maximum);
    spin->setValue(value);
    spin->setToolTip(tooltip);
    return spin;
}

QLabel* valueLabel(QWidget* parent, const QString& name) {
    auto* label = new QLabel(QObject::tr("not loaded"), parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}
}  // namespace

QueryPanel::QueryPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("queryPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(createQueryBox(), 1);
    layout->addWidget(createSettingsBox());
    adaptation_box_ = new AdaptationBox(this);
    layout->addWidget(adaptation_box_);
    layout->addWidget(createRunBox());
    setRunState(RunState::Idle);
}

QStringList QueryPanel::methods() {
    QStringList names;
    for (const Method method : allMethods()) names << QString::fromStdString(methodName(method));
    return names;
}

QWidget* QueryPanel::createQueryBox() {
    auto* box = new QGroupBox(tr("Query"), this);
    query_edit_ = new QPlainTextEdit(box);
    query_edit_->setObjectName(QStringLiteral("queryEdit"));
    query_edit_->setPlaceholderText(tr("Type or paste the text the model should adapt to…"));
    query_edit_->setToolTip(tr("The query: the model is finetuned for this text, then evaluated on it"));
    domain_combo_ = new QComboBox(box);
    domain_combo_->setObjectName(QStringLiteral("domainCombo"));
    domain_combo_->setToolTip(tr("Domain of the held-out test documents to choose from"));
    domain_combo_->setPlaceholderText(tr("domain…"));
    document_combo_ = new QComboBox(box);
    document_combo_->setObjectName(QStringLiteral("documentCombo"));
    document_combo_->setToolTip(tr("Use a held-out test document as the query"));
    document_combo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    document_combo_->setMinimumContentsLength(8);

    auto* pick = new QHBoxLayout;
    pick->addWidget(new QLabel(tr("Test document:"), box));
    pick->addWidget(domain_combo_);
    pick->addWidget(document_combo_, 1);
    auto* layout = new QVBoxLayout(box);
    layout->addLayout(pick);
    layout->addWidget(query_edit_, 1);

    connect(domain_combo_, &QComboBox::currentIndexChanged, this, &QueryPanel::fillDocumentCombo);
    connect(document_combo_, &QComboBox::activated, this, &QueryPanel::useSelectedDocument);
    connect(query_edit_, &QPlainTextEdit::textChanged, this, &QueryPanel::forgetEditedDocument);
    setTestDocuments({});
    return box;
}

QWidget* QueryPanel::createSettingsBox() {
    auto* box = new QGroupBox(tr("Method and settings"), this);
    method_combo_ = new QComboBox(box);
    method_combo_->setObjectName(QStringLiteral("methodCombo"));
    method_combo_->addItems(methods());
    const QueryRequest defaults;  // the paper's settings
    method_combo_->setCurrentText(defaults.method);
    method_combo_->setToolTip(
        tr("base: no finetuning; knn: nearest neighbours; sift: posterior-variance "
           "selection; hullft: convex reconstruction with gradient reuse"));
    bpb_rule_combo_ = new QComboBox(box);
    bpb_rule_combo_->setObjectName(QStringLiteral("bpbRuleCombo"));
    for (const std::string& rule : bpbRuleNames()) bpb_rule_combo_->addItem(QString::fromStdString(rule));
    bpb_rule_combo_->setCurrentText(defaults.bpb_rule);
    bpb_rule_combo_->setToolTip(
        tr("Which tokens bits per byte scores. full: every token after the first (a query longer than the "
           "model's context in sliding windows); reference: the reference's rule, the first window only, "
           "divided by every byte (for parity runs). Both agree on queries shorter than the context"));
    n_spin_ = spinBox(box, QStringLiteral("nSpin"), 1, 10000, defaults.n,
                      tr("N: size of the training multiset (finetune steps)"));
    k_spin_ =
        spinBox(box, QStringLiteral("kSpin"), 1, 100000, defaults.k, tr("K: candidates retrieved before selection"));
    refresh_spin_ = spinBox(box, QStringLiteral("refreshSpin"), 1, 1000, defaults.refresh_interval,
                            tr("r: a repeated sequence recomputes its gradient every r-th time"));
    auto* learning_rate = new ScientificSpinBox(box);
    learning_rate->setObjectName(QStringLiteral("learningRateSpin"));
    learning_rate->setValue(defaults.learning_rate);
    learning_rate->setToolTip(tr("Adam learning rate of the test-time finetuning"));
    learning_rate_spin_ = learning_rate;
    device_combo_ = new QComboBox(box);
    device_combo_->setObjectName(QStringLiteral("deviceCombo"));
    device_combo_->addItems({QStringLiteral("auto"), QStringLiteral("cpu"), QStringLiteral("cuda")});
    device_combo_->setToolTip(tr("Where the model runs; auto picks CUDA when available"));
    generate_spin_ = spinBox(box, QStringLiteral("generateSpin"), 0, 1000, defaults.generate_tokens,
                             tr("Tokens each model generates after the query (Base vs adapted)"));
    model_label_ = valueLabel(box, QStringLiteral("modelLabel"));
    model_label_->setToolTip(tr("The language model being adapted"));
    open_model_button_ = new QToolButton(box);
    open_model_button_->setObjectName(QStringLiteral("openModelButton"));
    open_model_button_->hide();  // until the window gives it its action
    datastore_label_ = valueLabel(box, QStringLiteral("datastoreLabel"));
    datastore_description_ = datastore_label_->text();
    datastore_label_->setToolTip(
        tr("The datastore the training sequences are retrieved from. A store picked in File > Open store "
           "is queried until another store or model is opened; File > Open model goes back to that "
           "model's own store"));
    store_summary_button_ = new QToolButton(box);
    store_summary_button_->setObjectName(QStringLiteral("storeSummaryButton"));
    store_summary_button_->hide();  // until the window gives the buttons their actions
    open_store_button_ = new QToolButton(box);
    open_store_button_->setObjectName(QStringLiteral("openStoreButton"));
    open_store_button_->hide();

    auto* form = new QFormLayout(box);
    auto* method = new QHBoxLayout;
    method->addWidget(method_combo_, 1);
    method->addWidget(new QLabel(tr("BPB rule:"), box));
    method->addWidget(bpb_rule_combo_);
    form->addRow(tr("Method:"), method);
    auto* sizes = new QHBoxLayout;
    sizes->addWidget(n_spin_);
    sizes->addWidget(new QLabel(tr("K:"), box));
    sizes->addWidget(k_spin_);
    sizes->addWidget(new QLabel(tr("r:"), box));
    sizes->addWidget(refresh_spin_);
    form->addRow(tr("N:"), sizes);
    auto* training = new QHBoxLayout;
    training->addWidget(learning_rate_spin_);
    training->addWidget(new QLabel(tr("Device:"), box));
    training->addWidget(device_combo_);
    training->addWidget(new QLabel(tr("Continue:"), box));
    training->addWidget(generate_spin_);
    form->addRow(tr("Learning rate:"), training);
    auto* model = new QHBoxLayout;
    model->addWidget(model_label_, 1);
    model->addWidget(open_model_button_, 0, Qt::AlignTop);
    form->addRow(tr("Model:"), model);
    auto* store = new QHBoxLayout;
    store->addWidget(datastore_label_, 1);
    store->addWidget(store_summary_button_, 0, Qt::AlignTop);
    store->addWidget(open_store_button_, 0, Qt::AlignTop);
    form->addRow(tr("Datastore:"), store);
    return box;
}

QWidget* QueryPanel::createRunBox() {
    auto* box = new QWidget(this);
    run_button_ = new QPushButton(box);
    run_button_->setObjectName(QStringLiteral("runButton"));
    compare_button_ = new QPushButton(tr("Compare methods"), box);
    compare_button_->setObjectName(QStringLiteral("compareButton"));
    compare_button_->setToolTip(tr("Run base, kNN, SIFT and HullFT on this query, one after the other"));
    state_label_ = new QLabel(box);
    state_label_->setObjectName(QStringLiteral("runStateLabel"));
    state_label_->setWordWrap(true);
    progress_bar_ = new QProgressBar(box);
    progress_bar_->setObjectName(QStringLiteral("progressBar"));
    progress_bar_->setToolTip(tr("Progress of the current stage"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(run_button_, 1);
    buttons->addWidget(compare_button_, 1);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(progress_bar_);
    layout->addWidget(state_label_);

    connect(run_button_, &QPushButton::clicked, this, &QueryPanel::runOrCancel);
    connect(compare_button_, &QPushButton::clicked, this, [this] { emit compareRequested(request()); });
    return box;
}

void QueryPanel::setTestDocuments(TestDocumentList documents) {
    documents_ = std::move(documents);
    QStringList domains;
    for (const TestDocument& document : documents_) {
        if (!domains.contains(document.domain)) domains << document.domain;
    }
    domains.sort();
    {
        const QSignalBlocker quiet(domain_combo_);
        domain_combo_->clear();
        domain_combo_->addItems(domains);
        // No domain until the user picks one: a typed or pasted query belongs to none.
        domain_combo_->setCurrentIndex(-1);
    }
    domain_combo_->setEnabled(!domains.isEmpty());
    fillDocumentCombo();
}

void QueryPanel::fillDocumentCombo() {
    document_combo_->clear();
    const QString domain = domain_combo_->currentText();
    for (const TestDocument& document : documents_) {
        if (document.domain == domain) document_combo_->addItem(document.title, document.id);
    }
    document_combo_->setEnabled(document_combo_->count() > 0);
    document_combo_->setPlaceholderText(documents_.isEmpty() ? tr("no test documents")
                                        : domain.isEmpty()    ? tr("pick a domain")
                                                              : tr("choose a document…"));
    document_combo_->setCurrentIndex(-1);
}

const TestDocument* QueryPanel::selectedDocument() const {
    const int index = document_combo_->currentIndex();
    if (index < 0) return nullptr;
    const QString id = document_combo_->itemData(index).toString();
    for (const TestDocument& document : documents_) {
        if (document.id == id) return &document;
    }
    return nullptr;
}

void QueryPanel::useSelectedDocument() {
    if (const TestDocument* document = selectedDocument()) query_edit_->setPlainText(document->text);
}

void QueryPanel::forgetEditedDocument() {
    const TestDocument* document = selectedDocument();
    if (document && document->text != query_edit_->toPlainText()) document_combo_->setCurrentIndex(-1);
}

void QueryPanel::setModelDescription(const QString& model, const QString& datastore) {
    model_label_->setText(model);
    datastore_description_ = datastore;
    showDatastore();
}

// The rule comes first: a squeezed panel shows only the label's first line.
void QueryPanel::showDatastore() {
    datastore_label_->setText(store_origin_.isEmpty()
                                  ? datastore_description_
                                  : tr("%1: %2").arg(store_origin_, datastore_description_));
}

void QueryPanel::setOpenModelAction(QAction* action) {
    open_model_button_->setDefaultAction(action);
    open_model_button_->show();
}

void QueryPanel::setStoreActions(QAction* store_summary, QAction* open_store) {
    store_summary_button_->setDefaultAction(store_summary);
    store_summary_button_->show();
    open_store_button_->setDefaultAction(open_store);
    open_store_button_->show();
}

void QueryPanel::setStoreOrigin(const QString& origin) {
    store_origin_ = origin;
    showDatastore();
}

void QueryPanel::setLoraLayers(const QStringList& layers) { adaptation_box_->setModelLayers(layers); }

QueryRequest QueryPanel::request() const {
    QueryRequest request;
    request.text = query_edit_->toPlainText();
    if (const TestDocument* document = selectedDocument()) request.test_document_id = document->id;
    request.method = method_combo_->currentText();
    request.n = n_spin_->value();
    request.k = k_spin_->value();
    request.refresh_interval = refresh_spin_->value();
    request.learning_rate = learning_rate_spin_->value();
    request.device = device_combo_->currentText();
    request.generate_tokens = generate_spin_->value();
    request.bpb_rule = bpb_rule_combo_->currentText();
    adaptation_box_->fillRequest(request);
    return request;
}

void QueryPanel::setRequest(const QueryRequest& request) {
    showQueryText(request.text);
    method_combo_->setCurrentText(request.method);
    n_spin_->setValue(request.n);
    k_spin_->setValue(request.k);
    refresh_spin_->setValue(request.refresh_interval);
    learning_rate_spin_->setValue(request.learning_rate);
    device_combo_->setCurrentText(request.device);
    generate_spin_->setValue(request.generate_tokens);
    bpb_rule_combo_->setCurrentText(request.bpb_rule);
    adaptation_box_->setRequest(request);
}

void QueryPanel::showQueryText(const QString& text) {
    if (query_edit_->toPlainText() != text) query_edit_->setPlainText(text);
}

void QueryPanel::runOrCancel() {
    if (state_ == RunState::Running) {
        emit cancelRequested();
    } else {
        emit runRequested(request());
    }
}

void QueryPanel::setRunState(RunState state, const QString& detail) {
    state_ = state;
    const bool running = state == RunState::Running;
    run_button_->setText(running ? tr("Cancel") : tr("Run"));
    run_button_->setToolTip(running ? tr("Stop the running query (Esc)")
                                    : tr("Run the query with these settings (Ctrl+Return)"));
    run_button_->setEnabled(state != RunState::Loading);
    compare_button_->setEnabled(!running && state != RunState::Loading);
    for (QWidget* setting : std::initializer_list<QWidget*>{
             query_edit_, domain_combo_, document_combo_, method_combo_, bpb_rule_combo_, n_spin_, k_spin_, refresh_spin_,
             learning_rate_spin_, device_combo_, generate_spin_, adaptation_box_}) {
        setting->setEnabled(!running);
    }
    if (!running) {
        domain_combo_->setEnabled(!documents_.isEmpty());
        document_combo_->setEnabled(document_combo_->count() > 0);
    }
    QString text;
    switch (state) {
        case RunState::Idle:
            text = tr("Ready");
            break;
        case RunState::Loading:
            text = tr("Loading the model and the datastore…");
            break;
        case RunState::Running:
            text = tr("Running…");
            break;
        case RunState::Finished:
            text = tr("Finished");
            break;
        case RunState::Cancelled:
            text = tr("Cancelled");
            break;
        case RunState::Failed:
            text = tr("Failed");
            break;
    }
    state_label_->setText(detail.isEmpty() ? text : tr("%1: %2").arg(text, detail));
    // Busy indicator until the first progress event says how far along the run is.
    progress_bar_->setFormat(QStringLiteral("%p%"));
    progress_bar_->setRange(0, running || state == RunState::Loading ? 0 : 1);
    progress_bar_->setValue(state == RunState::Finished ? 1 : 0);
}

void QueryPanel::onQueryStarted(const QueryStartedEvent& event) { showQueryText(QString::fromStdString(event.text)); }

void QueryPanel::onProgress(const ProgressEvent& event) {
    if (state_ != RunState::Running && state_ != RunState::Loading) return;
    const QString stage = QString::fromStdString(event.stage);
    if (event.total > 0) {
        progress_bar_->setRange(0, static_cast<int>(event.total));
        progress_bar_->setValue(static_cast<int>(event.done));
    } else {
        progress_bar_->setRange(0, 0);
    }
    progress_bar_->setFormat(stage + QStringLiteral(": %v / %m"));
    if (state_ == RunState::Loading) return;  // the label keeps saying what is loading
    state_label_->setText(event.eta_seconds >= 0
                              ? tr("Running %1, about %2 s left").arg(stage).arg(event.eta_seconds, 0, 'f', 0)
                              : tr("Running %1…").arg(stage));
}

}  // namespace hullft::ui
