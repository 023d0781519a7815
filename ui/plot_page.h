#pragma once

#include <QString>
#include <QWidget>

class QLabel;

namespace hullft::ui {

class ThemedPlot;

// How a plot view names and labels its parts.
struct PlotPageLabels {
    QString plot_name;  // object names, by which tests find the widgets
    QString summary_name;
    QString tooltip;
    QString x_label;
    QString y_label;
    QString placeholder;  // the summary until the first data arrive
};

// The shape the plot views share: a one-line summary above a ThemedPlot that follows the
// palette. Subclasses add their series, then call restyle() once; it runs again whenever the
// palette changes (light/dark).
class PlotPage : public QWidget {
    Q_OBJECT
protected:
    PlotPage(const PlotPageLabels& labels, QWidget* parent);
    // Colours the subclass's series from the plot's palette.
    virtual void restyle() = 0;

    ThemedPlot* const plot_;
    QLabel* const summary_;
};

}  // namespace hullft::ui
