#pragma once

#include <atomic>

#include "common/errors.h"

namespace hullft {

// Shared between the thread that runs a long operation and the one that may stop it.
// Operations check it between steps; cancel() never blocks.
class CancellationToken {
public:
    void cancel() { cancelled_.store(true, std::memory_order_relaxed); }
    void reset() { cancelled_.store(false, std::memory_order_relaxed); }
    bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }
    void throwIfCancelled() const {
        if (cancelled()) throw CancelledError();
    }

private:
    std::atomic<bool> cancelled_{false};
};

}  // namespace hullft
