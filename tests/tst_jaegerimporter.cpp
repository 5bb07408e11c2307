// Jaeger JSON ({"data":[trace…]} and bare trace objects) on the real samples in
// tests/fixtures/real/jaeger, plus damaged input.
#include "TraceTestSupport.h"

using namespace TestUtils;
using namespace TraceTestSupport;
using Status = ImportRunner::FileResult::Status;

class TestJaegerImporter : public QObject
{
    Q_OBJECT

private slots:
    void apiExportWithDataWrapper();
    void genaiTraceMapsSemantics();
    void nonHexIdsKeptAsSpelled();
    void duplicatesReferencesAndTypedTags();
    void parentCycleIsWarnedNotFatal();
    void orphansAndFollowsFrom();
    void sniffing_data();
    void sniffing();
    void badInput_data();
    void badInput();

private:
    QTemporaryDir m_dir;
};

void TestJaegerImporter::apiExportWithDataWrapper()
{
    auto ws = newWorkspace(m_dir, "api.threadline");
    const auto r = importOne(*ws, realFixture("jaeger/jaeger-ui-otlp2jaeger-out.json"));
    QCOMPARE(int(r.status), int(Status::Imported));
    QCOMPARE(r.format, QStringLiteral("jaeger"));
    QCOMPARE(r.items, 2);
    QCOMPARE(
        queryText(*ws, "SELECT parent_span_id FROM items ORDER BY id LIMIT 1"), QStringLiteral("909541b92cf05311"));
    // Microseconds → nanoseconds; duration 123 µs.
    QCOMPARE(queryInt(*ws, "SELECT start_ns FROM items ORDER BY id LIMIT 1"), Q_INT64_C(1706678909209712000));
    QCOMPARE(queryInt(*ws, "SELECT end_ns - start_ns FROM items ORDER BY id LIMIT 1"), 123000);
    QCOMPARE(queryText(*ws, "SELECT actor FROM items ORDER BY id LIMIT 1"), QStringLiteral("telemetrygen"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.\"peer.service\"') FROM items ORDER BY id LIMIT 1"),
        QStringLiteral("telemetrygen-client"));
    QCOMPARE(r.warnings.size(), 1); // the file repeats its one span
}

void TestJaegerImporter::genaiTraceMapsSemantics()
{
    auto ws = newWorkspace(m_dir, "genai.threadline");
    const auto r = importOne(*ws, realFixture("jaeger/jaeger-ui-genai-trace.json"));
    QCOMPARE(int(r.status), int(Status::Imported));
    QCOMPARE(r.items, 57);
    QCOMPARE(r.warnings.size(), 0);
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM items WHERE kind = 'llm'"), 5);
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM items WHERE kind = 'agent'"), 2);
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM items WHERE kind = 'retrieval'"), 3);
    QCOMPARE(queryInt(*ws, "SELECT count(DISTINCT actor) FROM items"), 10);
    const QString chat = "FROM items WHERE span_id = '0000000000000005'";
    QCOMPARE(queryText(*ws, "SELECT model_requested " + chat), QStringLiteral("model-a"));
    QCOMPARE(queryInt(*ws, "SELECT input_tokens " + chat), 1840);
    QCOMPARE(queryInt(*ws, "SELECT output_tokens " + chat), 260);
    QCOMPARE(queryText(*ws, "SELECT actor " + chat), QStringLiteral("coding-agent"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(detail, '$.input_messages[0].content') " + chat),
        QStringLiteral("Why did the checkout latency regress this afternoon?"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(detail, '$.system_instructions') " + chat),
        QStringLiteral("You are a triage assistant. Use the available tools before answering."));
    const QString tool = "FROM items WHERE span_id = '0000000000000007'";
    QCOMPARE(queryText(*ws, "SELECT kind " + tool), QStringLiteral("tool"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(detail, '$.tool.arguments.window') " + tool), QStringLiteral("1h"));
    QCOMPARE(queryInt(*ws, "SELECT json_extract(detail, '$.tool.result.rows') " + tool), 12);
    QCOMPARE(
        queryText(*ws, "SELECT value FROM item_keys WHERE kind = 'tool_call' AND item_id = (SELECT id " + tool + ")"),
        QStringLiteral("call_list_dashboards"));
    // The k8s pods call failed: the OpenTracing error tag.
    QCOMPARE(queryInt(*ws, "SELECT status FROM items WHERE span_id = '0000000000000011'"), 2);
    QCOMPARE(queryText(*ws, "SELECT kind FROM items WHERE span_id = '0000000000000001'"), QStringLiteral("http"));
}

void TestJaegerImporter::nonHexIdsKeptAsSpelled()
{
    auto ws = newWorkspace(m_dir, "graph.threadline");
    const auto r = importOne(*ws, realFixture("jaeger/jaeger-ui-trace-graph.json"));
    QCOMPARE(int(r.status), int(Status::Imported));
    QCOMPARE(r.items, 11);
    QCOMPARE(queryText(*ws, "SELECT ref FROM items ORDER BY id LIMIT 1"), QStringLiteral("span:trace-123/span-1"));
    QCOMPARE(queryText(*ws, "SELECT parent_span_id FROM items WHERE span_id = 'span-2'"), QStringLiteral("span-1"));
    // "error": "true" as a string still marks the span failed.
    QCOMPARE(queryInt(*ws, "SELECT status FROM items WHERE span_id = 'span-2'"), 2);
    QCOMPARE(
        queryText(*ws, "SELECT json_extract(attrs, '$.\"resource.hostname\"') FROM items WHERE span_id = 'span-1'"),
        QStringLiteral("foobar.org"));
}

void TestJaegerImporter::duplicatesReferencesAndTypedTags()
{
    auto ws = newWorkspace(m_dir, "ui01.threadline");
    const auto r = importOne(*ws, realFixture("jaeger/jaeger-ui-model-ui_01.json"));
    QCOMPARE(int(r.status), int(Status::Imported));
    QCOMPARE(r.items, 5);
    QCOMPARE(r.warnings.size(), 1);
    QVERIFY(r.warnings.first().contains(QStringLiteral("duplicate span id 0000000000000002")));
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM items WHERE ref LIKE '%#2'"), 1);
    // Span 4: first CHILD_OF in its own trace is the parent; the other two references are links.
    const QString s4 = "FROM items WHERE span_id = '0000000000000004'";
    QCOMPARE(queryText(*ws, "SELECT parent_span_id " + s4), QStringLiteral("0000000000000002"));
    QCOMPARE(queryInt(*ws, "SELECT json_array_length(detail, '$.links') " + s4), 2);
    QCOMPARE(
        queryText(*ws, "SELECT json_extract(detail, '$.links[0].trace_id') " + s4), QStringLiteral("00000000000000ff"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(detail, '$.links[1].attributes.\"opentracing.ref_type\"') " + s4),
        QStringLiteral("FOLLOWS_FROM"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.\"jaeger.warnings\"[0]') " + s4),
        QStringLiteral("some span warning"));
    QCOMPARE(queryText(*ws, "SELECT actor " + s4), QStringLiteral("service-y"));
    // Typed tags: an int64 too big for JavaScript stays exact text, float, bool, binary.
    const QString s2 = "FROM items WHERE ref LIKE '%#2'";
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.javascript_limit') " + s2),
        QStringLiteral("9223372036854775222"));
    QCOMPARE(queryText(*ws, "SELECT json_type(attrs, '$.javascript_limit') " + s2), QStringLiteral("integer"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.temperature') " + s2), QStringLiteral("72.5"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.blob') " + s2), QStringLiteral("AAAwOQ=="));
    QCOMPARE(queryInt(*ws, "SELECT status " + s2), 2);
    // Span logs become events, named by their "event" field.
    QCOMPARE(queryText(*ws,
                 "SELECT json_extract(detail, '$.events[0].name') FROM items WHERE name = 'test-general-conversion'"),
        QStringLiteral("some-event"));
    QCOMPARE(
        queryInt(*ws,
            "SELECT json_extract(detail, '$.events[1].time_ns') FROM items WHERE name = 'test-general-conversion'"),
        Q_INT64_C(1485467191639875000));
}

void TestJaegerImporter::parentCycleIsWarnedNotFatal()
{
    auto ws = newWorkspace(m_dir, "cycle.threadline");
    const auto r = importOne(*ws, realFixture("jaeger/jaeger-ui-parent-cycle.json"));
    QCOMPARE(int(r.status), int(Status::Imported));
    QCOMPARE(r.items, 2);
    QCOMPARE(r.warnings.size(), 1);
    QVERIFY(r.warnings.first().contains(QStringLiteral("parent cycle")));
    QVERIFY(r.warnings.first().contains(QStringLiteral("000000000000000a")));
    QVERIFY(r.warnings.first().contains(QStringLiteral("000000000000000b")));
    QCOMPARE(queryText(*ws, "SELECT parent_span_id FROM items WHERE span_id = '000000000000000a'"),
        QStringLiteral("000000000000000b"));
}

void TestJaegerImporter::orphansAndFollowsFrom()
{
    auto ws = newWorkspace(m_dir, "orphans.threadline");
    QCOMPARE(importOne(*ws, realFixture("jaeger/jaeger-ui-multiple-orphans.json")).items, 5);
    QCOMPARE(importOne(*ws, realFixture("jaeger/jaeger-ui-root-missing-reference.json")).items, 3);
    const auto f = importOne(*ws, realFixture("jaeger/jaeger-ui-follows-from-orphan.json"));
    QCOMPARE(f.items, 2);
    // FOLLOWS_FROM is not a parent: the span is a root with a link to the missing span.
    const QString s = "FROM items WHERE span_id = '0000000000000008'";
    QCOMPARE(queryInt(*ws, "SELECT count(*) " + s + " AND parent_span_id IS NULL"), 1);
    QCOMPARE(
        queryText(*ws, "SELECT json_extract(detail, '$.links[0].span_id') " + s), QStringLiteral("aaaaaaaaaaaaaaaa"));
}

void TestJaegerImporter::sniffing_data()
{
    QTest::addColumn<QString>("file");
    for (const char *f : {"jaeger-ui-otlp2jaeger-out.json", "jaeger-ui-genai-trace.json", "jaeger-ui-trace-graph.json",
             "jaeger-ui-multiple-orphans.json", "jaeger-ui-root-missing-reference.json",
             "jaeger-ui-follows-from-orphan.json", "jaeger-ui-parent-cycle.json", "jaeger-ui-model-ui_01.json"})
        QTest::newRow(f) << QStringLiteral("jaeger/") + QString::fromLatin1(f);
}

void TestJaegerImporter::sniffing()
{
    QFETCH(QString, file);
    QCOMPARE(detected(realFixture(file)), QStringLiteral("jaeger"));
    QVERIFY(onlyClaimedBy(realFixture(file), "jaeger"));
}

void TestJaegerImporter::badInput_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expect");
    QTest::addColumn<int>("items"); // -1: the file fails
    const QByteArray good = readFile(realFixture("jaeger/jaeger-ui-parent-cycle.json"));
    QTest::newRow("empty") << QByteArray() << "empty" << -1;
    QTest::newRow("truncated") << good.left(good.size() - 40) << "invalid JSON" << -1;
    QTest::newRow("binary") << garbage(2048) << "" << -1;
    QTest::newRow("data string") << QByteArray(R"({"data":"abc"})") << "expected an array" << -1;
    QTest::newRow("spans string") << QByteArray(R"({"traceID":"1","spans":"abc"})") << "expected an array" << -1;
    QTest::newRow("number") << QByteArray("3.5") << "not a Jaeger export" << -1;
    QTest::newRow("deep nesting") << QByteArray(200000, '[') << "nested deeper" << -1;
    QTest::newRow("span is a number") << QByteArray(R"({"data":[{"spans":[5,{"traceID":"ab","spanID":"cd",
        "startTime":"x","references":7,"tags":{"k":1},"logs":"no","processID":3}]}, 9]})")
                                      << "" << 1;
    // Microseconds whose nanoseconds leave int64 (undefined behaviour before, fatal under UBSan).
    QTest::newRow("times past int64 nanoseconds")
        << QByteArray(R"({"data":[{"traceID":"ab","spans":[{"traceID":"ab","spanID":"cd","startTime":9999999999999999,
        "duration":9000000000000000000,"logs":[{"timestamp":-9999999999999999,"fields":[]}]}]}]})")
        << "" << 1;
    QByteArray latin1 = good;
    latin1.replace("someOperationName", "caf\xE9");
    QTest::newRow("non-UTF-8") << latin1 << "" << 2;
}

void TestJaegerImporter::badInput()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expect);
    QFETCH(int, items);
    const QString path = writeTemp(m_dir, QStringLiteral("bad-%1.json").arg(QTest::currentDataTag()), bytes);
    auto ws = newWorkspace(m_dir, QStringLiteral("bad-%1.threadline").arg(QTest::currentDataTag()));
    const auto r = importOne(*ws, path, "jaeger");
    checkBadInputResult(*ws, r, expect, items, true);
}

QTEST_GUILESS_MAIN(TestJaegerImporter)
#include "tst_jaegerimporter.moc"
