#include "token_heatmap.h"

#include <algorithm>

namespace hullft::ui {

namespace {
// Length in bytes of the UTF-8 sequence that starts with `lead` (1 for stray bytes).
int utf8SequenceLength(unsigned char lead) {
    if (lead >= 0xF0) return 4;
    if (lead >= 0xE0) return 3;
    if (lead >= 0xC0) return 2;
    return 1;
}

// Value per byte: byte b (b >= 1) takes the token whose even share of bytes 1..size-1 holds it.
std::vector<std::optional<double>> byteValues(int byte_count, const std::vector<double>& token_values) {
    std::vector<std::optional<double>> values(byte_count);
    const int predicted_bytes = byte_count - 1;
    const int tokens = static_cast<int>(token_values.size());
    if (predicted_bytes <= 0 || tokens == 0) return values;
    for (int b = 1; b < byte_count; ++b) {
        const int64_t token = static_cast<int64_t>(b - 1) * tokens / predicted_bytes;
        values[b] = token_values[std::min<int64_t>(token, tokens - 1)];
    }
    return values;
}
}  // namespace

QVector<HeatmapCharacter> characterHeatmap(const QByteArray& utf8, const std::vector<double>& token_values) {
    const std::vector<std::optional<double>> values = byteValues(utf8.size(), token_values);
    QVector<HeatmapCharacter> characters;
    for (int begin = 0; begin < utf8.size();) {
        const int end = std::min<int>(utf8.size(), begin + utf8SequenceLength(utf8[begin]));
        double sum = 0.0;
        int covered = 0;
        for (int b = begin; b < end; ++b) {
            if (!values[b]) continue;
            sum += *values[b];
            ++covered;
        }
        HeatmapCharacter character{QString::fromUtf8(utf8.mid(begin, end - begin)), std::nullopt};
        if (covered > 0) character.value = sum / covered;
        characters.push_back(character);
        begin = end;
    }
    return characters;
}

std::vector<double> tokenLossDifference(const std::vector<double>& base, const std::vector<double>& adapted) {
    const size_t size = std::min(base.size(), adapted.size());
    std::vector<double> difference(size);
    for (size_t i = 0; i < size; ++i) difference[i] = adapted[i] - base[i];
    return difference;
}

}  // namespace hullft::ui
