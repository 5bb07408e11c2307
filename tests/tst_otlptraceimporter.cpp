// OTLP/JSON traces on the real samples in tests/fixtures/real/otlp, plus damaged input.
#include "TraceTestSupport.h"

using namespace TestUtils;
using namespace TraceTestSupport;
using Status = ImportRunner::FileResult::Status;

class TestOtlpTraceImporter : public QObject
{
    Q_OBJECT

private slots:
    void specExample();
    void everyAnyValueShapeAndLinks();
    void brokenTreesAreImportedAsRecorded();
    void duplicateSpanIdsKeepTheirOwnRefs();
    void severalResources();
    void base64IdsEnumNamesNumbersAndRemoteParent();
    void jsonLinesAndGzip();
    void sniffing_data();
    void sniffing();
    void badInput_data();
    void badInput();
    void wrongTypesInsideAreSkippedWithWarnings();
    void fastParserFallbacksInJsonLines();
    void repeatedAndNullSpanMembers();
    void repeatedAndNullAttributeMembers();

private:
    QTemporaryDir m_dir;
};

void TestOtlpTraceImporter::specExample()
{
    auto ws = newWorkspace(m_dir, "spec.threadline");
    const auto r = importOne(*ws, realFixture("otlp/otel-proto-example-trace.json"));
    QCOMPARE(int(r.status), int(Status::Imported));
    QCOMPARE(r.format, QStringLiteral("otlp-traces"));
    QCOMPARE(r.items, 1);
    // Upper-case hex in the file, lower-case in the workspace.
    QCOMPARE(queryText(*ws, "SELECT ref FROM items"),
        QStringLiteral("span:5b8efff798038103d269b633813fc60c/eee19b7ec3c1b174"));
    QCOMPARE(queryText(*ws, "SELECT parent_span_id FROM items"), QStringLiteral("eee19b7ec3c1b173"));
    QCOMPARE(queryText(*ws, "SELECT name FROM items"), QStringLiteral("I'm a server span"));
    QCOMPARE(queryText(*ws, "SELECT actor FROM items"), QStringLiteral("my.service"));
    QCOMPARE(queryInt(*ws, "SELECT start_ns FROM items"), Q_INT64_C(1544712660000000000));
    QCOMPARE(queryInt(*ws, "SELECT end_ns FROM items"), Q_INT64_C(1544712661000000000));
    QCOMPARE(
        queryText(*ws, "SELECT json_extract(attrs, '$.\"my.span.attr\"') FROM items"), QStringLiteral("some value"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.\"span.kind\"') FROM items"), QStringLiteral("server"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.\"resource.service.name\"') FROM items"),
        QStringLiteral("my.service"));
    QCOMPARE(
        queryText(*ws, "SELECT json_extract(attrs, '$.\"otel.scope.name\"') FROM items"), QStringLiteral("my.library"));
    QCOMPARE(
        queryText(*ws, "SELECT json_extract(attrs, '$.\"otel.scope.version\"') FROM items"), QStringLiteral("1.0.0"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.\"scope.my.scope.attribute\"') FROM items"),
        QStringLiteral("some scope attribute"));
}

void TestOtlpTraceImporter::everyAnyValueShapeAndLinks()
{
    auto ws = newWorkspace(m_dir, "links.threadline");
    const auto r = importOne(*ws, realFixture("otlp/jaeger-integration-link_attributes_trace.json"));
    QCOMPARE(int(r.status), int(Status::Imported));
    QCOMPARE(r.items, 1);
    QCOMPARE(queryInt(*ws, "SELECT json_array_length(detail, '$.links') FROM items"), 3);
    // Typed link attributes decoded: int as string → int, bool, double, bytes as base64 text.
    QCOMPARE(
        queryInt(*ws, "SELECT json_extract(detail, '$.links[0].attributes.sameplacelinkattribute2') FROM items"), 123);
    QCOMPARE(queryText(*ws, "SELECT json_type(detail, '$.links[0].attributes.sameplacelinkattribute2') FROM items"),
        QStringLiteral("integer"));
    QCOMPARE(queryText(*ws, "SELECT json_type(detail, '$.links[0].attributes.sameplacelinkattribute4') FROM items"),
        QStringLiteral("true"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(detail, '$.links[0].attributes.sameplacelinkattribute3') FROM items"),
        QStringLiteral("72.5"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(detail, '$.links[0].attributes.linkblob') FROM items"),
        QStringLiteral("AAAwOQ=="));
    QCOMPARE(queryText(*ws, "SELECT json_extract(detail, '$.links[2].attributes.\"opentracing.ref_type\"') FROM items"),
        QStringLiteral("follows_from"));
    // Linked traces become trace_group keys, once each.
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM item_keys WHERE kind = 'trace_group'"), 2);
    QCOMPARE(queryInt(*ws,
                 "SELECT count(*) FROM item_keys WHERE kind = 'trace_group' AND value = "
                 "'000000000000000000000000000000ff'"),
        1);
    // An empty status object is "unset".
    QCOMPARE(queryInt(*ws, "SELECT status FROM items"), 0);
}

void TestOtlpTraceImporter::brokenTreesAreImportedAsRecorded()
{
    auto ws = newWorkspace(m_dir, "broken.threadline");
    const auto r = importOne(*ws, realFixture("otlp/jaeger-memory-otel_traces_01.json"));
    QCOMPARE(int(r.status), int(Status::Imported));
    QCOMPARE(r.items, 4);
    QCOMPARE(queryInt(*ws, "SELECT count(DISTINCT trace_id) FROM items"), 2);
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM items WHERE status = 2"), 4);
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM items WHERE parent_span_id IS NULL OR parent_span_id = ''"), 0);
    // Kinds SERVER, CLIENT, PRODUCER, CONSUMER, one each.
    QCOMPARE(queryText(*ws,
                 "SELECT group_concat(json_extract(attrs, '$.\"span.kind\"'), ',') FROM "
                 "(SELECT attrs FROM items ORDER BY id)"),
        QStringLiteral("server,client,producer,consumer"));
    QCOMPARE(queryInt(*ws, "SELECT sum(json_array_length(detail, '$.events')) FROM items"), 8);
    QCOMPARE(queryInt(*ws, "SELECT sum(json_array_length(detail, '$.links')) FROM items"), 8);
    QCOMPARE(queryText(*ws, "SELECT json_extract(detail, '$.events[0].name') FROM items ORDER BY id LIMIT 1"),
        QStringLiteral("testing-event"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.\"otel.trace_state\"') FROM items ORDER BY id LIMIT 1"),
        QStringLiteral("state.2"));
    QCOMPARE(queryInt(*ws, "SELECT json_extract(attrs, '$.\"peer.ipv4\"') FROM items ORDER BY id LIMIT 1"), 23456);
}

void TestOtlpTraceImporter::duplicateSpanIdsKeepTheirOwnRefs()
{
    auto ws = newWorkspace(m_dir, "dup.threadline");
    const auto r = importOne(*ws, realFixture("otlp/jaeger-ui-otlp2jaeger-in.json"));
    QCOMPARE(int(r.status), int(Status::Imported));
    QCOMPARE(r.items, 2);
    QCOMPARE(r.warnings.size(), 1);
    QVERIFY(r.warnings.first().contains(QStringLiteral("duplicate span id e127af99e3b3e074")));
    QCOMPARE(queryText(*ws, "SELECT group_concat(ref, ' ') FROM (SELECT ref FROM items ORDER BY id)"),
        QStringLiteral("span:83a9efd15c1c98a977e0711cc93ee28b/e127af99e3b3e074 "
                       "span:83a9efd15c1c98a977e0711cc93ee28b/e127af99e3b3e074#2"));
}

void TestOtlpTraceImporter::severalResources()
{
    auto ws = newWorkspace(m_dir, "multi.threadline");
    QCOMPARE(importOne(*ws, realFixture("otlp/jaeger-ui-otlp2jaeger-multi-in-combined.json")).items, 4);
    QCOMPARE(queryText(*ws, "SELECT actor FROM items WHERE name = 'main'"), QStringLiteral("example-trace"));
    QCOMPARE(queryText(*ws,
                 "SELECT json_extract(attrs, '$.\"resource.telemetry.sdk.version\"') FROM items WHERE name = 'main'"),
        QStringLiteral("1.22.0"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.\"otel.scope.name\"') FROM items WHERE name = 'info'"),
        QStringLiteral("widgets"));
    auto ws2 = newWorkspace(m_dir, "example.threadline");
    QCOMPARE(importOne(*ws2, realFixture("otlp/jaeger-integration-example_trace.json")).items, 5);
    // No parentSpanId anywhere: five roots, three services, ten events.
    QCOMPARE(queryInt(*ws2, "SELECT count(*) FROM items WHERE parent_span_id IS NULL"), 5);
    QCOMPARE(queryInt(*ws2, "SELECT count(DISTINCT actor) FROM items"), 3);
    QCOMPARE(queryInt(*ws2, "SELECT sum(json_array_length(detail, '$.events')) FROM items"), 10);
}

void TestOtlpTraceImporter::base64IdsEnumNamesNumbersAndRemoteParent()
{
    // Phoenix/Laminar-style: base64 ids, enum names, numeric times, flags with IS_REMOTE.
    const QByteArray doc
        = R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"bot"}}]},
      "scopeSpans":[{"spans":[
        {"traceId":"S/kvNXezTaajzpKdDg5HNg==","spanId":"APBnqgupArc=","parentSpanId":"APBnqgupArg","name":"chat gpt-4o",
         "kind":"SPAN_KIND_CLIENT","flags":769,"startTimeUnixNano":1767261600000000000,"endTimeUnixNano":"1767261603500000000",
         "status":{"code":"STATUS_CODE_ERROR","message":"tool timeout"},
         "attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},
           {"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},
           {"key":"gen_ai.response.model","value":{"stringValue":"gpt-4o-2024-11-20"}},
           {"key":"gen_ai.usage.input_tokens","value":{"intValue":"812"}},
           {"key":"gen_ai.conversation.id","value":{"stringValue":"conv_8842"}},
           {"key":"big","value":{"intValue":"99999999999999999999"}},
           {"key":"tags","value":{"arrayValue":{"values":[{"stringValue":"vip"},{"intValue":"3"}]}}},
           {"key":"m","value":{"kvlistValue":{"values":[{"key":"a","value":{"boolValue":false}}]}}},
           {"key":"empty","value":{}}]}]}]}]})";
    const QString path = writeTemp(m_dir, "b64.json", doc);
    QCOMPARE(detected(path), QStringLiteral("otlp-traces"));
    auto ws = newWorkspace(m_dir, "b64.threadline");
    const auto r = importOne(*ws, path);
    QCOMPARE(int(r.status), int(Status::Imported));
    QCOMPARE(queryText(*ws, "SELECT trace_id FROM items"), QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736"));
    QCOMPARE(queryText(*ws, "SELECT span_id FROM items"), QStringLiteral("00f067aa0ba902b7"));
    QCOMPARE(queryText(*ws, "SELECT parent_span_id FROM items"), QStringLiteral("00f067aa0ba902b8"));
    QCOMPARE(queryInt(*ws, "SELECT parent_remote FROM items"), 1);
    QCOMPARE(queryInt(*ws, "SELECT status FROM items"), 2);
    QCOMPARE(queryText(*ws, "SELECT status_message FROM items"), QStringLiteral("tool timeout"));
    QCOMPARE(queryInt(*ws, "SELECT start_ns FROM items"), Q_INT64_C(1767261600000000000));
    QCOMPARE(queryInt(*ws, "SELECT end_ns FROM items"), Q_INT64_C(1767261603500000000));
    QCOMPARE(queryText(*ws, "SELECT kind FROM items"), QStringLiteral("llm"));
    QCOMPARE(queryText(*ws, "SELECT model_requested || '|' || model_served FROM items"),
        QStringLiteral("gpt-4o|gpt-4o-2024-11-20"));
    QCOMPARE(queryInt(*ws, "SELECT input_tokens FROM items"), 812);
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.\"span.kind\"') FROM items"), QStringLiteral("client"));
    // An int64 that does not fit stays text; arrays and maps decode to JSON.
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.big') FROM items"), QStringLiteral("99999999999999999999"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.tags') FROM items"), QStringLiteral("[\"vip\",3]"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.m') FROM items"), QStringLiteral("{\"a\":false}"));
    QCOMPARE(queryText(*ws, "SELECT json_type(attrs, '$.empty') FROM items"), QStringLiteral("null"));
    QCOMPARE(queryText(*ws, "SELECT value FROM item_keys WHERE kind = 'conversation'"), QStringLiteral("conv_8842"));
}

void TestOtlpTraceImporter::jsonLinesAndGzip()
{
    // The collector's file exporter: one compact request per line. Built from two fixtures.
    QByteArray lines;
    for (const char *f : {"otlp/otel-proto-example-trace.json", "otlp/jaeger-integration-example_trace.json"}) {
        const QJsonDocument d = QJsonDocument::fromJson(readFile(realFixture(QString::fromLatin1(f))));
        lines += d.toJson(QJsonDocument::Compact) + "\n";
    }
    lines += "{\"resourceSpans\": [ truncated\n";
    const QString path = writeTemp(m_dir, "traces.jsonl", lines);
    QCOMPARE(detected(path), QStringLiteral("otlp-traces"));
    auto ws = newWorkspace(m_dir, "jsonl.threadline");
    const auto r = importOne(*ws, path);
    QCOMPARE(int(r.status), int(Status::Imported));
    QCOMPARE(r.items, 6);
    QCOMPARE(r.warnings.size(), 1);
    QVERIFY2(r.warnings.first().contains(QStringLiteral("line 3")), qPrintable(r.warnings.first()));

    const QString gz = gzipCopy(m_dir, realFixture("otlp/jaeger-memory-otel_traces_01.json"), "memory.json.gz");
    QCOMPARE(detected(gz), QStringLiteral("otlp-traces"));
    auto ws2 = newWorkspace(m_dir, "gz.threadline");
    const auto g = importOne(*ws2, gz);
    QCOMPARE(int(g.status), int(Status::Imported));
    QCOMPARE(g.items, 4);
    QCOMPARE(queryInt(*ws2, "SELECT count(*) FROM items WHERE status = 2"), 4);
}

void TestOtlpTraceImporter::sniffing_data()
{
    QTest::addColumn<QString>("file");
    for (const char *f : {"otel-proto-example-trace.json", "jaeger-ui-otlp2jaeger-in.json",
             "jaeger-ui-otlp2jaeger-multi-in-combined.json", "jaeger-memory-otel_traces_01.json",
             "jaeger-integration-link_attributes_trace.json", "jaeger-integration-example_trace.json"})
        QTest::newRow(f) << QStringLiteral("otlp/") + QString::fromLatin1(f);
}

void TestOtlpTraceImporter::sniffing()
{
    QFETCH(QString, file);
    QCOMPARE(detected(realFixture(file)), QStringLiteral("otlp-traces"));
    QVERIFY(onlyClaimedBy(realFixture(file), "otlp-traces"));
}

void TestOtlpTraceImporter::badInput_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expect"); // a piece of the failure message
    const QByteArray good = readFile(realFixture("otlp/otel-proto-example-trace.json"));
    QTest::newRow("empty") << QByteArray() << "empty";
    QTest::newRow("blank lines") << QByteArray("\n\n  \n") << "empty";
    QTest::newRow("truncated") << good.left(good.size() / 2) << "invalid JSON";
    QTest::newRow("binary") << garbage(4096) << "";
    QTest::newRow("resourceSpans string") << QByteArray(R"({"resourceSpans":"abc"})") << "expected an array";
    QTest::newRow("number document") << QByteArray("42") << "ExportTraceServiceRequest";
    QTest::newRow("deep nesting") << QByteArray(R"({"resourceSpans":)") + QByteArray(100000, '[') << "nested deeper";
    QTest::newRow("no resourceSpans") << QByteArray(R"({"resourceLogs":[]})") << "resourceSpans";
}

void TestOtlpTraceImporter::badInput()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expect);
    const QString path = writeTemp(m_dir, QStringLiteral("bad-%1.json").arg(QTest::currentDataTag()), bytes);
    auto ws = newWorkspace(m_dir, QStringLiteral("bad-%1.threadline").arg(QTest::currentDataTag()));
    const auto r = importOne(*ws, path, "otlp-traces");
    QCOMPARE(int(r.status), int(Status::Failed));
    QVERIFY2(r.message.contains(expect), qPrintable(r.message));
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM items"), 0);
}

void TestOtlpTraceImporter::wrongTypesInsideAreSkippedWithWarnings()
{
    // Damage inside one scope or span costs that part only; non-UTF-8 bytes are replaced.
    QByteArray doc = R"({"resourceSpans":[
      {"scopeSpans":[{"spans":"abc"}, 7, {"spans":[42, {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
        "name":"caf)";
    doc += char(0xE9); // Latin-1 é
    doc += R"(","attributes":"nope","events":[3],"links":{"x":1},"status":5}]}]},
      {"scopeSpans":{"spans":[]}}, "junk"]})";
    const QString path = writeTemp(m_dir, "wrongtypes.json", doc);
    auto ws = newWorkspace(m_dir, "wrongtypes.threadline");
    const auto r = importOne(*ws, path);
    QCOMPARE(int(r.status), int(Status::Imported));
    QCOMPARE(r.items, 1);
    QCOMPARE(queryText(*ws, "SELECT name FROM items"), QStringLiteral("caf\uFFFD"));
    // spans "abc", scopeSpans 7, span 42, scopeSpans object, resource "junk", the UTF-8 repair.
    QCOMPARE(r.warnings.size(), 6);
}

void TestOtlpTraceImporter::fastParserFallbacksInJsonLines()
{
    // simdjson refuses what nlohmann reads (an integer beyond 64 bits) and invalid UTF-8; both
    // lines must import as they did before the fast parser, through its fallbacks.
    auto line = [](const char *spanId, const QByteArray &name, const char *attrValue) {
        return QByteArray(
                   R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":")")
            + spanId + R"(","name":")" + name + R"(","attributes":[{"key":"n","value":)" + attrValue + "}]}]}]}]}\n";
    };
    QByteArray lines = line("eee19b7ec3c1b171", "big", R"({"intValue":123456789012345678901234567890})");
    lines += line("eee19b7ec3c1b172", QByteArray("caf") + char(0xE9), R"({"stringValue":"x"})");
    lines += line("eee19b7ec3c1b173", "plain", R"({"intValue":"42"})");
    const QString path = writeTemp(m_dir, "fallbacks.jsonl", lines);
    auto ws = newWorkspace(m_dir, "fallbacks.threadline");
    const auto r = importOne(*ws, path);
    QCOMPARE(int(r.status), int(Status::Imported));
    QCOMPARE(r.items, 3);
    QCOMPARE(r.warnings.size(), 1); // the UTF-8 repair, naming its line
    QVERIFY2(r.warnings.first().contains(QStringLiteral("line 2")), qPrintable(r.warnings.first()));
    QCOMPARE(queryText(*ws, "SELECT name FROM items WHERE span_id = 'eee19b7ec3c1b172'"), QStringLiteral("caf\uFFFD"));
    QCOMPARE(queryText(*ws, "SELECT typeof(json_extract(attrs, '$.n')) FROM items WHERE name = 'big'"),
        QStringLiteral("real"));
    QCOMPARE(queryInt(*ws, "SELECT json_extract(attrs, '$.n') FROM items WHERE name = 'plain'"), 42);
}

void TestOtlpTraceImporter::repeatedAndNullSpanMembers()
{
    // A span's members are read in one pass: the first of a repeated key wins, and a null
    // member counts as absent (the span with a null traceId is skipped even though a later
    // copy holds one); times and kinds given twice keep their first values too.
    const QByteArray doc = R"({"resourceSpans":[{"scopeSpans":[{"spans":[
      {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b171","name":"first","name":"second",
       "startTimeUnixNano":"1000","startTimeUnixNano":"2000","kind":3,"kind":1,"parentSpanId":null},
      {"traceId":null,"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b172","name":"no trace"}
    ]}]}]})";
    const QString path = writeTemp(m_dir, "repeated.json", doc);
    auto ws = newWorkspace(m_dir, "repeated.threadline");
    const auto r = importOne(*ws, path);
    QCOMPARE(int(r.status), int(Status::Imported));
    QCOMPARE(r.items, 1);
    QCOMPARE(r.warnings.size(), 1);
    QVERIFY2(r.warnings.first().contains(QStringLiteral("traceId/spanId")), qPrintable(r.warnings.first()));
    QCOMPARE(queryText(*ws, "SELECT name FROM items"), QStringLiteral("first"));
    QCOMPARE(queryInt(*ws, "SELECT start_ns FROM items"), 1000);
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.\"span.kind\"') FROM items"), QStringLiteral("client"));
    QCOMPARE(queryText(*ws, "SELECT coalesce(parent_span_id, '') FROM items"), QString());
}

void TestOtlpTraceImporter::repeatedAndNullAttributeMembers()
{
    // Each {key, value} pair is read in one pass, with the rules a member lookup has: the first
    // of a repeated name wins, a null key drops the pair, a null value is stored as null, and a
    // non-object entry is skipped. A repeated attribute key keeps its last value.
    const QByteArray doc = R"({"resourceSpans":[{"scopeSpans":[{"spans":[
      {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b171","name":"s","attributes":[
        {"key":"a","key":"b","value":{"stringValue":"x"}},
        {"key":null,"value":{"stringValue":"dropped"}},
        {"value":{"stringValue":"no key"}},
        {"key":"c","value":null},
        {"key":"d","value":{"stringValue":"1"},"value":{"stringValue":"2"}},
        7,
        {"key":"e","value":{"stringValue":"first"}},
        {"value":{"intValue":"5"},"key":"f"},
        {"key":"e","value":{"stringValue":"last"}}]}
    ]}]}]})";
    const QString path = writeTemp(m_dir, "attrmembers.json", doc);
    auto ws = newWorkspace(m_dir, "attrmembers.threadline");
    const auto r = importOne(*ws, path);
    QCOMPARE(int(r.status), int(Status::Imported));
    QCOMPARE(r.items, 1);
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.a') FROM items"), QStringLiteral("x"));
    QCOMPARE(queryInt(*ws, "SELECT json_type(attrs, '$.b') IS NULL FROM items"), 1);
    QCOMPARE(queryText(*ws, "SELECT json_type(attrs, '$.c') FROM items"), QStringLiteral("null"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.d') FROM items"), QStringLiteral("1"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.e') FROM items"), QStringLiteral("last"));
    QCOMPARE(queryInt(*ws, "SELECT json_extract(attrs, '$.f') FROM items"), 5);
    // a, c, d, e, f: nothing from the dropped pairs.
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM items, json_each(items.attrs)"), 5);
}

QTEST_GUILESS_MAIN(TestOtlpTraceImporter)
#include "tst_otlptraceimporter.moc"
