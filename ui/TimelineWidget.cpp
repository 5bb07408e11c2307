#include "TimelineWidget.h"

#include "KindStyle.h"
#include "SelectionState.h"
#include "TimestampParser.h"
#include "Workspace.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QImage>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <QWheelEvent>

#include <cmath>
#include <limits>

namespace {
constexpr int kLaneHeights[TimelineLanes::LaneCount] = {80, 58, 30, 30, 30, 30, 30};
constexpr int kExtraRowHeight = 18; // each sub-row beyond the first
constexpr int kLanePadding = 4;

// Whole pixels as QPainter::fillRect rounds them, so drawRects takes the raster engine's
// integer fast path.
QRect snapped(double x, double y, double w, double h)
{
    const int left = int(std::lround(x)), top = int(std::lround(y));
    return QRect(left, top, std::max(1, int(std::lround(x + w)) - left), std::max(1, int(std::lround(y + h)) - top));
}
} // namespace

int TimelineWidget::laneBaseHeight(int lane) const
{
    return kLaneHeights[lane] + (isMediaLane(lane) ? 0 : (m_lanes.rowCount(lane) - 1) * kExtraRowHeight);
}

TimelineWidget::TimelineWidget(SelectionState *state, QWidget *parent)
    : QWidget(parent)
    , m_state(state)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setToolTip(QString()); // tooltips are shown by hand, per item
    connect(state, &SelectionState::conversationChanged, this, &TimelineWidget::onConversationChanged);
    connect(state, &SelectionState::itemChanged, this, &TimelineWidget::onItemChanged);
    connect(state, &SelectionState::cursorChanged, this, qOverload<>(&QWidget::update));
    connect(state, &SelectionState::correctClockSkewChanged, this, [this] { rebuild(false); });
}

void TimelineWidget::setWorkspace(const Workspace *workspace)
{
    m_workspace = workspace;
    setData({});
}

bool TimelineWidget::corrected() const
{
    return m_state->correctClockSkew();
}

void TimelineWidget::onConversationChanged(qint64 id)
{
    TimelineData data;
    if (m_autoLoad && m_workspace && id > 0) {
        try {
            data = TimelineData::load(*m_workspace, id);
        } catch (const std::exception &e) {
            qWarning("timeline load failed: %s", e.what());
        }
    }
    setData(std::move(data));
}

void TimelineWidget::setLoading(bool on)
{
    m_loading = on;
    update();
}

void TimelineWidget::setData(TimelineData data)
{
    m_data = std::move(data);
    m_thumbnails.clear();
    m_selectedIndex = -1;
    rebuild(true);
    // An item selected before the data arrived gets its cursor now.
    if (m_selectedIndex >= 0)
        onItemChanged(m_state->itemId());
}

void TimelineWidget::rebuild(bool refit)
{
    m_lanes.build(m_data.items, corrected());
    m_view.invalidate();
    m_brokenWithContinuation.clear();
    for (size_t i = 0; i < m_data.items.size(); ++i)
        if (m_data.items[i].broken && m_data.indexOf(m_data.items[i].continuationId) >= 0)
            m_brokenWithContinuation.push_back(int(i));
    m_axis.setWidth(std::max(1, width() - m_labelWidth));
    // Compress idle stretches so a long call and a short tool chain are both readable: a gap
    // longer than a twentieth of the conversation (and at least 10 s) shrinks to a sliver.
    std::vector<TimelineAxis::Gap> gaps;
    int64_t keep = 0;
    if (!m_lanes.isEmpty()) {
        const int64_t span = m_lanes.endNs() - m_lanes.startNs();
        const int64_t minGap = std::max<int64_t>(10'000'000'000LL, span / 20);
        gaps = TimelineAxis::findIdleGaps(m_lanes.intervals(), minGap);
        int64_t busy = span;
        for (const auto &g : gaps)
            busy -= g.endNs - g.startNs;
        keep = std::max<int64_t>(busy / 25, 1'000'000'000LL);
    }
    if (refit) {
        m_axis = TimelineAxis();
        m_axis.setWidth(std::max(1, width() - m_labelWidth));
        m_axis.fit(m_lanes.startNs(), m_lanes.endNs());
    }
    m_axis.setGaps(gaps, keep);
    if (refit)
        fitAll();
    if (m_state->itemId() > 0)
        m_selectedIndex = m_data.indexOf(m_state->itemId());
    update();
}

void TimelineWidget::fitAll()
{
    if (!m_lanes.isEmpty())
        m_axis.fit(m_lanes.startNs(), m_lanes.endNs());
    publishWindow();
    update();
}

void TimelineWidget::publishWindow()
{
    m_state->setWindow(m_axis.visibleStartNs(), m_axis.visibleEndNs());
}

void TimelineWidget::onItemChanged(qint64 id)
{
    m_selectedIndex = m_data.indexOf(id);
    if (m_selectedIndex >= 0) {
        const TimelineItem &it = m_data.items[size_t(m_selectedIndex)];
        const int64_t s = it.start(corrected()), e = it.end(corrected());
        m_state->setCursor(s);
        const double x0 = m_axis.timeToX(s), x1 = m_axis.timeToX(e);
        if (x1 < 0 || x0 > m_axis.width()) {
            // Bring it into view, keeping the zoom.
            m_axis.pan(m_axis.width() / 2 - (x0 + x1) / 2);
            publishWindow();
        }
    }
    update();
}

void TimelineWidget::resizeEvent(QResizeEvent *)
{
    const int64_t a = m_axis.visibleStartNs(), b = m_axis.visibleEndNs();
    m_axis.setWidth(std::max(1, width() - m_labelWidth));
    if (!m_lanes.isEmpty())
        m_axis.fit(a, b, 0);
}

QRect TimelineWidget::laneRect(int lane) const
{
    int y = m_axisHeight;
    for (int l = 0; l < lane; ++l)
        y += laneBaseHeight(l);
    const int available = height() - m_axisHeight;
    int total = 0;
    for (int l = 0; l < TimelineLanes::LaneCount; ++l)
        total += laneBaseHeight(l);
    // Lanes share spare height proportionally.
    const double scale = available > total ? double(available) / total : 1.0;
    int scaledY = m_axisHeight + int((y - m_axisHeight) * scale);
    return QRect(m_labelWidth, scaledY, width() - m_labelWidth, int(laneBaseHeight(lane) * scale));
}

QRect TimelineWidget::rowRect(int lane, int row) const
{
    const QRect r = laneRect(lane).adjusted(0, kLanePadding, 0, -kLanePadding);
    const int rows = m_lanes.rowCount(lane);
    const int h = r.height() / rows;
    return QRect(r.left(), r.top() + std::clamp(row, 0, rows - 1) * h, r.width(), h);
}

int TimelineWidget::laneAt(int y) const
{
    for (int l = 0; l < TimelineLanes::LaneCount; ++l) {
        const QRect r = laneRect(l);
        if (y >= r.top() && y <= r.bottom())
            return l;
    }
    return -1;
}

int TimelineWidget::itemAt(const QPoint &pos, int *count) const
{
    const int lane = laneAt(pos.y());
    if (lane < 0 || pos.x() < m_labelWidth)
        return -1;
    // The sub-row under the mouse first; anywhere in the lane as a fallback.
    TimelineLanes::Span s;
    if (!isMediaLane(lane)) {
        const QRect r0 = rowRect(lane, 0);
        const int row = std::clamp((pos.y() - r0.top()) / std::max(1, r0.height()), 0, m_lanes.rowCount(lane) - 1);
        s = TimelineLanes::hitTest(m_view.spans(m_lanes, lane, m_axis), toAxisX(pos.x()), 3, row);
    }
    if (s.count == 0)
        s = TimelineLanes::hitTest(m_view.spans(m_lanes, lane, m_axis), toAxisX(pos.x()), 3);
    if (count)
        *count = s.count;
    return s.count > 0 ? s.firstIndex : -1;
}

QPoint TimelineWidget::pointForItem(qint64 itemId) const
{
    const int i = m_data.indexOf(itemId);
    if (i < 0)
        return {};
    const TimelineItem &it = m_data.items[size_t(i)];
    const QRect r = isMediaLane(it.lane) ? laneRect(it.lane) : rowRect(it.lane, m_lanes.rowOf(i));
    const double x0 = m_axis.timeToX(it.start(corrected())), x1 = m_axis.timeToX(it.end(corrected()));
    return QPoint(m_labelWidth + int(std::clamp((x0 + x1) / 2, x0, x0 + 1.0)), r.center().y());
}

const QPixmap *TimelineWidget::thumbnail(qint64 itemId)
{
    auto it = m_thumbnails.find(itemId);
    if (it == m_thumbnails.end()) {
        QPixmap pm;
        if (m_workspace) {
            QImage img;
            try {
                img.loadFromData(TimelineData::mediaBytes(*m_workspace, itemId));
            } catch (const std::exception &) {
            }
            if (!img.isNull())
                pm = QPixmap::fromImage(img.scaled(96, 96, Qt::KeepAspectRatio, Qt::SmoothTransformation));
        }
        it = m_thumbnails.insert(itemId, pm);
    }
    return it->isNull() ? nullptr : &*it;
}

void TimelineWidget::paintEvent(QPaintEvent *)
{
    QElapsedTimer timer;
    timer.start();
    QPainter p(this);
    const QPalette pal = palette();
    paintBackground(p);

    if (m_data.items.empty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(m_labelWidth, m_axisHeight, 0, 0), Qt::AlignCenter,
            m_loading ? tr("Loading the conversation…") : tr("Select a conversation to see its timeline"));
        paintAxis(p);
        m_lastPaintMs = timer.nsecsElapsed() / 1e6;
        return;
    }

    p.save();
    p.setClipRect(QRect(m_labelWidth, 0, width() - m_labelWidth, height()));
    p.translate(m_labelWidth, 0);
    // Compressed idle gaps: a hatched band with the real length.
    for (const TimelineAxis::GapMarker &g : m_axis.gapMarkers()) {
        const QRectF band(g.x0, m_axisHeight, std::max(2.0, g.x1 - g.x0), height() - m_axisHeight);
        p.fillRect(band, QBrush(pal.color(QPalette::Mid), Qt::BDiagPattern));
    }
    for (int l = 0; l < TimelineLanes::LaneCount; ++l)
        paintLane(p, l);
    paintHandoffGaps(p);
    // Selected item outline.
    if (m_selectedIndex >= 0) {
        const TimelineItem &it = m_data.items[size_t(m_selectedIndex)];
        const QRect r = (isMediaLane(it.lane) ? laneRect(it.lane).adjusted(0, 2, 0, -2)
                                              : rowRect(it.lane, m_lanes.rowOf(m_selectedIndex)))
                            .translated(-m_labelWidth, 0);
        const double x0 = m_axis.timeToX(it.start(corrected())), x1 = m_axis.timeToX(it.end(corrected()));
        p.setPen(QPen(pal.color(QPalette::Highlight), 2.5));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(x0 - 2, r.top(), std::max(4.0, x1 - x0 + 4), r.height()));
    }
    p.restore();
    paintAxis(p);
    m_lastPaintMs = timer.nsecsElapsed() / 1e6;
}

void TimelineWidget::paintBackground(QPainter &p)
{
    // Lane bands and labels change only with the size, the palette or a lane's sub-rows, so
    // they are drawn once into a pixmap (word-wrapped label layout is not cheap) and blitted.
    const QPalette pal = palette();
    const qreal dpr = devicePixelRatioF();
    std::vector<qint64> key
        = {width(), height(), qint64(dpr * 1000), qint64(pal.cacheKey()), m_labelWidth, qint64(qHash(font().key()))};
    for (int l = 0; l < TimelineLanes::LaneCount; ++l)
        key.push_back(laneRect(l).top());
    if (key != m_backgroundKey || m_background.isNull()) {
        m_background = QPixmap(size() * dpr);
        m_background.setDevicePixelRatio(dpr);
        QPainter bp(&m_background);
        bp.setFont(font());
        bp.fillRect(rect(), pal.color(QPalette::Base));
        for (int l = 0; l < TimelineLanes::LaneCount; ++l) {
            const QRect r = laneRect(l);
            if (l % 2)
                bp.fillRect(QRect(0, r.top(), width(), r.height()), pal.color(QPalette::AlternateBase));
            bp.fillRect(QRect(0, r.top(), 4, r.height()), KindStyle::laneColor(l, pal));
            bp.setPen(pal.color(QPalette::Text));
            bp.drawText(QRect(8, r.top(), m_labelWidth - 12, r.height()),
                Qt::AlignVCenter | Qt::AlignLeft | Qt::TextWordWrap, TimelineLanes::laneName(l));
        }
        bp.setPen(pal.color(QPalette::Mid));
        bp.drawLine(m_labelWidth - 1, 0, m_labelWidth - 1, height());
        m_backgroundKey = std::move(key);
    }
    p.drawPixmap(0, 0, m_background);
}

void TimelineWidget::paintAxis(QPainter &p)
{
    const QPalette pal = palette();
    p.fillRect(QRect(0, 0, width(), m_axisHeight), pal.color(QPalette::Window));
    p.setPen(pal.color(QPalette::Mid));
    p.drawLine(0, m_axisHeight - 1, width(), m_axisHeight - 1);
    if (m_data.items.empty())
        return;
    const QFontMetrics fm = p.fontMetrics();
    // The date once, in the corner.
    p.setPen(pal.color(QPalette::WindowText));
    p.drawText(QRect(6, 0, m_labelWidth - 8, m_axisHeight), Qt::AlignVCenter | Qt::AlignLeft,
        QDateTime::fromMSecsSinceEpoch(m_axis.visibleStartNs() / 1000000, Qt::UTC)
            .toString(QStringLiteral("yyyy-MM-dd")));
    // Where the cursor's time label goes: tick labels under it are left out, not overdrawn.
    const int64_t cursor = m_state->cursorNs();
    QRect cursorBox;
    QString cursorLabel;
    if (cursor != 0) {
        const double cx = m_axis.timeToX(cursor);
        if (cx >= 0 && cx <= m_axis.width()) {
            const int x = m_labelWidth + int(std::lround(cx));
            cursorLabel = TimelineAxis::formatTimeOfDay(cursor, m_axis.tickStepNs() / 100 + 1);
            const int w = fm.horizontalAdvance(cursorLabel) + 8;
            cursorBox = QRect(std::clamp(x - w / 2, m_labelWidth, width() - w), 1, w, m_axisHeight - 6);
        }
    }
    const auto ticks = m_axis.ticks(std::max(90, fm.horizontalAdvance(QStringLiteral("00:00:00.000")) + 24));
    for (const TimelineAxis::Tick &t : ticks) {
        const int x = m_labelWidth + int(std::lround(t.x));
        if (x < m_labelWidth)
            continue;
        p.setPen(pal.color(QPalette::Mid));
        p.drawLine(x, m_axisHeight - 6, x, m_axisHeight - 1);
        QColor grid = pal.color(QPalette::Mid);
        grid.setAlpha(70);
        p.setPen(grid);
        p.drawLine(x, m_axisHeight, x, height());
        p.setPen(pal.color(QPalette::WindowText));
        const int w = fm.horizontalAdvance(t.label);
        const int left = std::clamp(x - w / 2, m_labelWidth + 2, width() - w - 2);
        if (!cursorBox.isNull() && QRect(left - 3, 0, w + 6, m_axisHeight).intersects(cursorBox))
            continue;
        p.drawText(QPoint(left, m_axisHeight - 9), t.label);
    }
    // Gap labels side by side would run into each other when zoomed out: a label that does not
    // fit after the previous one shrinks to "⋯".
    int lastRight = std::numeric_limits<int>::min();
    for (const TimelineAxis::GapMarker &g : m_axis.gapMarkers()) {
        const int x = m_labelWidth + int((g.x0 + g.x1) / 2);
        QString label = QStringLiteral("⋯ %1").arg(g.label);
        int w = fm.horizontalAdvance(label) + 8;
        QRect box(std::clamp(x - w / 2, m_labelWidth, std::max(m_labelWidth, width() - w)), m_axisHeight + 1, w,
            fm.height() + 2);
        if (box.left() < lastRight + 4) {
            label = QStringLiteral("⋯");
            w = fm.horizontalAdvance(label) + 8;
            box = QRect(x - w / 2, m_axisHeight + 1, w, fm.height() + 2);
            if (box.left() < lastRight + 2)
                continue;
        }
        lastRight = box.right();
        p.fillRect(box, pal.color(QPalette::ToolTipBase));
        p.setPen(pal.color(QPalette::ToolTipText));
        p.drawText(box, Qt::AlignCenter, label);
    }
    // The time cursor across every lane, with its time in the axis row.
    if (!cursorBox.isNull()) {
        const int x = m_labelWidth + int(std::lround(m_axis.timeToX(cursor)));
        const QColor c = KindStyle::cursorColor(pal);
        p.setPen(QPen(c, 1.5));
        p.drawLine(x, m_axisHeight - 4, x, height());
        p.fillRect(cursorBox, c);
        p.setPen(KindStyle::isDark(pal) ? Qt::black : Qt::white);
        p.drawText(cursorBox, Qt::AlignCenter, cursorLabel);
    }
}

void TimelineWidget::paintLane(QPainter &p, int lane)
{
    const QPalette pal = palette();
    const QRect r = laneRect(lane).translated(-m_labelWidth, 0);
    if (lane == TimelineLanes::Audio)
        paintAudio(p, r);
    if (lane == TimelineLanes::Images)
        paintImages(p, r);
    if (m_view.isDense(m_lanes, lane, m_axis)) {
        paintDensity(p, lane, r);
        return;
    }
    const QColor base = KindStyle::laneColor(lane, pal);
    const QColor err = KindStyle::errorColor(pal);
    const auto &spans = m_view.spans(m_lanes, lane, m_axis);
    // Audio and image lanes carry their own drawing; items are thin bars at the bottom.
    const bool media = isMediaLane(lane);
    const QFontMetrics fm = p.fontMetrics();
    // No label is tried in a bar narrower than the shortest possible one ("ii…"), so the many
    // narrow bars of a busy view cost no string or font-metrics work.
    const int minLabelRoom = fm.horizontalAdvance(QStringLiteral("ii\u2026"));
    const bool labelsFit = !media && rowRect(lane, 0).height() - 2 >= fm.height() - 2;
    int rowTop[TimelineLanes::kMaxRows], rowHeight[TimelineLanes::kMaxRows];
    for (int row = 0; row < TimelineLanes::kMaxRows; ++row) {
        const QRect rr = media ? QRect(0, r.bottom() - 13, 0, 12) : rowRect(lane, row);
        rowTop[row] = rr.top() + 1;
        rowHeight[row] = rr.height() - 2;
    }
    // Collected per colour and drawn in one call each.
    QVector<QRect> solid, solidErr, merged, mergedErr;
    struct Label
    {
        QRectF box;
        int index;
    };
    QVector<Label> labels;
    for (const TimelineLanes::Span &s : spans) {
        // Bars lanes stack overlapping items in sub-rows (a root agent span above its calls).
        const int barTop = rowTop[s.row];
        const int barHeight = media ? 10 : rowHeight[s.row];
        if (s.count > 1) {
            // Merged items: density as bar height (log scale) so busy columns stand out.
            const double perPx = s.count / std::max(1.0, s.x1 - s.x0);
            const double h = std::min(1.0, 0.35 + std::log10(1 + perPx) / 3.0) * barHeight;
            (s.error ? mergedErr : merged) << snapped(s.x0, barTop + barHeight - h, std::max(1.0, s.x1 - s.x0), h);
            continue;
        }
        const TimelineItem &it = m_data.items[size_t(s.firstIndex)];
        if (media) {
            if (lane == TimelineLanes::Audio
                && (it.kind == QLatin1String("asr") || it.kind == QLatin1String("speech") || m_data.audioFor(it.id)))
                continue; // drawn as captions or as its waveform
            if (lane == TimelineLanes::Images && it.kind == QLatin1String("image"))
                continue; // drawn as thumbnails
        }
        // A broken handoff stays visible however short it is.
        const QRectF box(s.x0, barTop, std::max(it.broken ? 6.0 : 2.0, s.x1 - s.x0), barHeight);
        (s.error ? solidErr : solid) << snapped(box.x(), box.y(), box.width(), box.height());
        if (labelsFit && box.width() - 7 >= minLabelRoom)
            labels.push_back({box, s.firstIndex});
    }
    p.setPen(Qt::NoPen);
    QColor mergedBase = base, mergedError = err;
    mergedBase.setAlpha(200);
    mergedError.setAlpha(200);
    const std::pair<const QVector<QRect> *, QColor> batches[]
        = {{&merged, mergedBase}, {&mergedErr, mergedError}, {&solid, base}, {&solidErr, err}};
    for (const auto &[rects, colour] : batches) {
        if (rects->isEmpty())
            continue;
        p.setBrush(colour);
        p.drawRects(*rects);
    }
    p.setBrush(Qt::NoBrush);
    // A label only inside its own bar: elided to the bar, left out when not even a few
    // characters fit (the tooltip has it), so neighbouring labels never run into each other.
    p.setPen(KindStyle::isDark(pal) ? Qt::black : Qt::white);
    for (const Label &l : labels) {
        const TimelineItem &it = m_data.items[size_t(l.index)];
        const QRectF visible = l.box.intersected(QRectF(0, l.box.top(), m_axis.width(), l.box.height()));
        const QString label = it.name.isEmpty() ? it.kind : it.name;
        const int room = int(visible.width()) - 7;
        if (room >= fm.horizontalAdvance(label.left(3) + QChar(0x2026)))
            p.drawText(visible.adjusted(4, 0, -3, 0), Qt::AlignVCenter | Qt::AlignLeft,
                fm.elidedText(label, Qt::ElideRight, room));
    }
}

void TimelineWidget::paintDensity(QPainter &p, int lane, const QRect &r)
{
    // More items than pixels: one column per pixel, its height the number of items touching
    // it (TimelineLanes::Density levels, one rect per run of equal level); columns holding an
    // error get a mark in the error colour along the top.
    const QPalette pal = palette();
    const TimelineLanes::Density &d = m_view.density(m_lanes, lane, m_axis);
    if (d.runs.empty())
        return;
    const bool media = isMediaLane(lane);
    const int top = media ? r.bottom() - 13 : rowRect(lane, 0).top() + 1;
    const int bottom = media ? r.bottom() - 3 : rowRect(lane, m_lanes.rowCount(lane) - 1).bottom() - 1;
    const int fullHeight = std::max(3, bottom - top);
    QVector<QRect> rects;
    rects.reserve(int(std::max(d.runs.size(), d.errorRuns.size())));
    for (const TimelineLanes::Run &run : d.runs) {
        const int h = std::max(1, fullHeight * run.level / TimelineLanes::kDensityLevels);
        rects << QRect(run.x0, bottom - h, run.x1 - run.x0, h);
    }
    p.setPen(Qt::NoPen);
    QColor c = KindStyle::laneColor(lane, pal);
    c.setAlpha(210);
    p.setBrush(c);
    p.drawRects(rects);
    if (!d.errorRuns.empty()) {
        rects.clear();
        for (const TimelineLanes::Run &run : d.errorRuns)
            rects << QRect(run.x0, top - 1, run.x1 - run.x0, 3);
        p.setBrush(KindStyle::errorColor(pal));
        p.drawRects(rects);
    }
    p.setBrush(Qt::NoBrush);
}

void TimelineWidget::paintAudio(QPainter &p, const QRect &r)
{
    const QPalette pal = palette();
    const QColor wave = KindStyle::laneColor(TimelineLanes::Audio, pal);
    const int waveTop = r.top() + 4, waveH = r.height() - captionHeight() - 8;
    const int mid = waveTop + waveH / 2;
    for (const TimelineData::AudioTrack &track : m_data.audio) {
        const int idx = m_data.indexOf(track.itemId);
        if (idx < 0 || track.peaks.empty())
            continue;
        const TimelineItem &it = m_data.items[size_t(idx)];
        const int64_t start = it.start(corrected());
        const int64_t dur = track.durationNs > 0 ? track.durationNs : it.end(corrected()) - start;
        if (dur <= 0)
            continue;
        const double x0 = m_axis.timeToX(start), x1 = m_axis.timeToX(start + dur);
        const int from = std::max(0, int(std::floor(x0))), to = std::min(int(m_axis.width()), int(std::ceil(x1)));
        p.setPen(wave);
        const size_t n = track.peaks.size();
        for (int x = from; x < to; ++x) {
            const int64_t t0 = m_axis.xToTime(x) - start, t1 = m_axis.xToTime(x + 1) - start;
            size_t b0 = size_t(std::clamp<double>(double(t0) / dur * n, 0, double(n - 1)));
            size_t b1 = size_t(std::clamp<double>(double(t1) / dur * n, double(b0 + 1), double(n)));
            float peak = 0;
            for (size_t b = b0; b < b1; ++b)
                peak = std::max(peak, track.peaks[b]);
            const int h = std::max(1, int(peak * waveH / 2));
            p.drawLine(x, mid - h, x, mid + h);
        }
    }
    // Transcript segments as captions under the waveform: each wrapped into its own segment's
    // width (two lines) and elided there; the selected segment highlighted, the one under the
    // time cursor tinted. The full text is in the tooltip.
    const qint64 currentCaption = captionAtCursor();
    const QFontMetrics fm = p.fontMetrics();
    const QRect captionRow(r.left(), r.bottom() - captionHeight(), r.width(), captionHeight());
    for (const TimelineLanes::Span &s : m_view.spans(m_lanes, TimelineLanes::Audio, m_axis)) {
        const TimelineItem &it = m_data.items[size_t(s.firstIndex)];
        if (s.count != 1 || (it.kind != QLatin1String("asr") && it.kind != QLatin1String("speech")))
            continue;
        const bool selected = s.firstIndex == m_selectedIndex;
        const bool current = it.id == currentCaption;
        const QRectF box(s.x0, captionRow.top(), std::max(2.0, s.x1 - s.x0 - 1), captionRow.height());
        QColor bg = pal.color(QPalette::ToolTipBase);
        if (selected)
            bg = pal.color(QPalette::Highlight);
        else if (current)
            bg = KindStyle::isDark(pal) ? bg.darker(140) : bg.darker(112);
        p.fillRect(box, bg);
        if (selected) {
            p.setPen(QPen(pal.color(QPalette::Highlight).darker(130), 1));
            p.drawRect(box.adjusted(0, 0, -1, -1));
        }
        p.setPen(selected ? pal.color(QPalette::HighlightedText) : pal.color(QPalette::ToolTipText));
        const int room = int(box.width()) - 5;
        if (room < fm.horizontalAdvance(QStringLiteral("Wo…")))
            continue;
        const QStringList lines = wrapCaption(it.text.isEmpty() ? it.name : it.text, fm, room, 2);
        for (int i = 0; i < lines.size(); ++i)
            p.drawText(QPointF(box.left() + 3, box.top() + 2 + fm.ascent() + i * fm.lineSpacing()), lines[i]);
    }
}

qint64 TimelineWidget::captionAtCursor() const
{
    const int64_t cursor = m_state->cursorNs();
    if (cursor == 0)
        return 0;
    for (const TimelineLanes::Span &s : m_view.spans(m_lanes, TimelineLanes::Audio, m_axis)) {
        const TimelineItem &it = m_data.items[size_t(s.firstIndex)];
        if (s.count == 1 && (it.kind == QLatin1String("asr") || it.kind == QLatin1String("speech"))
            && cursor >= it.start(corrected()) && cursor < it.end(corrected()))
            return it.id;
    }
    return 0;
}

int TimelineWidget::captionHeight() const
{
    return 2 * fontMetrics().lineSpacing() + 4;
}

QStringList TimelineWidget::wrapCaption(const QString &text, const QFontMetrics &fm, int width, int maxLines)
{
    // Greedy word wrap; the last line takes the rest, elided.
    QStringList lines;
    const QStringList words = text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QString line;
    int i = 0;
    for (; i < words.size() && lines.size() < maxLines - 1; ++i) {
        const QString candidate = line.isEmpty() ? words[i] : line + QLatin1Char(' ') + words[i];
        if (fm.horizontalAdvance(candidate) <= width) {
            line = candidate;
            continue;
        }
        if (line.isEmpty()) // one word wider than the box
            break;
        lines << line;
        line.clear();
        --i;
    }
    QStringList rest = words.mid(i);
    if (!line.isEmpty())
        rest.prepend(line);
    if (!rest.isEmpty())
        lines << fm.elidedText(rest.join(QLatin1Char(' ')), Qt::ElideRight, width);
    return lines;
}

void TimelineWidget::paintImages(QPainter &p, const QRect &r)
{
    const QPalette pal = palette();
    const auto &spans = m_view.spans(m_lanes, TimelineLanes::Images, m_axis);
    double lastRight = -1e9;
    for (const TimelineLanes::Span &s : spans) {
        const TimelineItem &it = m_data.items[size_t(s.firstIndex)];
        if (s.count != 1 || it.kind != QLatin1String("image"))
            continue;
        const int size = r.height() - 8;
        if (s.x0 < lastRight) // overlapping thumbnails: a tick mark instead
        {
            p.fillRect(QRectF(s.x0, r.top() + 4, 2, size), KindStyle::laneColor(TimelineLanes::Images, pal));
            continue;
        }
        const QRectF frame(s.x0, r.top() + 4, size, size);
        if (const QPixmap *pm = thumbnail(it.id)) {
            const QSizeF fitted = QSizeF(pm->size()).scaled(frame.size(), Qt::KeepAspectRatio);
            p.drawPixmap(QRectF(frame.topLeft(), fitted), *pm, QRectF(pm->rect()));
            lastRight = s.x0 + fitted.width() + 2;
        } else {
            p.fillRect(frame, KindStyle::laneColor(TimelineLanes::Images, pal));
            lastRight = frame.right() + 2;
        }
    }
}

void TimelineWidget::paintHandoffGaps(QPainter &p)
{
    const QPalette pal = palette();
    const QColor err = KindStyle::errorColor(pal);
    for (int i : m_brokenWithContinuation) {
        const TimelineItem &it = m_data.items[size_t(i)];
        const int ci = m_data.indexOf(it.continuationId);
        const TimelineItem &cont = m_data.items[size_t(ci)];
        const QRect from = (isMediaLane(it.lane) ? laneRect(it.lane) : rowRect(it.lane, m_lanes.rowOf(i)))
                               .translated(-m_labelWidth, 0);
        const QRect to = (isMediaLane(cont.lane) ? laneRect(cont.lane) : rowRect(cont.lane, m_lanes.rowOf(ci)))
                             .translated(-m_labelWidth, 0);
        const QPointF a(m_axis.timeToX(it.end(corrected())), from.center().y());
        const QPointF b(m_axis.timeToX(cont.start(corrected())), to.center().y());
        p.setPen(QPen(err, 1.6, Qt::DashLine));
        p.setRenderHint(QPainter::Antialiasing, true);
        QPainterPath path(a);
        path.cubicTo(QPointF((a.x() + b.x()) / 2, a.y()), QPointF((a.x() + b.x()) / 2, b.y()), b);
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
        p.setBrush(err);
        p.drawEllipse(b, 3, 3);
        const QString gap = TimelineAxis::formatDuration(cont.start(corrected()) - it.end(corrected()));
        // On a box so it stays readable over the bars it crosses.
        const QString label = tr("gap %1").arg(gap);
        const QFontMetrics fm = p.fontMetrics();
        const QRectF box(std::max(a.x(), b.x()) + 6, std::min(a.y(), b.y()) - fm.height() / 2.0,
            fm.horizontalAdvance(label) + 8, fm.height() + 2);
        p.setPen(Qt::NoPen);
        p.setBrush(palette().color(QPalette::Base));
        p.drawRoundedRect(box, 3, 3);
        p.setPen(err);
        p.drawText(box, Qt::AlignCenter, label);
        p.setRenderHint(QPainter::Antialiasing, false);
    }
}

QString TimelineWidget::tooltipFor(int index, int count) const
{
    const TimelineItem &it = m_data.items[size_t(index)];
    if (count > 1)
        return tr("%1 items here (zoom in to separate them)\nfirst: %2").arg(count).arg(it.name);
    QString tip
        = QStringLiteral("<b>%1</b> (%2)").arg((it.name.isEmpty() ? it.kind : it.name).toHtmlEscaped(), it.kind);
    if (!it.actor.isEmpty())
        tip += QStringLiteral("<br>%1").arg(it.actor.toHtmlEscaped());
    tip += QStringLiteral("<br>%1 · %2")
               .arg(TimelineAxis::formatTimeOfDay(it.start(corrected()), 1000000),
                   TimelineAxis::formatDuration(it.end(corrected()) - it.start(corrected())));
    if (it.clockOffsetNs != 0)
        tip += tr("<br>source clock offset %1 (%2)")
                   .arg(TimelineAxis::formatDuration(it.clockOffsetNs),
                       corrected() ? tr("corrected") : tr("not corrected"));
    if (it.broken)
        tip += tr("<br><span style='color:#c62828'>broken handoff: the callee never appeared under it</span>");
    else if (it.status == 2)
        tip += tr("<br><span style='color:#c62828'>error</span>");
    // A transcript segment's whole text (the caption is elided to the segment's width).
    const bool transcript = it.kind == QLatin1String("asr") || it.kind == QLatin1String("speech");
    if (!it.text.isEmpty())
        tip += QStringLiteral("<br><i>%1</i>").arg((transcript ? it.text : it.text.left(160)).toHtmlEscaped());
    return tip;
}

void TimelineWidget::wheelEvent(QWheelEvent *event)
{
    const double x = toAxisX(event->position().x());
    const int delta = event->angleDelta().y() != 0 ? event->angleDelta().y() : event->angleDelta().x();
    if (event->modifiers() & Qt::ShiftModifier)
        m_axis.pan(delta / 2.0);
    else
        m_axis.zoomAround(x, std::pow(1.0015, delta));
    publishWindow();
    update();
    event->accept();
}

void TimelineWidget::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    m_dragging = true;
    m_moved = false;
    m_pressPos = m_lastPos = event->position().toPoint();
    setCursor(Qt::ClosedHandCursor);
}

void TimelineWidget::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (m_dragging) {
        if ((pos - m_pressPos).manhattanLength() > 3)
            m_moved = true;
        if (m_moved) {
            m_axis.pan(pos.x() - m_lastPos.x());
            publishWindow();
            update();
        }
        m_lastPos = pos;
        return;
    }
    if (pos.x() >= m_labelWidth && !m_data.items.empty())
        m_state->setCursor(m_axis.xToTime(toAxisX(pos.x())));
    int count = 0;
    const int idx = itemAt(pos, &count);
    if (idx >= 0)
        QToolTip::showText(event->globalPosition().toPoint(), tooltipFor(idx, count), this);
    else
        QToolTip::hideText();
}

void TimelineWidget::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !m_dragging)
        return;
    m_dragging = false;
    unsetCursor();
    if (m_moved)
        return;
    int count = 0;
    const int idx = itemAt(event->position().toPoint(), &count);
    if (idx < 0)
        return;
    if (count > 1) {
        // A merged column: zoom into it rather than pick one item at random.
        m_axis.zoomAround(toAxisX(event->position().x()), 4);
        publishWindow();
        update();
        return;
    }
    m_state->setItem(m_data.items[size_t(idx)].id);
}

void TimelineWidget::mouseDoubleClickEvent(QMouseEvent *event)
{
    const int idx = itemAt(event->position().toPoint());
    if (idx < 0)
        return;
    const TimelineItem &it = m_data.items[size_t(idx)];
    // At least 1 µs, or what is left of int64 after a start near its end.
    const int64_t start = it.start(corrected());
    m_axis.fit(start, std::max(it.end(corrected()), TimestampParser::saturatingAdd(start, 1000)), 0.2);
    publishWindow();
    update();
}

void TimelineWidget::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_F:
        fitAll();
        return;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        m_axis.zoomAround(m_axis.width() / 2, 1.5);
        break;
    case Qt::Key_Minus:
        m_axis.zoomAround(m_axis.width() / 2, 1 / 1.5);
        break;
    case Qt::Key_Left:
        m_axis.pan(m_axis.width() / 8);
        break;
    case Qt::Key_Right:
        m_axis.pan(-m_axis.width() / 8);
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    publishWindow();
    update();
}

void TimelineWidget::leaveEvent(QEvent *)
{
    QToolTip::hideText();
}
