#pragma once
#include "TimelineAxis.h"
#include "TimelineLanes.h"

#include <cstdint>
#include <vector>

// The level-of-detail drawables of every lane for one axis view (zoom, scroll, width): merged
// spans, or per-column density for a lane with more items than pixels. Computed on first use
// and reused by every repaint and hit test until the view or the data change, so a moving time
// cursor or a hover costs no per-item work. Pure: no painting.
class TimelineViewCache
{
public:
    // A lane with more items near the view than this many per pixel draws as density columns.
    static constexpr double kDenseItemsPerPx = 1.0;

    // Drops everything (the lanes were rebuilt).
    void invalidate();
    // Drops what no longer matches `axis`'s view.
    void sync(const TimelineAxis &axis);

    bool isDense(const TimelineLanes &lanes, int lane, const TimelineAxis &axis);
    const std::vector<TimelineLanes::Span> &spans(const TimelineLanes &lanes, int lane, const TimelineAxis &axis);
    const TimelineLanes::Density &density(const TimelineLanes &lanes, int lane, const TimelineAxis &axis);
    // How many lane merges / density passes ran since construction (tests check reuse).
    int computations() const { return m_computations; }

private:
    struct View
    {
        int64_t startNs = 0;
        // Where startNs is drawn: at full zoom (1e-3 ns per pixel) a pan of hundreds of pixels
        // leaves the whole-nanosecond start unchanged and moves only this.
        double startX = 0;
        double nsPerPx = 0;
        double width = 0;
        bool operator==(const View &o) const
        {
            return startNs == o.startNs && startX == o.startX && nsPerPx == o.nsPerPx && width == o.width;
        }
    };
    struct LaneEntry
    {
        bool haveDense = false, dense = false;
        bool haveSpans = false;
        bool haveDensity = false;
        std::vector<TimelineLanes::Span> spans;
        TimelineLanes::Density density;
    };

    View m_view;
    bool m_valid = false;
    LaneEntry m_lanes[TimelineLanes::LaneCount];
    int m_computations = 0;
};
