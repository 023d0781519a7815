#include "tokenizer/word_piece_tokenizer.h"

#include <algorithm>

#include "common/errors.h"
#include "tokenizer/bert_pre_tokenizer.h"

namespace hullft {

WordPieceTokenizer::WordPieceTokenizer(WordPieceParts parts)
    : kind_(std::move(parts.kind)),
      model_(std::move(parts.model)),
      addedVocabulary_(std::move(parts.addedTokens), std::move(parts.normalizer)),
      endOfTextId_(parts.endOfTextId) {
    specialTokens_ = std::move(parts.specialTokens);
    int64_t size = 0;
    for (const auto& [token, id] : model_->vocab()) size = std::max(size, id + 1);
    tokenById_.resize(static_cast<size_t>(size));
    knownIds_.assign(static_cast<size_t>(size), false);
    for (const auto& [token, id] : model_->vocab()) {
        tokenById_[static_cast<size_t>(id)] = token;
        knownIds_[static_cast<size_t>(id)] = true;
    }
    addedVocabulary_.overlayContents(tokenById_, knownIds_);
}

std::vector<int64_t> WordPieceTokenizer::encode(const std::string& utf8) const {
    return addedVocabulary_.encode(utf8, [this](const NormalizedSegment& segment, std::vector<int64_t>& ids) {
        for (const std::string_view word : bertPreTokenize(segment.text)) model_->encodeWord(word, ids);
    });
}

std::string WordPieceTokenizer::decode(const std::vector<int64_t>& ids) const {
    const std::string& prefix = model_->continuingSubwordPrefix();
    std::string text;
    for (size_t i = 0; i < ids.size(); ++i) {
        const int64_t id = ids[i];
        if (id < 0 || id >= vocabSize() || !knownIds_[static_cast<size_t>(id)])
            throw InputError("WordPiece decode", "unknown token id " + std::to_string(id));
        const std::string& token = tokenById_[static_cast<size_t>(id)];
        if (i > 0 && token.rfind(prefix, 0) == 0)
            text += token.substr(prefix.size());
        else
            text += (i > 0 ? " " : "") + token;
    }
    // The WordPiece decoder's cleanup: tokenization spaces before punctuation and contractions.
    for (const auto& [pattern, content] : {std::pair<const char*, const char*>{" .", "."},
                                           {" ?", "?"},
                                           {" !", "!"},
                                           {" ,", ","},
                                           {" ' ", "'"},
                                           {" n't", "n't"},
                                           {" 'm", "'m"},
                                           {" do not", " don't"},
                                           {" 's", "'s"},
                                           {" 've", "'ve"},
                                           {" 're", "'re"}})
        text = replaceLiteral(text, pattern, content);
    return text;
}

}  // namespace hullft
