#include "serve/request_queue.h"

#include <exception>

namespace hullft::serve {

RequestQueue::RequestQueue(size_t capacity, std::function<void()> afterEach)
    : capacity_(capacity), afterEach_(std::move(afterEach)), worker_([this] { run(); }) {}

RequestQueue::~RequestQueue() { drain(); }

std::shared_ptr<QueuedRequest> RequestQueue::submit(std::function<void(const CancellationToken&)> work) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (draining_ || !failure_.empty() || waiting_.size() >= capacity_) return nullptr;
    auto request = std::make_shared<QueuedRequest>();
    request->work = std::move(work);
    waiting_.push_back(request);
    wake_.notify_one();
    return request;
}

size_t RequestQueue::length() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return waiting_.size() + (running_request_ ? 1 : 0);
}

std::string RequestQueue::failure() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return failure_;
}

void RequestQueue::drain() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        draining_ = true;
        wake_.notify_one();
    }
    if (worker_.joinable()) worker_.join();
}

void RequestQueue::run() {
    for (;;) {
        std::shared_ptr<QueuedRequest> request;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [this] { return !waiting_.empty() || draining_; });
            if (waiting_.empty()) return;  // draining, and nothing left
            request = waiting_.front();
            waiting_.pop_front();
            running_request_ = !request->cancel.cancelled();
        }
        if (request->cancel.cancelled()) {
            request->done.set_exception(std::make_exception_ptr(CancelledError()));
            continue;
        }
        try {
            request->work(request->cancel);
            request->done.set_value();
        } catch (...) {
            request->done.set_exception(std::current_exception());
        }
        std::string failure;
        try {
            if (afterEach_) afterEach_();
        } catch (const std::exception& e) {
            failure = e.what();
        }
        std::lock_guard<std::mutex> lock(mutex_);
        running_request_ = false;
        if (failure.empty()) continue;
        // Nothing more may run on weights that are not the base: refuse what waits, and stop.
        failure_ = failure;
        for (const auto& waiting : waiting_)
            waiting->done.set_exception(std::make_exception_ptr(Error("service stopped: " + failure_)));
        waiting_.clear();
        return;
    }
}

}  // namespace hullft::serve
