#pragma once

#include <QString>
#include <cstdint>
#include <functional>
#include <optional>

namespace hullft::ui {

// Provenance and text of one datastore sequence, for the support-set view.
struct SequenceInfo {
    QString domain;
    QString source;  // provenanceText() of its document
    QString text;
};

// Supplied by the main window's owner (the datastore); empty when the id is unknown.
using SequenceLookup = std::function<std::optional<SequenceInfo>(int64_t sequence_id)>;

// Where a document came from, as the support table's Source column shows it:
// "package: path (part)", without the package for user data and imported layouts (the Pile's
// shard file and "line N") and without the part for a whole file.
QString provenanceText(const QString& package, const QString& path, const QString& part);

}  // namespace hullft::ui
