#include "KindStyle.h"
#include "SelectionState.h"
#include "TimelineWidget.h"

#include <QImage>
#include <QWheelEvent>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>

using Items = std::vector<TimelineItem>;
Q_DECLARE_METATYPE(Items)

// The timeline fed the way MainWindow feeds it (setData with loaded TimelineData), inside a
// shown host so its geometry is exactly what a test sets, even 1 px wide or 0 px high.
class TstTimelineWidget : public QObject
{
    Q_OBJECT
    static constexpr int64_t kS = 1'000'000'000LL;
    static constexpr int64_t kT0 = 1'738'893'000LL * kS + 250'000'000; // off the round ticks
    static constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

    struct View
    {
        SelectionState state;
        QWidget host;
        TimelineWidget widget {&state, &host};

        explicit View(Items items, QSize size = {900, 330})
        {
            host.resize(std::max(size.width(), 300), std::max(size.height(), 200));
            widget.setGeometry(QRect(QPoint(0, 0), size));
            host.show();
            QCoreApplication::processEvents();
            std::stable_sort(items.begin(), items.end(),
                [](const TimelineItem &a, const TimelineItem &b) { return a.startNs < b.startNs; });
            TimelineData data;
            data.items = std::move(items);
            data.reindex();
            widget.setData(std::move(data));
        }
        QRgb pixel(QPoint p) { return widget.grab().toImage().pixel(p); }
    };

    static TimelineItem item(int64_t id, const char *kind, int64_t start, int64_t end)
    {
        TimelineItem it;
        it.id = id;
        it.kind = QString::fromLatin1(kind);
        it.name = it.kind;
        it.lane = TimelineLanes::laneForKind(it.kind);
        it.startNs = start;
        it.endNs = end;
        it.status = 1;
        return it;
    }

    static void wheel(QWidget *w, QPoint pos, int delta, Qt::KeyboardModifiers mods = Qt::NoModifier)
    {
        QWheelEvent ev(QPointF(pos), QPointF(w->mapToGlobal(pos)), QPoint(), QPoint(0, delta), Qt::NoButton, mods,
            Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(w, &ev);
    }

    // What every view must keep whatever it was given: an ordered window inside the zoom
    // limits, published to the shared selection. Empty when it holds, else what broke.
    static QString insanity(View &v)
    {
        const TimelineAxis &a = v.widget.axis();
        if (a.visibleStartNs() > a.visibleEndNs())
            return QStringLiteral("window %1 > %2").arg(a.visibleStartNs()).arg(a.visibleEndNs());
        if (!(a.nsPerPixel() >= 1e-3 && a.nsPerPixel() <= 1e14))
            return QStringLiteral("zoom %1 ns/px").arg(a.nsPerPixel());
        if (v.state.windowStartNs() != a.visibleStartNs() || v.state.windowEndNs() != a.visibleEndNs())
            return QStringLiteral("window not published");
        return {};
    }
    static void checkSane(View &v)
    {
        const QString problem = insanity(v);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    static Items twoBars()
    {
        return {item(1, "llm", kT0, kT0 + 10 * kS), item(2, "tool", kT0 + 20 * kS, kT0 + 30 * kS)};
    }

private Q_SLOTS:
    void paintsBarsInTheirLane()
    {
        View v(twoBars());
        const QPalette pal = v.widget.palette();
        const QImage img = v.widget.grab().toImage();
        // A sample of a big lane: every item would only repeat the same paths.
        const auto &given = v.widget.data().items;
        const size_t stride = std::max<size_t>(1, given.size() / 40);
        for (size_t i = 0; i < given.size(); i += stride) {
            const TimelineItem &it = given[i];
            const QPoint p = v.widget.pointForItem(it.id);
            QVERIFY(v.widget.laneRect(it.lane).contains(p));
            QCOMPARE(QColor(img.pixel(p)), KindStyle::laneColor(it.lane, pal));
            // Half-way through the gap between the bars the lane is not painted.
            const QPoint gap(v.widget.laneRect(it.lane).left() + v.widget.laneRect(it.lane).width() * 3 / 5, p.y());
            QVERIFY(QColor(img.pixel(gap)) != KindStyle::laneColor(it.lane, pal));
        }
        // The same spot with no data shows only the background.
        View empty({});
        const QPoint p = v.widget.pointForItem(2);
        QVERIFY(QColor(empty.pixel(p)) != KindStyle::laneColor(TimelineLanes::Tool, pal));
        QCOMPARE(empty.widget.pointForItem(2), QPoint());
    }

    void clickSelectsOnlyAnItem()
    {
        View v(twoBars());
        QSignalSpy spy(&v.state, &SelectionState::itemChanged);
        const QPoint p = v.widget.pointForItem(2);
        QTest::mouseClick(&v.widget, Qt::LeftButton, {}, p);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toLongLong(), qint64(2));
        QCOMPARE(v.state.itemId(), qint64(2));
        // Empty lane space, the tool's row left of its bar, and the label column select nothing.
        const QRect llm = v.widget.laneRect(TimelineLanes::Llm);
        QTest::mouseClick(&v.widget, Qt::LeftButton, {}, QPoint(llm.left() + llm.width() * 3 / 5, llm.center().y()));
        QTest::mouseClick(&v.widget, Qt::LeftButton, {}, QPoint(v.widget.pointForItem(1).x(), p.y()));
        QTest::mouseClick(&v.widget, Qt::LeftButton, {}, QPoint(10, p.y()));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(v.state.itemId(), qint64(2));
    }

    void clickOnMergedColumnZoomsInstead()
    {
        // Thousands of 1 µs log lines within 5 ms: one pixel column at a 30 s view.
        Items items {item(1, "llm", kT0, kT0 + 30 * kS)};
        for (int i = 0; i < 5000; ++i)
            items.push_back(item(100 + i, "log", kT0 + 10 * kS + i * 1000, kT0 + 10 * kS + i * 1000 + 1000));
        View v(items);
        const QImage img = v.widget.grab().toImage();
        const QPoint p = v.widget.pointForItem(100);
        QVERIFY(QColor(img.pixel(p.x(), v.widget.laneRect(TimelineLanes::Logs).bottom() - 6))
            != QColor(img.pixel(p.x() + 80, v.widget.laneRect(TimelineLanes::Logs).bottom() - 6)));
        QSignalSpy spy(&v.state, &SelectionState::itemChanged);
        const double before = v.widget.axis().nsPerPixel();
        QTest::mouseClick(&v.widget, Qt::LeftButton, {}, p);
        QCOMPARE(spy.count(), 0);
        QCOMPARE(v.widget.axis().nsPerPixel(), before / 4);
        checkSane(v);
    }

    void wheelZoomsAroundMouseAndClamps()
    {
        View v(twoBars());
        const TimelineAxis &a = v.widget.axis();
        const int64_t fitStart = a.visibleStartNs(), fitEnd = a.visibleEndNs();
        const QPoint mouse(v.widget.laneRect(0).left() + 300, 150);
        const int64_t underMouse = a.xToTime(300);
        wheel(&v.widget, mouse, 120);
        const double factor = std::pow(1.0015, 120);
        const double zoomedIn = double(a.visibleEndNs() - a.visibleStartNs());
        QVERIFY(std::abs(zoomedIn * factor - double(fitEnd - fitStart)) < 1e-6 * double(fitEnd - fitStart));
        QVERIFY(std::abs(a.xToTime(300) - underMouse) <= int64_t(a.nsPerPixel()) + 1);
        checkSane(v);

        wheel(&v.widget, mouse, -240);
        QVERIFY(double(a.visibleEndNs() - a.visibleStartNs()) > zoomedIn * factor * factor * 0.999);
        checkSane(v);

        // Shift pans: a positive delta shows earlier times and keeps the zoom.
        const int64_t start = a.visibleStartNs(), range = a.visibleEndNs() - a.visibleStartNs();
        wheel(&v.widget, mouse, 120, Qt::ShiftModifier);
        QVERIFY(a.visibleStartNs() < start);
        QVERIFY(std::abs((a.visibleEndNs() - a.visibleStartNs()) - range) <= 2);
        checkSane(v);

        for (int i = 0; i < 100; ++i)
            wheel(&v.widget, mouse, 1200);
        QCOMPARE(a.nsPerPixel(), 1e-3);
        checkSane(v);
        for (int i = 0; i < 100; ++i)
            wheel(&v.widget, mouse, -1200);
        QCOMPARE(a.nsPerPixel(), 1e14);
        checkSane(v);

        QTest::keyClick(&v.widget, Qt::Key_F);
        QCOMPARE(a.visibleStartNs(), fitStart);
        QCOMPARE(a.visibleEndNs(), fitEnd);
    }

    void hostileInputs_data()
    {
        QTest::addColumn<Items>("items");
        QTest::addColumn<QSize>("size");
        const QSize normal(900, 330);
        QTest::newRow("none") << Items {} << normal;
        QTest::newRow("one item") << Items {item(1, "tool", kT0, kT0 + kS)} << normal;
        QTest::newRow("zero duration") << Items {item(1, "tool", kT0, kT0)} << normal;
        QTest::newRow("end before start")
            << Items {item(1, "llm", kT0, kT0 - 5 * kS), item(2, "tool", kT0, kT0 + kS)} << normal;
        QTest::newRow("at time 0") << Items {item(1, "llm", 0, 0), item(2, "tool", 0, kS)} << normal;
        QTest::newRow("near max") << Items {item(1, "llm", kMax - 10 * kS, kMax - 1)} << normal;
        QTest::newRow("zero duration at max") << Items {item(1, "tool", kMax - 1, kMax - 1)} << normal;
        QTest::newRow("0 and max") << Items {item(1, "llm", 0, kS), item(2, "tool", kMax - kS, kMax - 1)} << normal;
        Items many;
        for (int i = 0; i < 5000; ++i)
            many.push_back(item(i + 1, "log", kT0 + i * kS / 100, kT0 + i * kS / 100 + (i % 7) * kS / 50));
        QTest::newRow("5000 in one lane") << many << normal;
        QTest::newRow("width 1") << twoBars() << QSize(1, 330);
        QTest::newRow("height 0") << twoBars() << QSize(900, 0);
    }

    void hostileInputs()
    {
        QFETCH(Items, items);
        QFETCH(QSize, size);
        View v(items, size);
        QCOMPARE(v.widget.size(), size);
        v.widget.grab();
        // Every interaction runs before the first assertion, so a row with a known failure
        // still drives all the paths that could crash.
        QString problem = insanity(v);
        const auto note = [&](const QString &p) {
            if (problem.isEmpty())
                problem = p;
        };
        QSignalSpy spy(&v.state, &SelectionState::itemChanged);
        const bool roomy = size.width() > 300 && size.height() > 200;
        // A sample of a big lane: every item would only repeat the same paths.
        const auto &given = v.widget.data().items;
        const size_t stride = std::max<size_t>(1, given.size() / 40);
        for (size_t i = 0; i < given.size(); i += stride) {
            const TimelineItem &it = given[i];
            const QPoint p = v.widget.pointForItem(it.id);
            QTest::mouseMove(&v.widget, p);
            QTest::mouseClick(&v.widget, Qt::LeftButton, {}, p);
            QTest::mouseDClick(&v.widget, Qt::LeftButton, {}, p);
            if (items.size() < 10 && roomy && v.state.itemId() != it.id) // a lone bar in a normal view is clickable
                note(QStringLiteral("item %1 not selectable at (%2, %3)").arg(it.id).arg(p.x()).arg(p.y()));
            v.widget.fitAll();
            note(insanity(v));
        }
        const QPoint mid(size.width() / 2, size.height() / 2);
        for (int delta : {1200, -1200, 120})
            wheel(&v.widget, mid, delta);
        wheel(&v.widget, mid, 600, Qt::ShiftModifier);
        for (Qt::Key key : {Qt::Key_Plus, Qt::Key_Minus, Qt::Key_Left, Qt::Key_Right})
            QTest::keyClick(&v.widget, key);
        v.widget.grab();
        note(insanity(v));
        v.widget.fitAll();
        // Fitted, every item's start is in view.
        for (const TimelineItem &it : items)
            if (size.width() > 104
                && (it.start(true) < v.widget.axis().visibleStartNs()
                    || it.start(true) > v.widget.axis().visibleEndNs()))
                note(QStringLiteral("item %1 out of the fitted view").arg(it.id));

        // Whatever got selected is an item that was given.
        for (const QList<QVariant> &args : spy)
            QVERIFY(v.widget.data().indexOf(args.at(0).toLongLong()) >= 0);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void doubleClickZoomsToTheItem_data()
    {
        QTest::addColumn<qint64>("start");
        QTest::newRow("ordinary time") << qint64(kT0);
        // 500 ns before INT64_MAX: start + 1 µs does not fit in int64.
        QTest::newRow("near max") << qint64(kMax - 500);
    }

    void doubleClickZoomsToTheItem()
    {
        QFETCH(qint64, start);
        // Zero-length item in a 20 µs conversation: the view stays inside int64.
        View v({item(1, "tool", start - 20'000, start - 19'000), item(2, "tool", start, start)});
        QTest::mouseDClick(&v.widget, Qt::LeftButton, {}, v.widget.pointForItem(2));
        // It shows at least 1 µs after the start, or all the room left before INT64_MAX, with a
        // 20 % margin on each side.
        const double shown = double(std::min<int64_t>(1000, kMax - start));
        QVERIFY2(std::abs(v.widget.axis().nsPerPixel() * v.widget.axis().width() * 0.6 - shown) < 1,
            qPrintable(QString::number(v.widget.axis().nsPerPixel())));
    }
};

QTEST_MAIN(TstTimelineWidget)
#include "tst_timelinewidget.moc"
