#include "replay_cursor.h"

#include <algorithm>

namespace hullft::sessions {

bool ReplayCursor::stepForward(PipelineObserver& observer) {
    if (atEnd()) return false;
    deliver(records_[position_++].event, observer);
    return true;
}

void ReplayCursor::rewind(size_t position) { position_ = std::min(position, records_.size()); }

void ReplayCursor::advanceTo(size_t position, PipelineObserver& observer) {
    while (position_ < std::min(position, records_.size())) stepForward(observer);
}

}  // namespace hullft::sessions
