#include "TimelineAxis.h"

#include "TimestampParser.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace {
constexpr int64_t kUs = 1000;
constexpr int64_t kMs = 1000 * kUs;
constexpr int64_t kS = 1000 * kMs;
constexpr int64_t kMin = 60 * kS;
constexpr int64_t kH = 60 * kMin;
constexpr int64_t kDay = 24 * kH;

int64_t floorDiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

// base + offset, saturating: a view reaches past its items by the fit's margin, so near the
// end of int64 time (an item at 2^63 - 1 ns) its edge would wrap to a negative time.
int64_t offsetBy(int64_t base, double offset)
{
    constexpr double kLimit = 9.2e18; // inside int64, so llround below is defined
    if (!(offset < kLimit))
        return std::numeric_limits<int64_t>::max();
    if (offset <= -kLimit)
        return std::numeric_limits<int64_t>::min();
    return TimestampParser::saturatingAdd(base, int64_t(std::llround(offset)));
}
} // namespace

void TimelineAxis::setWidth(double px)
{
    m_width = std::max(1.0, px);
}

void TimelineAxis::fit(int64_t startNs, int64_t endNs, double margin)
{
    if (endNs <= startNs)
        endNs = offsetBy(startNs, double(kS));
    // Keep the origin stable when gaps are set: they are precomputed relative to it.
    if (m_gaps.empty())
        m_origin = startNs;
    const double v0 = toVirtual(startNs), v1 = toVirtual(endNs);
    const double usable = m_width * (1.0 - 2 * margin);
    m_nsPerPx = std::max(1e-3, (v1 - v0) / std::max(1.0, usable));
    m_viewStartV = v0 - m_width * margin * m_nsPerPx;
}

void TimelineAxis::setGaps(std::vector<Gap> gaps, int64_t keepNs)
{
    // Keep the visible range across the change.
    const int64_t a = visibleStartNs(), b = visibleEndNs();
    m_gaps = std::move(gaps);
    m_keepNs = std::max<int64_t>(0, keepNs);
    m_removedBefore.assign(m_gaps.size(), 0.0);
    double removed = 0;
    for (size_t i = 0; i < m_gaps.size(); ++i) {
        m_removedBefore[i] = removed;
        removed += double(m_gaps[i].endNs - m_gaps[i].startNs - keepOf(i));
    }
    if (!m_gaps.empty())
        m_origin = std::min(m_origin, m_gaps.front().startNs);
    fit(a, b, 0);
}

std::vector<TimelineAxis::Gap> TimelineAxis::findIdleGaps(std::vector<Gap> intervals, int64_t minGapNs)
{
    std::sort(intervals.begin(), intervals.end(), [](const Gap &l, const Gap &r) { return l.startNs < r.startNs; });
    std::vector<Gap> gaps;
    bool first = true;
    int64_t coveredUntil = 0;
    for (const Gap &iv : intervals) {
        const int64_t end = std::max(iv.startNs, iv.endNs);
        if (!first && iv.startNs - coveredUntil > minGapNs)
            gaps.push_back({coveredUntil, iv.startNs});
        coveredUntil = first ? end : std::max(coveredUntil, end);
        first = false;
    }
    return gaps;
}

int64_t TimelineAxis::keepOf(size_t i) const
{
    return std::min(m_keepNs, m_gaps[i].endNs - m_gaps[i].startNs);
}

double TimelineAxis::toVirtual(int64_t ns) const
{
    auto it = std::upper_bound(m_gaps.begin(), m_gaps.end(), ns, [](int64_t t, const Gap &g) { return t < g.startNs; });
    return toVirtualAfter(ns, size_t(it - m_gaps.begin()));
}

double TimelineAxis::timeToX(int64_t ns, size_t &gapHint) const
{
    const size_t n = m_gaps.size();
    if (gapHint > n || (gapHint > 0 && m_gaps[gapHint - 1].startNs > ns)) {
        gapHint = size_t(std::upper_bound(m_gaps.begin(), m_gaps.end(), ns, [](int64_t t, const Gap &g) {
            return t < g.startNs;
        }) - m_gaps.begin());
    } else {
        while (gapHint < n && m_gaps[gapHint].startNs <= ns)
            ++gapHint;
    }
    return (toVirtualAfter(ns, gapHint) - m_viewStartV) / m_nsPerPx;
}

double TimelineAxis::toVirtualAfter(int64_t ns, size_t gapsBefore) const
{
    if (gapsBefore == 0)
        return double(ns - m_origin);
    const size_t i = gapsBefore - 1;
    const Gap &g = m_gaps[i];
    const double gapStartV = double(g.startNs - m_origin) - m_removedBefore[i];
    const int64_t len = g.endNs - g.startNs;
    if (ns < g.endNs)
        return gapStartV + double(ns - g.startNs) * double(keepOf(i)) / double(len);
    return double(ns - m_origin) - m_removedBefore[i] - double(len - keepOf(i));
}

int64_t TimelineAxis::fromVirtual(double v) const
{
    // Gaps in virtual space are sorted as well; find the last one starting at or before v.
    size_t lo = 0, hi = m_gaps.size();
    while (lo < hi) {
        const size_t mid = (lo + hi) / 2;
        if (double(m_gaps[mid].startNs - m_origin) - m_removedBefore[mid] <= v)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return offsetBy(m_origin, v);
    const size_t i = lo - 1;
    const Gap &g = m_gaps[i];
    const double gapStartV = double(g.startNs - m_origin) - m_removedBefore[i];
    const int64_t len = g.endNs - g.startNs, keep = keepOf(i);
    if (v < gapStartV + double(keep) && keep > 0)
        return g.startNs + int64_t(std::llround((v - gapStartV) * double(len) / double(keep)));
    return offsetBy(m_origin, v + m_removedBefore[i] + double(len - keep));
}

void TimelineAxis::zoomAround(double x, double factor)
{
    if (!(factor > 0))
        return;
    const double v = m_viewStartV + x * m_nsPerPx;
    m_nsPerPx = std::clamp(m_nsPerPx / factor, 1e-3, 1e14);
    m_viewStartV = v - x * m_nsPerPx;
}

int64_t TimelineAxis::tickStepNs(double minSpacingPx) const
{
    static const int64_t steps[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, kUs, 2 * kUs, 5 * kUs, 10 * kUs, 20 * kUs,
        50 * kUs, 100 * kUs, 200 * kUs, 500 * kUs, kMs, 2 * kMs, 5 * kMs, 10 * kMs, 20 * kMs, 50 * kMs, 100 * kMs,
        200 * kMs, 500 * kMs, kS, 2 * kS, 5 * kS, 10 * kS, 15 * kS, 30 * kS, kMin, 2 * kMin, 5 * kMin, 10 * kMin,
        15 * kMin, 30 * kMin, kH, 2 * kH, 3 * kH, 6 * kH, 12 * kH, kDay, 7 * kDay, 30 * kDay, 365 * kDay};
    for (int64_t s : steps) {
        if (double(s) / m_nsPerPx >= minSpacingPx)
            return s;
    }
    return 365 * kDay;
}

std::vector<TimelineAxis::Tick> TimelineAxis::ticks(double minSpacingPx) const
{
    std::vector<Tick> out;
    const int64_t step = tickStepNs(minSpacingPx);
    const int64_t a = visibleStartNs(), b = visibleEndNs();
    // Real-time segments between gaps; ticks inside a gap would crowd its marker.
    std::vector<Gap> segments;
    int64_t from = a;
    for (const Gap &g : m_gaps) {
        if (g.endNs <= from || g.startNs >= b)
            continue;
        if (g.startNs > from)
            segments.push_back({from, g.startNs});
        from = std::max(from, g.endNs);
    }
    if (from < b)
        segments.push_back({from, b});
    double lastX = -1e300;
    for (const Gap &seg : segments) {
        // No time is before 1970, so no tick either; and a step past 2^63 - 1 would wrap to a
        // negative time and start the walk over (a view fitted to an item at the end of int64).
        const int64_t start = std::max<int64_t>(seg.startNs, 0);
        int64_t t = start / step * step; // the first multiple of step at or after start
        if (t < start && __builtin_add_overflow(t, step, &t))
            continue;
        while (t <= seg.endNs && out.size() < 2000) {
            const double x = timeToX(t);
            if (x - lastX >= minSpacingPx * 0.6) {
                out.push_back({x, t, formatTimeOfDay(t, step)});
                lastX = x;
            }
            if (__builtin_add_overflow(t, step, &t))
                break;
        }
    }
    return out;
}

std::vector<TimelineAxis::GapMarker> TimelineAxis::gapMarkers() const
{
    std::vector<GapMarker> out;
    const int64_t a = visibleStartNs(), b = visibleEndNs();
    for (const Gap &g : m_gaps) {
        if (g.endNs < a || g.startNs > b)
            continue;
        out.push_back({timeToX(g.startNs), timeToX(g.endNs), g,
            QStringLiteral("%1 idle").arg(formatDuration(g.endNs - g.startNs))});
    }
    return out;
}

QString TimelineAxis::formatDuration(int64_t ns)
{
    const int64_t a = ns < 0 ? -ns : ns;
    const QString sign = ns < 0 ? QStringLiteral("-") : QString();
    if (a < kUs)
        return sign + QStringLiteral("%1 ns").arg(a);
    if (a < kMs)
        return sign + QStringLiteral("%1 µs").arg(double(a) / kUs, 0, 'f', a < 10 * kUs ? 1 : 0);
    if (a < kS)
        return sign + QStringLiteral("%1 ms").arg(double(a) / kMs, 0, 'f', a < 10 * kMs ? 1 : 0);
    if (a < kMin)
        return sign + QStringLiteral("%1 s").arg(double(a) / kS, 0, 'f', a < 10 * kS ? 2 : 1);
    if (a < kH)
        return sign + QStringLiteral("%1 min %2 s").arg(a / kMin).arg((a % kMin) / kS);
    if (a < kDay)
        return sign + QStringLiteral("%1 h %2 min").arg(a / kH).arg((a % kH) / kMin);
    return sign + QStringLiteral("%1 d %2 h").arg(a / kDay).arg((a % kDay) / kH);
}

QString TimelineAxis::formatTimeOfDay(int64_t ns, int64_t precisionNs)
{
    const int64_t inDay = ns - floorDiv(ns, kDay) * kDay;
    const int h = int(inDay / kH), m = int(inDay % kH / kMin), s = int(inDay % kMin / kS);
    const int64_t frac = inDay % kS;
    auto two = [](int v) { return QStringLiteral("%1").arg(v, 2, 10, QLatin1Char('0')); };
    if (precisionNs >= kMin)
        return two(h) + QLatin1Char(':') + two(m);
    if (precisionNs >= kS)
        return two(h) + QLatin1Char(':') + two(m) + QLatin1Char(':') + two(s);
    if (precisionNs >= kMs)
        return two(m) + QLatin1Char(':') + two(s) + QLatin1Char('.')
            + QStringLiteral("%1").arg(frac / kMs, 3, 10, QLatin1Char('0'));
    if (precisionNs >= kUs)
        return two(s) + QLatin1Char('.') + QStringLiteral("%1").arg(frac / kUs, 6, 10, QLatin1Char('0'));
    return two(s) + QLatin1Char('.') + QStringLiteral("%1").arg(frac, 9, 10, QLatin1Char('0'));
}
