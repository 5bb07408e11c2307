// OpenTelemetry SDK span dumps: the JS SDK's in-memory spans and the Python SDK's
// ReadableSpan JSON, on the real samples in tests/fixtures/real/otel-js and otel-python.
#include "TraceTestSupport.h"

using namespace TestUtils;
using namespace TraceTestSupport;
using Status = ImportRunner::FileResult::Status;

class TestOtelSdkSpanImporter : public QObject
{
    Q_OBJECT

private slots:
    void jsSdkVercelSpans();
    void pythonDecimalIdsStayExact();
    void pythonMissingParentsAndToolCallIds();
    void pythonConsoleExporterShape();
    void jsParentSpanContextAndKinds();
    void sniffing_data();
    void sniffing();
    void badInput_data();
    void badInput();

private:
    QTemporaryDir m_dir;
};

void TestOtelSdkSpanImporter::jsSdkVercelSpans()
{
    auto ws = newWorkspace(m_dir, "js.threadline");
    const auto r = importOne(*ws, realFixture("otel-js/openinference-vercel-ai-sdk-spans.json"));
    QCOMPARE(int(r.status), int(Status::Imported));
    QCOMPARE(r.format, QStringLiteral("otel-sdk-spans"));
    QCOMPARE(r.items, 10);
    // No parent ids in the dump: ten roots in ten traces.
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM items WHERE parent_span_id IS NULL"), 10);
    QCOMPARE(queryInt(*ws, "SELECT count(DISTINCT trace_id) FROM items"), 10);
    const QString first = "FROM items WHERE span_id = '39d6e9b3ddec9996'";
    QCOMPARE(queryText(*ws, "SELECT trace_id " + first), QStringLiteral("b3e700af9eab81e19f72f964d62a35af"));
    QCOMPARE(queryText(*ws, "SELECT name " + first), QStringLiteral("ai.generateText.doGenerate"));
    // [seconds, nanoseconds]
    QCOMPARE(queryInt(*ws, "SELECT start_ns " + first), Q_INT64_C(1770131992242000000));
    QCOMPARE(queryInt(*ws, "SELECT end_ns " + first), Q_INT64_C(1770131994021415667));
    QCOMPARE(queryText(*ws, "SELECT kind " + first), QStringLiteral("llm"));
    QCOMPARE(queryText(*ws, "SELECT model_requested " + first), QStringLiteral("gpt-4o-mini"));
    QCOMPARE(queryText(*ws, "SELECT model_served " + first), QStringLiteral("gpt-4o-mini-2024-07-18"));
    QCOMPARE(queryInt(*ws, "SELECT input_tokens " + first), 14);
    QCOMPARE(queryInt(*ws, "SELECT output_tokens " + first), 20);
    QCOMPARE(queryText(*ws, "SELECT json_extract(detail, '$.input_messages[0].content') " + first),
        QStringLiteral("Write a haiku about programming."));
    QVERIFY(queryText(*ws, "SELECT json_extract(detail, '$.output_messages[0].content') " + first)
                .startsWith(QStringLiteral("Lines of code align")));
    // The wrapper span is not a second LLM call; the doGenerate/doStream/doEmbed ones are.
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM items WHERE kind = 'llm'"), 5);
    QCOMPARE(queryText(*ws, "SELECT kind FROM items WHERE span_id = '648be1dfd8e521b6'"), QStringLiteral("other"));
    // Multi-turn prompt: system + 3 turns; stream events kept with their [s, ns] times.
    QCOMPARE(queryInt(*ws,
                 "SELECT json_array_length(detail, '$.input_messages') FROM items WHERE span_id = "
                 "'6c0201026326855d'"),
        4);
    QCOMPARE(queryInt(*ws,
                 "SELECT json_extract(detail, '$.events[0].time_ns') FROM items WHERE span_id = "
                 "'5a81ef3ffb5d8603'"),
        Q_INT64_C(1770132001025056459));
    QCOMPARE(
        queryText(*ws, "SELECT value FROM item_keys WHERE kind = 'response' AND item_id = (SELECT id " + first + ")"),
        QStringLiteral("resp_0269f3aed1fd415900698212189ed88190b8bb13919d420b02"));
}

void TestOtelSdkSpanImporter::pythonDecimalIdsStayExact()
{
    auto ws = newWorkspace(m_dir, "py.threadline");
    const auto r = importOne(*ws, realFixture("otel-python/any-agent-openai-trace.json"));
    QCOMPARE(int(r.status), int(Status::Imported));
    QCOMPARE(r.items, 6);
    QVERIFY(r.warnings.isEmpty());
    // trace_id 100927429609276267646756448943279827607 (> 2^64) and span ids, exactly.
    QCOMPARE(queryInt(*ws, "SELECT count(DISTINCT trace_id) FROM items"), 1);
    QCOMPARE(queryText(*ws, "SELECT trace_id FROM items LIMIT 1"), QStringLiteral("4bedea77bb33b9c5f280371eae21ea97"));
    const QString root = "FROM items WHERE name = 'invoke_agent [any_agent]'";
    QCOMPARE(queryText(*ws, "SELECT span_id " + root), QStringLiteral("ab08afea3548c547")); // 12324293800750531911
    QCOMPARE(queryInt(*ws, "SELECT count(*) " + root + " AND parent_span_id IS NULL"), 1);
    QCOMPARE(queryText(*ws, "SELECT kind " + root), QStringLiteral("agent"));
    QCOMPARE(queryInt(*ws, "SELECT status " + root), 0);
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM items WHERE parent_span_id = 'ab08afea3548c547'"), 5);
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM items WHERE kind = 'llm' AND status = 1"), 3);
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM items WHERE kind = 'tool'"), 2);
    QCOMPARE(
        queryInt(*ws, "SELECT start_ns FROM items WHERE span_id = '8100d9dbee1f3e47'"), Q_INT64_C(1758026593210770000));
    QCOMPARE(
        queryText(*ws, "SELECT json_extract(attrs, '$.\"span.kind\"') FROM items LIMIT 1"), QStringLiteral("internal"));
    QCOMPARE(queryText(*ws, "SELECT actor FROM items LIMIT 1"), QStringLiteral("unknown_service"));
    // The first LLM call's output is a requested tool call written in any-agent's own shape.
    QCOMPARE(queryText(*ws,
                 "SELECT json_extract(detail, '$.output_messages[0].tool_calls[0].name') FROM items WHERE span_id = "
                 "'8100d9dbee1f3e47'"),
        QStringLiteral("get_current_time"));
    QCOMPARE(queryText(*ws,
                 "SELECT json_extract(detail, '$.tool.arguments.timezone') FROM items WHERE name = 'execute_tool "
                 "get_current_time'"),
        QStringLiteral("America/New_York"));
}

void TestOtelSdkSpanImporter::pythonMissingParentsAndToolCallIds()
{
    auto ws = newWorkspace(m_dir, "adk.threadline");
    const auto r = importOne(*ws, realFixture("otel-python/any-agent-google-adk-trace.json"));
    QCOMPARE(r.items, 7);
    QCOMPARE(queryText(*ws, "SELECT trace_id FROM items LIMIT 1"), QStringLiteral("cdbd7b99cef221c28dd6d03c27d09b4c"));
    // Every non-root span's parent is missing from the file (as recorded): none points at a span here.
    QCOMPARE(queryInt(*ws,
                 "SELECT count(*) FROM items c WHERE parent_span_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM items p "
                 "WHERE p.span_id = c.parent_span_id)"),
        6);
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM item_keys WHERE kind = 'tool_call'"), 3);
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM item_keys WHERE kind = 'tool_call' AND value = 'jbUWqgIUr'"), 1);
}

void TestOtelSdkSpanImporter::pythonConsoleExporterShape()
{
    // ConsoleSpanExporter: 0x-hex ids, ISO times, SpanKind.X and StatusCode.X names, parent as an id.
    const QByteArray doc = R"({"name":"chat","context":{"trace_id":"0x4bf92f3577b34da6a3ce929d0e0e4736",
      "span_id":"0x00f067aa0ba902b7","trace_state":"[]"},"kind":"SpanKind.CLIENT","parent_id":"0x00f067aa0ba902b8",
      "start_time":"2026-01-01T10:00:00.123456Z","end_time":"2026-01-01T10:00:01.000000Z",
      "status":{"status_code":"ERROR","description":"boom"},"attributes":{"gen_ai.request.model":"gpt-4o"},
      "events":[{"name":"exception","timestamp":"2026-01-01T10:00:00.900000Z","attributes":{"exception.message":"x"}}],
      "links":[{"context":{"trace_id":"0x000000000000000000000000000000ff","span_id":"0x00000000000000ff"},"attributes":{}}],
      "resource":{"attributes":{"service.name":"py-bot"},"schema_url":""}})";
    const QString path = writeTemp(m_dir, "console.json", doc);
    QCOMPARE(detected(path), QStringLiteral("otel-sdk-spans"));
    auto ws = newWorkspace(m_dir, "console.threadline");
    const auto r = importOne(*ws, path);
    QCOMPARE(int(r.status), int(Status::Imported));
    QCOMPARE(queryText(*ws, "SELECT ref FROM items"),
        QStringLiteral("span:4bf92f3577b34da6a3ce929d0e0e4736/00f067aa0ba902b7"));
    QCOMPARE(queryText(*ws, "SELECT parent_span_id FROM items"), QStringLiteral("00f067aa0ba902b8"));
    QCOMPARE(queryInt(*ws, "SELECT start_ns FROM items"), Q_INT64_C(1767261600123456000));
    QCOMPARE(queryInt(*ws, "SELECT status FROM items"), 2);
    QCOMPARE(queryText(*ws, "SELECT status_message FROM items"), QStringLiteral("boom"));
    QCOMPARE(queryText(*ws, "SELECT actor FROM items"), QStringLiteral("py-bot"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.\"span.kind\"') FROM items"), QStringLiteral("client"));
    QCOMPARE(queryText(*ws, "SELECT value FROM item_keys WHERE kind = 'trace_group'"),
        QStringLiteral("000000000000000000000000000000ff"));
}

void TestOtelSdkSpanImporter::jsParentSpanContextAndKinds()
{
    // JS SpanKind numbers from INTERNAL = 0: 2 is CLIENT there (SERVER in OTLP).
    const QByteArray doc
        = R"([{"name":"a","spanContext":{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7"},
      "parentSpanContext":{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b8"},"kind":2,
      "startTime":[1767261600,5],"endTime":[1767261601,0],"status":{"code":2,"message":"bad"},"attributes":{},"events":[]},
      {"name":"b","spanContext":{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b8"},"kind":0,
      "startTime":[1767261600,0],"duration":[2,0],"status":{"code":0},"attributes":{"tool.name":"lookup"}}])";
    const QString path = writeTemp(m_dir, "js.json", doc);
    auto ws = newWorkspace(m_dir, "js2.threadline");
    QCOMPARE(importOne(*ws, path).items, 2);
    QCOMPARE(queryText(*ws, "SELECT parent_span_id FROM items WHERE name = 'a'"), QStringLiteral("00f067aa0ba902b8"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.\"span.kind\"') FROM items WHERE name = 'a'"),
        QStringLiteral("client"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.\"span.kind\"') FROM items WHERE name = 'b'"),
        QStringLiteral("internal"));
    QCOMPARE(queryInt(*ws, "SELECT start_ns FROM items WHERE name = 'a'"), Q_INT64_C(1767261600000000005));
    QCOMPARE(queryInt(*ws, "SELECT end_ns - start_ns FROM items WHERE name = 'b'"), Q_INT64_C(2000000000));
    QCOMPARE(queryInt(*ws, "SELECT status FROM items WHERE name = 'a'"), 2);
    QCOMPARE(queryText(*ws, "SELECT kind FROM items WHERE name = 'b'"), QStringLiteral("tool"));
}

void TestOtelSdkSpanImporter::sniffing_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("js") << QStringLiteral("otel-js/openinference-vercel-ai-sdk-spans.json");
    QTest::newRow("python openai") << QStringLiteral("otel-python/any-agent-openai-trace.json");
    QTest::newRow("python adk") << QStringLiteral("otel-python/any-agent-google-adk-trace.json");
}

void TestOtelSdkSpanImporter::sniffing()
{
    QFETCH(QString, file);
    QCOMPARE(detected(realFixture(file)), QStringLiteral("otel-sdk-spans"));
    QVERIFY(onlyClaimedBy(realFixture(file), "otel-sdk-spans"));
}

void TestOtelSdkSpanImporter::badInput_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expect");
    QTest::addColumn<int>("items");
    const QByteArray good = readFile(realFixture("otel-python/any-agent-openai-trace.json"));
    QTest::newRow("empty") << QByteArray() << "empty" << -1;
    QTest::newRow("truncated") << good.left(good.size() / 2) << "invalid JSON" << -1;
    QTest::newRow("binary") << garbage(3000) << "" << -1;
    QTest::newRow("spans string") << QByteArray(R"({"spans":"abc"})") << "expected an array" << -1;
    QTest::newRow("number") << QByteArray("12") << "expected an array" << -1;
    QTest::newRow("deep nesting") << QByteArray(R"({"spans":)") + QByteArray(50000, '{') << "nested deeper" << -1;
    QTest::newRow("wrong types") << QByteArray(R"({"spans":[1, {"context":5}, {"context":{"trace_id":null,"span_id":3}},
        {"name":7,"context":{"trace_id":123456789012345678901234567890,"span_id":42},"kind":[],"parent":"x",
         "start_time":{},"status":"ok","attributes":[1,2],"events":5}]})")
                                 << "" << 1;
    // [seconds, nanoseconds] and a duration whose sum leaves int64 nanoseconds.
    QTest::newRow("times past int64 nanoseconds") << QByteArray(
        R"([{"name":"a","spanContext":{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7"},
        "startTime":[9999999999,0],"attributes":{}},{"name":"b","spanContext":{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736",
        "spanId":"00f067aa0ba902b8"},"startTime":[9000000000,0],"duration":[9000000000,0],"attributes":{}}])")
                                                  << "" << 2;
    QByteArray latin1 = good;
    latin1.replace("write_file", "\xFCrite_file");
    QTest::newRow("non-UTF-8") << latin1 << "" << 6;
}

void TestOtelSdkSpanImporter::badInput()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expect);
    QFETCH(int, items);
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(' ', '-');
    const QString path = writeTemp(m_dir, QStringLiteral("bad-%1.json").arg(tag), bytes);
    auto ws = newWorkspace(m_dir, QStringLiteral("bad-%1.threadline").arg(tag));
    const auto r = importOne(*ws, path, "otel-sdk-spans");
    checkBadInputResult(*ws, r, expect, items, false);
    if (QTest::currentTestFailed())
        return;
    if (QByteArray(QTest::currentDataTag()) == "wrong types")
        QCOMPARE(queryText(*ws, "SELECT trace_id FROM items"), QStringLiteral("000000018ee90ff6c373e0ee4e3f0ad2"));
}

QTEST_GUILESS_MAIN(TestOtelSdkSpanImporter)
#include "tst_otelsdkspanimporter.moc"
