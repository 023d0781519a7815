#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace hullft {

class Store;

// How much the sequences one run trained on repeat each other. The paper's account of HullFT's
// gain over kNN is that kNN's nearest neighbours are redundant (near-duplicates spend several
// steps on one piece of text) while the convex reconstruction picks a diverse support; the
// benchmark records this per run so the claim can be checked against the measured gains.
struct SelectionRedundancy {
    int distinct = 0;  // distinct sequences trained on
    // Mean cosine similarity of their stored embeddings over all pairs; NaN below two sequences.
    // Embeddings of a language model sit in a narrow cone, so compare values within one store,
    // not against zero.
    double mean_cosine = std::numeric_limits<double>::quiet_NaN();
    // Groups of two or more near-duplicate texts among them (nearDuplicateGroups()).
    int duplicate_groups = 0;
};

// Two texts are near-duplicates when the Jaccard similarity of their sets of byte 8-grams is at
// least this (texts shorter than 8 bytes: when they are equal).
inline constexpr double kNearDuplicateJaccard = 0.5;

// Mean over all pairs of the cosine of two rows (each `dimension` floats); NaN below two rows.
// A zero row has cosine 0 with everything.
double meanPairwiseCosine(const std::vector<float>& rows, size_t dimension);

// The groups of near-duplicate texts with at least two members, linking any two near-duplicates
// (single linkage: A~B and B~C put A, B and C in one group).
int nearDuplicateGroups(const std::vector<std::string>& texts);

// For the distinct ids of `trainingOrder` (sequence ids, one per finetuning step): their count,
// mean pairwise cosine from the store's stored vectors, and near-duplicate groups of their text.
SelectionRedundancy measureSelectionRedundancy(const Store& store, const std::vector<int64_t>& trainingOrder);

}  // namespace hullft
