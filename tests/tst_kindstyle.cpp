#include "KindStyle.h"
#include "TimelineLanes.h"

#include <QtTest>

#include <QGuiApplication>
#include <QImage>

// A kind must look the same in the timeline, the tree and the details, and an error must be the
// one red the findings panel, the details HTML and the report use; these pin the mapping.
class TstKindStyle : public QObject
{
    Q_OBJECT

    static QPalette palette(const QColor &window)
    {
        QPalette p;
        p.setColor(QPalette::Window, window);
        return p;
    }
    static QPalette light() { return palette(Qt::white); }
    static QPalette dark() { return palette(QColor(0x20, 0x20, 0x20)); }
    static QRgb centre(const QIcon &icon) { return icon.pixmap(32, 32).toImage().pixel(16, 6); }

private slots:
    void kindsMapToLanes_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("lane");
        QTest::addColumn<QColor>("lightColor");
        // Every kind WorkspaceSchema lists, plus the fallbacks for what it does not.
        QTest::newRow("llm") << "llm" << int(TimelineLanes::Llm) << QColor(0x15, 0x65, 0xc0);
        QTest::newRow("agent") << "agent" << int(TimelineLanes::Llm) << QColor(0x15, 0x65, 0xc0);
        QTest::newRow("tool") << "tool" << int(TimelineLanes::Tool) << QColor(0xef, 0x6c, 0x00);
        QTest::newRow("http") << "http" << int(TimelineLanes::Tool) << QColor(0xef, 0x6c, 0x00);
        QTest::newRow("retrieval") << "retrieval" << int(TimelineLanes::Retrieval) << QColor(0x00, 0x83, 0x8f);
        QTest::newRow("handoff") << "handoff" << int(TimelineLanes::Handoff) << QColor(0x5d, 0x40, 0x37);
        QTest::newRow("asr") << "asr" << int(TimelineLanes::Audio) << QColor(0x2e, 0x7d, 0x32);
        QTest::newRow("speech") << "speech" << int(TimelineLanes::Audio) << QColor(0x2e, 0x7d, 0x32);
        QTest::newRow("audio") << "audio" << int(TimelineLanes::Audio) << QColor(0x2e, 0x7d, 0x32);
        QTest::newRow("image") << "image" << int(TimelineLanes::Images) << QColor(0x8e, 0x24, 0xaa);
        QTest::newRow("log") << "log" << int(TimelineLanes::Logs) << QColor(0x54, 0x6e, 0x7a);
        QTest::newRow("email") << "email" << int(TimelineLanes::Logs) << QColor(0x54, 0x6e, 0x7a);
        QTest::newRow("other") << "other" << int(TimelineLanes::Logs) << QColor(0x54, 0x6e, 0x7a);
        QTest::newRow("unknown") << "teleport" << int(TimelineLanes::Logs) << QColor(0x54, 0x6e, 0x7a);
        QTest::newRow("empty") << "" << int(TimelineLanes::Logs) << QColor(0x54, 0x6e, 0x7a);
        QTest::newRow("case matters") << "LLM" << int(TimelineLanes::Logs) << QColor(0x54, 0x6e, 0x7a);
    }
    void kindsMapToLanes()
    {
        QFETCH(QString, kind);
        QFETCH(int, lane);
        QFETCH(QColor, lightColor);
        QCOMPARE(TimelineLanes::laneForKind(kind), lane);
        QCOMPARE(KindStyle::kindColor(kind, light()), lightColor);
        QCOMPARE(KindStyle::kindColor(kind, dark()), KindStyle::laneColor(lane, dark()));
        QVERIFY(KindStyle::kindColor(kind, dark()) != lightColor); // the dark palette gets its own shade
        QVERIFY(!KindStyle::kindIcon(kind).isNull());
        // The badge is filled with the kind's light colour (sampled above the letter).
        QCOMPARE(QColor(centre(KindStyle::kindIcon(kind))), lightColor);
    }

    void lanesHaveDistinctColours()
    {
        for (const QPalette &p : {light(), dark()}) {
            QSet<QRgb> seen;
            for (int lane = 0; lane < TimelineLanes::LaneCount; ++lane)
                seen.insert(KindStyle::laneColor(lane, p).rgb());
            QCOMPARE(seen.size(), int(TimelineLanes::LaneCount));
        }
        // Out-of-range lanes (a corrupt value) clamp instead of reading past the table.
        QCOMPARE(KindStyle::laneColor(-5, light()), KindStyle::laneColor(TimelineLanes::Audio, light()));
        QCOMPARE(KindStyle::laneColor(99, light()), KindStyle::laneColor(TimelineLanes::Logs, light()));
    }

    void errorColourIsTheSharedRed()
    {
        // #c62828 is what the details HTML and the broken icon use for errors (tst_detailspanel).
        QCOMPARE(KindStyle::errorColor(light()), QColor(0xc6, 0x28, 0x28));
        QCOMPARE(KindStyle::errorColor(dark()), QColor(0xff, 0x6b, 0x6b));
        QCOMPARE(QColor(KindStyle::brokenIcon().pixmap(32, 32).toImage().pixel(10, 26)), QColor(0xc6, 0x28, 0x28));
        for (const QPalette &p : {light(), dark()}) {
            const QColor error = KindStyle::errorColor(p);
            QVERIFY(error != KindStyle::suggestedColor(p));
            QVERIFY(error != KindStyle::cursorColor(p));
            for (int lane = 0; lane < TimelineLanes::LaneCount; ++lane)
                QVERIFY(error != KindStyle::laneColor(lane, p));
        }
    }

    void darknessFollowsWindowLightness()
    {
        QVERIFY(!KindStyle::isDark(light()));
        QVERIFY(KindStyle::isDark(dark()));
        QVERIFY(KindStyle::isDark(palette(QColor(127, 127, 127))));
        QVERIFY(!KindStyle::isDark(palette(QColor(128, 128, 128))));
    }

    void iconsForRoles()
    {
        // Tree roles that are no item kind get their own badge; "media" borrows audio's colour.
        QCOMPARE(QColor(centre(KindStyle::kindIcon(QStringLiteral("turn")))), QColor(0x60, 0x7d, 0x8b));
        QCOMPARE(QColor(centre(KindStyle::kindIcon(QStringLiteral("continuation")))), QColor(0xb2, 0x6a, 0x00));
        QCOMPARE(QColor(centre(KindStyle::kindIcon(QStringLiteral("output")))), QColor(0x43, 0xa0, 0x47));
        QCOMPARE(QColor(centre(KindStyle::kindIcon(QStringLiteral("media")))), QColor(0x2e, 0x7d, 0x32));
        // Same colour, different initial: the badges still differ.
        const QImage llm = KindStyle::kindIcon(QStringLiteral("llm")).pixmap(32, 32).toImage();
        const QImage agent = KindStyle::kindIcon(QStringLiteral("agent")).pixmap(32, 32).toImage();
        QVERIFY(llm != agent);
        // The cache hands back the same pixmap for a repeated kind.
        QCOMPARE(KindStyle::kindIcon(QStringLiteral("llm")).cacheKey(),
            KindStyle::kindIcon(QStringLiteral("llm")).cacheKey());
        QVERIFY(!KindStyle::brokenIcon().isNull());
        QVERIFY(KindStyle::brokenIcon().pixmap(32, 32).toImage() != llm);
    }
};

QTEST_MAIN(TstKindStyle)
#include "tst_kindstyle.moc"
