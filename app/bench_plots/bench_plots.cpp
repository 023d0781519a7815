#include "bench_plots.h"

#include <QApplication>
#include <QBuffer>

#include <algorithm>
#include <cmath>
#include <memory>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "themed_plot.h"

namespace hullft::cli {

namespace {

constexpr int kWidth = 960, kHeight = 640;

// QCustomPlot paints through QWidget, which needs a QApplication. Files need no screen, so the
// offscreen platform is used unless the caller chose one (a stale DISPLAY would abort Qt).
std::unique_ptr<QApplication> guiApplicationIfNone() {
    if (QCoreApplication::instance()) return nullptr;
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "hullft";
    static char* argv[] = {name, nullptr};
    return std::make_unique<QApplication>(argc, argv);
}

int queriesOf(const BenchSummary& summary) {
    int queries = 0;
    for (const SummaryCell& cell : summary.cells)
        if (cell.domain == kAllDomains) queries = std::max(queries, cell.queries);
    return queries;
}

// Title on top, the legend between it and the axes.
void setUp(ui::ThemedPlot& plot, const QString& title, const QString& xLabel, const QString& yLabel) {
    plot.showLegendAbove();
    plot.plotLayout()->insertRow(0);
    plot.plotLayout()->addElement(0, 0, new QCPTextElement(&plot, title, QFont(plot.font().family(), 12, QFont::Bold)));
    plot.xAxis->setLabel(xLabel);
    plot.yAxis->setLabel(yLabel);
    plot.applyPalette();
}

// N on a logarithmic axis, a tick at each N of the run.
void useNAxis(ui::ThemedPlot& plot, const std::vector<int>& ns) {
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (const int n : ns) ticker->addTick(n, QString::number(n));
    plot.xAxis->setTicker(ticker);
    plot.xAxis->setScaleType(QCPAxis::stLogarithmic);
    const auto [low, high] = std::minmax_element(ns.begin(), ns.end());
    plot.xAxis->setRange(*low / 1.4, *high * 1.4);
}

QCPGraph* addSeries(ui::ThemedPlot& plot, int index, const QString& name) {
    QCPGraph* graph = plot.addGraph();
    graph->setName(name);
    graph->setPen(QPen(plot.seriesColor(index), 2));
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, plot.seriesColor(index), 7));
    return graph;
}

std::string save(ui::ThemedPlot& plot, const std::string& directory, const std::string& name) {
    plot.yAxis->rescale(true);
    plot.yAxis->scaleRange(1.15);
    const std::string path = directory + "/" + name;
    // Encoded in memory, then written as every output is (a temporary file renamed into place),
    // so a full disk is reported with the OS's reason and leaves no half image behind.
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!plot.toPixmap(kWidth, kHeight).save(&buffer, "PNG")) throw Error(path + ": cannot encode the plot as PNG");
    writeFileAtomically(path, std::string(png.constData(), static_cast<size_t>(png.size())));
    return path;
}

std::string bpbVersusN(const BenchSummary& summary, const std::string& directory) {
    ui::ThemedPlot plot;
    setUp(plot, QString("Mean BPB vs N over %1 held-out queries (lower is better)").arg(queriesOf(summary)),
          "N (training sequences per query)", "mean bits per byte (BPB)");
    useNAxis(plot, summary.ns);
    for (size_t m = 0; m < summary.methods.size(); ++m) {
        const std::string& method = summary.methods[m];
        QCPGraph* graph = addSeries(plot, static_cast<int>(m), QString::fromStdString(method));
        if (method == "base") graph->setPen(QPen(plot.seriesColor(static_cast<int>(m)), 2, Qt::DashLine));
        for (const int n : summary.ns) {
            const SummaryCell* cell = summary.cell(kAllDomains, method, n);
            if (cell && cell->queries > 0) graph->addData(n, cell->mean_bpb);
        }
    }
    return save(plot, directory, "bpb_vs_n.png");
}

std::string bpbVersusTime(const BenchSummary& summary, const std::string& directory) {
    ui::ThemedPlot plot;
    setUp(plot, "Mean BPB vs mean time per query (one point per N; lower left is better)",
          "mean time per query: embed, select, finetune, evaluate (s)", "mean bits per byte (BPB)");
    for (size_t m = 0; m < summary.methods.size(); ++m) {
        const std::string& method = summary.methods[m];
        auto* curve = new QCPCurve(plot.xAxis, plot.yAxis);
        curve->setName(QString::fromStdString(method));
        curve->setPen(QPen(plot.seriesColor(static_cast<int>(m)), 2));
        curve->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, plot.seriesColor(static_cast<int>(m)), 7));
        for (const int n : summary.ns) {
            const SummaryCell* cell = summary.cell(kAllDomains, method, n);
            const TimingCell* timing = summary.timing(method, n);
            if (!cell || !timing || cell->queries == 0 || timing->runs == 0) continue;
            curve->addData(timing->total_seconds, cell->mean_bpb);
            if (method == "base") break;  // one point: base does not depend on N
            auto* label = new QCPItemText(&plot);
            label->position->setCoords(timing->total_seconds, cell->mean_bpb);
            label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
            label->setText(QString("N=%1").arg(n));
            label->setColor(plot.textColor());
        }
    }
    plot.xAxis->rescale(true);
    plot.xAxis->scaleRange(1.2);
    return save(plot, directory, "bpb_vs_time.png");
}

std::string selectionTime(const BenchSummary& summary, const std::string& directory) {
    ui::ThemedPlot plot;
    setUp(plot, "Selection time per method (mean over queries; log scale)", "N (training sequences per query)",
          "mean selection time per query (ms)");
    useNAxis(plot, summary.ns);
    plot.yAxis->setScaleType(QCPAxis::stLogarithmic);
    plot.yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    for (size_t m = 0; m < summary.methods.size(); ++m) {
        const std::string& method = summary.methods[m];
        if (method == "base") continue;  // selects nothing
        QCPGraph* graph = addSeries(plot, static_cast<int>(m), QString::fromStdString(method));
        for (const int n : summary.ns) {
            const TimingCell* timing = summary.timing(method, n);
            // A log axis cannot show 0; a microsecond is below any selection we time.
            if (timing && timing->runs > 0) graph->addData(n, std::max(1e-3, 1000.0 * timing->selection_seconds));
        }
    }
    return save(plot, directory, "selection_time.png");
}

// One point per query and N (a colour per N): kNN's redundancy against HullFT's gain over kNN.
std::string redundancyVersusGain(const BenchSummary& summary, const std::string& directory) {
    ui::ThemedPlot plot;
    setUp(plot, "HullFT's gain over kNN against the redundancy of kNN's neighbours (one point per query)",
          "mean pairwise cosine of kNN's N neighbours", "HullFT's gain over kNN (% of kNN's BPB; above 0: HullFT better)");
    for (size_t i = 0; i < summary.mechanism.size(); ++i) {
        const MechanismCell& cell = summary.mechanism[i];
        QCPGraph* graph = addSeries(plot, static_cast<int>(i), QString("N=%1, rho %2").arg(cell.n).arg(
                                                                   std::isnan(cell.cosine_vs_gain.rho) ? QString("-") : QString::number(cell.cosine_vs_gain.rho, 'f', 2)));
        graph->setLineStyle(QCPGraph::lsNone);
        for (const MechanismPoint& point : summary.mechanism_points)
            if (point.n == cell.n && !std::isnan(point.knn_mean_cosine)) graph->addData(point.knn_mean_cosine, point.hullft_gain_percent);
    }
    plot.xAxis->rescale(true);
    plot.xAxis->scaleRange(1.1);
    return save(plot, directory, "redundancy_vs_gain.png");
}

}  // namespace

std::vector<std::string> renderBenchPlots(const BenchSummary& summary, const std::string& directory) {
    const std::unique_ptr<QApplication> application = guiApplicationIfNone();
    std::vector<std::string> paths{bpbVersusN(summary, directory), bpbVersusTime(summary, directory), selectionTime(summary, directory)};
    if (!summary.mechanism.empty()) paths.push_back(redundancyVersusGain(summary, directory));
    return paths;
}

}  // namespace hullft::cli
