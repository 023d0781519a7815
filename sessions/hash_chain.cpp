#include "hash_chain.h"

#include <optional>
#include <unordered_map>
#include <vector>

#include "common/sha256.h"
#include "common/sqlite_database.h"

namespace hullft::sessions {
namespace {

void lengthPrefixed(Sha256& digest, const std::string& field) {
    digest.update(std::to_string(field.size()));
    digest.update(":");
    digest.update(field);
}

// Where each record sits and how it links, for every record: enough to tell a removed record
// from a reordered or inserted one without holding the payloads.
struct Link {
    int64_t seq;
    std::string hash;
    std::string prev_hash;
};

struct Row {
    int64_t seq;
    std::string kind, query_id, payload, prev_hash, hash;
    std::string hashAt(int64_t seq) const { return recordHash(seq, kind, query_id, payload, prev_hash); }
};

class ChainWalk {
public:
    explicit ChainWalk(const SqliteDatabase& db) : db_(db) {
        loadLinks();
        loadHead();
    }

    VerifyResult run() {
        SqliteStatement rows(db_, "SELECT seq, kind, query_id, payload, prev_hash, hash FROM records ORDER BY seq");
        int64_t expected = 1;
        std::string prev = kGenesisHash;
        for (size_t i = 0; rows.step(); ++i) {
            const Row row{rows.integer(0), rows.text(1), rows.text(2), rows.text(3), rows.text(4), rows.text(5)};
            if (auto problem = checkRow(i, row, expected, prev)) return *problem;
            expected = row.seq + 1;
            prev = row.hash;
        }
        return checkHead();
    }

private:
    void loadLinks() {
        SqliteStatement statement(db_, "SELECT seq, hash, prev_hash FROM records ORDER BY seq");
        while (statement.step()) {
            links_.push_back({statement.integer(0), statement.text(1), statement.text(2)});
            indexOfHash_.emplace(links_.back().hash, links_.size() - 1);
        }
    }

    void loadHead() {
        SqliteStatement head(db_, "SELECT record_count, head_hash FROM chain_head WHERE id = 1");
        if (head.step()) head_ = Head{head.integer(0), head.text(1)};
    }

    VerifyResult problem(Tampering tampering, int64_t seq, const std::string& message) const {
        VerifyResult result;
        result.tampering = tampering;
        result.seq = seq;
        result.message = "record " + std::to_string(seq) + " " + message;
        result.record_count = static_cast<int64_t>(links_.size());
        return result;
    }

    // The seq a record was recorded at, judged by the record its prev_hash names; 0 if unknown.
    int64_t recordedSeq(const std::string& prevHash) const {
        if (prevHash == kGenesisHash) return 1;
        const auto found = indexOfHash_.find(prevHash);
        return found == indexOfHash_.end() ? 0 : links_[found->second].seq + 1;
    }

    bool laterRecordLinksTo(size_t i, const std::string& hash) const {
        for (size_t j = i + 1; j < links_.size(); ++j)
            if (links_[j].prev_hash == hash) return true;
        return false;
    }

    std::optional<VerifyResult> checkRow(size_t i, const Row& row, int64_t expected, const std::string& prev) const {
        if (head_ && row.seq > head_->count)
            return problem(Tampering::Inserted, row.seq,
                           "was inserted after the chain head (which counts " + std::to_string(head_->count) + " records)");
        if (row.seq < expected)
            return problem(Tampering::Inserted, row.seq, "was inserted: its seq is out of the chain's order");
        if (row.seq > expected)
            return problem(Tampering::Removed, expected,
                           "was removed: seq jumps from " + std::to_string(expected - 1) + " to " + std::to_string(row.seq));
        if (row.hashAt(row.seq) != row.hash) return classifyBadHash(i, row, prev);
        if (row.prev_hash != prev) {
            if (indexOfHash_.count(row.prev_hash))
                return problem(Tampering::Reordered, row.seq, "was moved: it follows another record than the one before it");
            return problem(Tampering::Removed, row.seq,
                           "follows a record that is no longer in the file: the record before it was removed");
        }
        return std::nullopt;
    }

    VerifyResult classifyBadHash(size_t i, const Row& row, const std::string& prev) const {
        const int64_t recordedAt = recordedSeq(row.prev_hash);
        if (recordedAt != 0 && recordedAt != row.seq && row.hashAt(recordedAt) == row.hash) {
            if (recordedAt < row.seq)
                return problem(Tampering::Inserted, recordedAt,
                               "was inserted: the record now at " + std::to_string(row.seq) + " was recorded as " +
                                   std::to_string(recordedAt));
            if (laterRecordLinksTo(i, prev))
                return problem(Tampering::Reordered, row.seq, "was moved: it was recorded as record " + std::to_string(recordedAt));
            return problem(Tampering::Removed, row.seq,
                           "was removed: the record now at " + std::to_string(row.seq) + " was recorded as " +
                               std::to_string(recordedAt));
        }
        if (i + 1 < links_.size() && links_[i + 1].prev_hash == prev)
            return problem(Tampering::Inserted, row.seq, "was inserted: the next record links past it");
        if (row.prev_hash != prev && recordedAt == 0)
            return problem(Tampering::Removed, row.seq,
                           "follows a record that is no longer in the file: the record before it was removed");
        return problem(Tampering::Changed, row.seq, "was changed: its content does not match its hash");
    }

    VerifyResult checkHead() const {
        if (links_.empty()) return problem(Tampering::Removed, 1, "is missing: the session holds no records");
        if (!head_) return problem(Tampering::HeadMismatch, links_.back().seq, "is the last record but the chain head is missing");
        const int64_t count = head_->count;
        const std::string& headHash = head_->hash;
        const auto total = static_cast<int64_t>(links_.size());
        if (total > count)
            return problem(Tampering::Inserted, count + 1, "was inserted after the chain head (which counts " + std::to_string(count) + " records)");
        if (total < count)
            return problem(Tampering::Removed, total + 1, "was removed: the chain head counts " + std::to_string(count) +
                                                            " records, the file holds " + std::to_string(total));
        if (headHash != links_.back().hash)
            return problem(Tampering::HeadMismatch, links_.back().seq, "does not match the chain head hash");
        VerifyResult ok;
        ok.record_count = total;
        ok.head_hash = headHash;
        ok.message = "OK: " + std::to_string(total) + " records, chain head " + headHash;
        return ok;
    }

    struct Head {
        int64_t count;
        std::string hash;
    };

    const SqliteDatabase& db_;
    std::optional<Head> head_;
    std::vector<Link> links_;
    std::unordered_map<std::string, size_t> indexOfHash_;
};

}  // namespace

std::string recordHash(int64_t seq, const std::string& kind, const std::string& queryId,
                       const std::string& payload, const std::string& prevHash) {
    Sha256 digest;
    digest.update("hullft-session-record-v1\n");
    lengthPrefixed(digest, std::to_string(seq));
    lengthPrefixed(digest, kind);
    lengthPrefixed(digest, queryId);
    lengthPrefixed(digest, payload);
    lengthPrefixed(digest, prevHash);
    return digest.finishHex();
}

const char* tamperingName(Tampering tampering) {
    switch (tampering) {
    case Tampering::None: return "ok";
    case Tampering::Changed: return "changed";
    case Tampering::Removed: return "removed";
    case Tampering::Reordered: return "reordered";
    case Tampering::Inserted: return "inserted";
    case Tampering::HeadMismatch: return "head mismatch";
    case Tampering::Invalid: return "invalid";
    }
    return "unknown";
}

VerifyResult verifyChain(const SqliteDatabase& db) { return ChainWalk(db).run(); }

}  // namespace hullft::sessions
