#include "TimelineAxis.h"

#include <QtTest>

#include <limits>

class TstTimelineAxis : public QObject
{
    Q_OBJECT
    static constexpr int64_t kS = 1'000'000'000LL;
    static constexpr int64_t kT0 = 1'738'893'000LL * kS; // 2025-02-07T01:50:00Z

private Q_SLOTS:
    void mapsBothWays()
    {
        TimelineAxis axis;
        axis.setWidth(1000);
        axis.fit(kT0, kT0 + 10 * kS, 0);
        QCOMPARE(axis.timeToX(kT0), 0.0);
        QCOMPARE(axis.timeToX(kT0 + 10 * kS), 1000.0);
        QCOMPARE(axis.timeToX(kT0 + 5 * kS), 500.0);
        QCOMPARE(axis.xToTime(250), kT0 + 2'500'000'000LL);
        QCOMPARE(axis.nsPerPixel(), 1e7);
        QCOMPARE(axis.visibleStartNs(), kT0);
        QCOMPARE(axis.visibleEndNs(), kT0 + 10 * kS);
    }

    void fitLeavesMargins()
    {
        TimelineAxis axis;
        axis.setWidth(1000);
        axis.fit(kT0, kT0 + 96 * kS, 0.02);
        QCOMPARE(axis.timeToX(kT0), 20.0);
        QCOMPARE(axis.timeToX(kT0 + 96 * kS), 980.0);
    }

    void zoomKeepsTimeUnderCursor()
    {
        TimelineAxis axis;
        axis.setWidth(1200);
        axis.fit(kT0, kT0 + 60 * kS, 0);
        const double x = 333.0;
        const int64_t before = axis.xToTime(x);
        axis.zoomAround(x, 8.0);
        QCOMPARE(axis.xToTime(x), before);
        QCOMPARE(axis.nsPerPixel(), 60.0 * kS / 1200 / 8);
        // Deep zoom: nanosecond precision survives epoch-sized times.
        axis.zoomAround(x, 1e6);
        QVERIFY(std::llabs(axis.xToTime(x) - before) <= 1);
        QVERIFY(std::llabs(axis.xToTime(x + 1) - before) < 100);
        axis.zoomAround(x, 1.0 / 8e6);
        QVERIFY(std::llabs(axis.xToTime(x) - before) <= 1);
    }

    void panMovesContent()
    {
        TimelineAxis axis;
        axis.setWidth(1000);
        axis.fit(kT0, kT0 + 10 * kS, 0);
        axis.pan(100); // content moves right: earlier times come into view
        QCOMPARE(axis.timeToX(kT0), 100.0);
        QCOMPARE(axis.visibleStartNs(), kT0 - kS);
    }

    void findsIdleGaps()
    {
        const std::vector<TimelineAxis::Gap> intervals = {
            {kT0 + 100 * kS, kT0 + 101 * kS}, // unsorted on purpose
            {kT0, kT0 + 30 * kS}, {kT0 + 10 * kS, kT0 + 40 * kS}, // overlaps the first
            {kT0 + 41 * kS, kT0 + 42 * kS}, // 1 s after: not idle
        };
        const auto gaps = TimelineAxis::findIdleGaps(intervals, 5 * kS);
        QCOMPARE(gaps.size(), size_t(1));
        QCOMPARE(gaps[0].startNs, kT0 + 42 * kS);
        QCOMPARE(gaps[0].endNs, kT0 + 100 * kS);
    }

    void compressesGaps()
    {
        TimelineAxis axis;
        axis.setWidth(1000);
        axis.fit(kT0, kT0 + 110 * kS, 0);
        // 10 s busy, 90 s idle squeezed to 2 s, 10 s busy: 22 s of virtual time.
        axis.setGaps({{kT0 + 10 * kS, kT0 + 100 * kS}}, 2 * kS);
        axis.fit(kT0, kT0 + 110 * kS, 0);
        QCOMPARE(axis.nsPerPixel(), 22.0 * kS / 1000);
        QVERIFY(qFuzzyCompare(axis.timeToX(kT0 + 10 * kS), 10.0 / 22 * 1000));
        QVERIFY(qFuzzyCompare(axis.timeToX(kT0 + 100 * kS), 12.0 / 22 * 1000));
        QVERIFY(qFuzzyCompare(axis.timeToX(kT0 + 55 * kS), 11.0 / 22 * 1000)); // middle of the gap
        QCOMPARE(axis.xToTime(axis.timeToX(kT0 + 105 * kS)), kT0 + 105 * kS);
        QCOMPARE(axis.xToTime(axis.timeToX(kT0 + 55 * kS)), kT0 + 55 * kS);
        QCOMPARE(axis.xToTime(axis.timeToX(kT0 + 3 * kS)), kT0 + 3 * kS);
        const auto markers = axis.gapMarkers();
        QCOMPARE(markers.size(), size_t(1));
        QCOMPARE(markers[0].label, QStringLiteral("1 min 30 s idle"));
        QVERIFY(markers[0].x1 - markers[0].x0 < 100);
        // No tick inside the compressed gap.
        for (const auto &t : axis.ticks(40))
            QVERIFY2(t.ns <= kT0 + 10 * kS || t.ns >= kT0 + 100 * kS, qPrintable(t.label));
    }

    void ticksAreRoundAndReadable()
    {
        TimelineAxis axis;
        axis.setWidth(1000);
        axis.fit(kT0, kT0 + 60 * kS, 0);
        QCOMPARE(axis.tickStepNs(90), 10 * kS); // 1000 px / 60 s: 10 s = 166 px
        const auto ticks = axis.ticks(90);
        QCOMPARE(ticks.size(), size_t(7));
        QCOMPARE(ticks.front().label, QStringLiteral("01:50:00"));
        QCOMPARE(ticks[1].label, QStringLiteral("01:50:10"));
        QCOMPARE(ticks.back().label, QStringLiteral("01:51:00"));
        QVERIFY(qFuzzyCompare(ticks[1].x, 1000.0 / 6));

        axis.fit(kT0 + 500'000'000LL, kT0 + 600'000'000LL, 0); // 100 ms
        QCOMPARE(axis.tickStepNs(90), 10'000'000LL);
        const auto fine = axis.ticks(90);
        QCOMPARE(fine.front().label, QStringLiteral("50:00.500"));
        QCOMPARE(fine[1].label, QStringLiteral("50:00.510"));

        axis.fit(kT0, kT0 + 6 * 3600 * kS, 0);
        QCOMPARE(axis.tickStepNs(90), 3600 * kS);
        QCOMPARE(axis.ticks(90).front().label, QStringLiteral("02:00")); // 01:50 rounds up to the hour
    }

    // A view fitted to items at the end of int64 time reaches past 2^63 - 1 by its margin: its
    // edges must saturate rather than wrap negative, and the tick walk must stop there rather
    // than wrap and start over (it hung the timeline before).
    void saturatesAtTheEndOfTime()
    {
        constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
        TimelineAxis axis;
        axis.setWidth(1000);
        axis.fit(kMax - 10 * kS, kMax, 0.2);
        QCOMPARE(axis.visibleEndNs(), kMax);
        QVERIFY(axis.visibleStartNs() < kMax - 10 * kS);
        QVERIFY(axis.visibleStartNs() > kMax - 20 * kS);
        const auto ticks = axis.ticks(80);
        QVERIFY(!ticks.empty());
        for (size_t i = 1; i < ticks.size(); ++i)
            QVERIFY(ticks[i].ns > ticks[i - 1].ns);
        QVERIFY(ticks.back().ns >= kMax - 2 * kS);

        // From 1970 to the end: one view over the whole of int64 time.
        axis.fit(0, kMax, 0.2);
        QVERIFY(axis.visibleStartNs() < 0);
        QCOMPARE(axis.visibleEndNs(), kMax);
        const auto all = axis.ticks(80);
        QVERIFY(!all.empty());
        QVERIFY(all.front().ns >= 0); // no tick before 1970
        for (size_t i = 1; i < all.size(); ++i)
            QVERIFY(all[i].ns > all[i - 1].ns);

        // A zero-length view at the very end still gets a width.
        axis.fit(kMax, kMax, 0);
        QVERIFY(axis.nsPerPixel() > 0);
        QCOMPARE(axis.visibleEndNs(), kMax);
    }

    void formatsDurations()
    {
        QCOMPARE(TimelineAxis::formatDuration(850), QStringLiteral("850 ns"));
        QCOMPARE(TimelineAxis::formatDuration(412'000'000), QStringLiteral("412 ms"));
        QCOMPARE(TimelineAxis::formatDuration(1'300'000'000), QStringLiteral("1.30 s"));
        QCOMPARE(TimelineAxis::formatDuration(130 * kS), QStringLiteral("2 min 10 s"));
        QCOMPARE(TimelineAxis::formatDuration(3 * 3600 * kS + 300 * kS), QStringLiteral("3 h 5 min"));
    }
};

QTEST_GUILESS_MAIN(TstTimelineAxis)
#include "tst_timelineaxis.moc"
