#pragma once

#include <qcustomplot.h>

namespace hullft::ui {

// A QCustomPlot that takes its colours from the widget palette (light or dark) and follows
// palette changes; views use seriesColor() so their data stays readable on either.
class ThemedPlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit ThemedPlot(QWidget* parent = nullptr);
    // Named (tests find plots by object name), with its tooltip and axis labels.
    ThemedPlot(const QString& object_name, const QString& tooltip, const QString& x_label, const QString& y_label,
               QWidget* parent);

    // A distinct data colour, lightened on dark palettes.
    QColor seriesColor(int index) const;
    // Text colour of the current palette, for items such as labels and markers.
    QColor textColor() const;
    bool isDark() const;
    // Small, so docks can shrink below the legend's width (the plot then clips it).
    QSize minimumSizeHint() const override { return {160, 120}; }
    // Applies the palette to every axis rect (call again after adding one).
    void applyPalette();
    // Shows the legend above the axes, where it never hides data, `columns` entries a row
    // (0: all in one row).
    void showLegendAbove(int columns = 0);

signals:
    // After the palette changed and the axes were restyled: views restyle their series.
    void themeChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    void styleAxis(QCPAxis* axis);
};

}  // namespace hullft::ui
