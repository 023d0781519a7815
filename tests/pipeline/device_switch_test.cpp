// One LoadedPipeline (the wiring the workbench keeps between queries) runs a query on the CPU,
// then on CUDA when this machine has it, then on the CPU again. Each run must give what a fresh
// `hullft query` process gives on that device, and the base weights must be back afterwards:
// moving the model must not leave the finetuner's snapshot or CUDA graphs on the old storage.
// LibTorch headers first: Qt's `slots` macro breaks them when a Qt header comes first.
#include <torch/torch.h>

#include "common/cancellation.h"
#include "datastore/lm_embedder.h"
#include "events/observer.h"
#include "model/gpt2_model.h"
#include "pipeline/loaded_pipeline.h"

#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <fstream>

#include "cli_runner.h"
#include "store_fixtures.h"

namespace {

constexpr int kN = 6;
constexpr int kK = 30;

hullft::PipelineSettings settings() {
    hullft::PipelineSettings s;
    s.n = kN;
    s.k = kK;
    s.generate_tokens = 8;
    return s;
}

}  // namespace

class PipelineDeviceSwitchTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString store_, queryFile_;
    std::string query_;

    nlohmann::json freshProcess(const QString& device) {
        const CliResult result = runCli({"query", "--store", store_, "--text-file", queryFile_, "--n", QString::number(kN), "--k",
                                         QString::number(kK), "--generate-tokens", "8", "--device", device, "--json"});
        if (result.exitCode != 0) qWarning("%s", result.err.constData());
        return result.exitCode == 0 ? nlohmann::json::parse(result.out.toStdString()) : nlohmann::json();
    }

    // The in-process run on `loaded`'s current device, against a fresh process on `device`.
    void expectSameAsFreshProcess(hullft::LoadedPipeline& loaded, const QString& device, double tolerance) {
        hullft::PipelineObserver quiet;
        const hullft::CancellationToken cancel;
        const hullft::QueryResult result = loaded.pipeline().run("switch", query_, settings(), quiet, cancel);
        const nlohmann::json fresh = freshProcess(device);
        QVERIFY(!fresh.is_null());
        QCOMPARE(result.training_order, fresh.at("training_order").get<std::vector<int64_t>>());
        QVERIFY(std::abs(result.evaluation.base_bpb - fresh.at("base_bpb").get<double>()) <= tolerance);
        QVERIFY2(std::abs(result.evaluation.adapted_bpb - fresh.at("adapted_bpb").get<double>()) <= tolerance,
                 qPrintable(QStringLiteral("%1 in process, %2 fresh on %3")
                                .arg(result.evaluation.adapted_bpb, 0, 'g', 17)
                                .arg(fresh.at("adapted_bpb").get<double>(), 0, 'g', 17)
                                .arg(device)));
        QVERIFY(result.evaluation.adapted_bpb != result.evaluation.base_bpb);
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        store_fixtures::writeCorpus(dir_.filePath("corpus"), 12, 600);
        store_ = dir_.filePath("store");
        const CliResult built =
            runCli({"store", "build", "--store", store_, "--corpus", dir_.filePath("corpus"), "--max-tokens", "64"});
        QVERIFY2(built.exitCode == 0, built.err.constData());
        query_ = store_fixtures::documentText(3, 300);
        queryFile_ = dir_.filePath("query.txt");
        std::ofstream(queryFile_.toStdString()) << query_;
    }

    void queries_on_cpu_cuda_cpu_match_fresh_processes() {
        hullft::PipelineSources sources;
        sources.model_directory = HULLFT_SOURCE_DIR "/resources/models/default";
        sources.store_directory = store_.toStdString();
        sources.device = "cpu";
        hullft::LoadedPipeline loaded(sources);
        const std::string baseWeights = hullft::LmEmbedder::weightsHash(loaded.model());

        expectSameAsFreshProcess(loaded, QStringLiteral("cpu"), 0.0);
        if (torch::cuda::is_available()) {
            loaded.moveTo("cuda");
            QVERIFY(loaded.device().is_cuda());
            // The same device and precision as the fresh process: the same kernels and graphs.
            expectSameAsFreshProcess(loaded, QStringLiteral("cuda"), 1e-6);
            expectSameAsFreshProcess(loaded, QStringLiteral("cuda"), 1e-6);  // now from captured graphs
        } else {
            qInfo("no CUDA device here: cpu -> cpu only");
        }
        loaded.moveTo("cpu");
        QVERIFY(loaded.device().is_cpu());
        expectSameAsFreshProcess(loaded, QStringLiteral("cpu"), 0.0);
        QCOMPARE(hullft::LmEmbedder::weightsHash(loaded.model()), baseWeights);
    }
};

QTEST_GUILESS_MAIN(PipelineDeviceSwitchTest)
#include "device_switch_test.moc"
