// LibTorch headers first: Qt's `slots` macro breaks them when a Qt header comes first.
#include "datastore/lm_embedder.h"
#include "pipeline/query_pipeline.h"
#include "pipeline/query_text.h"

#include "pipeline_backend.h"

#include <QDateTime>
#include <QDir>
#include <QFile>

#include <mutex>

#include "common/errors.h"
#include "common/utf8.h"
#include "common/version.h"
#include "corpus/document_jsonl.h"
#include "datastore/store.h"
#include "model/device.h"
#include "model/gpt2_checkpoint.h"
#include "pipeline/observer.h"
#include "session_info.h"
#include "session_recorder.h"
#include "tokenizer/tokenizer.h"

namespace hullft::ui {

namespace {

int embeddingLayerOf(const Store& store, const std::string& storeDirectory) {
    const std::string& identity = store.manifest().embedder_identity;
    const std::optional<int> layer = LmEmbedder::layerOfIdentity(identity);
    if (!layer) throw InputError(storeDirectory, "was not built with a language-model embedder (" + identity + ")");
    return *layer;
}

sessions::SessionInfo sessionInfo(const std::string& modelDirectory, const StoreManifest& manifest,
                                  const PipelineSettings& settings, const torch::Device& device) {
    sessions::SessionInfo info;
    info.tool_version = kVersion;
    info.model_identity = sessions::modelIdentity({modelDirectory + "/model.safetensors"});
    info.datastore_identity = manifest.embedder_identity + " built " + manifest.built_at;
    info.device = device.str();
    info.settings_json = pipelineSettingsJson(settings);
    return info;
}

}  // namespace

struct PipelineBackend::State {
    std::string model_directory;
    std::shared_ptr<Gpt2Model> model;
    std::unique_ptr<Tokenizer> tokenizer;
    std::unique_ptr<Store> store;
    std::unique_ptr<LmEmbedder> embedder;
    std::unique_ptr<QueryPipeline> pipeline;
    TestDocumentList test_documents;
    QString session_directory;
    std::mutex running;  // one query at a time uses the model
};

PipelineBackend::PipelineBackend(const QString& modelDirectory, const QString& storeDirectory,
                                 const QString& corpusDirectory, const QString& sessionDirectory)
    : state_(std::make_shared<State>()) {
    State& state = *state_;
    state.model_directory = modelDirectory.toStdString();
    state.model = loadGpt2Model(state.model_directory);
    state.model->eval();
    state.tokenizer = loadTokenizer(state.model_directory);
    state.store = std::make_unique<Store>(Store::open(storeDirectory.toStdString()));
    state.embedder = std::make_unique<LmEmbedder>(*state.model, embeddingLayerOf(*state.store, storeDirectory.toStdString()));
    state.pipeline = std::make_unique<QueryPipeline>(*state.model, *state.tokenizer, *state.store, *state.embedder);
    state.session_directory = sessionDirectory;

    std::vector<JsonlIssue> issues;
    const std::string split = (corpusDirectory + QStringLiteral("/test.jsonl")).toStdString();
    if (QFile::exists(QString::fromStdString(split))) {
        readDocumentsJsonl(split, "unknown", [&](Document&& document) {
            const std::string text = queryPrefix(document.text);
            const QString title = QString::fromStdString(document.part.empty() ? document.path : document.part);
            state.test_documents.push_back({QString::fromStdString(document.id), QString::fromStdString(document.domain),
                                            title.left(60), QString::fromStdString(text)});
        }, issues);
    }
}

PipelineBackend::~PipelineBackend() = default;

void PipelineBackend::attachTo(MainWindow& window) {
    window.setQueryJobFactory(jobFactory());
    window.setSequenceLookup(sequenceLookup());
    window.setTestDocuments(testDocuments());
    window.setModelDescription(modelDescription(), storeDescription());
}

MainWindow::QueryJobFactory PipelineBackend::jobFactory() {
    std::shared_ptr<State> state = state_;
    return [state](const QueryRequest& request) -> MainWindow::QueryRun {
        const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
        const QString session = state->session_directory + "/" + stamp + "-" + request.method + ".hullft";
        QueryJob job = [state, request, session](PipelineObserver& observer, const CancellationToken& cancel) {
            std::lock_guard<std::mutex> lock(state->running);
            PipelineSettings settings;
            settings.method = parseMethod(request.method.toStdString());
            settings.n = request.n;
            settings.k = request.k;
            settings.refresh_interval = request.refresh_interval;
            settings.finetune.learning_rate = request.learning_rate;
            settings.generate_tokens = request.generate_tokens;
            const torch::Device device = selectDevice(request.device.toStdString());
            state->model->to(device);

            const std::string text = request.text.toStdString();
            validateQueryText(text, "query");
            const std::string id = request.test_document_id.isEmpty() ? typedQueryId(text)
                                                                       : request.test_document_id.toStdString();
            QDir().mkpath(state->session_directory);
            sessions::SessionRecorder recorder(session.toStdString(), sessionInfo(state->model_directory, state->store->manifest(), settings, device));
            ObserverList observers;
            observers.add(&observer);
            observers.add(&recorder);
            state->pipeline->run(id, text, settings, observers, cancel);
        };
        return {std::move(job), session};
    };
}

SequenceLookup PipelineBackend::sequenceLookup() const {
    std::shared_ptr<State> state = state_;
    return [state](int64_t id) -> std::optional<SequenceInfo> {
        try {
            const SequenceRecord record = state->store->sequence(id);
            const std::string source = record.package + ":" + record.path + (record.part.empty() ? "" : "#" + record.part);
            return SequenceInfo{QString::fromStdString(record.domain), QString::fromStdString(source),
                                QString::fromStdString(repairUtf8(record.text))};
        } catch (const InputError&) {
            return std::nullopt;
        }
    };
}

TestDocumentList PipelineBackend::testDocuments() const { return state_->test_documents; }

QString PipelineBackend::modelDescription() const {
    const auto& config = state_->model->config();
    return QStringLiteral("%1 (GPT-2, %2 layers x %3)")
        .arg(QString::fromStdString(state_->model_directory))
        .arg(config.n_layer)
        .arg(config.n_embd);
}

QString PipelineBackend::storeDescription() const {
    const auto& manifest = state_->store->manifest();
    return QStringLiteral("%1 (%2 sequences, %3 domains)")
        .arg(QString::fromStdString(state_->store->directory()))
        .arg(manifest.sequences)
        .arg(manifest.domains.size());
}

}  // namespace hullft::ui
