#pragma once

// Small Pile-like index folders in the two published layouts, written with FAISS's own writer
// (faiss::write_index of an IndexFlatL2, as the authors' scripts do), for import tests.
#include <faiss/IndexFlat.h>
#include <faiss/index_io.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "store_fixtures.h"

namespace published_shards {

struct Rows {
    int64_t dimension = 0;
    std::vector<float> vectors;       // row-major, row i = line i of the concatenated shards
    std::vector<std::string> texts;   // as the store must keep them (TTT-NN's empty text = " ")
    std::vector<std::string> domains;
    std::vector<std::string> paths;   // shard file relative to the folder
    std::vector<int64_t> lines;       // 1-based line within that file
    std::vector<std::string> index_files;  // every FAISS file written, in row order
    std::vector<int64_t> index_offsets;    // first row of each
};

// `shards` shards of `lines` lines. Layout "hullft": NN.jsonl, NN.jsonl.index, NN.jsonl.offsets
// and manifest.json. Layout "tttlm": pile/train/NN.jsonl with one NN.jsonl-BEGIN-END.index per
// `sliceLines` lines (the last END past the file's end, as TTT-NN's 500k slices are), and
// indexes/roberta-large/embedding_model.txt. Vectors are unnormalised (norms 0.5 to 8), so L2
// and inner product rank differently. Row 7 repeats row 2's text; in tttlm row 3 is empty.
inline Rows write(const std::string& directory, const std::string& layout, int shards, int lines, int64_t dimension,
                  int sliceLines = 0, uint64_t seed = 1) {
    namespace fs = std::filesystem;
    const fs::path folder = layout == "tttlm" ? fs::path(directory) / "pile" / "train" : fs::path(directory);
    fs::create_directories(folder);
    std::mt19937_64 random(seed);
    std::normal_distribution<float> normal;
    const char* const kSets[] = {"Pile-CC", "Github", "ArXiv", "Wikipedia (en)"};
    Rows rows;
    rows.dimension = dimension;
    for (int shard = 0; shard < shards; ++shard) {
        const std::string name = (shard < 10 ? "0" : "") + std::to_string(shard) + ".jsonl";
        const std::string relative = layout == "tttlm" ? "pile/train/" + name : name;
        std::ofstream jsonl(folder / name, std::ios::binary);
        std::vector<uint64_t> offsets;
        std::vector<float> shardVectors;
        for (int line = 0; line < lines; ++line) {
            const int64_t row = static_cast<int64_t>(rows.texts.size());
            std::string text = store_fixtures::documentText(seed * 1000 + static_cast<uint64_t>(row), 80 + static_cast<int>(row % 5) * 40);
            if (row == 7) text = rows.texts[2];
            std::string stored = text;
            if (layout == "tttlm" && row == 3) text.clear(), stored = " ";
            const std::string set = kSets[row % 4];
            offsets.push_back(static_cast<uint64_t>(jsonl.tellp()));
            jsonl << nlohmann::json{{"text", text}, {"meta", {{"pile_set_name", set}}}}.dump() << "\n";
            const float scale = 0.5f + static_cast<float>(row % 16) * 0.5f;
            for (int64_t j = 0; j < dimension; ++j) shardVectors.push_back(normal(random) * scale);
            rows.texts.push_back(stored);
            rows.domains.push_back(set);
            rows.paths.push_back(relative);
            rows.lines.push_back(line + 1);
        }
        const int slice = layout == "tttlm" && sliceLines > 0 ? sliceLines : lines;
        for (int begin = 0; begin < lines; begin += slice) {
            const int count = std::min(slice, lines - begin);
            faiss::IndexFlatL2 index(dimension);
            index.add(count, shardVectors.data() + static_cast<int64_t>(begin) * dimension);
            const std::string file = layout == "tttlm" && sliceLines > 0
                                         ? name + "-" + std::to_string(begin) + "-" + std::to_string(begin + slice) + ".index"
                                         : name + ".index";
            faiss::write_index(&index, (folder / file).string().c_str());
            rows.index_files.push_back((folder / file).string());
            rows.index_offsets.push_back(static_cast<int64_t>(rows.vectors.size()) / dimension + begin);
        }
        rows.vectors.insert(rows.vectors.end(), shardVectors.begin(), shardVectors.end());
        if (layout == "hullft") {
            std::ofstream offsetFile(folder / (name + ".offsets"), std::ios::binary);
            offsetFile.write(reinterpret_cast<const char*>(offsets.data()), static_cast<std::streamsize>(offsets.size() * 8));
        }
    }
    if (layout == "hullft") {
        std::ofstream(fs::path(directory) / "manifest.json")
            << nlohmann::json{{"embedding_model", "socialfoundations/roberta-large-pile-lr2e-5-bs16-8gpu-1700000"},
                              {"embedding_dim", dimension}, {"index_type", "IndexFlatL2"}, {"normalized", true}}.dump(2);
    } else {
        fs::create_directories(fs::path(directory) / "indexes" / "roberta-large");
        std::ofstream(fs::path(directory) / "indexes" / "roberta-large" / "embedding_model.txt")
            << "models/roberta-large-pile-lr2e-5-bs16-8gpu/checkpoint-1700000";
    }
    return rows;
}

// The authors' retrieval: search every FAISS file for its k nearest and merge by distance
// (ties by row), with each file's rows offset to their place in the concatenation.
inline std::vector<int64_t> searchShards(const Rows& rows, const float* query, int64_t k) {
    std::vector<std::pair<float, int64_t>> merged;
    for (size_t f = 0; f < rows.index_files.size(); ++f) {
        std::unique_ptr<faiss::Index> index(faiss::read_index(rows.index_files[f].c_str()));
        const int64_t kHere = std::min<int64_t>(k, index->ntotal);
        std::vector<float> distances(static_cast<size_t>(kHere));
        std::vector<faiss::Index::idx_t> ids(static_cast<size_t>(kHere));
        index->search(1, query, kHere, distances.data(), ids.data());
        for (int64_t i = 0; i < kHere; ++i) merged.emplace_back(distances[i], ids[i] + rows.index_offsets[f]);
    }
    std::sort(merged.begin(), merged.end());
    std::vector<int64_t> top;
    for (int64_t i = 0; i < k && i < static_cast<int64_t>(merged.size()); ++i) top.push_back(merged[i].second);
    return top;
}

}  // namespace published_shards
