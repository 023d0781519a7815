#pragma once

// Helpers shared by the GUI tests: a dark palette, a quieter offscreen log, where screenshots go,
// and a gate that holds a real job's worker thread at a known event.
#include <QApplication>
#include <QDir>
#include <QPalette>
#include <QSemaphore>
#include <atomic>
#include <memory>
#include <string>

#include "events/observer.h"
#include "query_worker.h"

namespace hullft::testing {

inline QPalette darkPalette() {
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(45, 45, 48));
    dark.setColor(QPalette::WindowText, QColor(230, 230, 230));
    dark.setColor(QPalette::Base, QColor(30, 30, 32));
    dark.setColor(QPalette::AlternateBase, QColor(45, 45, 48));
    dark.setColor(QPalette::Text, QColor(230, 230, 230));
    dark.setColor(QPalette::PlaceholderText, QColor(150, 150, 150));
    dark.setColor(QPalette::Button, QColor(55, 55, 58));
    dark.setColor(QPalette::ButtonText, QColor(230, 230, 230));
    dark.setColor(QPalette::ToolTipBase, QColor(55, 55, 58));
    dark.setColor(QPalette::ToolTipText, QColor(230, 230, 230));
    dark.setColor(QPalette::Highlight, QColor(42, 130, 218));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    dark.setColor(QPalette::Mid, QColor(90, 90, 95));
    dark.setColor(QPalette::Disabled, QPalette::Text, QColor(120, 120, 120));
    dark.setColor(QPalette::Disabled, QPalette::WindowText, QColor(120, 120, 120));
    dark.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(120, 120, 120));
    return dark;
}

// The offscreen platform warns on every dock resize; keeps the test log readable.
inline void dropOffscreenNoise() {
    static QtMessageHandler previous = nullptr;
    previous =
        qInstallMessageHandler([](QtMsgType type, const QMessageLogContext& context, const QString& message) {
            if (!message.contains(QLatin1String("propagateSizeHints"))) previous(type, context, message);
        });
}

// Screenshots (QWidget::grab) land next to the test executable, in gui_screenshots/.
inline QString screenshotDir() {
    const QString dir = QCoreApplication::applicationDirPath() + QStringLiteral("/gui_screenshots");
    QDir().mkpath(dir);
    return dir;
}

// Holds the worker thread once, at the first event of `stage` ("finetune step" or a progress
// stage such as "embed"), after that event went on to the views, until release().
class Gate {
public:
    explicit Gate(std::string stage) : stage_(std::move(stage)) {}
    ~Gate() { release(); }
    const std::string& stage() const { return stage_; }
    void pass() {
        if (armed_.exchange(false)) open_.acquire();
    }
    void release() {
        if (!released_.exchange(true)) open_.release();
    }

private:
    std::string stage_;
    std::atomic<bool> armed_{true};
    std::atomic<bool> released_{false};
    QSemaphore open_;
};

class GatedObserver : public ObserverList {
public:
    explicit GatedObserver(Gate& gate) : gate_(gate) {}
    void onProgress(const ProgressEvent& e) override {
        ObserverList::onProgress(e);
        if (e.stage == gate_.stage()) gate_.pass();
    }
    void onFinetuneStep(const FinetuneStepEvent& e) override {
        ObserverList::onFinetuneStep(e);
        if (gate_.stage() == "finetune step") gate_.pass();
    }

private:
    Gate& gate_;
};

// `job`, reporting through a gate.
inline ui::QueryJob gatedJob(ui::QueryJob job, std::shared_ptr<Gate> gate) {
    return [job = std::move(job), gate](PipelineObserver& observer, const CancellationToken& cancel) {
        GatedObserver gated(*gate);
        gated.add(&observer);
        job(gated, cancel);
    };
}

}  // namespace hullft::testing
