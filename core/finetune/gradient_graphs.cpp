#include "finetune/gradient_graphs.h"

#include <torch/version.h>

#include <iostream>
#include <list>
#include <map>
#include <stdexcept>

#include "finetune/next_token_loss.h"
#include "finetune/step_norms.h"
#include "model/language_model.h"

#ifdef HULLFT_CUDA_GRAPHS
#include <ATen/autocast_mode.h>
#include <ATen/cuda/CUDAEvent.h>
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#include <cuda_runtime_api.h>
#endif

namespace hullft {

ComputedGradient eagerGradient(LanguageModel& model, const torch::Tensor& ids, const ParameterSubset& trainable) {
    torch::Tensor loss = nextTokenLoss(model, ids);
    loss.backward();
    return {loss.detach(), gradientNormTensor(trainable)};
}

#ifdef HULLFT_CUDA_GRAPHS

namespace {

// Eager, into fresh .grad tensors (none are accumulated into).
ComputedGradient freshGradient(LanguageModel& model, const torch::Tensor& ids, const ParameterSubset& trainable) {
    for (const torch::Tensor& parameter : trainable.tensors) parameter.mutable_grad().reset();
    return eagerGradient(model, ids, trainable);
}

// Autocast must not cache bf16 copies of the weights across a capture: the cached copies
// would be made once at capture time and never refreshed by the replays' own casts.
class AutocastCacheOff {
public:
    AutocastCacheOff() : was_(at::autocast::is_autocast_cache_enabled()) { at::autocast::set_autocast_cache_enabled(false); }
    ~AutocastCacheOff() { at::autocast::set_autocast_cache_enabled(was_); }

private:
    bool was_;
};

// Leaves a stream that a failed capture left capturing, so eager work can go on.
void abandonCapture(cudaStream_t stream) {
    cudaStreamCaptureStatus status = cudaStreamCaptureStatusNone;
    if (cudaStreamIsCapturing(stream, &status) == cudaSuccess && status != cudaStreamCaptureStatusNone) {
        cudaGraph_t graph = nullptr;
        cudaStreamEndCapture(stream, &graph);
        if (graph) cudaGraphDestroy(graph);
    }
    cudaGetLastError();  // clear the error the failed capture recorded
}

}  // namespace

struct GradientGraphs::Impl {
    // A captured length. Its gradients are outputs of the graph, allocated in the graph's
    // private pool at capture time: every replay overwrites them in place, so no gradient is
    // zeroed or accumulated into, and the trainable parameters' .grad point at them.
    struct Entry {
        int uses = 0;
        torch::Tensor input;  // the static ids a replay reads
        ComputedGradient output;
        std::vector<torch::Tensor> gradients;
        std::unique_ptr<at::cuda::CUDAGraph> graph;
    };

    LanguageModel& model;
    c10::cuda::CUDAStream stream;
    std::vector<std::string> names;         // the trainable subset the graphs were captured for
    std::vector<const void*> storage;       // and where its tensors lived then
    std::map<int64_t, Entry> entries;       // by sequence length
    std::list<int64_t> recent;              // captured lengths, most recently used first
    bool disabled = false;                  // a capture failed: eager from then on
    std::vector<std::unique_ptr<at::cuda::CUDAGraph>> abandoned;  // failed captures
    int64_t replays = 0;

    explicit Impl(LanguageModel& m) : model(m), stream(c10::cuda::getStreamFromPool(false, m.device().index())) {}

    // Graphs bake in which parameters require grad and the addresses of their storage: a new
    // subset, or parameters moved to other memory (the model went to another device and back),
    // starts over instead of replaying against freed storage.
    void attach(const ParameterSubset& trainable) {
        std::vector<const void*> now;
        for (const torch::Tensor& parameter : trainable.tensors) now.push_back(parameter.data_ptr());
        if (trainable.names == names && now == storage) return;
        stream.synchronize();
        entries.clear();
        recent.clear();
        names = trainable.names;
        storage = std::move(now);
    }

    void touch(int64_t length) {
        recent.remove(length);
        recent.push_front(length);
        while (static_cast<int>(recent.size()) > kMaxGraphs) {
            stream.synchronize();  // the evicted graph may still be running
            entries.erase(recent.back());
            recent.pop_back();
        }
    }

    ComputedGradient replay(Entry& entry, const ParameterSubset& trainable) {
        entry.graph->replay();
        ++replays;
        for (size_t i = 0; i < entry.gradients.size(); ++i) trainable.tensors[i].mutable_grad() = entry.gradients[i];
        return entry.output;
    }

    ComputedGradient capture(Entry& entry, const torch::Tensor& ids, const ParameterSubset& trainable) {
        entry.input = ids.clone();
        auto graph = std::make_unique<at::cuda::CUDAGraph>();
        try {
            AutocastCacheOff autocastCacheOff;
            graph->capture_begin();
            const torch::Tensor loss = nextTokenLoss(model, entry.input);
            entry.gradients = torch::autograd::grad({loss}, trainable.tensors);
            entry.output = {loss.detach(), globalNormTensor(entry.gradients)};
            graph->capture_end();
        } catch (const std::exception& e) {
            abandonCapture(stream.stream());
            // The allocator may still hold a routing filter that points at the graph: keep it.
            abandoned.push_back(std::move(graph));
            disabled = true;
            std::cerr << "hullft: CUDA graph capture of a finetuning step failed; continuing without graphs ("
                      << e.what() << ")\n";
            entry = Entry{};
            return freshGradient(model, ids, trainable);
        }
        entry.graph = std::move(graph);
        return replay(entry, trainable);
    }

    ComputedGradient compute(const torch::Tensor& ids, const ParameterSubset& trainable) {
        if (disabled) return freshGradient(model, ids, trainable);
        const int64_t length = ids.size(0);
        Entry& entry = entries[length];
        ++entry.uses;
        if (entry.graph) {
            entry.input.copy_(ids);
            touch(length);
            return replay(entry, trainable);
        }
        if (entry.uses == 1) return freshGradient(model, ids, trainable);  // the warm-up
        ComputedGradient result = capture(entry, ids, trainable);
        if (!disabled) touch(length);
        return result;
    }
};

struct GradientGraphs::Session::StreamScope {
    c10::cuda::CUDAStream caller;
    c10::cuda::CUDAStreamGuard guard;
    explicit StreamScope(c10::cuda::CUDAStream graphs)
        : caller(c10::cuda::getCurrentCUDAStream(graphs.device_index())), guard(graphs) {
        // The graphs' stream starts after what the caller queued (the base restore, the ids).
        at::cuda::CUDAEvent ready;
        ready.record(caller);
        ready.block(graphs);
    }
    ~StreamScope() {
        at::cuda::CUDAEvent done;
        done.record(c10::cuda::getCurrentCUDAStream(caller.device_index()));
        done.block(caller);
    }
};

bool GradientGraphs::available(const LanguageModel& model) { return model.device().is_cuda(); }

GradientGraphs::GradientGraphs(LanguageModel& model) : impl_(std::make_unique<Impl>(model)) {}

GradientGraphs::~GradientGraphs() {
    if (impl_) impl_->stream.synchronize();
}

GradientGraphs::Session::Session(GradientGraphs& graphs, const ParameterSubset& trainable)
    : graphs_(graphs), trainable_(trainable), stream_(std::make_unique<StreamScope>(graphs.impl_->stream)) {
    graphs_.impl_->attach(trainable_);
}

GradientGraphs::Session::~Session() {
    for (const torch::Tensor& parameter : trainable_.tensors) parameter.mutable_grad().reset();
}

ComputedGradient GradientGraphs::Session::compute(const torch::Tensor& ids) {
    return graphs_.impl_->compute(ids, trainable_);
}

int GradientGraphs::captured() const {
    int count = 0;
    for (const auto& [length, entry] : impl_->entries) count += entry.graph ? 1 : 0;
    return count;
}

int64_t GradientGraphs::replays() const { return impl_->replays; }

#else  // no CUDA graphs in this build: the class exists but is never available

struct GradientGraphs::Impl {};
struct GradientGraphs::Session::StreamScope {};

bool GradientGraphs::available(const LanguageModel&) { return false; }
GradientGraphs::GradientGraphs(LanguageModel&) : impl_(std::make_unique<Impl>()) {}
GradientGraphs::~GradientGraphs() = default;
GradientGraphs::Session::Session(GradientGraphs& graphs, const ParameterSubset& trainable)
    : graphs_(graphs), trainable_(trainable) {}
GradientGraphs::Session::~Session() = default;
ComputedGradient GradientGraphs::Session::compute(const torch::Tensor&) {
    throw std::logic_error("CUDA graphs are not built in");
}
int GradientGraphs::captured() const { return 0; }
int64_t GradientGraphs::replays() const { return 0; }

#endif

}  // namespace hullft
