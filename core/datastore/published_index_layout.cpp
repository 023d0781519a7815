#include "datastore/published_index_layout.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "common/errors.h"
#include "common/json_io.h"

namespace hullft {
namespace {

namespace fs = std::filesystem;

int64_t countLines(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, "cannot be read");
    int64_t lines = 0;
    char buffer[1 << 16];
    bool pendingLine = false;
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        const std::streamsize got = in.gcount();
        lines += std::count(buffer, buffer + got, '\n');
        pendingLine = buffer[got - 1] != '\n';
    }
    return lines + (pendingLine ? 1 : 0);
}

// DIR itself, or TTT-NN's DIR/pile/train when the shards live there.
std::string shardFolder(const std::string& layout, const std::string& directory) {
    if (!fs::is_directory(directory)) throw InputError(directory, "is not a folder");
    const bool tttlmTree = fs::is_directory(fs::path(directory) / "pile" / "train");
    if (layout == "tttlm" && tttlmTree) return (fs::path(directory) / "pile" / "train").string();
    if (layout == "hullft" && tttlmTree) throw InputError(directory, "holds TTT-NN's pile/train folder; import it with --layout tttlm");
    return directory;
}

void checkTiling(PublishedShard& shard, int64_t lines) {
    std::sort(shard.slices.begin(), shard.slices.end(), [](const IndexSlice& a, const IndexSlice& b) { return a.first_line < b.first_line; });
    int64_t next = 0;
    for (const IndexSlice& slice : shard.slices) {
        if (slice.first_line != next)
            throw InputError(slice.index_path, "starts at line " + std::to_string(slice.first_line) + " of " + shard.name + ", but line " +
                                                   std::to_string(next) + " is where the previous index ends");
        next += slice.rows;
    }
    if (next != lines)
        throw InputError(shard.jsonl_path, "has " + std::to_string(lines) + " lines but its index files hold " + std::to_string(next) + " vectors");
}

void checkOffsets(const PublishedShard& shard) {
    const std::string offsets = shard.jsonl_path + ".offsets";
    if (!fs::exists(offsets)) return;
    const int64_t rows = shard.rows();
    if (static_cast<int64_t>(fs::file_size(offsets)) != rows * 8)
        throw InputError(offsets, "holds " + std::to_string(fs::file_size(offsets) / 8) + " offsets but the index " + std::to_string(rows) + " vectors");
}

}  // namespace

int64_t PublishedShard::rows() const {
    int64_t total = 0;
    for (const IndexSlice& slice : slices) total += slice.rows;
    return total;
}

bool isPublishedLayout(const std::string& layout) { return layout == "hullft" || layout == "tttlm"; }

IndexSlice readFlatIndexHeader(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char tag[4] = {};
    int32_t dimension = 0;
    int64_t rows = 0;
    if (!in.read(tag, 4) || !in.read(reinterpret_cast<char*>(&dimension), 4) || !in.read(reinterpret_cast<char*>(&rows), 8))
        throw InputError(path, "is not a FAISS index file (too short)");
    if (std::memcmp(tag, "IxF2", 4) != 0 && std::memcmp(tag, "IxFI", 4) != 0)
        throw InputError(path, "is not a flat FAISS index (IndexFlatL2 or IndexFlatIP); its tag is '" + std::string(tag, 4) + "'");
    if (dimension <= 0 || rows < 0) throw InputError(path, "has a corrupt header (dimension " + std::to_string(dimension) + ", rows " + std::to_string(rows) + ")");
    IndexSlice slice;
    slice.index_path = path;
    slice.rows = rows;
    slice.dimension = dimension;
    slice.metric = std::memcmp(tag, "IxF2", 4) == 0 ? "l2" : "inner_product";
    return slice;
}

std::vector<PublishedShard> findPublishedShards(const std::string& layout, const std::string& directory) {
    if (!isPublishedLayout(layout)) throw InputError(directory, "unknown layout '" + layout + "' (hullft or tttlm)");
    const std::string folder = shardFolder(layout, directory);
    static const std::regex shardName(R"((\d+)\.jsonl)");
    static const std::regex indexName(R"((\d+\.jsonl)(?:-(\d+)-(\d+))?\.index)");
    std::map<std::string, PublishedShard> shards;  // by file name: 00.jsonl < 01.jsonl < ...
    for (const fs::directory_entry& entry : fs::directory_iterator(folder)) {
        const std::string file = entry.path().filename().string();
        std::smatch match;
        if (std::regex_match(file, match, shardName)) {
            shards[file].jsonl_path = entry.path().string();
            shards[file].name = fs::relative(entry.path(), directory).string();
        } else if (std::regex_match(file, match, indexName)) {
            if (layout == "hullft" && match[2].matched)
                throw InputError(entry.path().string(), "is a TTT-NN slice index; import this folder with --layout tttlm");
            IndexSlice slice = readFlatIndexHeader(entry.path().string());
            slice.first_line = match[2].matched ? std::stoll(match[2].str()) : 0;
            shards[match[1].str()].slices.push_back(slice);
        }
    }
    std::vector<PublishedShard> ordered;
    for (auto& [file, shard] : shards) {
        if (shard.jsonl_path.empty()) throw InputError(shard.slices.front().index_path, "has no " + file + " beside it");
        if (shard.slices.empty()) throw InputError(shard.jsonl_path, "has no FAISS index (" + file + ".index) beside it");
        checkTiling(shard, countLines(shard.jsonl_path));
        for (const IndexSlice& slice : shard.slices)
            if (slice.dimension != shard.slices.front().dimension)
                throw InputError(slice.index_path, "has dimension " + std::to_string(slice.dimension) + ", not " + std::to_string(shard.slices.front().dimension));
        checkOffsets(shard);
        ordered.push_back(std::move(shard));
    }
    if (ordered.empty()) throw InputError(folder, "holds no NN.jsonl shard with its FAISS index (layout " + layout + ")");
    return ordered;
}

std::string publishedEmbeddingModel(const std::string& layout, const std::string& directory) {
    if (layout == "hullft") {
        const fs::path manifest = fs::path(directory) / "manifest.json";
        if (!fs::exists(manifest)) return "";
        const nlohmann::json root = readJsonFile(manifest.string());
        if (!root.is_object() || (root.contains("embedding_model") && !root["embedding_model"].is_string()))
            throw InputError(manifest.string(), "must be an object whose embedding_model is a string");
        return root.value("embedding_model", std::string());
    }
    std::vector<fs::path> candidates = {fs::path(directory) / "embedding_model.txt"};
    if (fs::is_directory(fs::path(directory) / "indexes"))
        for (const fs::directory_entry& entry : fs::directory_iterator(fs::path(directory) / "indexes"))
            candidates.push_back(entry.path() / "embedding_model.txt");
    for (const fs::path& candidate : candidates)
        if (fs::exists(candidate)) {
            std::string text = readFileBytes(candidate.string());
            while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
            return text;
        }
    return "";
}

}  // namespace hullft
