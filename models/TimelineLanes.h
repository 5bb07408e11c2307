#pragma once
#include "TimelineAxis.h"
#include "TimelineItem.h"

#include <vector>

// Per-lane geometry with level of detail: items that fall into one pixel column merge into a
// span carrying their count, so a frame costs O(items in view) arithmetic and O(width)
// drawing however many items there are. Pure: no painting.
class TimelineLanes
{
public:
    enum Lane { Audio, Images, Llm, Retrieval, Tool, Handoff, Logs, LaneCount };
    static int laneForKind(const QString &kind);
    static QString laneName(int lane);

    // A drawable run: one item (count 1) or several merged ones.
    struct Span
    {
        double x0 = 0;
        double x1 = 0;
        int count = 0;
        int firstIndex = -1; // index into the items given to build()
        bool error = false;
        int row = 0; // sub-row within the lane
    };
    // Overlapping items of one lane (a root agent span over its model calls) go to sub-rows:
    // greedy interval packing by start time, at most kMaxRows; beyond that they share the last.
    static constexpr int kMaxRows = 3;

    // Indexes the items by lane and start time (corrected or as recorded).
    void build(const std::vector<TimelineItem> &items, bool correctedTimes);
    bool isEmpty() const { return m_count == 0; }
    int64_t startNs() const { return m_start; }
    int64_t endNs() const { return m_end; }
    std::vector<TimelineAxis::Gap> intervals() const;
    // Sub-rows a lane needs (1..kMaxRows; 1 for an empty lane) and the row of an item index.
    int rowCount(int lane) const;
    int rowOf(int index) const;

    // Spans of `lane` between pixel x 0 and axis.width(); items narrower than minPx merge
    // with a neighbour closer than one pixel.
    std::vector<Span> spans(int lane, const TimelineAxis &axis, double minPx = 2.0) const;
    // The span under x (within tolerancePx) in `row` (any row when -1), count 0 when none.
    Span hitTest(int lane, const TimelineAxis &axis, double x, double tolerancePx = 2.0, int row = -1) const;
    // The same over spans already computed for the view (a cached frame).
    static Span hitTest(const std::vector<Span> &spans, double x, double tolerancePx = 2.0, int row = -1);

    // A zoomed-out lane as one value per pixel column x (covering axis pixels [x, x+1)): how
    // many items touch the column and how many of those are errors. O(items in view + width).
    // The count is drawn as a level 1..kDensityLevels: a log scale against the busiest column
    // in view (a quarter for one item), prepared as runs of equal level so a paint is one rect
    // per run and no arithmetic per column.
    static constexpr int kDensityLevels = 12;
    struct Run
    {
        int x0 = 0; // columns [x0, x1)
        int x1 = 0;
        int level = 0;
        bool operator==(const Run &o) const { return x0 == o.x0 && x1 == o.x1 && level == o.level; }
    };
    struct Density
    {
        std::vector<int> count;
        std::vector<int> errors;
        int maxCount = 0;
        int items = 0; // items in view
        std::vector<Run> runs; // columns with items, by level
        std::vector<Run> errorRuns; // columns holding an error (level 0)
    };
    Density density(int lane, const TimelineAxis &axis) const;
    // Items of `lane` that may be in view: those starting before its end and after its start
    // minus the lane's longest duration (two binary searches on the sorted starts, no scan).
    size_t countNearView(int lane, const TimelineAxis &axis) const;

private:
    struct Entry
    {
        int64_t startNs;
        int64_t endNs;
        int index;
        bool error;
        int row;
    };
    std::vector<Entry> m_lanes[LaneCount];
    int64_t m_maxDuration[LaneCount] = {};
    int m_rows[LaneCount] = {};
    std::vector<int> m_rowOfIndex;
    int64_t m_start = 0;
    int64_t m_end = 0;
    size_t m_count = 0;
};
