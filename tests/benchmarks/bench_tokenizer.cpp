// Tokenizer throughput (MB/s of UTF-8 input) on a prose + code mix read from files every Debian
// system has: the licence texts of base-files and libstdc++'s stl_*.h headers.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <random>

#include "common/json_io.h"
#include "tokenizer/byte_level_tokenizer.h"
#include "tokenizer/gpt2_bpe_tokenizer.h"
#include "tokenizer/hf_tokenizer_json.h"
#include "common/utf8.h"

namespace {

const std::string kData = HULLFT_TEST_DATA_DIR "/tokenizer";

const std::string& proseAndCode() {
    static const std::string text = [] {
        std::vector<std::filesystem::path> files;
        std::error_code missing;  // a folder absent on this system just contributes nothing
        for (const auto& entry : std::filesystem::directory_iterator("/usr/share/common-licenses", missing))
            if (entry.is_regular_file()) files.push_back(entry.path());
        for (const auto& entry : std::filesystem::directory_iterator("/usr/include/c++/12/bits", missing))
            if (entry.path().filename().string().rfind("stl_", 0) == 0) files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        std::string all;
        for (const auto& file : files) all += hullft::repairUtf8(hullft::readFileBytes(file.string())) + "\n";
        return all;
    }();
    return text;
}

// One 64 KiB "word" of random letters: a piece the word cache cannot help with.
const std::string& longWord() {
    static const std::string text = [] {
        std::mt19937 random(7);
        std::string word(64 * 1024, 'a');
        for (char& c : word) c = static_cast<char>('a' + random() % 26);
        return word;
    }();
    return text;
}

void encodeLoop(benchmark::State& state, const hullft::Tokenizer& tokenizer, const std::string& text) {
    size_t tokens = 0;
    for (auto _ : state) {
        const auto ids = tokenizer.encode(text);
        tokens = ids.size();
        benchmark::DoNotOptimize(ids.data());
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
    state.counters["tokens"] = static_cast<double>(tokens);
    state.counters["input_MB"] = static_cast<double>(text.size()) / 1e6;
}

// First pass over the corpus with an empty word cache: the cost of tokenizing a corpus once.
void BM_Gpt2BpeColdCache(benchmark::State& state) {
    size_t tokens = 0;
    for (auto _ : state) {
        state.PauseTiming();
        const auto tokenizer =
            hullft::loadGpt2BpeTokenizer(kData + "/gpt2/vocab.json", kData + "/gpt2/merges.txt");
        state.ResumeTiming();
        tokens = tokenizer->encode(proseAndCode()).size();
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * proseAndCode().size()));
    state.counters["tokens"] = static_cast<double>(tokens);
}
BENCHMARK(BM_Gpt2BpeColdCache)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_Gpt2BpeWarmCache(benchmark::State& state) {
    static const auto tokenizer =
        hullft::loadGpt2BpeTokenizer(kData + "/gpt2/vocab.json", kData + "/gpt2/merges.txt");
    encodeLoop(state, *tokenizer, proseAndCode());
}
BENCHMARK(BM_Gpt2BpeWarmCache)->Unit(benchmark::kMillisecond);

void BM_Gpt2BpeLongWord(benchmark::State& state) {
    static const auto tokenizer =
        hullft::loadGpt2BpeTokenizer(kData + "/gpt2/vocab.json", kData + "/gpt2/merges.txt");
    encodeLoop(state, *tokenizer, longWord());
}
BENCHMARK(BM_Gpt2BpeLongWord)->Unit(benchmark::kMillisecond);

void BM_TokenizerJsonQwen3WarmCache(benchmark::State& state) {
    static const auto tokenizer = hullft::loadHfTokenizerJson(kData + "/qwen3_trimmed/tokenizer.json");
    encodeLoop(state, *tokenizer, proseAndCode());
}
BENCHMARK(BM_TokenizerJsonQwen3WarmCache)->Unit(benchmark::kMillisecond);

void BM_ByteLevel(benchmark::State& state) {
    encodeLoop(state, hullft::ByteLevelTokenizer(), proseAndCode());
}
BENCHMARK(BM_ByteLevel)->Unit(benchmark::kMillisecond);

void BM_Gpt2BpeLoad(benchmark::State& state) {
    for (auto _ : state)
        benchmark::DoNotOptimize(
            hullft::loadGpt2BpeTokenizer(kData + "/gpt2/vocab.json", kData + "/gpt2/merges.txt"));
}
BENCHMARK(BM_Gpt2BpeLoad)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
