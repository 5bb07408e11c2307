#include "TimelineLanes.h"
#include "TimelineViewCache.h"

#include <QtTest>

// The timeline paints and hit-tests from this cache on every mouse move, so two things matter:
// an unchanged view costs no merge, and any change of the view is never answered from the old
// one (items drawn or clicked where they no longer are).
class TstTimelineViewCache : public QObject
{
    Q_OBJECT
    static constexpr int64_t kS = 1'000'000'000LL;
    static constexpr int64_t kT0 = 1'738'893'000LL * kS;
    static constexpr int kLlm = TimelineLanes::Llm;

    static TimelineItem item(int64_t id, const char *kind, int64_t start, int64_t end)
    {
        TimelineItem it;
        it.id = id;
        it.kind = QString::fromLatin1(kind);
        it.lane = TimelineLanes::laneForKind(it.kind);
        it.startNs = start;
        it.endNs = end;
        it.status = 1;
        return it;
    }
    // 100 model calls of 50 ms, one every 100 ms, over 10 s.
    static TimelineLanes llmLanes()
    {
        std::vector<TimelineItem> items;
        for (int i = 0; i < 100; ++i)
            items.push_back(item(i + 1, "llm", kT0 + i * kS / 10, kT0 + i * kS / 10 + kS / 20));
        TimelineLanes lanes;
        lanes.build(items, false);
        return lanes;
    }
    static TimelineAxis axis10s()
    {
        TimelineAxis axis;
        axis.setWidth(1000);
        axis.fit(kT0, kT0 + 10 * kS, 0);
        return axis;
    }
    // The cached answer for the current view is what merging afresh gives.
    static bool matchesFresh(TimelineViewCache &cache, const TimelineLanes &lanes, const TimelineAxis &axis)
    {
        const auto &cached = cache.spans(lanes, kLlm, axis);
        const auto fresh = lanes.spans(kLlm, axis);
        if (cached.size() != fresh.size())
            return false;
        for (size_t i = 0; i < fresh.size(); ++i)
            if (cached[i].x0 != fresh[i].x0 || cached[i].x1 != fresh[i].x1 || cached[i].count != fresh[i].count
                || cached[i].firstIndex != fresh[i].firstIndex)
                return false;
        return true;
    }

    enum Change { Repaint, RefitSameRange, PanOnePixel, ZoomIn, Resize, FitElsewhere };

private slots:
    void unchangedViewIsComputedOnce()
    {
        const TimelineLanes lanes = llmLanes();
        const TimelineAxis axis = axis10s();
        TimelineViewCache cache;
        const auto *first = &cache.spans(lanes, kLlm, axis);
        QCOMPARE(first->size(), size_t(100));
        // The painter holds this reference while asking for other lanes of the same view.
        QCOMPARE(&cache.spans(lanes, kLlm, axis), first);
        cache.spans(lanes, TimelineLanes::Tool, axis);
        cache.density(lanes, kLlm, axis);
        cache.density(lanes, kLlm, axis);
        QVERIFY(!cache.isDense(lanes, kLlm, axis));
        QCOMPARE(&cache.spans(lanes, kLlm, axis), first);
        QCOMPARE(cache.computations(), 3); // Llm spans, Tool spans, Llm density
    }

    void viewChangeRecomputes_data()
    {
        QTest::addColumn<int>("change");
        QTest::addColumn<int>("computations");
        QTest::newRow("repaint") << int(Repaint) << 1;
        QTest::newRow("refit to the same range") << int(RefitSameRange) << 1;
        QTest::newRow("pan one pixel") << int(PanOnePixel) << 2;
        QTest::newRow("zoom in") << int(ZoomIn) << 2;
        QTest::newRow("resize") << int(Resize) << 2;
        QTest::newRow("fit elsewhere") << int(FitElsewhere) << 2;
    }
    void viewChangeRecomputes()
    {
        QFETCH(int, change);
        QFETCH(int, computations);
        const TimelineLanes lanes = llmLanes();
        TimelineAxis axis = axis10s();
        TimelineViewCache cache;
        QCOMPARE(cache.spans(lanes, kLlm, axis).size(), size_t(100));
        switch (Change(change)) {
        case Repaint:
            break;
        case RefitSameRange:
            axis.fit(kT0, kT0 + 10 * kS, 0);
            break;
        case PanOnePixel:
            axis.pan(1);
            break;
        case ZoomIn:
            axis.zoomAround(500, 2);
            break;
        case Resize:
            axis.setWidth(1200);
            break;
        case FitElsewhere:
            axis.fit(kT0 + 5 * kS, kT0 + 15 * kS, 0);
            break;
        }
        QVERIFY(matchesFresh(cache, lanes, axis));
        QCOMPARE(cache.computations(), computations);
    }

    void rebuiltLanesNeedInvalidate()
    {
        // The view alone keys the cache: new data in the same view is only seen after
        // invalidate(), which the widget calls on every rebuild.
        const TimelineAxis axis = axis10s();
        TimelineLanes lanes = llmLanes();
        TimelineViewCache cache;
        QVERIFY(!cache.isDense(lanes, kLlm, axis));
        QCOMPARE(cache.spans(lanes, kLlm, axis).size(), size_t(100));
        std::vector<TimelineItem> many;
        for (int i = 0; i < 5000; ++i)
            many.push_back(item(i + 1, "llm", kT0 + i * 2'000'000LL, kT0 + i * 2'000'000LL + 1000));
        lanes.build(many, false);
        QCOMPARE(cache.spans(lanes, kLlm, axis).size(), size_t(100));
        cache.invalidate();
        QVERIFY(cache.isDense(lanes, kLlm, axis)); // 5000 items over 1000 px
        QCOMPARE(cache.density(lanes, kLlm, axis).items, 5000);
        QCOMPARE(cache.computations(), 2);
    }

    void subNanosecondPanAtFullZoom()
    {
        // Fully zoomed in a pixel is 1/1000 ns, so a drag of 100 px moves the view by 0.1 ns:
        // the visible start rounds to the same nanosecond but every span moves 100 px.
        const TimelineLanes lanes = llmLanes();
        TimelineAxis axis = axis10s();
        axis.fit(kT0 - 1, kT0 + 1, 0);
        axis.zoomAround(500, 2);
        QCOMPARE(axis.nsPerPixel(), 1e-3);
        TimelineViewCache cache;
        QCOMPARE(cache.spans(lanes, kLlm, axis).front().x0, 500.0);
        const int64_t start = axis.visibleStartNs();
        axis.pan(-100);
        QCOMPARE(axis.visibleStartNs(), start);
        QCOMPARE(lanes.spans(kLlm, axis).front().x0, 400.0);
        // The whole-ns start is unchanged, so a view key of that alone returned the old spans.
        QVERIFY(matchesFresh(cache, lanes, axis));
    }

    void extremes()
    {
        // A zero width is one pixel, so two items in it are dense and density has one column.
        std::vector<TimelineItem> items;
        for (int i = 0; i < 200'000; ++i)
            items.push_back(item(i + 1, "log", kT0 + i * 1000LL, kT0 + i * 1000LL));
        TimelineLanes lanes;
        lanes.build(items, false);
        TimelineAxis axis;
        axis.setWidth(0);
        axis.fit(kT0, kT0 + 200'000'000LL, 0);
        TimelineViewCache cache;
        QVERIFY(cache.isDense(lanes, TimelineLanes::Logs, axis));
        const TimelineLanes::Density &d = cache.density(lanes, TimelineLanes::Logs, axis);
        QCOMPARE(d.count.size(), size_t(1));
        QCOMPARE(d.items, 200'000);
        QCOMPARE(d.maxCount, 200'000);
        QVERIFY(cache.spans(lanes, TimelineLanes::Audio, axis).empty());
        axis.setWidth(2000); // 100 items per pixel: still dense, recomputed for the new width
        QVERIFY(cache.isDense(lanes, TimelineLanes::Logs, axis));
        QCOMPARE(cache.density(lanes, TimelineLanes::Logs, axis).count.size(), size_t(2000));
        QCOMPARE(cache.computations(), 3);
    }
};

QTEST_GUILESS_MAIN(TstTimelineViewCache)
#include "tst_timelineviewcache.moc"
