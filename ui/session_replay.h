#pragma once

#include <QString>

#include "query_worker.h"

namespace hullft::ui {

// A job that replays every query of a recorded session through the views, event by event,
// without a model (File > Open session). InputError names a corrupt or foreign file.
QueryJob sessionReplayJob(const QString& sessionPath);

// Writes the session's self-contained HTML report (File > Export), atomically.
void exportSessionReport(const QString& sessionPath, const QString& htmlPath);

}  // namespace hullft::ui
