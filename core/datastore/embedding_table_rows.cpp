#include "datastore/embedding_table_rows.h"

#include <cstring>

#include "common/errors.h"
#include "common/sqlite_database.h"

namespace hullft {

void EmbeddingTableRows::read(int64_t first, int64_t rows, float* out) const {
    SqliteStatement select = db_.prepare(
        "SELECT sequence_id, vector FROM embeddings WHERE sequence_id >= ? AND sequence_id < ? ORDER BY sequence_id");
    select.bind(1, first).bind(2, first + rows);
    int64_t expected = first;
    const size_t bytes = static_cast<size_t>(dimension_) * sizeof(float);
    while (select.step()) {
        const std::string_view blob = select.blob(1);
        if (select.integer(0) != expected) break;
        if (blob.size() != bytes)
            throw InputError(db_.path(), "the vector of sequence " + std::to_string(expected) + " has " + std::to_string(blob.size()) +
                                             " bytes, not " + std::to_string(bytes));
        std::memcpy(out + (expected - first) * dimension_, blob.data(), bytes);
        ++expected;
    }
    if (expected != first + rows) throw InputError(db_.path(), "no vector for sequence " + std::to_string(expected));
}

}  // namespace hullft
