#include "scientific_spin_box.h"

#include <QLocale>
#include <cmath>

namespace hullft::ui {

namespace {
// The 1-2-5 ladder: the next value above (up) or below (down) `value`.
double ladderStep(double value, bool up) {
    const double decade = std::pow(10.0, std::floor(std::log10(value)));
    const double mantissa = value / decade;
    constexpr double kRungs[] = {1.0, 2.0, 5.0, 10.0};
    if (up) {
        for (double rung : kRungs) {
            if (rung > mantissa * (1 + 1e-9)) return rung * decade;
        }
        return 20.0 * decade;
    }
    for (int i = 3; i >= 0; --i) {
        if (kRungs[i] < mantissa * (1 - 1e-9)) return kRungs[i] * decade;
    }
    return 0.5 * decade;
}
}  // namespace

ScientificSpinBox::ScientificSpinBox(QWidget* parent) : QDoubleSpinBox(parent) {
    setDecimals(12);  // the value is not rounded to a fixed number of decimals
    setRange(1e-9, 1.0);
}

QString ScientificSpinBox::textFromValue(double value) const { return QLocale::c().toString(value, 'g', 3); }

double ScientificSpinBox::valueFromText(const QString& text) const {
    return QLocale::c().toDouble(text.trimmed());
}

QValidator::State ScientificSpinBox::validate(QString& text, int&) const {
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || trimmed.endsWith(QLatin1Char('e')) || trimmed.endsWith(QLatin1Char('-')) ||
        trimmed.endsWith(QLatin1Char('.'))) {
        return QValidator::Intermediate;
    }
    bool ok = false;
    const double value = QLocale::c().toDouble(trimmed, &ok);
    if (!ok) return QValidator::Invalid;
    return value >= minimum() && value <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
}

void ScientificSpinBox::stepBy(int steps) {
    double next = value();
    for (int i = 0; i < std::abs(steps); ++i) next = ladderStep(next, steps > 0);
    setValue(next);
}

}  // namespace hullft::ui
