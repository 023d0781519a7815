#include "themed_plot.h"

#include <iterator>

namespace hullft::ui {

namespace {
// Colour-blind-friendly hues (Okabe-Ito), readable on white and, lightened, on dark bases.
constexpr QRgb kSeries[] = {0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7, 0xE69F00, 0x56B4E9, 0xF0E442};
}  // namespace

ThemedPlot::ThemedPlot(QWidget* parent) : QCustomPlot(parent) {
    setAntialiasedElements(QCP::aePlottables | QCP::aeItems);
    applyPalette();
}

ThemedPlot::ThemedPlot(const QString& object_name, const QString& tooltip, const QString& x_label,
                       const QString& y_label, QWidget* parent)
    : ThemedPlot(parent) {
    setObjectName(object_name);
    setToolTip(tooltip);
    xAxis->setLabel(x_label);
    yAxis->setLabel(y_label);
}

bool ThemedPlot::isDark() const { return palette().color(QPalette::Base).lightness() < 128; }

QColor ThemedPlot::textColor() const { return palette().color(QPalette::Text); }

QColor ThemedPlot::seriesColor(int index) const {
    const QColor colour(kSeries[index % std::size(kSeries)]);
    return isDark() ? colour.lighter(130) : colour;
}

void ThemedPlot::applyPalette() {
    const QPalette& colours = palette();
    setBackground(colours.brush(QPalette::Base));
    for (QCPAxisRect* rect : axisRects()) {
        for (QCPAxis* axis : rect->axes()) styleAxis(axis);
    }
    legend->setTextColor(textColor());
    for (int i = 0; i < plotLayout()->elementCount(); ++i) {
        if (auto* title = qobject_cast<QCPTextElement*>(plotLayout()->elementAt(i))) {
            title->setTextColor(textColor());
        }
    }
}

void ThemedPlot::showLegendAbove(int columns) {
    legend->setVisible(true);
    if (legend->layout()) legend->layout()->take(legend);
    plotLayout()->insertRow(0);
    plotLayout()->addElement(0, 0, legend);
    plotLayout()->setRowStretchFactor(0, 0.001);
    legend->setWrap(columns);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    legend->setMargins(QMargins(4, 0, 4, 0));
    legend->setFont(font());
}

void ThemedPlot::styleAxis(QCPAxis* axis) {
    const QColor text = textColor();
    QColor grid = palette().color(QPalette::Mid);
    grid.setAlpha(110);
    axis->setBasePen(QPen(text));
    axis->setTickPen(QPen(text));
    axis->setSubTickPen(QPen(text));
    axis->setLabelColor(text);
    axis->setTickLabelColor(text);
    axis->grid()->setPen(QPen(grid, 0, Qt::DotLine));
    axis->grid()->setZeroLinePen(QPen(grid));
}

void ThemedPlot::changeEvent(QEvent* event) {
    QCustomPlot::changeEvent(event);
    if (event->type() != QEvent::PaletteChange) return;
    applyPalette();
    emit themeChanged();
    replot(rpQueuedReplot);
}

}  // namespace hullft::ui
