#pragma once
#include "TimelineAxis.h"
#include "TimelineData.h"
#include "TimelineLanes.h"
#include "TimelineViewCache.h"

#include <QHash>
#include <QPixmap>
#include <QWidget>

class SelectionState;
class Workspace;

// The synchronized multimodal timeline: one custom-painted lane per modality on a shared axis
// (no item objects: each frame asks TimelineLanes for level-of-detail spans). Observes and
// drives the SelectionState: click selects, the mouse moves the time cursor, zoom/pan set the
// visible window.
class TimelineWidget : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineWidget(SelectionState *state, QWidget *parent = nullptr);

    void setWorkspace(const Workspace *workspace);
    // Shows given data (the bench and tests); normally loaded on conversation change.
    void setData(TimelineData data);
    const TimelineData &data() const { return m_data; }
    // Off: a conversation change only clears the view, and the owner loads the data (off the
    // GUI thread) and hands it over with setData(). On by default (tests, the bench).
    void setAutoLoad(bool on) { m_autoLoad = on; }
    // Shows "Loading…" instead of the empty-state hint while the owner loads.
    void setLoading(bool on);
    const TimelineAxis &axis() const { return m_axis; }
    const TimelineLanes &lanes() const { return m_lanes; }
    void fitAll();
    // Milliseconds the last paintEvent took.
    double lastPaintMs() const { return m_lastPaintMs; }
    // Lane geometry, for tests that click on an item.
    QRect laneRect(int lane) const;
    // The band of one sub-row of a lane (bars lanes only), in widget coordinates.
    QRect rowRect(int lane, int row) const;
    QPoint pointForItem(qint64 itemId) const;
    // The transcript segment under the time cursor (drawn tinted; the audio playhead moves
    // the cursor), 0 when none is in view there.
    qint64 captionAtCursor() const;

    QSize sizeHint() const override { return {900, 330}; }
    QSize minimumSizeHint() const override { return {300, 200}; }

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    void onConversationChanged(qint64 id);
    void onItemChanged(qint64 id);
    void rebuild(bool refit);
    void publishWindow();
    int laneAt(int y) const;
    int laneBaseHeight(int lane) const;
    bool isMediaLane(int lane) const { return lane == TimelineLanes::Audio || lane == TimelineLanes::Images; }
    int itemAt(const QPoint &pos, int *count = nullptr) const;
    double toAxisX(double widgetX) const { return widgetX - m_labelWidth; }
    bool corrected() const;
    const QPixmap *thumbnail(qint64 itemId);
    void paintBackground(QPainter &p);
    void paintAxis(QPainter &p);
    void paintLane(QPainter &p, int lane);
    void paintDensity(QPainter &p, int lane, const QRect &r);
    void paintAudio(QPainter &p, const QRect &r);
    int captionHeight() const;
    static QStringList wrapCaption(const QString &text, const QFontMetrics &fm, int width, int maxLines);
    void paintImages(QPainter &p, const QRect &r);
    void paintHandoffGaps(QPainter &p);
    QString tooltipFor(int index, int count) const;

    SelectionState *m_state;
    const Workspace *m_workspace = nullptr;
    TimelineData m_data;
    TimelineLanes m_lanes;
    TimelineAxis m_axis;
    // Spans/density of the current view, shared by paints and hit tests (itemAt is const).
    mutable TimelineViewCache m_view;
    QHash<qint64, QPixmap> m_thumbnails;
    QPixmap m_background; // lane bands and labels
    std::vector<qint64> m_backgroundKey;
    std::vector<int> m_brokenWithContinuation; // indexes of broken handoffs whose gap is drawn
    int m_labelWidth = 104;
    int m_axisHeight = 26;
    int m_selectedIndex = -1;
    bool m_dragging = false;
    bool m_moved = false;
    QPoint m_pressPos;
    QPoint m_lastPos;
    double m_lastPaintMs = 0;
    bool m_autoLoad = true;
    bool m_loading = false;
};
