#pragma once

#include <cstdint>
#include <string>

#include "datastore/vector_rows.h"

namespace hullft {

class SqliteDatabase;

// The `embeddings` table of a store database as VectorRows: row i is the vector of sequence i.
// A missing row or a blob of the wrong size is an InputError naming the database and the id.
class EmbeddingTableRows : public VectorRows {
public:
    EmbeddingTableRows(SqliteDatabase& db, int64_t count, int64_t dimension) : db_(db), count_(count), dimension_(dimension) {}
    int64_t count() const override { return count_; }
    int64_t dimension() const override { return dimension_; }
    void read(int64_t first, int64_t rows, float* out) const override;

private:
    SqliteDatabase& db_;
    int64_t count_;
    int64_t dimension_;
};

}  // namespace hullft
