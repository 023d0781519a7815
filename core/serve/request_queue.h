#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include "common/cancellation.h"

namespace hullft::serve {

// A request waiting for, or holding, the worker: the one who submitted it may cancel it (a
// client that went away) and waits on `finished`.
struct QueuedRequest {
    std::function<void(const CancellationToken&)> work;
    CancellationToken cancel;
    std::promise<void> done;  // set after the work returns or throws (the exception travels)
    std::shared_future<void> finished = done.get_future().share();
};

// One worker thread that runs requests in arrival order, with at most `capacity` waiting: one
// model on one device adapts for one query at a time, so requests queue rather than contend.
// After every request the worker runs `afterEach` (the service checks the base weights there)
// before it takes the next; a throw from it stops the queue, which then refuses everything.
class RequestQueue {
public:
    RequestQueue(size_t capacity, std::function<void()> afterEach);
    ~RequestQueue();  // drains
    RequestQueue(const RequestQueue&) = delete;
    RequestQueue& operator=(const RequestQueue&) = delete;

    // Null when `capacity` requests are already waiting, or after drain() began. A request
    // cancelled before the worker reaches it is finished with CancelledError without running.
    std::shared_ptr<QueuedRequest> submit(std::function<void(const CancellationToken&)> work);
    // Requests waiting plus the one running.
    size_t length() const;
    // Refuses new requests, lets the queued and running ones finish, and stops the worker.
    void drain();
    // Why the queue stopped on its own ("" while it runs): afterEach's error.
    std::string failure() const;

private:
    void run();

    const size_t capacity_;
    const std::function<void()> afterEach_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::shared_ptr<QueuedRequest>> waiting_;
    bool running_request_ = false;
    bool draining_ = false;
    std::string failure_;
    std::thread worker_;
};

}  // namespace hullft::serve
