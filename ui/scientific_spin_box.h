#pragma once

#include <QDoubleSpinBox>

namespace hullft::ui {

// A spin box for small positive values such as learning rates: shows "5e-05" rather than
// "0.00005", and steps along 1, 2, 5 per decade (1e-5, 2e-5, 5e-5, 1e-4, ...).
class ScientificSpinBox : public QDoubleSpinBox {
    Q_OBJECT
public:
    explicit ScientificSpinBox(QWidget* parent = nullptr);

    QString textFromValue(double value) const override;
    double valueFromText(const QString& text) const override;
    QValidator::State validate(QString& text, int& position) const override;
    void stepBy(int steps) override;
};

}  // namespace hullft::ui
