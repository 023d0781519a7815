#include "event_metatypes.h"

namespace hullft::ui {

void registerEventMetaTypes() { qRegisterMetaType<PipelineEvent>("hullft::PipelineEvent"); }

}  // namespace hullft::ui
