#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hullft {

// The folder layouts in which the HullFT authors and TTT-NN (Hardt & Sun) publish their Pile
// indexes: JSONL shards of `{"text", "meta": {"pile_set_name"}}` lines, each with FAISS
// IndexFlatL2 files whose row i embeds line i.
// - "hullft": `NN.jsonl`, `NN.jsonl.index` (the whole shard) and `NN.jsonl.offsets` (a
//   little-endian uint64 byte offset per line); `manifest.json` names the embedding model.
// - "tttlm": `NN.jsonl` (in DIR or DIR/pile/train) with `NN.jsonl.index` or, per slice of
//   lines [BEGIN, END), `NN.jsonl-BEGIN-END.index`; an `embedding_model.txt` (in DIR or a
//   folder under DIR/indexes) names the model. An empty text was embedded as " ".
struct IndexSlice {
    std::string index_path;
    int64_t first_line = 0;  // the slice's row 0 embeds this line (0-based)
    int64_t rows = 0;        // vectors in the file
    int64_t dimension = 0;
    std::string metric;      // "l2" (IndexFlatL2) or "inner_product" (IndexFlatIP)
};

struct PublishedShard {
    std::string jsonl_path;
    std::string name;          // the JSONL file's path relative to the imported folder
    std::vector<IndexSlice> slices;  // in line order, tiling the file's lines
    int64_t rows() const;
};

bool isPublishedLayout(const std::string& layout);

// The shards of `directory` in import order (shard name, then slice), their slices checked to
// tile each file's lines from 0 without gap or overlap. InputError naming the file otherwise.
std::vector<PublishedShard> findPublishedShards(const std::string& layout, const std::string& directory);

// What the layout says about its embedder ("" when it says nothing): the model it names.
std::string publishedEmbeddingModel(const std::string& layout, const std::string& directory);

// FAISS header of a flat index file: dimension and row count, without reading the vectors.
IndexSlice readFlatIndexHeader(const std::string& path);

}  // namespace hullft
