#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/cancellation.h"
#include "events/observer.h"

namespace hullft {

struct StoreVerification {
    int64_t documents_checked = 0;
    int64_t vectors_checked = 0;          // stored vectors compared with the index's rows
    int64_t documents_without_digest = 0; // made before stores recorded digests: not checkable
    std::vector<std::string> problems;    // each names the part and the ids that differ
    bool ok() const { return problems.empty(); }
};

// Audits a store against itself:
// - manifest.json equals the manifest the database holds, and both name what the index is
//   (kind, metric, dimension, row count);
// - the database's document, sequence and vector counts equal the manifest's, sequence ids
//   are 0..n-1, every vector has the manifest's dimension;
// - every document's digest (document_digest.h) recomputed from its stored sequences equals
//   the recorded one, and a document kept whole in one sequence still has its SHA-256;
// - `sampleRows` rows (evenly spread, first and last included; 0 = every row) have finite
//   stored vectors equal to what the index holds for that row (the same floats, or the same
//   IVF list and code).
// Reads the store only; problems are returned, not thrown (a missing store is an InputError).
StoreVerification verifyStore(const std::string& directory, int64_t sampleRows, PipelineObserver* observer,
                              const CancellationToken* cancel);

}  // namespace hullft
