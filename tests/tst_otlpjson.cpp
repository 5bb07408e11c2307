#include "OtlpJson.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>

using nlohmann::json;

// The text forms OTLP/JSON gives numbers in: times and intValues as decimal strings. The
// plain-digit fast path must accept and refuse exactly what the strtoll path does.
class TstOtlpJson : public QObject
{
    Q_OBJECT

private slots:
    void integersFromText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("isNumber");
        QTest::addColumn<qint64>("value");
        QTest::newRow("digits") << "812" << true << qint64(812);
        QTest::newRow("nanoseconds") << "1767261600000000000" << true << qint64(1767261600000000000);
        QTest::newRow("negative") << "-5" << true << qint64(-5);
        QTest::newRow("leading zeros") << "00012" << true << qint64(12);
        QTest::newRow("int64 max") << "9223372036854775807" << true << std::numeric_limits<qint64>::max();
        QTest::newRow("int64 min") << "-9223372036854775808" << true << std::numeric_limits<qint64>::min();
        // What strtoll reads and from_chars does not: a leading space or '+'.
        QTest::newRow("leading space") << " 42" << true << qint64(42);
        QTest::newRow("plus") << "+7" << true << qint64(7);
        // Refused by both: kept as the text.
        QTest::newRow("overflow") << "9223372036854775808" << false << qint64(0);
        QTest::newRow("trailing letters") << "12abc" << false << qint64(0);
        QTest::newRow("trailing space") << "12 " << false << qint64(0);
        QTest::newRow("minus only") << "-" << false << qint64(0);
        QTest::newRow("hex") << "0x10" << false << qint64(0);
        QTest::newRow("decimal point") << "1.5" << false << qint64(0);
    }

    void integersFromText()
    {
        QFETCH(QString, text);
        QFETCH(bool, isNumber);
        QFETCH(qint64, value);
        const std::string s = text.toStdString();
        const json v = OtlpJson::intFromText(s);
        if (isNumber) {
            QVERIFY2(v.is_number_integer(), v.dump().c_str());
            QCOMPARE(qint64(v.get<int64_t>()), value);
            QCOMPARE(qint64(OtlpJson::integerFromText(s, -1)), value);
        } else {
            QVERIFY2(v.is_string(), v.dump().c_str());
            QCOMPARE(QString::fromStdString(v.get<std::string>()), text);
            QCOMPARE(qint64(OtlpJson::integerFromText(s, -1)), qint64(-1));
        }
    }

    void nanosFromText()
    {
        QCOMPARE(qint64(OtlpJson::nanosFromText("1767261600850000000")), qint64(1767261600850000000));
        QCOMPARE(qint64(OtlpJson::nanosFromText("")), qint64(0));
        // Not the spec, but seen: ISO-8601 text in a time field.
        QCOMPARE(qint64(OtlpJson::nanosFromText("2026-01-01T00:00:00Z")), qint64(1767225600000000000));
        QCOMPARE(qint64(OtlpJson::nanosFromText("soon")), qint64(0));
    }

    // A float where an integer belongs (flags, token counts): truncated when it fits, else the
    // fallback. Converting 1e300 or NaN to int64 is undefined behaviour, fatal under UBSan.
    void integersFromDoubles()
    {
        const json tokens = 812.9;
        QCOMPARE(qint64(OtlpJson::integer(&tokens)), qint64(812));
        const json huge = json::parse("[1e300, -1e300, 9.3e18, -9.3e18, -9.2e18]");
        QCOMPARE(qint64(OtlpJson::integer(&huge[0], -1)), qint64(-1));
        QCOMPARE(qint64(OtlpJson::integer(&huge[1], -1)), qint64(-1));
        QCOMPARE(qint64(OtlpJson::integer(&huge[2], -1)), qint64(-1));
        QCOMPARE(qint64(OtlpJson::integer(&huge[3], -1)), qint64(-1));
        QCOMPARE(qint64(OtlpJson::integer(&huge[4], -1)), qint64(-9200000000000000000LL));
        QCOMPARE(qint64(OtlpJson::integerFromDouble(std::numeric_limits<double>::quiet_NaN(), 7)), qint64(7));
        QCOMPARE(qint64(OtlpJson::integerFromDouble(-0x1p63, 7)), std::numeric_limits<qint64>::min());
        QCOMPARE(qint64(OtlpJson::integerFromDouble(0x1p63, 7)), qint64(7));
    }
};

QTEST_GUILESS_MAIN(TstOtlpJson)
#include "tst_otlpjson.moc"
