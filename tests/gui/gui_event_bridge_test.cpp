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

// Records the kind of every event it receives, in order, and the threads it received them on.
struct KindRecorder : hullft::AnyEventObserver {
    QStringList kinds;
    QSet<QThread*> threads;
    void onAnyEvent(const hullft::PipelineEvent& event) override {
        kinds << hullft::kindOf(event);
        threads.insert(QThread::currentThread());
    }
};

// How many of the events a spy on QueuedEventBridge::eventReported saw are of kind Event.
template <typename Event>
int countOf(const QSignalSpy& events) {
    int count = 0;
    for (const QList<QVariant>& arguments : events)
        count += std::holds_alternative<Event>(qvariant_cast<hullft::PipelineEvent>(arguments.at(0)));
    return count;
}

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
        KindRecorder listener;
        hullft::ui::connectObserver(&bridge, &context, &listener);
        std::thread worker([&] { script.playAll(bridge); });
        worker.join();
        QTRY_COMPARE(listener.kinds.size(), script.eventCount());
        QCOMPARE(listener.kinds, direct.kinds);
        QCOMPARE(listener.threads, QSet<QThread*>({QThread::currentThread()}));
        QVERIFY(direct.kinds.contains("circuit_breaker"));
    }

    void a_query_finished_with_an_error_also_emits_failed() {
        QueuedEventBridge bridge;
        QSignalSpy failed(&bridge, &QueuedEventBridge::failed);
        QSignalSpy events(&bridge, &QueuedEventBridge::eventReported);
        bridge.onQueryFinished({"q", 1.0, false, "model.safetensors: truncated tensor wte.weight"});
        bridge.onQueryFinished({"q", 1.0, false, ""});
        QCOMPARE(countOf<hullft::QueryFinishedEvent>(events), 2);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.at(0).at(0).toString(),
                 QStringLiteral("model.safetensors: truncated tensor wte.weight"));
    }

    void worker_reports_a_completed_job_after_its_events() {
        QueryWorker worker;
        QueuedEventBridge bridge;
        QObject context;
        KindRecorder listener;
        hullft::ui::connectObserver(&bridge, &context, &listener);
        const ScriptedQuery script(ScriptOptions{});
        QStringList order;
        connect(&worker, &QueryWorker::finished, &context, [&](bool cancelled) {
            order << (cancelled ? "cancelled" : "completed");
            order << QString::number(listener.kinds.size());
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
        QSignalSpy events(&bridge, &QueuedEventBridge::eventReported);
        QVERIFY(worker.start(script.job(), bridge));
        QTRY_VERIFY_WITH_TIMEOUT(countOf<hullft::FinetuneStepEvent>(events) >= 1, 20000);
        worker.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QVERIFY(countOf<hullft::FinetuneStepEvent>(events) < script.computedSteps() + script.reusedSteps());
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
