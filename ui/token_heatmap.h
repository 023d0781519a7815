#pragma once

#include <QByteArray>
#include <QString>
#include <QVector>
#include <optional>
#include <vector>

namespace hullft::ui {

// One character of the query with the value (a loss or a loss difference) of the tokens that
// cover it; empty for characters no predicted token covers (the first token is not predicted).
struct HeatmapCharacter {
    QString text;
    std::optional<double> value;
};

// Maps per-token values onto the characters of a UTF-8 text.
//
// EvaluationEvent carries no token-to-byte spans, so the mapping assumes the byte-level model:
// predicted token i covers byte i + 1. When the counts differ (a BPE model) the predicted
// tokens are spread evenly over bytes 1..bytes-1, which is exact for byte-level tokens and an
// approximation otherwise. A character spanning several bytes takes the mean of its tokens.
QVector<HeatmapCharacter> characterHeatmap(const QByteArray& utf8, const std::vector<double>& token_values);

// Element-wise adapted - base (negative where adaptation helped); the shorter length wins.
std::vector<double> tokenLossDifference(const std::vector<double>& base, const std::vector<double>& adapted);

}  // namespace hullft::ui
