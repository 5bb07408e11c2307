#include "TimelineLanes.h"

#include <QtTest>

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
