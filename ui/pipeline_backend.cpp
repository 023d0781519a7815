// LibTorch headers first: Qt's `slots` macro breaks them when a Qt header comes first.
// clang-format off
#include "datastore/store.h"
#include "model/language_model.h"
#include "pipeline/loaded_pipeline.h"
#include "pipeline/query_text.h"

#include "pipeline_backend.h"
// clang-format on

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <mutex>

#include "common/ed25519_key.h"
#include "common/errors.h"
#include "common/utf8.h"
#include "common/version.h"
#include "corpus/document_jsonl.h"
#include "events/observer.h"
#include "query_worker.h"
#include "session_info.h"
#include "session_recorder.h"
#include "signing_key_setting.h"
#include "store_manifest_text.h"

namespace hullft::ui {

struct PipelineBackend::State {
    PipelineSources sources;
    QString corpus_directory;
    QString session_directory;
    std::unique_ptr<LoadedPipeline> loaded;
    PipelineIdentity identity;  // hashed once, at load
    QStringList lora_layers;    // read once, at load
    TestDocumentList test_documents;
    std::mutex running;  // one job at a time uses the model
};

namespace {

TestDocumentList readTestDocuments(const QString& corpusDirectory) {
    TestDocumentList documents;
    std::vector<JsonlIssue> issues;
    const std::string split = (corpusDirectory + QStringLiteral("/test.jsonl")).toStdString();
    if (!QFile::exists(QString::fromStdString(split))) return documents;
    readDocumentsJsonl(split, "unknown", [&](Document&& document) {
        const QString title = QString::fromStdString(document.part.empty() ? document.path : document.part);
        documents.push_back({QString::fromStdString(document.id), QString::fromStdString(document.domain),
                             title.left(60), QString::fromStdString(queryPrefix(document.text))});
    }, issues);
    return documents;
}

// The names LoRA targets match: the last part of each linear layer's module name, once each.
QStringList loraLayerNames(LanguageModel& model) {
    QStringList names;
    for (const LinearLayer& layer : model.linearLayers()) {
        const QString name = QString::fromStdString(layer.module).section(QLatin1Char('.'), -1);
        if (!names.contains(name)) names << name;
    }
    return names;
}

PipelineSettings settingsOf(const QueryRequest& request) {
    PipelineSettings settings;
    settings.method = parseMethod(request.method.toStdString());
    settings.n = request.n;
    settings.k = request.k;
    settings.finetune.refresh_interval = request.refresh_interval;
    settings.finetune.learning_rate = request.learning_rate;
    settings.generate_tokens = request.generate_tokens;
    settings.bpb_rule = parseBpbRule(request.bpb_rule.toStdString());
    settings.finetune.adapt = request.adapt;
    settings.finetune.lora.rank = request.lora_rank;
    settings.finetune.lora.alpha = request.lora_alpha;
    settings.finetune.lora.targets.clear();
    for (const QString& target : request.lora_targets)
        settings.finetune.lora.targets.push_back(target.toStdString());
    settings.adapter_directory = request.adapter_directory.toStdString();
    return settings;
}

// Names the folders being loaded, or that failed to load, where the loaded ones are described.
void describeSources(MainWindow& window, const PipelineSources& sources, const QString& state) {
    window.setModelDescription(
        QStringLiteral("%1 (%2)").arg(QString::fromStdString(sources.model_directory), state),
        QStringLiteral("%1 (%2)").arg(QString::fromStdString(sources.store_directory), state));
}

}  // namespace

PipelineBackend::PipelineBackend(PipelineSources sources, const QString& corpusDirectory, const QString& sessionDirectory)
    : state_(std::make_shared<State>()) {
    state_->sources = std::move(sources);
    state_->corpus_directory = corpusDirectory;
    state_->session_directory = sessionDirectory;
}

PipelineBackend::~PipelineBackend() = default;

QueryJob PipelineBackend::loadJob() {
    std::shared_ptr<State> state = state_;
    return [state](PipelineObserver& observer, const CancellationToken&) {
        std::lock_guard<std::mutex> lock(state->running);
        auto loaded = std::make_unique<LoadedPipeline>(state->sources, &observer);
        state->identity = loaded->identity();
        state->lora_layers = loraLayerNames(loaded->model());
        state->test_documents = readTestDocuments(state->corpus_directory);
        state->loaded = std::move(loaded);
    };
}

bool PipelineBackend::isLoaded() const { return state_->loaded != nullptr; }

void PipelineBackend::loadInto(MainWindow& window, std::function<void(const QString& error)> done) {
    auto* loader = new QueryWorker(&window);
    const auto finish = [this, &window, loader, done](const QString& error) {
        loader->deleteLater();
        if (error.isEmpty()) {
            attachTo(window);
        } else {
            describeSources(window, state_->sources, QObject::tr("not loaded"));
        }
        window.setPipelineLoading(false, error);
        done(error);
    };
    QObject::connect(loader, &QueryWorker::finished, &window, [finish] { finish(QString()); });
    QObject::connect(loader, &QueryWorker::failed, &window, finish);
    window.setPipelineLoading(true);
    describeSources(window, state_->sources, QObject::tr("loading…"));
    loader->start(loadJob(), window.observer());
}

void PipelineBackend::attachTo(MainWindow& window) {
    window.setQueryJobFactory(jobFactory());
    window.setSequenceLookup(sequenceLookup());
    window.setTestDocuments(testDocuments());
    window.setModelDescription(modelDescription(), storeDescription());
    window.setStoreMetric(QString::fromStdString(state_->loaded->store().manifest().metric));
    window.setLoraLayers(state_->lora_layers);
}

MainWindow::QueryJobFactory PipelineBackend::jobFactory() {
    std::shared_ptr<State> state = state_;
    return [state](const QueryRequest& request) -> MainWindow::QueryRun {
        const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
        const QString session = state->session_directory + "/" + stamp + "-" + request.method + ".hullft";
        auto saved_adapter = std::make_shared<QString>();
        const std::string signing_key = signingKeySetting().toStdString();
        QueryJob job = [state, request, session, saved_adapter, signing_key](PipelineObserver& observer,
                                                                             const CancellationToken& cancel) {
            std::lock_guard<std::mutex> lock(state->running);
            const PipelineSettings settings = settingsOf(request);
            LoadedPipeline& loaded = *state->loaded;
            loaded.moveTo(request.device.toStdString());

            const std::string text = request.text.toStdString();
            validateQueryText(text, "query");
            const std::string id = request.test_document_id.isEmpty() ? typedQueryId(text)
                                                                       : request.test_document_id.toStdString();
            QDir().mkpath(state->session_directory);
            sessions::SessionInfo info;
            info.tool_version = kVersion;
            info.model_identity = state->identity.model;
            info.datastore_identity = state->identity.datastore;
            info.device = loaded.deviceDescription();
            info.settings_json = pipelineSettingsJson(settings);
            sessions::RecorderOptions recording;
            if (!signing_key.empty())
                recording.signing_key = std::make_shared<const Ed25519PrivateKey>(Ed25519PrivateKey::load(signing_key));
            sessions::SessionRecorder recorder(session.toStdString(), info, recording);
            ObserverList observers;
            observers.add(&observer);
            observers.add(&recorder);
            const QueryResult result = loaded.pipeline().run(id, text, settings, observers, cancel);
            *saved_adapter = QString::fromStdString(result.adapter_saved_to);
        };
        return {std::move(job), session, saved_adapter};
    };
}

SequenceLookup PipelineBackend::sequenceLookup() const {
    std::shared_ptr<State> state = state_;
    return [state](int64_t id) -> std::optional<SequenceInfo> {
        try {
            const SequenceRecord record = state->loaded->store().sequence(id);
            return SequenceInfo{
                QString::fromStdString(record.domain),
                provenanceText(QString::fromStdString(record.package), QString::fromStdString(record.path),
                               QString::fromStdString(record.part)),
                QString::fromStdString(repairUtf8(record.text))};
        } catch (const InputError&) {
            return std::nullopt;
        }
    };
}

TestDocumentList PipelineBackend::testDocuments() const { return state_->test_documents; }

QString PipelineBackend::modelDescription() const {
    LoadedPipeline& loaded = *state_->loaded;
    LanguageModel& model = loaded.model();
    return QStringLiteral("%1 (%2, %3 layers x %4)")
        .arg(QString::fromStdString(loaded.modelDirectory()))
        .arg(QString::fromStdString(model.architecture()))
        .arg(model.numLayers())
        .arg(model.hiddenSize());
}

QString PipelineBackend::storeDescription() const {
    const StoreManifest& manifest = state_->loaded->store().manifest();
    return QObject::tr("%1 (%2 sequences, %3 domains; %4, %5 index)")
        .arg(QString::fromStdString(state_->loaded->store().directory()))
        .arg(manifest.sequences)
        .arg(manifest.domains.size())
        .arg(metricText(QString::fromStdString(manifest.metric)))
        .arg(QString::fromStdString(manifest.index_kind));
}

}  // namespace hullft::ui
