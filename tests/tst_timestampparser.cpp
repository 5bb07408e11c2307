#include "TimestampParser.h"

#include <QtTest>

#include <nlohmann/json.hpp>

class TstTimestampParser : public QObject
{
    Q_OBJECT

private slots:
    void isoShapes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ns");
        const qint64 base = 1767261600000000000LL; // 2026-01-01T10:00:00Z
        QTest::newRow("Z") << "2026-01-01T10:00:00Z" << base;
        QTest::newRow("micro +00:00 (Agents SDK)") << "2026-01-01T10:00:00.123456+00:00" << base + 123456000;
        QTest::newRow("offset +02:00") << "2026-01-01T12:00:00+02:00" << base;
        QTest::newRow("offset -0530") << "2026-01-01T04:30:00-0530" << base;
        QTest::newRow("space separator (lnav)") << "2026-01-01 10:00:00Z" << base;
        QTest::newRow("no zone means UTC") << "2026-01-01T10:00:04.1" << base + 4100000000LL;
        QTest::newRow("nanosecond fraction") << "2026-01-01T10:00:00.000000001Z" << base + 1;
        QTest::newRow("comma decimal") << "2026-01-01T10:00:00,5Z" << base + 500000000;
        QTest::newRow("http date") << "Thu, 01 Jan 2026 10:00:00 GMT" << base;
        QTest::newRow("epoch seconds string") << "1767261600" << base;
        QTest::newRow("epoch ns string") << "1767261600000000000" << base;
        QTest::newRow("date only") << "2026-01-01" << base - 36000000000000LL;
    }
    void isoShapes()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ns);
        const auto parsed = TimestampParser::parseText(text.toStdString());
        QVERIFY2(parsed.has_value(), qPrintable(text));
        QCOMPARE(qint64(*parsed), ns);
    }

    void rejectsWhatIsNotATime_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("word") << "yesterday";
        QTest::newRow("month 13") << "2026-13-01T10:00:00Z";
        QTest::newRow("trailing junk") << "2026-01-01T10:00:00Zjunk";
        QTest::newRow("empty") << "";
        QTest::newRow("version") << "1.2.3";
        QTest::newRow("digits beyond int64") << "99999999999999999999";
    }
    void rejectsWhatIsNotATime()
    {
        QFETCH(QString, text);
        QVERIFY(!TimestampParser::parseText(text.toStdString()).has_value());
    }

    void epochMagnitudes()
    {
        const qint64 base = 1767261600000000000LL;
        QCOMPARE(qint64(*TimestampParser::fromEpochInteger(1767261600)), base);
        QCOMPARE(qint64(*TimestampParser::fromEpochInteger(1767261600123)), base + 123000000);
        QCOMPARE(qint64(*TimestampParser::fromEpochInteger(1767261600123456)), base + 123456000);
        QCOMPARE(qint64(*TimestampParser::fromEpochInteger(1767261600123456789)), base + 123456789);
        QCOMPARE(qint64(*TimestampParser::fromEpochNumber(1767261600.25)), base + 250000000);
        QVERIFY(!TimestampParser::fromEpochInteger(0).has_value());
        QVERIFY(!TimestampParser::fromEpochNumber(-5).has_value());
    }

    // int64 nanoseconds end on 2262-04-11T23:47:16.854775807Z and begin in 1677. Times past
    // either end (fuzzing found year 1013 and year 8566 in span dates) are no time at all; the
    // multiplication used to overflow, which is undefined behaviour.
    void timesBeyondInt64NanosecondsAreNotTimes()
    {
        QCOMPARE(qint64(*TimestampParser::parseText("2262-04-11T23:47:16.854775807Z")), INT64_MAX);
        QVERIFY(!TimestampParser::parseText("2262-04-11T23:47:16.854775808Z").has_value());
        QVERIFY(!TimestampParser::parseText("9999-12-31T23:59:59Z").has_value());
        QVERIFY(!TimestampParser::parseText("1013-03-01T00:00:00Z").has_value());
        QVERIFY(!TimestampParser::parseText("1969-12-31T23:59:59Z").has_value());
        QVERIFY(!TimestampParser::parseText("Wed, 31 Dec 1969 23:59:59 GMT").has_value());
        QCOMPARE(qint64(*TimestampParser::parseText("1970-01-01T00:00:00Z")), qint64(0));
        QVERIFY(!TimestampParser::parseText("Fri, 07 Feb 9999 01:53:41 GMT").has_value());
        QCOMPARE(qint64(*TimestampParser::fromEpochInteger(9223372036)), 9223372036000000000LL);
        QVERIFY(!TimestampParser::fromEpochInteger(9223372037).has_value()); // seconds
        QVERIFY(!TimestampParser::fromEpochInteger(99999999999999).has_value()); // milliseconds
        QVERIFY(!TimestampParser::fromEpochInteger(99999999999999999).has_value()); // microseconds
        QVERIFY(!TimestampParser::fromEpochNumber(9.3e10).has_value());
        QVERIFY(!TimestampParser::fromEpochNumber(9.3e13).has_value());
        QVERIFY(!TimestampParser::fromEpochNumber(9.3e16).has_value());
        QVERIFY(!TimestampParser::parse(nlohmann::json::parse("[99999999999, 0]")).has_value());
        QCOMPARE(qint64(TimestampParser::secondsToNs(1e10)), 0);
        // Jaeger/Zipkin microseconds: no time for an unrepresentable start, zero length for an end.
        using Span = std::pair<int64_t, int64_t>;
        QVERIFY(
            TimestampParser::microsecondSpan(1767261600000000, 250) == Span(1767261600000000000, 1767261600000250000));
        QVERIFY(TimestampParser::microsecondSpan(9999999999999999, 5) == Span(0, 0));
        QVERIFY(TimestampParser::microsecondSpan(-9000000000000000, 5) == Span(0, 0));
        QVERIFY(!TimestampParser::fromMicroseconds(-5).has_value());
        QCOMPARE(qint64(*TimestampParser::fromMicroseconds(1767261600000001)), Q_INT64_C(1767261600000001000));
        QVERIFY(TimestampParser::microsecondSpan(9000000000000000, 9000000000000000000)
            == Span(9000000000000000000, 9000000000000000000));
        QVERIFY(TimestampParser::microsecondSpan(9000000000000000, 300000000000000)
            == Span(9000000000000000000, 9000000000000000000));
        QCOMPARE(qint64(TimestampParser::secondsToNs(-2.5)), -2500000000LL);
    }

    // Windows and views around a time (handoff matching, the timeline) reach past it; at the
    // ends of int64 they are held there, never wrapped to the other end.
    void saturatingAdd()
    {
        QCOMPARE(qint64(TimestampParser::saturatingAdd(5, -7)), qint64(-2));
        QCOMPARE(qint64(TimestampParser::saturatingAdd(INT64_MAX - 500, 1000)), INT64_MAX);
        QCOMPARE(qint64(TimestampParser::saturatingAdd(INT64_MAX, INT64_MAX)), INT64_MAX);
        QCOMPARE(qint64(TimestampParser::saturatingAdd(INT64_MIN + 1, -2)), INT64_MIN);
        QCOMPARE(qint64(TimestampParser::saturatingAdd(INT64_MIN, INT64_MAX)), qint64(-1));
        QCOMPARE(qint64(TimestampParser::saturatingAdd(INT64_MAX - 1, 1)), INT64_MAX);
    }

    void jsonShapes()
    {
        const qint64 base = 1767261600000000000LL;
        QCOMPARE(qint64(*TimestampParser::parse(nlohmann::json::parse("[1767261600, 5000]"))), base + 5000);
        QCOMPARE(qint64(*TimestampParser::parse(nlohmann::json(1767261600000LL))), base);
        QCOMPARE(qint64(*TimestampParser::parse(nlohmann::json("1767261600000000000"))), base);
        QVERIFY(!TimestampParser::parse(nlohmann::json::object()).has_value());
        QVERIFY(!TimestampParser::parse(nlohmann::json(true)).has_value());
    }

    void isoRoundTrip()
    {
        QCOMPARE(QString::fromStdString(TimestampParser::toIso(1767261600123000000LL)),
            QStringLiteral("2026-01-01T10:00:00.123Z"));
        QCOMPARE(QString::fromStdString(TimestampParser::toIso(0)), QStringLiteral("1970-01-01T00:00:00.000Z"));
        const auto back = TimestampParser::parseText(TimestampParser::toIso(951782400000000000LL)); // 2000-02-29
        QCOMPARE(qint64(*back), 951782400000000000LL);
    }
};

QTEST_GUILESS_MAIN(TstTimestampParser)
#include "tst_timestampparser.moc"
