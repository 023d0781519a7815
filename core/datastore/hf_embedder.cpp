#include "datastore/hf_embedder.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "common/errors.h"
#include "common/json_io.h"
#include "common/sha256.h"
#include "datastore/length_sorted_batches.h"
#include "datastore/lm_embedder.h"
#include "datastore/weights_hash.h"
#include "model/config_fields.h"
#include "model/encoder_config.h"
#include "model/load_encoder_model.h"
#include "model/load_language_model.h"
#include "tokenizer/tokenizer.h"

namespace hullft {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kCpuBatchTokens = LmEmbedder::kCpuBatchTokens;
constexpr int64_t kGpuBatchTokens = LmEmbedder::kGpuBatchTokens;

// A name for people: config.json's _name_or_path, else the folder's own name.
std::string describe(const std::string& folder, const ConfigFields& config) {
    const std::string named = config.stringOr("_name_or_path", "");
    if (!named.empty()) return named;
    const fs::path path = fs::path(folder).lexically_normal();
    return (path.has_filename() ? path.filename() : path.parent_path().filename()).string();
}

}  // namespace

HfEmbedder::HfEmbedder(const std::string& folder, const HfEmbedderOptions& options)
    : batchTokens_(options.batchTokens) {
    const EmbeddingFolderLayout layout = readEmbeddingFolderLayout(folder);
    const std::string configPath = (fs::path(layout.modelDirectory) / "config.json").string();
    if (!fs::exists(configPath))
        throw InputError(configPath, "missing: an embedding folder needs the model's config.json");
    const ConfigFields config(readJsonFile(configPath), configPath);
    description_ = describe(folder, config);
    pooling_ = options.pooling.value_or(layout.pooling.value_or(EmbeddingPooling::Mean));
    normalize_ = options.normalize.value_or(layout.normalize);
    tokenizer_ = loadTokenizer(layout.modelDirectory);
    torch::NoGradGuard noGrad;
    Sha256 hash;
    if (isEncoderModelType(config.stringOr("model_type", ""))) {
        encoder_ = loadEncoderModel(layout.modelDirectory, options.device);
        hashParameters(hash, encoder_->namedParameters());
        maxLength_ = encoder_->config().maxSequenceLength();
        dimension_ = encoder_->config().hiddenSize;
        vocabSize_ = encoder_->config().vocabSize;
        padId_ = encoder_->config().padTokenId;
        if (tokenizer_->specialTokenTemplate().prefix.empty())
            throw InputError(layout.modelDirectory,
                             "the tokenizer adds no special tokens, but an encoder is trained with "
                             "them: expected a tokenizer.json with a post_processor, or BERT's vocab.txt");
    } else {
        if (pooling_ == EmbeddingPooling::Cls)
            throw InputError(
                folder,
                "cls pooling needs an encoder; a decoder's first token sees nothing after it (use mean)");
        decoder_ = loadLanguageModel(layout.modelDirectory, options.device);
        decoder_->module().eval();
        hashParameters(hash, decoder_->namedParameters());
        maxLength_ = decoder_->contextLength();
        dimension_ = decoder_->hiddenSize();
        decoderEmbedder_ =
            std::make_unique<LmEmbedder>(*decoder_, decoder_->numLayers(), options.batchTokens, normalize_);
    }
    if (layout.maxSeqLength) maxLength_ = std::min(maxLength_, *layout.maxSeqLength);
    if (maxContentTokens() < 1)
        throw InputError(folder, "max length " + std::to_string(maxLength_) +
                                     " leaves no room for text between the special tokens");
    const SpecialTokenTemplate& specials = tokenizer_->specialTokenTemplate();
    for (const std::vector<int64_t>* ids : {&specials.prefix, &specials.suffix}) {
        const int64_t count = static_cast<int64_t>(ids->size());
        hash.update(&count, sizeof count);
        hash.update(ids->data(), ids->size() * sizeof(int64_t));
    }
    identity_ = "hf-" + hash.finishHex().substr(0, 16) + "-" + poolingName(pooling_) +
                (normalize_ ? "-normalized" : "") + "-max" + std::to_string(maxLength_);
}

HfEmbedder::~HfEmbedder() = default;

int64_t HfEmbedder::maxContentTokens() const {
    const SpecialTokenTemplate& specials = tokenizer_->specialTokenTemplate();
    return maxLength_ - static_cast<int64_t>(specials.prefix.size() + specials.suffix.size());
}

void HfEmbedder::moveTo(torch::Device device) {
    if (encoder_) encoder_->to(device);
    if (decoder_) {
        decoder_->module().to(device);
        decoderEmbedder_ =
            std::make_unique<LmEmbedder>(*decoder_, decoder_->numLayers(), batchTokens_, normalize_);
    }
}

std::optional<HfEmbedder::IdentityParts> HfEmbedder::parseIdentity(const std::string& identity) {
    // hf-<16 hex>-<mean|cls>[-normalized]-max<M>
    if (identity.rfind("hf-", 0) != 0 || identity.size() < 3 + 16 + 1) return std::nullopt;
    const std::string rest = identity.substr(3 + 16 + 1);
    const size_t maxAt = rest.rfind("-max");
    if (maxAt == std::string::npos) return std::nullopt;
    IdentityParts parts;
    std::string pooling = rest.substr(0, maxAt);
    const std::string normalized = "-normalized";
    if (pooling.size() > normalized.size() &&
        pooling.compare(pooling.size() - normalized.size(), normalized.size(), normalized) == 0) {
        parts.normalize = true;
        pooling.resize(pooling.size() - normalized.size());
    }
    const std::optional<EmbeddingPooling> named = poolingNamed(pooling);
    if (!named) return std::nullopt;
    parts.pooling = *named;
    parts.maxLength = std::atoll(rest.c_str() + maxAt + 4);
    return parts;
}

std::unique_ptr<HfEmbedder> HfEmbedder::ofStore(const std::string& folder, const std::string& storeIdentity,
                                                torch::Device device) {
    const std::optional<IdentityParts> parts = parseIdentity(storeIdentity);
    if (!parts)
        throw InputError(
            folder, "the store was not embedded by a Hugging Face folder (embedder '" + storeIdentity + "')");
    if (folder.empty())
        throw InputError("--embedder", "the store was embedded by a Hugging Face folder (embedder '" +
                                           storeIdentity + "'); pass --embedder hf:DIR with that folder");
    HfEmbedderOptions options;
    options.pooling = parts->pooling;
    options.normalize = parts->normalize;
    options.device = device;
    auto embedder = std::make_unique<HfEmbedder>(folder, options);
    if (embedder->identity() != storeIdentity)
        throw InputError(folder, "this folder's embedder '" + embedder->identity() +
                                     "' did not build the store (embedder '" + storeIdentity +
                                     "'); pass the folder it was built with");
    return embedder;
}

std::vector<int64_t> HfEmbedder::modelInput(const std::vector<int64_t>& sequence) const {
    const SpecialTokenTemplate& specials = tokenizer_->specialTokenTemplate();
    const auto kept = static_cast<std::ptrdiff_t>(
        std::min<int64_t>(maxContentTokens(), static_cast<int64_t>(sequence.size())));
    std::vector<int64_t> input(specials.prefix);
    input.insert(input.end(), sequence.begin(), sequence.begin() + kept);
    input.insert(input.end(), specials.suffix.begin(), specials.suffix.end());
    return input;
}

torch::Tensor HfEmbedder::embed(const std::vector<std::vector<int64_t>>& sequences) {
    torch::NoGradGuard noGrad;
    std::vector<std::vector<int64_t>> inputs;
    inputs.reserve(sequences.size());
    for (const std::vector<int64_t>& sequence : sequences) inputs.push_back(modelInput(sequence));
    if (decoderEmbedder_) return decoderEmbedder_->embed(inputs);
    std::vector<int64_t> lengths;
    for (const std::vector<int64_t>& input : inputs) {
        for (const int64_t id : input)
            if (id < 0 || id >= vocabSize_)
                throw InputError("HF embedder", "token id " + std::to_string(id) +
                                                    " lies outside the vocabulary (" +
                                                    std::to_string(vocabSize_) + " ids)");
        lengths.push_back(static_cast<int64_t>(input.size()));
    }
    const int64_t batchTokens =
        batchTokens_.value_or(encoder_->device().is_cpu() ? kCpuBatchTokens : kGpuBatchTokens);
    torch::Tensor result = torch::empty({static_cast<int64_t>(inputs.size()), dimension_}, torch::kFloat32);
    for (const std::vector<int64_t>& batch : lengthSortedBatches(lengths, batchTokens))
        result.index_copy_(0, torch::tensor(batch, torch::kInt64), embedEncoderBatch(inputs, batch));
    return result;
}

torch::Tensor HfEmbedder::embedEncoderBatch(const std::vector<std::vector<int64_t>>& inputs,
                                            const std::vector<int64_t>& batch) {
    const auto rows = static_cast<int64_t>(batch.size());
    const auto width = static_cast<int64_t>(inputs[batch.front()].size());
    torch::Tensor ids = torch::full({rows, width}, padId_, torch::kInt64);
    torch::Tensor mask = torch::zeros({rows, width}, torch::kInt64);
    for (int64_t row = 0; row < rows; ++row) {
        const std::vector<int64_t>& input = inputs[batch[row]];
        std::copy(input.begin(), input.end(), ids[row].data_ptr<int64_t>());
        mask[row].narrow(0, 0, static_cast<int64_t>(input.size())).fill_(1);
    }
    const torch::Device device = encoder_->device();
    const torch::Tensor real = mask.to(device);
    const torch::Tensor hidden = encoder_->hiddenStates(ids.to(device), real);
    torch::Tensor pooled;
    if (pooling_ == EmbeddingPooling::Cls) {
        pooled = hidden.select(1, 0);
    } else {
        // transformers' and sentence-transformers' mean: padded states are finite, so a product works.
        const torch::Tensor weights = real.unsqueeze(-1).to(hidden.scalar_type());
        pooled = (hidden * weights).sum(1) / weights.sum(1).clamp_min(1e-9);
    }
    if (normalize_) pooled = pooled / pooled.norm(2, 1, true).clamp_min(1e-12);
    return pooled.to(torch::kCPU);
}

}  // namespace hullft
