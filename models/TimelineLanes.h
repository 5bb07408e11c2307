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
