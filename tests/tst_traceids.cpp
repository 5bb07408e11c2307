// TraceIds: every spelling of a trace or span id an exporter writes must become the one
// lowercase hex the workspace joins on, or spans of one trace land in different traces.
#include "TraceIds.h"

#include <QtTest>

class TstTraceIds : public QObject
{
    Q_OBJECT

private slots:
    void normalize_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("lowercase hex") << "5b8efff798038103d269b633813fc60c" << 16
                                       << "5b8efff798038103d269b633813fc60c";
        QTest::newRow("uppercase hex") << "5B8EFFF798038103D269B633813FC60C" << 16
                                       << "5b8efff798038103d269b633813fc60c";
        QTest::newRow("mixed case span") << "EEe19B7eC3c1B174" << 8 << "eee19b7ec3c1b174";
        QTest::newRow("all zero is none") << "00000000000000000000000000000000" << 16 << "";
        QTest::newRow("all zero span is none") << "0000000000000000" << 8 << "";
        // 16 bytes of base64 (Jaeger's and protobuf-JSON's spelling).
        QTest::newRow("base64 trace") << "W47/95gDgQPSabYzgT/GDA==" << 16 << "5b8efff798038103d269b633813fc60c";
        QTest::newRow("base64 without padding") << "W47/95gDgQPSabYzgT/GDA" << 16 << "5b8efff798038103d269b633813fc60c";
        QTest::newRow("url-safe base64") << "W47_95gDgQPSabYzgT_GDA==" << 16 << "5b8efff798038103d269b633813fc60c";
        QTest::newRow("base64 of zeros is none") << "AAAAAAAAAAA=" << 8 << "";
        // Right length but not hex: a 16-character span id in base64 is 12 bytes, not 8.
        QTest::newRow("right length, not hex") << "zzzzzzzzzzzzzzzz" << 8 << "zzzzzzzzzzzzzzzz";
        QTest::newRow("0x prefix") << "0xABCDEF" << 8 << "abcdef";
        QTest::newRow("short hex is lowered") << "ABC1" << 8 << "abc1";
        QTest::newRow("anything else verbatim") << "span-42/x" << 8 << "span-42/x";
        QTest::newRow("empty") << "" << 8 << "";
    }

    void normalize()
    {
        QFETCH(QString, id);
        QFETCH(int, bytes);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(TraceIds::normalize(id.toStdString(), size_t(bytes))), expected);
    }

    void hexHelpers()
    {
        QVERIFY(TraceIds::isHex("09afAF"));
        QVERIFY(!TraceIds::isHex("09ag"));
        QVERIFY(!TraceIds::isHex(""));
        QCOMPARE(TraceIds::lowerHex("AbC9"), std::string("abc9"));
        QCOMPARE(TraceIds::bytesToHex(std::string("\x00\x7f\xff", 3)), std::string("007fff"));
        QVERIFY(TraceIds::isAllZero("000"));
        QVERIFY(!TraceIds::isAllZero("010"));
        QVERIFY(!TraceIds::isAllZero(""));
        std::string out;
        QVERIFY(TraceIds::base64Decode("AH//", out));
        QCOMPARE(out, std::string("\x00\x7f\xff", 3));
        QVERIFY(!TraceIds::base64Decode("A", out)); // one char of a group cannot be a byte
        QVERIFY(!TraceIds::base64Decode("AB*=", out));
    }

    void decimalToHex()
    {
        QCOMPARE(TraceIds::decimalToHex("255", 4), std::string("00ff"));
        QCOMPARE(TraceIds::decimalToHex("0", 2), std::string("00"));
        // 2^128 - 1: the largest trace id, 39 digits.
        QCOMPARE(TraceIds::decimalToHex("340282366920938463463374607431768211455", 32),
            std::string("ffffffffffffffffffffffffffffffff"));
        QCOMPARE(TraceIds::decimalToHex("65536", 2), std::string("10000")); // wider when needed
        QCOMPARE(TraceIds::decimalToHex("12a", 4), std::string());
        QCOMPARE(TraceIds::decimalToHex("", 4), std::string());
    }
};

QTEST_GUILESS_MAIN(TstTraceIds)
#include "tst_traceids.moc"
