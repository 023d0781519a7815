#pragma once

#include <QString>
#include <cstdint>
#include <functional>
#include <optional>

namespace hullft::ui {

// Provenance and text of one datastore sequence, for the support-set view.
struct SequenceInfo {
    QString domain;
    QString source;
    QString text;
};

// Supplied by the main window's owner (the datastore); empty when the id is unknown.
using SequenceLookup = std::function<std::optional<SequenceInfo>(int64_t sequence_id)>;

}  // namespace hullft::ui
