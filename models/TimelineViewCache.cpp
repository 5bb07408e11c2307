#include "TimelineViewCache.h"

void TimelineViewCache::invalidate()
{
    m_valid = false;
    for (LaneEntry &e : m_lanes) {
        e.haveDense = e.haveSpans = e.haveDensity = false;
        e.spans.clear();
        e.density = {};
    }
}

void TimelineViewCache::sync(const TimelineAxis &axis)
{
    const int64_t start = axis.visibleStartNs();
    const View v {start, axis.timeToX(start), axis.nsPerPixel(), axis.width()};
    if (m_valid && v == m_view)
        return;
    invalidate();
    m_view = v;
    m_valid = true;
}

bool TimelineViewCache::isDense(const TimelineLanes &lanes, int lane, const TimelineAxis &axis)
{
    sync(axis);
    LaneEntry &e = m_lanes[lane];
    if (!e.haveDense) {
        e.dense = double(lanes.countNearView(lane, axis)) > kDenseItemsPerPx * axis.width();
        e.haveDense = true;
    }
    return e.dense;
}

const std::vector<TimelineLanes::Span> &TimelineViewCache::spans(
    const TimelineLanes &lanes, int lane, const TimelineAxis &axis)
{
    sync(axis);
    LaneEntry &e = m_lanes[lane];
    if (!e.haveSpans) {
        e.spans = lanes.spans(lane, axis);
        e.haveSpans = true;
        ++m_computations;
    }
    return e.spans;
}

const TimelineLanes::Density &TimelineViewCache::density(const TimelineLanes &lanes, int lane, const TimelineAxis &axis)
{
    sync(axis);
    LaneEntry &e = m_lanes[lane];
    if (!e.haveDensity) {
        e.density = lanes.density(lane, axis);
        e.haveDensity = true;
        ++m_computations;
    }
    return e.density;
}
