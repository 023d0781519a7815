#include "serve/completion.h"

#include <algorithm>

#include "common/utf8.h"
#include "eval/generation.h"
#include "eval/token_scores.h"

namespace hullft::serve {
namespace {

// Each token's bytes as the tokenizer decodes it in context. Byte-level tokenizers (GPT-2's,
// the byte model's, Llama 3's) decode a text as the concatenation of its tokens decoded alone:
// one pass. Tokenizers that drop a leading space or merge bytes across tokens do not; for them
// a token's piece is decode(ids[..i]) minus decode(ids[..i-1]), which the text shows.
std::vector<std::string> tokenPieces(const Tokenizer& tokenizer, const std::vector<int64_t>& ids) {
    std::vector<std::string> pieces;
    std::string joined;
    for (const int64_t id : ids) {
        pieces.push_back(tokenizer.decode({id}));
        joined += pieces.back();
    }
    if (joined == tokenizer.decode(ids)) return pieces;
    pieces.clear();
    std::string before;
    for (size_t i = 0; i < ids.size(); ++i) {
        std::string through = tokenizer.decode(std::vector<int64_t>(ids.begin(), ids.begin() + i + 1));
        pieces.push_back(through.size() >= before.size() && through.compare(0, before.size(), before) == 0
                             ? through.substr(before.size())
                             : tokenizer.decode({ids[i]}));
        before = std::move(through);
    }
    return pieces;
}

// Where the first stop sequence starts in `text` (npos: none does).
size_t firstStop(const std::string& text, const std::vector<std::string>& stops) {
    size_t first = std::string::npos;
    for (const std::string& stop : stops) first = std::min(first, text.find(stop));
    return first;
}

std::vector<int64_t> continuation(LanguageModel& model, const Tokenizer& tokenizer, const std::vector<int64_t>& promptIds,
                                  const CompletionOptions& options, const CancellationToken& cancel) {
    if (options.max_tokens == 0) return {};
    GenerationOptions generation;
    generation.maxNewTokens = options.max_tokens;
    generation.sample = options.temperature > 0;
    generation.temperature = generation.sample ? options.temperature : 1.0;
    generation.topP = options.top_p;
    generation.endOfTextId = tokenizer.endOfTextId();
    generation.seed = options.seed;
    return generate(model, promptIds, generation, &cancel);
}

}  // namespace

Completion complete(LanguageModel& model, const Tokenizer& tokenizer, const std::vector<int64_t>& promptIds,
                    const CompletionOptions& options, const CancellationToken& cancel) {
    std::vector<int64_t> generated = continuation(model, tokenizer, promptIds, options, cancel);
    Completion completion;
    completion.prompt_tokens = static_cast<int64_t>(promptIds.size());
    completion.completion_tokens = static_cast<int64_t>(generated.size());
    completion.finish_reason = static_cast<int>(generated.size()) < options.max_tokens ? "stop" : "length";

    std::vector<int64_t> all = promptIds;
    all.insert(all.end(), generated.begin(), generated.end());
    const std::vector<std::string> pieces = tokenPieces(tokenizer, all);
    // The generated text, cut before the first stop sequence; tokens that start after the cut go.
    std::string generatedText;
    for (size_t i = promptIds.size(); i < all.size(); ++i) generatedText += pieces[i];
    size_t keptTokens = all.size();
    if (const size_t stop = firstStop(generatedText, options.stop); stop != std::string::npos) {
        generatedText.resize(stop);
        completion.finish_reason = "stop";
        size_t offset = 0;
        keptTokens = promptIds.size();
        while (keptTokens < all.size() && offset < stop) offset += pieces[keptTokens++].size();
    }
    const size_t firstShown = options.echo ? 0 : promptIds.size();
    std::string text;
    for (size_t i = firstShown; i < promptIds.size(); ++i) text += pieces[i];
    completion.text = repairUtf8(text + generatedText);
    if (!options.logprobs) return completion;

    const int topK = *options.logprobs;
    const std::vector<ScoredToken> scored =
        scoreTokens(model, std::vector<int64_t>(all.begin(), all.begin() + keptTokens), topK);
    CompletionLogprobs& logprobs = completion.logprobs.emplace();
    int64_t offset = 0;
    for (size_t i = firstShown; i < keptTokens; ++i) {
        logprobs.tokens.push_back(repairUtf8(pieces[i]));
        logprobs.text_offset.push_back(offset);
        offset += static_cast<int64_t>(pieces[i].size());
        if (i == 0) {
            logprobs.token_logprobs.emplace_back();
            logprobs.top_logprobs.emplace_back();
            continue;
        }
        const ScoredToken& token = scored[i - 1];
        logprobs.token_logprobs.emplace_back(token.logprob);
        std::vector<std::pair<std::string, double>> top;
        for (const auto& [id, logprob] : token.top) top.emplace_back(repairUtf8(tokenizer.decode({id})), logprob);
        logprobs.top_logprobs.emplace_back(std::move(top));
    }
    return completion;
}

}  // namespace hullft::serve
