#pragma once

#include <cstddef>
#include <vector>

#include "pipeline/observer.h"
#include "session_event.h"

namespace hullft::sessions {

// Walks one query's records forward and backward; each step hands the record to an observer
// exactly as the live pipeline did, so the GUI's views replay without a model.
class ReplayCursor {
public:
    explicit ReplayCursor(std::vector<SessionRecord> records) : records_(std::move(records)) {}

    size_t size() const { return records_.size(); }
    size_t position() const { return position_; }  // records delivered so far
    bool atEnd() const { return position_ >= records_.size(); }
    const SessionRecord& peek() const { return records_.at(position_); }  // the next record; not atEnd()

    // Delivers the next record; false at the end.
    bool stepForward(PipelineObserver& observer);
    // Moves back to `position` (0 = before the first record). Views rebuild by replaying
    // from 0 again, since events are deltas, not states.
    void rewind(size_t position = 0);
    // Delivers records until `position` records have been delivered in all.
    void advanceTo(size_t position, PipelineObserver& observer);

private:
    std::vector<SessionRecord> records_;
    size_t position_ = 0;
};

}  // namespace hullft::sessions
