#include "svg_plot.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "html_text.h"

namespace hullft::sessions {
namespace {

constexpr double kWidth = 560, kHeight = 280;
constexpr double kLeft = 64, kRight = 16, kTop = 36, kBottom = 48;

struct Range {
    double low = std::numeric_limits<double>::infinity();
    double high = -std::numeric_limits<double>::infinity();
    void add(double v) {
        if (!std::isfinite(v)) return;
        low = std::min(low, v);
        high = std::max(high, v);
    }
    void settle() {
        if (low > high) low = 0, high = 1;
        if (low == high) low -= 0.5, high += 0.5;
    }
    // Room around the data so markers are not cut by the frame.
    void pad(double below, double above) {
        const double span = high - low;
        low -= below * span;
        high += above * span;
    }
};

// Maps data coordinates to the plot area; y is log10 when the spec asks for it.
class Frame {
public:
    explicit Frame(const PlotSpec& plot) : plot_(plot) {
        bars_ = std::any_of(plot.series.begin(), plot.series.end(),
                            [](const PlotSeries& s) { return s.style == PlotSeries::Style::Bars; });
        for (const PlotSeries& s : plot.series) {
            for (size_t i = 0; i < s.y.size(); ++i) {
                y_.add(transform(s.y[i]));
                if (bars_) x_.add(static_cast<double>(i));
                else if (i < s.x.size()) x_.add(s.x[i]);
            }
        }
        if (bars_) x_.low -= 0.5, x_.high += 0.5, y_.add(plot.log_y ? y_.low : 0.0);
        x_.settle();
        y_.settle();
        y_.pad(bars_ ? 0.0 : 0.05, 0.08);
        if (!bars_) x_.pad(0.03, 0.03);
    }
    double transform(double y) const {
        if (!plot_.log_y) return y;
        return y > 0 ? std::log10(y) : std::numeric_limits<double>::quiet_NaN();
    }
    double px(double x) const { return kLeft + (x - x_.low) / (x_.high - x_.low) * (kWidth - kLeft - kRight); }
    double py(double y) const {
        return kTop + (1.0 - (transform(y) - y_.low) / (y_.high - y_.low)) * (kHeight - kTop - kBottom);
    }
    double pyTransformed(double t) const { return kTop + (1.0 - (t - y_.low) / (y_.high - y_.low)) * (kHeight - kTop - kBottom); }
    const Range& x() const { return x_; }
    const Range& y() const { return y_; }
    bool bars() const { return bars_; }

private:
    const PlotSpec& plot_;
    Range x_, y_;
    bool bars_ = false;
};

std::string num(double v) { return formatNumber(v, 6); }

std::string axes(const PlotSpec& plot, const Frame& frame) {
    std::string svg;
    const double bottom = kHeight - kBottom;
    svg += "<line x1=\"" + num(kLeft) + "\" y1=\"" + num(bottom) + "\" x2=\"" + num(kWidth - kRight) + "\" y2=\"" +
           num(bottom) + "\" stroke=\"#333\"/><line x1=\"" + num(kLeft) + "\" y1=\"" + num(kTop) + "\" x2=\"" +
           num(kLeft) + "\" y2=\"" + num(bottom) + "\" stroke=\"#333\"/>";
    for (int i = 0; i <= 4; ++i) {
        const double t = frame.y().low + (frame.y().high - frame.y().low) * i / 4.0;
        const double y = frame.pyTransformed(t);
        const std::string label = formatNumber(plot.log_y ? std::pow(10.0, t) : t, 3);
        svg += "<line x1=\"" + num(kLeft - 4) + "\" y1=\"" + num(y) + "\" x2=\"" + num(kWidth - kRight) + "\" y2=\"" +
               num(y) + "\" stroke=\"#ddd\"/><text x=\"" + num(kLeft - 6) + "\" y=\"" + num(y + 4) +
               "\" text-anchor=\"end\">" + escapeHtml(label) + "</text>";
    }
    const size_t categories = plot.categories.size();
    const size_t stride = std::max<size_t>(1, categories / 12);
    for (size_t i = 0; frame.bars() && i < categories; i += stride)
        svg += "<text x=\"" + num(frame.px(static_cast<double>(i))) + "\" y=\"" + num(bottom + 14) +
               "\" text-anchor=\"middle\">" + escapeHtml(plot.categories[i]) + "</text>";
    for (int i = 0; !frame.bars() && i <= 4; ++i) {
        const double x = frame.x().low + (frame.x().high - frame.x().low) * i / 4.0;
        svg += "<text x=\"" + num(frame.px(x)) + "\" y=\"" + num(bottom + 14) + "\" text-anchor=\"middle\">" +
               escapeHtml(formatNumber(x, 3)) + "</text>";
    }
    svg += "<text x=\"" + num((kLeft + kWidth - kRight) / 2) + "\" y=\"" + num(kHeight - 10) +
           "\" text-anchor=\"middle\">" + escapeHtml(plot.x_label) + "</text>";
    svg += "<text transform=\"translate(14 " + num((kTop + bottom) / 2) + ") rotate(-90)\" text-anchor=\"middle\">" +
           escapeHtml(plot.y_label) + "</text>";
    return svg;
}

std::string bars(const PlotSeries& s, size_t index, size_t barSeries, const Frame& frame) {
    std::string svg;
    const double slot = frame.px(1.0) - frame.px(0.0);
    const double width = 0.8 * slot / static_cast<double>(barSeries);
    const double base = frame.py(frame.y().low > 0 ? frame.y().low : 0.0);
    for (size_t i = 0; i < s.y.size(); ++i) {
        const double top = frame.py(s.y[i]);
        if (!std::isfinite(top)) continue;
        const double left = frame.px(static_cast<double>(i)) - 0.4 * slot + width * static_cast<double>(index);
        svg += "<rect x=\"" + num(left) + "\" y=\"" + num(std::min(top, base)) + "\" width=\"" + num(width) +
               "\" height=\"" + num(std::abs(base - top)) + "\" fill=\"" + s.color + "\"/>";
    }
    return svg;
}

std::string linesAndPoints(const PlotSeries& s, const Frame& frame) {
    std::string svg, path;
    for (size_t i = 0; i < s.y.size() && i < s.x.size(); ++i) {
        const double x = frame.px(s.x[i]), y = frame.py(s.y[i]);
        if (!std::isfinite(x) || !std::isfinite(y)) continue;
        if (s.style == PlotSeries::Style::Line) path += (path.empty() ? "M" : " L") + num(x) + " " + num(y);
        else
            svg += "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"3.5\" " +
                   (s.style == PlotSeries::Style::Points ? "fill=\"" + s.color + "\""
                                                         : "fill=\"white\" stroke=\"" + s.color + "\" stroke-width=\"1.5\"") +
                   "/>";
    }
    if (!path.empty()) svg += "<path d=\"" + path + "\" fill=\"none\" stroke=\"" + s.color + "\" stroke-width=\"1.5\"/>";
    return svg;
}

std::string legend(const PlotSpec& plot) {
    std::string svg;
    double x = kLeft + 4;
    for (const PlotSeries& s : plot.series) {
        if (s.name.empty()) continue;
        svg += "<rect x=\"" + num(x) + "\" y=\"" + num(kTop - 14) + "\" width=\"10\" height=\"10\" fill=\"" + s.color +
               "\"/><text x=\"" + num(x + 14) + "\" y=\"" + num(kTop - 5) + "\">" + escapeHtml(s.name) + "</text>";
        x += 24 + 6.5 * static_cast<double>(s.name.size());
    }
    return svg;
}

}  // namespace

std::string renderSvg(const PlotSpec& plot) {
    const Frame frame(plot);
    std::string svg = "<svg viewBox=\"0 0 " + num(kWidth) + " " + num(kHeight) +
                      "\" class=\"plot\" role=\"img\" aria-label=\"" + escapeHtml(plot.title) + "\">";
    svg += "<text x=\"" + num(kWidth / 2) + "\" y=\"14\" text-anchor=\"middle\" class=\"plot-title\">" +
           escapeHtml(plot.title) + "</text>";
    svg += axes(plot, frame);
    const size_t barSeries = static_cast<size_t>(std::count_if(plot.series.begin(), plot.series.end(), [](const PlotSeries& s) {
        return s.style == PlotSeries::Style::Bars;
    }));
    size_t barIndex = 0;
    for (const PlotSeries& s : plot.series)
        svg += s.style == PlotSeries::Style::Bars ? bars(s, barIndex++, barSeries, frame) : linesAndPoints(s, frame);
    svg += legend(plot) + "</svg>";
    return svg;
}

}  // namespace hullft::sessions
