#pragma once

#include <cstdint>

namespace hullft {

// Rows of float32 vectors read a slice at a time, so an index can be built over more vectors
// than fit in memory. Row i is sequence id i.
class VectorRows {
public:
    virtual ~VectorRows() = default;
    virtual int64_t count() const = 0;
    virtual int64_t dimension() const = 0;
    // Copies rows [first, first + rows) into `out` (rows x dimension(), row-major).
    virtual void read(int64_t first, int64_t rows, float* out) const = 0;
};

// Rows that are already in memory.
class MatrixRows : public VectorRows {
public:
    MatrixRows(const float* values, int64_t count, int64_t dimension) : values_(values), count_(count), dimension_(dimension) {}
    int64_t count() const override { return count_; }
    int64_t dimension() const override { return dimension_; }
    void read(int64_t first, int64_t rows, float* out) const override {
        const float* begin = values_ + first * dimension_;
        for (int64_t i = 0; i < rows * dimension_; ++i) out[i] = begin[i];
    }

private:
    const float* values_;
    int64_t count_;
    int64_t dimension_;
};

}  // namespace hullft
