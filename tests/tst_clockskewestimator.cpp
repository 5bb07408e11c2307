#include "ClockSkewEstimator.h"

#include <QtTest>

#include <limits>

// The Correlator shifts every item of a solved source by offsetNs and reports confidence in a
// clock_skew finding, so a wrong sign, a median moved by one bad pair or a source solved from
// too little evidence misplaces a whole log on the timeline.
class TstClockSkewEstimator : public QObject
{
    Q_OBJECT
    static constexpr int64_t kMs = 1'000'000;
    static constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
    static constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
    static constexpr int64_t kRef = 1, kA = 2, kB = 3, kC = 4;

    static void addMany(ClockSkewEstimator &est, int64_t source, int64_t other, const std::vector<int64_t> &deltas)
    {
        for (int64_t d : deltas)
            est.addSample(source, other, d);
    }

private slots:
    void median_data()
    {
        QTest::addColumn<QList<qint64>>("values");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("empty") << QList<qint64> {} << qint64(0);
        QTest::newRow("single") << QList<qint64> {-7} << qint64(-7);
        QTest::newRow("odd, unsorted") << QList<qint64> {9, 1, 5} << qint64(5);
        QTest::newRow("even averages the middle pair") << QList<qint64> {40, 10, 30, 20} << qint64(25);
        // Halves round down, also below zero, so the result never depends on the input's sign.
        QTest::newRow("even, half rounds down") << QList<qint64> {1, 2, 3, 4} << qint64(2);
        QTest::newRow("even negative, half rounds down") << QList<qint64> {-4, -3} << qint64(-4);
        QTest::newRow("duplicates") << QList<qint64> {3, 3, 3, 100} << qint64(3);
        QTest::newRow("near max") << QList<qint64> {kMax, kMax - 2} << qint64(kMax - 1);
        QTest::newRow("near min") << QList<qint64> {kMin + 2, kMin} << qint64(kMin + 1);
        // The distance between the middle pair does not fit in int64.
        QTest::newRow("min and max") << QList<qint64> {kMax, kMin} << qint64(-1);
        QTest::newRow("symmetric extremes") << QList<qint64> {kMax, -kMax} << qint64(0);
        QTest::newRow("extremes around zeros") << QList<qint64> {kMin, 0, kMax, 0} << qint64(0);
    }
    void median()
    {
        QFETCH(QList<qint64>, values);
        QFETCH(qint64, expected);
        QCOMPARE(qint64(ClockSkewEstimator::median(std::vector<int64_t>(values.begin(), values.end()))), expected);
    }

    void directSourceTakesMedianAndSpread()
    {
        ClockSkewEstimator est;
        addMany(est, kA, kRef, {100 * kMs, 102 * kMs, 98 * kMs, 101 * kMs, 99 * kMs});
        const auto solved = est.solve({kRef});
        QCOMPARE(solved.size(), size_t(1));
        const auto &e = solved.at(kA);
        QCOMPARE(e.offsetNs, 100 * kMs);
        QCOMPARE(e.samples, 5);
        QCOMPARE(e.spreadNs, 1 * kMs); // deviations 0,2,2,1,1 ms
        QCOMPARE(e.confidence, 0.73);
    }

    void sampleOrderSetsTheSign()
    {
        // delta is `source - other`: a reference named first means the other clock is behind.
        ClockSkewEstimator est;
        addMany(est, kRef, kA, {2000 * kMs, 2000 * kMs, 2000 * kMs});
        QCOMPARE(est.solve({kRef}).at(kA).offsetNs, -2000 * kMs);
    }

    void oneOutlierMovesNothing()
    {
        ClockSkewEstimator clean, dirty;
        for (int i = 0; i < 8; ++i) {
            clean.addSample(kA, kRef, 250 * kMs);
            dirty.addSample(kA, kRef, 250 * kMs);
        }
        dirty.addSample(kA, kRef, 3'600'000 * kMs); // a log line that shares an id by accident
        const auto c = clean.solve({kRef}).at(kA);
        const auto d = dirty.solve({kRef}).at(kA);
        QCOMPARE(d.offsetNs, 250 * kMs);
        QCOMPARE(d.spreadNs, int64_t(0));
        QCOMPARE(d.samples, 9);
        QCOMPARE(d.confidence, c.confidence);
        QCOMPARE(d.confidence, 1.0);
    }

    void minSamples_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("minSamples");
        QTest::addColumn<bool>("solved");
        QTest::newRow("none") << 0 << 1 << false;
        QTest::newRow("one of one") << 1 << 1 << true;
        QTest::newRow("two of three") << 2 << 3 << false;
        QTest::newRow("three of three") << 3 << 3 << true;
        QTest::newRow("four of three") << 4 << 3 << true;
    }
    void minSamples()
    {
        QFETCH(int, count);
        QFETCH(int, minSamples);
        QFETCH(bool, solved);
        ClockSkewEstimator est;
        for (int i = 0; i < count; ++i)
            est.addSample(kA, kRef, 10 * kMs);
        const auto result = est.solve({kRef}, minSamples);
        QCOMPARE(result.count(kA), size_t(solved ? 1 : 0));
        QCOMPARE(result.count(kRef), size_t(0));
    }

    void confidenceOrdersEvidence()
    {
        ClockSkewEstimator est;
        addMany(est, kA, kRef, std::vector<int64_t>(8, 40 * kMs)); // many tight pairs
        addMany(est, kB, kRef, std::vector<int64_t>(3, 40 * kMs)); // few tight pairs
        // Eight pairs 50 ms either side of one second: median 1 s, spread 50 ms.
        std::vector<int64_t> loose(4, 950 * kMs);
        loose.insert(loose.end(), 4, 1050 * kMs);
        addMany(est, kC, kRef, loose);
        const auto r = est.solve({kRef});
        QCOMPARE(r.at(kA).confidence, 1.0);
        QCOMPARE(r.at(kB).confidence, 0.56);
        QCOMPARE(r.at(kC).offsetNs, 1000 * kMs);
        QCOMPARE(r.at(kC).spreadNs, 50 * kMs);
        QCOMPARE(r.at(kC).confidence, 0.65);
        for (const auto &entry : r)
            QVERIFY(entry.second.confidence >= 0.3 && entry.second.confidence <= 1.0);
    }

    void solvesTwoHopsButNotThree()
    {
        ClockSkewEstimator est;
        addMany(est, kA, kRef, {1000 * kMs, 1000 * kMs, 1000 * kMs});
        addMany(est, kB, kA, {500 * kMs, 500 * kMs, 500 * kMs}); // B only ever met A
        addMany(est, kC, kB, {1 * kMs, 1 * kMs, 1 * kMs}); // a third hop is too far
        addMany(est, 10, 11, {7 * kMs, 7 * kMs, 7 * kMs}); // an island without the reference
        const auto r = est.solve({kRef}, 3);
        QCOMPARE(r.size(), size_t(2));
        QCOMPARE(r.at(kA).offsetNs, 1000 * kMs);
        QCOMPARE(r.at(kB).offsetNs, 1500 * kMs);
        QCOMPARE(r.at(kB).samples, 3);
    }

    void secondRoundPoolsSamplesFromEverySolvedSource()
    {
        // Two pairs against the reference and two against A are too few apart but enough together.
        ClockSkewEstimator est;
        addMany(est, kA, kRef, {1000 * kMs, 1000 * kMs, 1000 * kMs});
        addMany(est, kB, kRef, {300 * kMs, 300 * kMs});
        addMany(est, kB, kA, {-700 * kMs, -700 * kMs});
        const auto r = est.solve({kRef}, 3);
        QCOMPARE(r.at(kB).samples, 4);
        QCOMPARE(r.at(kB).offsetNs, 300 * kMs);
        QCOMPARE(r.at(kB).spreadNs, int64_t(0));
    }

    void everyReferenceAnchorsAndIsNotReported()
    {
        ClockSkewEstimator est;
        addMany(est, kA, kRef, {10 * kMs, 10 * kMs});
        addMany(est, kA, kB, {20 * kMs, 20 * kMs});
        addMany(est, kRef, kB, {5 * kMs, 5 * kMs, 5 * kMs}); // references disagree: not corrected
        const auto r = est.solve({kRef, kB}, 3);
        QCOMPARE(r.size(), size_t(1));
        QCOMPARE(r.at(kA).samples, 4);
        QCOMPARE(r.at(kA).offsetNs, 15 * kMs);
    }

    void deltasNearInt64Limits()
    {
        ClockSkewEstimator est;
        addMany(est, kA, kRef, {kMax, kMax - 1});
        addMany(est, kRef, kB, {kMax - 4, kMax - 2}); // B's offsets are the negations
        const auto r = est.solve({kRef}, 2);
        QCOMPARE(r.at(kA).offsetNs, kMax - 1);
        QCOMPARE(r.at(kA).spreadNs, int64_t(0));
        QCOMPARE(r.at(kB).offsetNs, -kMax + 3);
        QCOMPARE(r.at(kB).spreadNs, int64_t(1));
    }
};

QTEST_GUILESS_MAIN(TstClockSkewEstimator)
#include "tst_clockskewestimator.moc"
