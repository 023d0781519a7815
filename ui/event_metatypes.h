#pragma once

// The pipeline event as a Qt metatype, so queued signals can carry it between threads.

#include <QMetaType>

#include "events/pipeline_event.h"

Q_DECLARE_METATYPE(hullft::PipelineEvent)

namespace hullft::ui {

// Registers the event type with the meta-object system; safe to call more than once.
void registerEventMetaTypes();

}  // namespace hullft::ui
