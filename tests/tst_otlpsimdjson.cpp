#include "OtlpJson.h"
#include "OtlpSimdJson.h"

#include <QtTest>

#include <nlohmann/json.hpp>

using nlohmann::json;
using OtlpSimdJson::Element;

// The simdjson walk of OTLP/JSON: every AnyValue shape an exporter writes must decode to the
// value stored in the workspace, and the enum/integer decodings must match OtlpJson's
// (the nlohmann path the Jaeger and Zipkin importers use) exactly.
class TstOtlpSimdJson : public QObject
{
    Q_OBJECT

    simdjson::dom::parser m_parser;

    Element parse(const QByteArray &text)
    {
        Element root;
        const auto error = m_parser.parse(text.constData(), size_t(text.size())).get(root);
        if (error)
            qFatal("bad test JSON: %s", text.constData());
        return root;
    }

private slots:
    void anyValue_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("string") << QByteArray(R"({"stringValue":"x"})") << QByteArray(R"("x")");
        QTest::newRow("int as string") << QByteArray(R"({"intValue":"12"})") << QByteArray("12");
        QTest::newRow("int as number") << QByteArray(R"({"intValue":-12})") << QByteArray("-12");
        // Past int64 the text is kept rather than rounded.
        QTest::newRow("int too big") << QByteArray(R"({"intValue":"99999999999999999999"})")
                                     << QByteArray(R"("99999999999999999999")");
        QTest::newRow("double") << QByteArray(R"({"doubleValue":1.5})") << QByteArray("1.5");
        QTest::newRow("double written as int") << QByteArray(R"({"doubleValue":2})") << QByteArray("2");
        // proto3 JSON spells non-finite doubles as strings; JSON has no number for them.
        QTest::newRow("NaN") << QByteArray(R"({"doubleValue":"NaN"})") << QByteArray(R"("NaN")");
        QTest::newRow("Infinity") << QByteArray(R"({"doubleValue":"-Infinity"})") << QByteArray(R"("-Infinity")");
        QTest::newRow("bool") << QByteArray(R"({"boolValue":false})") << QByteArray("false");
        QTest::newRow("bytes stay base64") << QByteArray(R"({"bytesValue":"aGk="})") << QByteArray(R"("aGk=")");
        QTest::newRow("array") << QByteArray(R"({"arrayValue":{"values":[{"stringValue":"a"},{"intValue":"1"},{}]}})")
                               << QByteArray(R"(["a",1,null])");
        QTest::newRow("empty array") << QByteArray(R"({"arrayValue":{}})") << QByteArray("[]");
        QTest::newRow("array values an object")
            << QByteArray(R"({"arrayValue":{"values":{"a":1}}})") << QByteArray("[]");
        QTest::newRow("nested kvlist") << QByteArray(
            R"({"kvlistValue":{"values":[{"key":"k","value":{"kvlistValue":{"values":[)"
            R"({"key":"n","value":{"boolValue":true}},{"key":"m"}]}}}]}})")
                                       << QByteArray(R"({"k":{"m":null,"n":true}})");
        QTest::newRow("kvlist values an array of junk")
            << QByteArray(R"({"kvlistValue":{"values":[1,{"key":2}]}})") << QByteArray("{}");
        QTest::newRow("empty") << QByteArray("{}") << QByteArray("null");
        QTest::newRow("first member wins") << QByteArray(R"({"intValue":"3","stringValue":"x"})") << QByteArray("3");
        QTest::newRow("known after unknown") << QByteArray(R"({"x":1,"boolValue":true})") << QByteArray("true");
        QTest::newRow("plain object") << QByteArray(R"({"x":1})") << QByteArray(R"({"x":1})");
        QTest::newRow("plain number") << QByteArray("7") << QByteArray("7");
        QTest::newRow("wrong-typed string") << QByteArray(R"({"stringValue":5})") << QByteArray("5");
    }

    void anyValue()
    {
        QFETCH(QByteArray, value);
        QFETCH(QByteArray, expected);
        QCOMPARE(QByteArray::fromStdString(OtlpSimdJson::anyValue(parse(value)).dump()), expected);
    }

    // An intValue string decodes as OtlpJson::intFromText does, number or kept text alike.
    void intValueAgreesWithOtlpJson()
    {
        for (const char *text : {"812", "-9223372036854775808", "9223372036854775808", "+7", "1.5", "12 "}) {
            const QByteArray doc = QByteArray("{\"intValue\":\"") + text + "\"}";
            QCOMPARE(OtlpSimdJson::anyValue(parse(doc)), OtlpJson::intFromText(text));
        }
    }

    void enumsAndIntegers_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<qint64>("integer");
        QTest::newRow("int") << QByteArray("2") << 2 << 2 << qint64(2);
        QTest::newRow("int out of range") << QByteArray("6") << -1 << 0 << qint64(6);
        QTest::newRow("negative") << QByteArray("-1") << -1 << 0 << qint64(-1);
        QTest::newRow("double") << QByteArray("1.0") << 1 << 1 << qint64(1);
        QTest::newRow("huge double") << QByteArray("1e300") << -1 << 0 << qint64(-7);
        QTest::newRow("uint64") << QByteArray("18446744073709551615") << -1 << 0 << qint64(-1);
        QTest::newRow("digit string") << QByteArray(R"("3")") << 3 << 0 << qint64(3);
        QTest::newRow("kind name") << QByteArray(R"("SPAN_KIND_CLIENT")") << 3 << 0 << qint64(-7);
        QTest::newRow("status name") << QByteArray(R"("STATUS_CODE_ERROR")") << -1 << 2 << qint64(-7);
        QTest::newRow("short lowercase") << QByteArray(R"("ok")") << -1 << 1 << qint64(-7);
        QTest::newRow("object") << QByteArray(R"({"a":1})") << -1 << 0 << qint64(-7);
        QTest::newRow("bool") << QByteArray("true") << -1 << 0 << qint64(-7);
    }

    // Same value, both paths: kind, status and integer must match each other and the spec.
    void enumsAndIntegers()
    {
        QFETCH(QByteArray, value);
        QFETCH(int, kind);
        QFETCH(int, status);
        QFETCH(qint64, integer);
        const Element e = parse(value);
        const json j = json::parse(value.toStdString());
        QCOMPARE(OtlpSimdJson::spanKind(e), kind);
        QCOMPARE(OtlpJson::spanKind(&j), kind);
        QCOMPARE(OtlpSimdJson::statusCode(e), status);
        QCOMPARE(OtlpJson::statusCode(&j), status);
        QCOMPARE(qint64(OtlpSimdJson::integer(e, -7)), integer);
        QCOMPARE(qint64(OtlpJson::integer(&j, -7)), integer);
    }

    void nanos_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("string") << QByteArray(R"("1767261600850000000")") << qint64(1767261600850000000);
        QTest::newRow("number") << QByteArray("1767261600850000000") << qint64(1767261600850000000);
        QTest::newRow("iso text") << QByteArray(R"("2026-01-01T00:00:00Z")") << qint64(1767225600000000000);
        QTest::newRow("int64 max") << QByteArray("9223372036854775807") << qint64(9223372036854775807LL);
        // Past int64 a time is unusable: 0, never a wrapped negative.
        QTest::newRow("uint64 past int64") << QByteArray("9223372036854775808") << qint64(0);
        QTest::newRow("string past int64") << QByteArray(R"("9223372036854775808")") << qint64(0);
        QTest::newRow("huge double") << QByteArray("1e300") << qint64(0);
        QTest::newRow("double") << QByteArray("1.5e18") << qint64(1500000000000000000);
        // Before 1970 is no time (0), however it is written: times are never negative, so no
        // difference of two can overflow.
        QTest::newRow("negative") << QByteArray("-5") << qint64(0);
        QTest::newRow("negative string") << QByteArray(R"("-5")") << qint64(0);
        QTest::newRow("int64 min") << QByteArray("-9223372036854775808") << qint64(0);
        QTest::newRow("bool") << QByteArray("true") << qint64(0);
        QTest::newRow("object") << QByteArray("{}") << qint64(0);
    }

    void nanos()
    {
        QFETCH(QByteArray, value);
        QFETCH(qint64, expected);
        QCOMPARE(qint64(OtlpSimdJson::nanos(parse(value))), expected);
        const QByteArray holder = "{\"t\":" + value + "}";
        QCOMPARE(qint64(OtlpSimdJson::nanosMember(parse(holder), "t")), expected);
    }

    // Ids pass through as the text written (hex or base64): normalizing is TraceIds' job.
    void membersTolerateWrongTypes()
    {
        const Element span = parse(R"({"traceId":"5b8efff798038103d269b633813fc60c","spanId":"EjRWeJCrze8=",)"
                                   R"("parentSpanId":12,"links":{},"n":null})");
        std::string_view text;
        QVERIFY(OtlpSimdJson::stringMember(span, "traceId", text));
        QCOMPARE(text, std::string_view("5b8efff798038103d269b633813fc60c"));
        QVERIFY(OtlpSimdJson::stringMember(span, "spanId", text));
        QCOMPARE(text, std::string_view("EjRWeJCrze8="));
        QVERIFY(!OtlpSimdJson::stringMember(span, "parentSpanId", text));
        Element v;
        QVERIFY(!OtlpSimdJson::member(span, "n", v));
        json out = json::object();
        OtlpSimdJson::takeKeyValues(span["links"].value(), out);
        QCOMPARE(out, json::object());
        // Last: a new parse reuses the tape `span` points into.
        QVERIFY(!OtlpSimdJson::member(parse("[1]"), "traceId", v));
    }

    void keyValueLists()
    {
        const Element list
            = parse(R"([{"key":"a","value":{"intValue":"1"}},{"value":{"stringValue":"x"},"key":"b"},)"
                    R"({"key":"a","key":"z","value":{"boolValue":true},"value":1},{"key":"c","value":null}])");
        json out = json::object();
        OtlpSimdJson::takeKeyValues(list, out, "p.");
        QCOMPARE(QByteArray::fromStdString(out.dump()), QByteArray(R"({"p.a":true,"p.b":"x","p.c":null})"));
        std::string_view s;
        QVERIFY(OtlpSimdJson::stringAnyValue(parse(R"({"stringValue":"y","intValue":"1"})"), s));
        QCOMPARE(s, std::string_view("y"));
        QVERIFY(!OtlpSimdJson::stringAnyValue(parse(R"({"intValue":"1","stringValue":"y"})"), s));
    }

    void resourceAndScope()
    {
        const Element entry
            = parse(R"({"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}},)"
                    R"({"key":"host","value":{"intValue":"4"}}]},"scope":{"name":"lib","version":""}})");
        std::string service = "stale";
        const json attrs = OtlpSimdJson::resourceAttributes(entry, service);
        QCOMPARE(service, std::string("svc"));
        QCOMPARE(QByteArray::fromStdString(attrs.dump()),
            QByteArray(R"({"resource.host":4,"resource.service.name":"svc"})"));
        json out = json::object();
        OtlpSimdJson::addScopeNameVersion(entry["scope"].value(), out);
        QCOMPARE(QByteArray::fromStdString(out.dump()), QByteArray(R"({"otel.scope.name":"lib"})"));
        OtlpSimdJson::resourceAttributes(parse("{}"), service);
        QCOMPARE(service, std::string());
    }
};

QTEST_GUILESS_MAIN(TstOtlpSimdJson)
#include "tst_otlpsimdjson.moc"
