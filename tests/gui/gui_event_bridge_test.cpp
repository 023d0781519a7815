// The event bridge and the query worker: events reported on a worker thread reach the GUI thread
// in order; the worker reports how a job ended and stops a job on cancel or destruction.
#include <QtTest>
#include <atomic>
#include <thread>

#include "event_bridge.h"
#include "query_worker.h"
#include "scripted_query.h"

using hullft::testing::ScriptedQuery;
using hullft::testing::ScriptOptions;
using hullft::ui::QueryWorker;
using hullft::ui::QueuedEventBridge;

namespace {

// Records the kind of every event it receives, in order.
struct KindRecorder : hullft::PipelineObserver {
    QStringList kinds;
    void onProgress(const hullft::ProgressEvent&) override { kinds << "progress"; }
    void onQueryStarted(const hullft::QueryStartedEvent&) override { kinds << "started"; }
    void onCandidatesReady(const hullft::CandidatesReadyEvent&) override { kinds << "candidates"; }
    void onFwIteration(const hullft::FwIterationEvent&) override { kinds << "fw"; }
    void onSelectionReady(const hullft::SelectionReadyEvent&) override { kinds << "selection"; }
    void onEmbeddingProjection(const hullft::EmbeddingProjectionEvent&) override { kinds << "projection"; }
    void onFinetuneStep(const hullft::FinetuneStepEvent&) override { kinds << "step"; }
    void onCircuitBreaker(const hullft::CircuitBreakerEvent&) override { kinds << "breaker"; }
    void onEvaluation(const hullft::EvaluationEvent&) override { kinds << "evaluation"; }
    void onGeneration(const hullft::GenerationEvent&) override { kinds << "generation"; }
    void onStageTiming(const hullft::StageTimingEvent&) override { kinds << "timing"; }
    void onQueryFinished(const hullft::QueryFinishedEvent&) override { kinds << "finished"; }
};

// Connects every bridge signal (queued) to a recorder, noting the receiving thread.
struct BridgeListener {
    KindRecorder recorder;
    QSet<QThread*> threads;

    explicit BridgeListener(QueuedEventBridge& bridge, QObject* context) {
        listen(bridge, context, &QueuedEventBridge::progress, &KindRecorder::onProgress);
        listen(bridge, context, &QueuedEventBridge::queryStarted, &KindRecorder::onQueryStarted);
        listen(bridge, context, &QueuedEventBridge::candidatesReady, &KindRecorder::onCandidatesReady);
        listen(bridge, context, &QueuedEventBridge::fwIterationDone, &KindRecorder::onFwIteration);
        listen(bridge, context, &QueuedEventBridge::selectionReady, &KindRecorder::onSelectionReady);
        listen(bridge, context, &QueuedEventBridge::embeddingProjectionReady,
               &KindRecorder::onEmbeddingProjection);
        listen(bridge, context, &QueuedEventBridge::stepDone, &KindRecorder::onFinetuneStep);
        listen(bridge, context, &QueuedEventBridge::circuitBreakerTripped, &KindRecorder::onCircuitBreaker);
        listen(bridge, context, &QueuedEventBridge::evaluationReady, &KindRecorder::onEvaluation);
        listen(bridge, context, &QueuedEventBridge::generationReady, &KindRecorder::onGeneration);
        listen(bridge, context, &QueuedEventBridge::stageTimed, &KindRecorder::onStageTiming);
        listen(bridge, context, &QueuedEventBridge::queryFinished, &KindRecorder::onQueryFinished);
    }

    template <typename Event>
    void listen(QueuedEventBridge& bridge, QObject* context, void (QueuedEventBridge::*signal)(const Event&),
                void (KindRecorder::*record)(const Event&)) {
        QObject::connect(
            &bridge, signal, context,
            [this, record](const Event& event) {
                threads.insert(QThread::currentThread());
                (recorder.*record)(event);
            },
            Qt::QueuedConnection);
    }
};

}  // namespace

class GuiEventBridgeTest : public QObject {
    Q_OBJECT
private slots:
    void events_from_a_worker_thread_arrive_on_the_gui_thread_in_order() {
        ScriptOptions options;
        options.circuit_breaker_step = 7;
        const ScriptedQuery script(options);
        KindRecorder direct;
        script.playAll(direct);

        QueuedEventBridge bridge;
        QObject context;
        BridgeListener listener(bridge, &context);
        std::thread worker([&] { script.playAll(bridge); });
        worker.join();
        QTRY_COMPARE(listener.recorder.kinds.size(), script.eventCount());
        QCOMPARE(listener.recorder.kinds, direct.kinds);
        QCOMPARE(listener.threads, QSet<QThread*>({QThread::currentThread()}));
        QVERIFY(direct.kinds.contains("breaker"));
    }

    void a_query_finished_with_an_error_also_emits_failed() {
        QueuedEventBridge bridge;
        QSignalSpy failed(&bridge, &QueuedEventBridge::failed);
        QSignalSpy finished(&bridge, &QueuedEventBridge::queryFinished);
        bridge.onQueryFinished({"q", 1.0, false, "model.safetensors: truncated tensor wte.weight"});
        bridge.onQueryFinished({"q", 1.0, false, ""});
        QCOMPARE(finished.size(), 2);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.at(0).at(0).toString(),
                 QStringLiteral("model.safetensors: truncated tensor wte.weight"));
    }

    void worker_reports_a_completed_job_after_its_events() {
        QueryWorker worker;
        QueuedEventBridge bridge;
        QObject context;
        BridgeListener listener(bridge, &context);
        const ScriptedQuery script(ScriptOptions{});
        QStringList order;
        connect(&worker, &QueryWorker::finished, &context, [&](bool cancelled) {
            order << (cancelled ? "cancelled" : "completed");
            order << QString::number(listener.recorder.kinds.size());
        });
        QSignalSpy started(&worker, &QueryWorker::started);
        QVERIFY(worker.start(script.job(), bridge));
        QCOMPARE(started.size(), 1);
        QVERIFY(worker.isRunning());
        QVERIFY(!worker.start(script.job(), bridge));  // one job at a time
        QTRY_VERIFY_WITH_TIMEOUT(!worker.isRunning(), 20000);
        QCOMPARE(order, QStringList({"completed", QString::number(script.eventCount())}));
    }

    void worker_cancel_stops_the_job_between_events() {
        QueryWorker worker;
        QueuedEventBridge bridge;
        ScriptOptions options;
        options.event_delay_ms = 20;
        const ScriptedQuery script(options);
        QSignalSpy finished(&worker, &QueryWorker::finished);
        QSignalSpy steps(&bridge, &QueuedEventBridge::stepDone);
        QVERIFY(worker.start(script.job(), bridge));
        QTRY_VERIFY_WITH_TIMEOUT(steps.size() >= 1, 20000);
        worker.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QVERIFY(steps.size() < script.computedSteps() + script.reusedSteps());
    }

    void worker_reports_a_throwing_job_as_failed() {
        QueryWorker worker;
        QueuedEventBridge bridge;
        QSignalSpy failed(&worker, &QueryWorker::failed);
        QSignalSpy finished(&worker, &QueryWorker::finished);
        QVERIFY(worker.start(
            [](hullft::PipelineObserver&, const hullft::CancellationToken&) {
                throw hullft::InputError("corpus.jsonl", "line 3: missing field \"text\"");
            },
            bridge));
        QTRY_COMPARE(failed.size(), 1);
        QVERIFY(failed.at(0).at(0).toString().contains("corpus.jsonl"));
        QCOMPARE(finished.size(), 0);
        QVERIFY(!worker.isRunning());
    }

    void destroying_the_worker_stops_a_running_job() {
        QueuedEventBridge bridge;
        std::atomic<bool> stopped{false};
        {
            QueryWorker worker;
            QVERIFY(worker.start(
                [&](hullft::PipelineObserver&, const hullft::CancellationToken& token) {
                    while (!token.cancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
                    stopped = true;
                },
                bridge));
        }
        QVERIFY(stopped);
    }
};

QTEST_MAIN(GuiEventBridgeTest)
#include "gui_event_bridge_test.moc"
