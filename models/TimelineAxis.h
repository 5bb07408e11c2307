#pragma once
#include <QString>

#include <cstdint>
#include <vector>

// The timeline's time↔pixel mapping as a pure value type (no painting, no widgets), so
// zoom, pan, fit, idle-gap compression and tick generation are testable without a screen.
// Internally times are doubles relative to an int64 origin, keeping sub-µs precision at
// epoch-sized nanosecond values.
class TimelineAxis
{
public:
    struct Gap
    {
        int64_t startNs = 0;
        int64_t endNs = 0;
    };
    struct Tick
    {
        double x = 0;
        int64_t ns = 0;
        QString label;
    };
    // Where an idle gap is drawn compressed, with its real length as label.
    struct GapMarker
    {
        double x0 = 0;
        double x1 = 0;
        Gap gap;
        QString label;
    };

    void setWidth(double px);
    double width() const { return m_width; }
    // Shows [startNs, endNs] over the width with `margin` (a fraction of it) on each side.
    void fit(int64_t startNs, int64_t endNs, double margin = 0.02);
    // Idle spans drawn `keepNs` long instead of their real length. Sorted, non-overlapping.
    void setGaps(std::vector<Gap> gaps, int64_t keepNs);
    const std::vector<Gap> &gaps() const { return m_gaps; }
    // Spans longer than minGapNs that no interval covers. intervals need not be sorted.
    static std::vector<Gap> findIdleGaps(std::vector<Gap> intervals, int64_t minGapNs);

    double timeToX(int64_t ns) const { return (toVirtual(ns) - m_viewStartV) / m_nsPerPx; }
    // timeToX for a sweep over non-decreasing times: `gapHint` (start it at 0) keeps how many
    // gaps start at or before the last time, so sorted starts cost no binary search each. A
    // time that goes back falls back to the search; a copy of the hint serves a later time
    // (an item's end after its start).
    double timeToX(int64_t ns, size_t &gapHint) const;
    int64_t xToTime(double x) const { return fromVirtual(m_viewStartV + x * m_nsPerPx); }
    // factor > 1 zooms in; the time under x stays under x.
    void zoomAround(double x, double factor);
    // Moves the content right by dx pixels (shows earlier times).
    void pan(double dx) { m_viewStartV -= dx * m_nsPerPx; }
    int64_t visibleStartNs() const { return xToTime(0); }
    int64_t visibleEndNs() const { return xToTime(m_width); }
    // Nanoseconds of (virtual) time per pixel.
    double nsPerPixel() const { return m_nsPerPx; }

    // Ticks at a round step at least minSpacingPx apart, labelled with UTC time of day at the
    // precision the step needs; none inside a compressed gap.
    std::vector<Tick> ticks(double minSpacingPx = 90) const;
    int64_t tickStepNs(double minSpacingPx = 90) const;
    std::vector<GapMarker> gapMarkers() const;

    static QString formatDuration(int64_t ns);
    static QString formatTimeOfDay(int64_t ns, int64_t precisionNs);

private:
    double toVirtual(int64_t ns) const;
    // toVirtual given the number of gaps that start at or before ns.
    double toVirtualAfter(int64_t ns, size_t gapsBefore) const;
    int64_t fromVirtual(double v) const;
    int64_t keepOf(size_t i) const;

    int64_t m_origin = 0;
    double m_viewStartV = 0;
    double m_nsPerPx = 1e6;
    double m_width = 1000;
    int64_t m_keepNs = 0;
    std::vector<Gap> m_gaps;
    std::vector<double> m_removedBefore; // real minus virtual length of the gaps before gap i
};
