#include "TimelineLanes.h"
#include "TimelineViewCache.h"

#include <QtTest>

#include <numeric>

class TstTimelineLanes : public QObject
{
    Q_OBJECT
    static constexpr int64_t kS = 1'000'000'000LL;
    static constexpr int64_t kT0 = 1'738'893'000LL * kS;

    static TimelineItem item(int64_t id, const char *kind, int64_t start, int64_t end, int status = 1)
    {
        TimelineItem it;
        it.id = id;
        it.kind = QString::fromLatin1(kind);
        it.lane = TimelineLanes::laneForKind(it.kind);
        it.startNs = start;
        it.endNs = end;
        it.status = status;
        return it;
    }

private Q_SLOTS:
    void lanesByKind()
    {
        QCOMPARE(TimelineLanes::laneForKind(QStringLiteral("asr")), int(TimelineLanes::Audio));
        QCOMPARE(TimelineLanes::laneForKind(QStringLiteral("image")), int(TimelineLanes::Images));
        QCOMPARE(TimelineLanes::laneForKind(QStringLiteral("agent")), int(TimelineLanes::Llm));
        QCOMPARE(TimelineLanes::laneForKind(QStringLiteral("http")), int(TimelineLanes::Tool));
        QCOMPARE(TimelineLanes::laneForKind(QStringLiteral("handoff")), int(TimelineLanes::Handoff));
        QCOMPARE(TimelineLanes::laneForKind(QStringLiteral("email")), int(TimelineLanes::Logs));
        QCOMPARE(TimelineLanes::laneForKind(QStringLiteral("nonsense")), int(TimelineLanes::Logs));
    }

    void mergesItemsInOnePixelColumn()
    {
        // 10 000 log lines of 1 µs over 10 ms, drawn 1000 px wide over 10 s: all in ~1 px.
        std::vector<TimelineItem> items;
        for (int i = 0; i < 10000; ++i)
            items.push_back(item(i + 1, "log", kT0 + i * 1000, kT0 + i * 1000 + 1000, i == 5000 ? 2 : 1));
        items.push_back(item(99999, "log", kT0 + 5 * kS, kT0 + 5 * kS + 1000)); // far away
        TimelineLanes lanes;
        lanes.build(items, false);
        TimelineAxis axis;
        axis.setWidth(1000);
        axis.fit(kT0, kT0 + 10 * kS, 0);
        const auto spans = lanes.spans(TimelineLanes::Logs, axis);
        QCOMPARE(spans.size(), size_t(2));
        QCOMPARE(spans[0].count, 10000);
        QVERIFY(spans[0].error); // one error among them stays visible
        QVERIFY(spans[0].x1 - spans[0].x0 <= 2.0);
        QCOMPARE(spans[1].count, 1);
        QCOMPARE(items[size_t(spans[1].firstIndex)].id, int64_t(99999));
        QVERIFY(lanes.spans(TimelineLanes::Llm, axis).empty());

        // Zoomed to 2 ms the first 2000 lines are 0.5 px each → still merged, but zoomed to
        // 20 µs each item is 50 px wide and stands alone.
        axis.fit(kT0, kT0 + 20'000, 0);
        const auto close = lanes.spans(TimelineLanes::Logs, axis);
        QCOMPARE(close.size(), size_t(21)); // items starting at 0..20 µs
        for (const auto &s : close)
            QCOMPARE(s.count, 1);
    }

    void skipsItemsOutsideTheView()
    {
        std::vector<TimelineItem> items;
        items.push_back(item(1, "llm", kT0 - 100 * kS, kT0 + 100 * kS)); // long, starts before view
        items.push_back(item(2, "llm", kT0 + 20 * kS, kT0 + 21 * kS)); // after the view
        items.push_back(item(3, "llm", kT0 - 50 * kS, kT0 - 40 * kS)); // before the view
        TimelineLanes lanes;
        lanes.build(items, false);
        TimelineAxis axis;
        axis.setWidth(100);
        axis.fit(kT0, kT0 + 10 * kS, 0);
        const auto spans = lanes.spans(TimelineLanes::Llm, axis);
        QCOMPARE(spans.size(), size_t(1));
        QCOMPARE(items[size_t(spans[0].firstIndex)].id, int64_t(1));
        QCOMPARE(spans[0].x0, -1.0); // clamped to the view
        QCOMPARE(spans[0].x1, 101.0);
    }

    void hitTestPrefersTheShortestSpan()
    {
        std::vector<TimelineItem> items
            = {item(1, "tool", kT0, kT0 + 10 * kS), item(2, "tool", kT0 + 4 * kS, kT0 + 5 * kS)};
        TimelineLanes lanes;
        lanes.build(items, false);
        TimelineAxis axis;
        axis.setWidth(1000);
        axis.fit(kT0, kT0 + 10 * kS, 0);
        QCOMPARE(items[size_t(lanes.hitTest(TimelineLanes::Tool, axis, 450).firstIndex)].id, int64_t(2));
        QCOMPARE(items[size_t(lanes.hitTest(TimelineLanes::Tool, axis, 100).firstIndex)].id, int64_t(1));
        QCOMPARE(lanes.hitTest(TimelineLanes::Llm, axis, 100).count, 0);
    }

    void overlappingItemsGetSubRows()
    {
        // A root agent span over two model calls, one nested deeper, and a fourth level that
        // has no row of its own left (max 3) and shares the last one.
        std::vector<TimelineItem> items = {item(1, "agent", kT0, kT0 + 10 * kS),
            item(2, "llm", kT0 + 1 * kS, kT0 + 3 * kS), item(3, "llm", kT0 + 2 * kS, kT0 + 2500'000'000LL),
            item(4, "llm", kT0 + 2100'000'000LL, kT0 + 2200'000'000LL), item(5, "llm", kT0 + 5 * kS, kT0 + 6 * kS)};
        TimelineLanes lanes;
        lanes.build(items, false);
        QCOMPARE(lanes.rowCount(TimelineLanes::Llm), 3);
        QCOMPARE(lanes.rowCount(TimelineLanes::Tool), 1);
        QCOMPARE(lanes.rowOf(0), 0);
        QCOMPARE(lanes.rowOf(1), 1);
        QCOMPARE(lanes.rowOf(2), 2);
        QCOMPARE(lanes.rowOf(3), 2); // merged into the last row
        QCOMPARE(lanes.rowOf(4), 1); // row 1 is free again after 3 s
        TimelineAxis axis;
        axis.setWidth(1000);
        axis.fit(kT0, kT0 + 10 * kS, 0);
        // In row 1 at 5.5 s the second call, not the root span above it.
        QCOMPARE(items[size_t(lanes.hitTest(TimelineLanes::Llm, axis, 550, 2, 1).firstIndex)].id, int64_t(5));
        QCOMPARE(items[size_t(lanes.hitTest(TimelineLanes::Llm, axis, 550, 2, 0).firstIndex)].id, int64_t(1));
        QCOMPARE(lanes.hitTest(TimelineLanes::Llm, axis, 550, 2, 2).count, 0);
    }

    void densityCountsItemsPerPixelColumn()
    {
        // 10 px over 10 s: column x is second x.
        std::vector<TimelineItem> items = {item(1, "log", kT0 + 100'000'000, kT0 + 200'000'000),
            item(2, "log", kT0 + 150'000'000, kT0 + 150'000'000), item(3, "log", kT0 + 900'000'000, kT0 + kS),
            item(4, "log", kT0 + 2500'000'000LL, kT0 + 5 * kS), // ends on a column boundary
            item(5, "log", kT0 + 7500'000'000LL, kT0 + 7600'000'000LL, 2), // error
            item(6, "log", kT0 - 3 * kS, kT0 + 500'000'000), // reaches into the view
            item(7, "log", kT0 - 5 * kS, kT0 - 4 * kS), // before the view
            item(8, "log", kT0 + 11 * kS, kT0 + 12 * kS), // after it
            item(9, "llm", kT0, kT0 + 10 * kS)}; // another lane
        TimelineLanes lanes;
        lanes.build(items, false);
        TimelineAxis axis;
        axis.setWidth(10);
        axis.fit(kT0, kT0 + 10 * kS, 0);
        const TimelineLanes::Density d = lanes.density(TimelineLanes::Logs, axis);
        QCOMPARE(d.count, (std::vector<int> {4, 0, 1, 1, 1, 0, 0, 1, 0, 0}));
        QCOMPARE(d.errors, (std::vector<int> {0, 0, 0, 0, 0, 0, 0, 1, 0, 0}));
        QCOMPARE(d.maxCount, 4);
        QCOMPARE(d.items, 6);
        // Levels: the busiest column full (12), one item 12 × (0.25 + 0.75 ln 2 / ln 5) ≈ 7.
        using Run = TimelineLanes::Run;
        QCOMPARE(d.runs, (std::vector<Run> {{0, 1, 12}, {2, 5, 7}, {7, 8, 7}}));
        QCOMPARE(d.errorRuns, (std::vector<Run> {{7, 8, 0}}));
        // Items 1..6: 7 starts earlier than the longest duration (3.5 s) before the view.
        QCOMPARE(lanes.countNearView(TimelineLanes::Logs, axis), size_t(6));
        QCOMPARE(lanes.density(TimelineLanes::Llm, axis).count, std::vector<int>(10, 1));
        QCOMPARE(lanes.density(TimelineLanes::Tool, axis).maxCount, 0);
    }

    void densityOfAHundredThousandItems()
    {
        // 100 000 items 1 ms apart over 100 s, every 100th an error, drawn 1000 px wide: each
        // column of 100 ms holds 100 starts (plus the one reaching in from the left), 1 error.
        std::vector<TimelineItem> items;
        items.reserve(100000);
        for (int i = 0; i < 100000; ++i)
            items.push_back(item(i + 1, "tool", kT0 + int64_t(i) * 1'000'000, kT0 + int64_t(i) * 1'000'000 + 1'500'000,
                i % 100 == 50 ? 2 : 1));
        TimelineLanes lanes;
        lanes.build(items, false);
        TimelineAxis axis;
        axis.setWidth(1000);
        axis.fit(kT0, kT0 + 100 * kS, 0);
        const TimelineLanes::Density d = lanes.density(TimelineLanes::Tool, axis);
        QCOMPARE(d.items, 100000);
        QCOMPARE(d.count[0], 100);
        QCOMPARE(d.count[1], 101);
        QCOMPARE(d.count[999], 101);
        QCOMPARE(d.maxCount, 101);
        QCOMPARE(d.errors[500], 1);
        QCOMPARE(std::accumulate(d.errors.begin(), d.errors.end(), 0), 1000);
        // 100 and 101 items are the same level: one run over the width, one error run.
        using Run = TimelineLanes::Run;
        QCOMPARE(d.runs, (std::vector<Run> {{0, 1000, TimelineLanes::kDensityLevels}}));
        QCOMPARE(d.errorRuns, (std::vector<Run> {{0, 1000, 0}}));
        TimelineViewCache cache;
        QVERIFY(cache.isDense(lanes, TimelineLanes::Tool, axis));
        QVERIFY(!cache.isDense(lanes, TimelineLanes::Llm, axis));
        // Zoomed to 0.5 s the lane has fewer items than pixels and draws as merged spans.
        axis.fit(kT0 + 10 * kS, kT0 + 10 * kS + 500'000'000, 0);
        QVERIFY(!cache.isDense(lanes, TimelineLanes::Tool, axis));
        const auto &spans = cache.spans(lanes, TimelineLanes::Tool, axis);
        QCOMPARE(spans.front().count, 1);
        QCOMPARE(items[size_t(spans.front().firstIndex)].id, int64_t(10000)); // reaches in from 9.999 s
    }

    void viewCacheComputesOncePerView()
    {
        std::vector<TimelineItem> items;
        for (int i = 0; i < 100; ++i)
            items.push_back(item(i + 1, "llm", kT0 + i * kS / 10, kT0 + i * kS / 10 + kS / 20));
        TimelineLanes lanes;
        lanes.build(items, false);
        TimelineAxis axis;
        axis.setWidth(1000);
        axis.fit(kT0, kT0 + 10 * kS, 0);
        TimelineViewCache cache;
        const auto first = cache.spans(lanes, TimelineLanes::Llm, axis);
        QCOMPARE(first.size(), size_t(100));
        QCOMPARE(cache.computations(), 1);
        cache.spans(lanes, TimelineLanes::Llm, axis);
        QCOMPARE(cache.computations(), 1); // a repaint of the same view (the cursor moved)
        // The cached hit test agrees with the one that merges afresh.
        QCOMPARE(
            TimelineLanes::hitTest(first, 451).firstIndex, lanes.hitTest(TimelineLanes::Llm, axis, 451).firstIndex);
        QCOMPARE(items[size_t(TimelineLanes::hitTest(first, 451).firstIndex)].id, int64_t(46));
        QCOMPARE(TimelineLanes::hitTest(first, 467.5, 2).count, 0); // 2.5 px from either neighbour
        axis.pan(-12);
        QCOMPARE(cache.spans(lanes, TimelineLanes::Llm, axis).front().x0, -1.0); // item 1 now starts left of the view
        QCOMPARE(cache.computations(), 2);
        cache.density(lanes, TimelineLanes::Llm, axis);
        cache.density(lanes, TimelineLanes::Llm, axis);
        QCOMPARE(cache.computations(), 3);
        axis.zoomAround(500, 2);
        cache.spans(lanes, TimelineLanes::Llm, axis);
        QCOMPARE(cache.computations(), 4);
        cache.invalidate(); // the lanes were rebuilt
        cache.spans(lanes, TimelineLanes::Llm, axis);
        QCOMPARE(cache.computations(), 5);
    }

    void clockSkewCorrectionMovesItems()
    {
        TimelineItem skewed = item(1, "log", kT0 + kS, kT0 + kS);
        skewed.clockOffsetNs = 412'000'000;
        TimelineLanes lanes;
        lanes.build({skewed}, true);
        QCOMPARE(lanes.startNs(), kT0 + kS - 412'000'000);
        lanes.build({skewed}, false);
        QCOMPARE(lanes.startNs(), kT0 + kS);
    }
};

QTEST_GUILESS_MAIN(TstTimelineLanes)
#include "tst_timelinelanes.moc"
