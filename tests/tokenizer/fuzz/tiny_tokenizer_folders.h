#pragma once

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fuzz_input_file.h"
#include "tokenizer/byte_level_alphabet.h"

namespace hullft::fuzzing {

// Small valid tokenizer folders of every kind loadTokenizer() reads, for a fuzzed
// tokenizer_config.json to be read beside: its settings change how each kind is built.
class TinyTokenizerFolders {
public:
    // Writes the folders under `folder`; each still lacks its tokenizer_config.json.
    explicit TinyTokenizerFolders(const FuzzInputFolder& folder) : folder_(folder) {
        folder.write("byte_level_bpe/tokenizer.json", byteLevelTokenizerJson().dump());
        folder.write("sentencepiece_bpe/tokenizer.json", sentencePieceTokenizerJson().dump());
        folder.write("gpt2/vocab.json", byteLevelVocab().dump());
        folder.write("gpt2/merges.txt", "#version: 0.2\na b\nab c\n");
        folder.write("bert/vocab.txt",
                     "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n<s>\n</s>\nhello\nworld\nun\n##want\n##ed\n,\n!\n");
        folder.write("bytes/.keep", "");  // a tokenizer_config.json alone: the byte-level tokenizer
    }

    // Writes `config` as the tokenizer_config.json of every folder and returns the folders.
    std::vector<std::string> withConfig(const std::string& config) const {
        std::vector<std::string> folders;
        for (const char* name : {"byte_level_bpe", "sentencepiece_bpe", "gpt2", "bert", "bytes"}) {
            folder_.write(std::string(name) + "/tokenizer_config.json", config);
            folders.push_back((folder_.path() / name).string());
        }
        return folders;
    }

private:
    // The 256 byte symbols, "ab" and "abc", and <s>, </s>, <|endoftext|>.
    static nlohmann::json byteLevelVocab() {
        nlohmann::json vocab;
        for (int byte = 0; byte < 256; ++byte) vocab[byteLevelAlphabet()[byte]] = byte;
        vocab["ab"] = 256;
        vocab["abc"] = 257;
        vocab["<s>"] = 258;
        vocab["</s>"] = 259;
        vocab["<|endoftext|>"] = 260;
        return vocab;
    }

    static nlohmann::json addedToken(const char* content, int id) {
        return {{"id", id}, {"content", content}, {"normalized", false}, {"special", true}};
    }

    static nlohmann::json byteLevelTokenizerJson() {
        return {{"normalizer", nullptr},
                {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", true}}},
                {"post_processor", nullptr},
                {"decoder", {{"type", "ByteLevel"}}},
                {"added_tokens",
                 {addedToken("<s>", 258), addedToken("</s>", 259), addedToken("<|endoftext|>", 260)}},
                {"model", {{"type", "BPE"}, {"vocab", byteLevelVocab()}, {"merges", {"a b", "ab c"}}}}};
    }

    // <unk> <s> </s>, the 256 "<0xAB>" bytes, then ▁ a b ▁a ab; Metaspace both ways.
    static nlohmann::json sentencePieceTokenizerJson() {
        nlohmann::json vocab = {{"<unk>", 0}, {"<s>", 1}, {"</s>", 2}};
        for (int byte = 0; byte < 256; ++byte) {
            char name[7];
            std::snprintf(name, sizeof name, "<0x%02X>", byte);
            vocab[name] = 3 + byte;
        }
        const std::string mark = "\xE2\x96\x81";
        vocab[mark] = 259, vocab["a"] = 260, vocab["b"] = 261, vocab[mark + "a"] = 262, vocab["ab"] = 263;
        const nlohmann::json metaspace = {
            {"type", "Metaspace"}, {"replacement", mark}, {"prepend_scheme", "first"}};
        return {{"normalizer", nullptr},
                {"pre_tokenizer", metaspace},
                {"post_processor", nullptr},
                {"decoder", metaspace},
                {"added_tokens", {addedToken("<unk>", 0), addedToken("<s>", 1), addedToken("</s>", 2)}},
                {"model",
                 {{"type", "BPE"},
                  {"unk_token", "<unk>"},
                  {"fuse_unk", true},
                  {"byte_fallback", true},
                  {"vocab", vocab},
                  {"merges", {mark + " a", "a b"}}}}};
    }

    const FuzzInputFolder& folder_;
};

}  // namespace hullft::fuzzing
