#include "TimelineLanes.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

int TimelineLanes::laneForKind(const QString &kind)
{
    if (kind == QLatin1String("audio") || kind == QLatin1String("asr") || kind == QLatin1String("speech"))
        return Audio;
    if (kind == QLatin1String("image"))
        return Images;
    if (kind == QLatin1String("llm") || kind == QLatin1String("agent"))
        return Llm;
    if (kind == QLatin1String("retrieval"))
        return Retrieval;
    if (kind == QLatin1String("tool") || kind == QLatin1String("http"))
        return Tool;
    if (kind == QLatin1String("handoff"))
        return Handoff;
    return Logs;
}

QString TimelineLanes::laneName(int lane)
{
    switch (lane) {
    case Audio:
        return QCoreApplication::translate("TimelineLanes", "Audio");
    case Images:
        return QCoreApplication::translate("TimelineLanes", "Images");
    case Llm:
        return QCoreApplication::translate("TimelineLanes", "LLM / agent");
    case Retrieval:
        return QCoreApplication::translate("TimelineLanes", "Retrieval");
    case Tool:
        return QCoreApplication::translate("TimelineLanes", "Tools / HTTP");
    case Handoff:
        return QCoreApplication::translate("TimelineLanes", "Handoffs");
    default:
        return QCoreApplication::translate("TimelineLanes", "Logs / email");
    }
}

void TimelineLanes::build(const std::vector<TimelineItem> &items, bool correctedTimes)
{
    for (int l = 0; l < LaneCount; ++l) {
        m_lanes[l].clear();
        m_maxDuration[l] = 0;
    }
    m_count = items.size();
    m_start = 0;
    m_end = 0;
    bool first = true;
    for (size_t i = 0; i < items.size(); ++i) {
        const TimelineItem &it = items[i];
        const int lane = std::clamp(it.lane, 0, LaneCount - 1);
        const int64_t s = it.start(correctedTimes), e = it.end(correctedTimes);
        m_lanes[lane].push_back({s, e, int(i), it.status == 2 || it.broken, 0});
        m_maxDuration[lane] = std::max(m_maxDuration[lane], e - s);
        m_start = first ? s : std::min(m_start, s);
        m_end = first ? e : std::max(m_end, e);
        first = false;
    }
    m_rowOfIndex.assign(items.size(), 0);
    for (int l = 0; l < LaneCount; ++l) {
        auto &lane = m_lanes[l];
        // Longer first among equal starts, so a parent takes the row above its first child.
        std::stable_sort(lane.begin(), lane.end(), [](const Entry &a, const Entry &b) {
            return a.startNs != b.startNs ? a.startNs < b.startNs : a.endNs > b.endNs;
        });
        int64_t rowEnd[kMaxRows] = {};
        int rows = 0;
        for (Entry &e : lane) {
            int row = -1;
            for (int r = 0; r < rows && row < 0; ++r)
                if (rowEnd[r] <= e.startNs)
                    row = r;
            if (row < 0)
                row = rows < kMaxRows ? rows++ : kMaxRows - 1; // full: merge into the last row
            rowEnd[row] = std::max(rowEnd[row], e.endNs);
            e.row = row;
            m_rowOfIndex[size_t(e.index)] = row;
        }
        m_rows[l] = std::max(1, rows);
    }
}

int TimelineLanes::rowCount(int lane) const
{
    return lane >= 0 && lane < LaneCount ? std::max(1, m_rows[lane]) : 1;
}

int TimelineLanes::rowOf(int index) const
{
    return index >= 0 && size_t(index) < m_rowOfIndex.size() ? m_rowOfIndex[size_t(index)] : 0;
}

std::vector<TimelineAxis::Gap> TimelineLanes::intervals() const
{
    std::vector<TimelineAxis::Gap> out;
    out.reserve(m_count);
    for (const auto &lane : m_lanes)
        for (const Entry &e : lane)
            out.push_back({e.startNs, e.endNs});
    return out;
}

std::vector<TimelineLanes::Span> TimelineLanes::spans(int lane, const TimelineAxis &axis, double minPx) const
{
    std::vector<Span> out;
    if (lane < 0 || lane >= LaneCount)
        return out;
    const auto &entries = m_lanes[lane];
    const int64_t visStart = axis.visibleStartNs(), visEnd = axis.visibleEndNs();
    auto it = std::lower_bound(entries.begin(), entries.end(), visStart - m_maxDuration[lane],
        [](const Entry &e, int64_t t) { return e.startNs < t; });
    const double width = axis.width();
    // Per sub-row: the index in `out` of the row's last span when it merges narrow items.
    size_t lastRun[kMaxRows];
    std::fill(std::begin(lastRun), std::end(lastRun), size_t(-1));
    size_t hint = 0;
    for (; it != entries.end() && it->startNs <= visEnd; ++it) {
        if (it->endNs < visStart)
            continue;
        const double a = std::max(-1.0, axis.timeToX(it->startNs, hint));
        size_t endHint = hint;
        const double b = std::min(width + 1, axis.timeToX(it->endNs, endHint));
        const bool narrow = b - a < minPx;
        size_t &run = lastRun[it->row];
        if (narrow && run != size_t(-1) && a <= out[run].x1 + 1.0) {
            Span &s = out[run];
            s.x1 = std::max(s.x1, std::max(b, a + 1.0));
            ++s.count;
            s.error = s.error || it->error;
            continue;
        }
        out.push_back({a, narrow ? std::max(b, a + 1.0) : b, 1, it->index, it->error, it->row});
        run = narrow ? out.size() - 1 : size_t(-1);
    }
    return out;
}

TimelineLanes::Span TimelineLanes::hitTest(
    int lane, const TimelineAxis &axis, double x, double tolerancePx, int row) const
{
    return hitTest(spans(lane, axis), x, tolerancePx, row);
}

TimelineLanes::Span TimelineLanes::hitTest(const std::vector<Span> &spans, double x, double tolerancePx, int row)
{
    Span best;
    double bestDistance = tolerancePx + 1;
    // Spans are ordered by start; none starting right of x + tolerance can be hit.
    const auto end = std::upper_bound(
        spans.begin(), spans.end(), x + tolerancePx, [](double v, const Span &s) { return v < s.x0; });
    for (auto it = spans.begin(); it != end; ++it) {
        const Span &s = *it;
        if (row >= 0 && s.row != row)
            continue;
        const double d = x < s.x0 ? s.x0 - x : (x > s.x1 ? x - s.x1 : 0.0);
        // Prefer the shortest span containing x: a short step on top of a long parent.
        if (d < bestDistance || (d == 0 && bestDistance == 0 && s.x1 - s.x0 < best.x1 - best.x0)) {
            best = s;
            bestDistance = d;
        }
    }
    return bestDistance <= tolerancePx ? best : Span {};
}

size_t TimelineLanes::countNearView(int lane, const TimelineAxis &axis) const
{
    if (lane < 0 || lane >= LaneCount)
        return 0;
    const auto &entries = m_lanes[lane];
    auto byStart = [](const Entry &e, int64_t t) { return e.startNs < t; };
    const auto from
        = std::lower_bound(entries.begin(), entries.end(), axis.visibleStartNs() - m_maxDuration[lane], byStart);
    const auto to = std::upper_bound(
        entries.begin(), entries.end(), axis.visibleEndNs(), [](int64_t t, const Entry &e) { return t < e.startNs; });
    return to > from ? size_t(to - from) : 0;
}

TimelineLanes::Density TimelineLanes::density(int lane, const TimelineAxis &axis) const
{
    Density d;
    const int columns = std::max(1, int(std::ceil(axis.width())));
    // Difference arrays: +1 at an item's first column, -1 after its last; one prefix sum at the end.
    std::vector<int> count(size_t(columns) + 1, 0), errors(size_t(columns) + 1, 0);
    if (lane >= 0 && lane < LaneCount) {
        const auto &entries = m_lanes[lane];
        const int64_t visStart = axis.visibleStartNs(), visEnd = axis.visibleEndNs();
        auto it = std::lower_bound(entries.begin(), entries.end(), visStart - m_maxDuration[lane],
            [](const Entry &e, int64_t t) { return e.startNs < t; });
        const double last = columns - 1;
        size_t hint = 0;
        for (; it != entries.end() && it->startNs <= visEnd; ++it) {
            if (it->endNs < visStart)
                continue;
            const double a = axis.timeToX(it->startNs, hint);
            size_t endHint = hint;
            const double b = it->endNs > it->startNs ? axis.timeToX(it->endNs, endHint) : a;
            const int x0 = int(std::clamp(std::floor(a), 0.0, last));
            // An end exactly on a column boundary does not touch the next column.
            const int x1 = std::max(x0, int(std::clamp(std::ceil(b) - 1, 0.0, last)));
            ++count[size_t(x0)];
            --count[size_t(x1) + 1];
            if (it->error) {
                ++errors[size_t(x0)];
                --errors[size_t(x1) + 1];
            }
            ++d.items;
        }
    }
    int c = 0, e = 0;
    for (size_t x = 0; x < size_t(columns); ++x) {
        c += count[x];
        e += errors[x];
        count[x] = c;
        errors[x] = e;
        d.maxCount = std::max(d.maxCount, c);
    }
    count.resize(size_t(columns));
    errors.resize(size_t(columns));
    const double scale = d.maxCount > 1 ? 0.75 / std::log1p(double(d.maxCount)) : 0.0;
    int lastLevel = 0;
    bool lastError = false;
    for (size_t x = 0; x < count.size(); ++x) {
        const int n = count[x];
        int level = 0;
        if (n > 0)
            level = scale == 0 ? kDensityLevels
                               : std::clamp(int(std::lround(kDensityLevels * (0.25 + scale * std::log1p(double(n))))),
                                   1, kDensityLevels);
        if (level > 0 && level == lastLevel)
            d.runs.back().x1 = int(x) + 1;
        else if (level > 0)
            d.runs.push_back({int(x), int(x) + 1, level});
        lastLevel = level;
        const bool error = errors[x] > 0;
        if (error && lastError)
            d.errorRuns.back().x1 = int(x) + 1;
        else if (error)
            d.errorRuns.push_back({int(x), int(x) + 1, 0});
        lastError = error;
    }
    d.count = std::move(count);
    d.errors = std::move(errors);
    return d;
}
