#include "plot_page.h"

#include <QLabel>
#include <QVBoxLayout>

#include "themed_plot.h"

namespace hullft::ui {

PlotPage::PlotPage(const PlotPageLabels& labels, QWidget* parent)
    : QWidget(parent),
      plot_(new ThemedPlot(labels.plot_name, labels.tooltip, labels.x_label, labels.y_label, this)),
      summary_(new QLabel(labels.placeholder, this)) {
    summary_->setObjectName(labels.summary_name);
    summary_->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(summary_);
    layout->addWidget(plot_, 1);
    // Virtual dispatch is safe here: the signal only fires once construction is over.
    connect(plot_, &ThemedPlot::themeChanged, this, [this] { restyle(); });
}

}  // namespace hullft::ui
