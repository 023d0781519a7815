#pragma once

// Small static plots as inline SVG, so an exported HTML report needs no script and no file
// beside it. Non-finite values are left out of a plot rather than breaking it.

#include <string>
#include <vector>

namespace hullft::sessions {

struct PlotSeries {
    enum class Style { Line, Points, HollowPoints, Bars };
    std::string name;
    std::vector<double> x;  // ignored for Bars: bar i sits at category i
    std::vector<double> y;
    Style style = Style::Line;
    std::string color = "#1f77b4";
};

struct PlotSpec {
    std::string title;
    std::string x_label;
    std::string y_label;
    bool log_y = false;
    std::vector<std::string> categories;  // x tick labels for bar charts
    std::vector<PlotSeries> series;
};

// An <svg> element (560 x 280 user units, scales with the page) with axes, ticks and a legend.
std::string renderSvg(const PlotSpec& plot);

}  // namespace hullft::sessions
