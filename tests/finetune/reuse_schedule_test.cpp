// The gradient-reuse plan (grouping, refresh every r) and the SHA-256 helper behind the
// parameter digest; no model involved.

#include "finetune/reuse_schedule.h"

#include <QtTest>
#include <string>

#include "common/sha256.h"

using namespace hullft;

Q_DECLARE_METATYPE(std::vector<int64_t>)
Q_DECLARE_METATYPE(std::vector<int>)

class ReuseScheduleTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void grouping_is_global_in_order_of_first_appearance() {
        const ReuseSchedule schedule = planGradientReuse({7, 3, 7, 9, 3, 7}, 2);
        QCOMPARE(schedule.unique_ids, (std::vector<int64_t>{7, 3, 9}));
        QCOMPARE(schedule.counts, (std::vector<int>{3, 2, 1}));
        std::vector<int64_t> ids;
        for (const ScheduledStep& step : schedule.steps) ids.push_back(step.sequence_id);
        QCOMPARE(ids, (std::vector<int64_t>{7, 7, 7, 3, 3, 9}));
    }

    void computed_flags_follow_j_mod_r_data() {
        QTest::addColumn<std::vector<int64_t>>("order");
        QTest::addColumn<int>("refreshInterval");
        QTest::addColumn<std::vector<int>>("computed");
        QTest::addColumn<std::vector<int>>("reusedNext");
        QTest::newRow("r1 all computed")
            << std::vector<int64_t>{1, 1, 1} << 1 << std::vector<int>{1, 1, 1} << std::vector<int>{0, 0, 0};
        QTest::newRow("r2 count 5") << std::vector<int64_t>{4, 4, 4, 4, 4} << 2
                                    << std::vector<int>{1, 0, 1, 0, 1} << std::vector<int>{1, 0, 1, 0, 0};
        QTest::newRow("r3 counts 4,1") << std::vector<int64_t>{2, 2, 8, 2, 2} << 3
                                       << std::vector<int>{1, 0, 0, 1, 1} << std::vector<int>{1, 1, 0, 0, 0};
    }
    void computed_flags_follow_j_mod_r() {
        QFETCH(std::vector<int64_t>, order);
        QFETCH(int, refreshInterval);
        QFETCH(std::vector<int>, computed);
        QFETCH(std::vector<int>, reusedNext);
        const ReuseSchedule schedule = planGradientReuse(order, refreshInterval);
        QCOMPARE(schedule.steps.size(), computed.size());
        for (size_t k = 0; k < computed.size(); ++k) {
            QCOMPARE(int(schedule.steps[k].computed), computed[k]);
            QCOMPARE(int(schedule.steps[k].gradient_reused_next), reusedNext[k]);
        }
    }

    void passes_equal_sum_of_ceil_count_over_r() {
        // The paper's 20-multiset: 8 unique, counts 5,4,3,2,2,2,1,1.
        std::vector<int64_t> order;
        const std::vector<int> counts{5, 4, 3, 2, 2, 2, 1, 1};
        for (size_t id = 0; id < counts.size(); ++id) order.insert(order.end(), counts[id], int64_t(id));
        QCOMPARE(planGradientReuse(order, 1).forwardBackwardPasses(), int64_t{20});
        QCOMPARE(planGradientReuse(order, 2).forwardBackwardPasses(), int64_t{3 + 2 + 2 + 1 + 1 + 1 + 1 + 1});
        QCOMPARE(planGradientReuse(order, 3).forwardBackwardPasses(), int64_t{2 + 2 + 1 + 1 + 1 + 1 + 1 + 1});
    }

    void refresh_interval_below_one_is_rejected() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, planGradientReuse({1, 2}, 0));
    }

    void sha256_matches_fips_180_vectors() {
        QCOMPARE(sha256Hex("abc", 3),
                 std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(sha256Hex("", 0),
                 std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        Sha256 pieces;
        pieces.update("ab", 2);
        pieces.update("c", 1);
        QCOMPARE(pieces.finishHex(), sha256Hex("abc", 3));
    }
};

QTEST_GUILESS_MAIN(ReuseScheduleTest)
#include "reuse_schedule_test.moc"
