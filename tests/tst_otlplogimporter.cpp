// OTLP/JSON logs (documents and one request per line), including GenAI events in their
// deprecated (≤1.36) and current forms.
#include "TraceTestSupport.h"

using namespace TestUtils;
using namespace TraceTestSupport;
using Status = ImportRunner::FileResult::Status;

class TestOtlpLogImporter : public QObject
{
    Q_OBJECT

private slots:
    void specExampleLog();
    void eventWithKvlistBody();
    void lnavJsonLines();
    void genaiDeprecatedMessageEvents();
    void genaiInferenceDetailsEvent();
    void sniffing_data();
    void sniffing();
    void badInput_data();
    void badInput();

private:
    QTemporaryDir m_dir;
};

void TestOtlpLogImporter::specExampleLog()
{
    auto ws = newWorkspace(m_dir, "logs.threadline");
    const auto r = importOne(*ws, realFixture("otlp/otel-proto-example-logs.json"));
    QCOMPARE(int(r.status), int(Status::Imported));
    QCOMPARE(r.format, QStringLiteral("otlp-logs"));
    QCOMPARE(r.items, 1);
    QCOMPARE(queryText(*ws, "SELECT ref FROM items"), QStringLiteral("record:0"));
    QCOMPARE(queryText(*ws, "SELECT kind FROM items"), QStringLiteral("log"));
    // A record names a span; it is not one.
    QCOMPARE(queryText(*ws, "SELECT trace_id FROM items"), QStringLiteral("5b8efff798038103d269b633813fc60c"));
    QCOMPARE(queryText(*ws, "SELECT parent_span_id FROM items"), QStringLiteral("eee19b7ec3c1b174"));
    QCOMPARE(queryInt(*ws, "SELECT span_id IS NULL FROM items"), 1);
    QCOMPARE(queryText(*ws, "SELECT text FROM items"), QStringLiteral("Example log record"));
    QCOMPARE(queryInt(*ws, "SELECT start_ns FROM items"), Q_INT64_C(1544712660300000000));
    QCOMPARE(queryText(*ws, "SELECT actor FROM items"), QStringLiteral("my.service"));
    QCOMPARE(queryInt(*ws, "SELECT json_extract(attrs, '$.\"int.attribute\"') FROM items"), 10);
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.\"array.attribute\"') FROM items"),
        QStringLiteral("[\"many\",\"values\"]"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.\"map.attribute\".\"some.map.key\"') FROM items"),
        QStringLiteral("some value"));
    QCOMPARE(queryInt(*ws, "SELECT json_extract(attrs, '$.severity_number') FROM items"), 10);
    QCOMPARE(queryInt(*ws, "SELECT status FROM items"), 0);
}

void TestOtlpLogImporter::eventWithKvlistBody()
{
    auto ws = newWorkspace(m_dir, "events.threadline");
    QCOMPARE(importOne(*ws, realFixture("otlp/otel-proto-example-events.json")).items, 1);
    QCOMPARE(queryText(*ws, "SELECT name FROM items"), QStringLiteral("browser.page_view"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(detail, '$.body.title') FROM items"),
        QStringLiteral("Free Online GUID Generator"));
    QCOMPARE(queryInt(*ws, "SELECT json_extract(detail, '$.body.type') FROM items"), 0);
    QVERIFY(queryText(*ws, "SELECT text FROM items").contains(QStringLiteral("guidgenerator.com")));
}

void TestOtlpLogImporter::lnavJsonLines()
{
    const QString path = realFixture("logs/lnav-otlp-logs.jsonl");
    auto ws = newWorkspace(m_dir, "lnav.threadline");
    const auto r = importOne(*ws, path);
    QCOMPARE(int(r.status), int(Status::Imported));
    QCOMPARE(r.items, 11);
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM items WHERE trace_id IS NOT NULL"), 9);
    QCOMPARE(queryText(*ws, "SELECT group_concat(ref, ',') FROM (SELECT ref FROM items ORDER BY id LIMIT 3)"),
        QStringLiteral("record:0,record:1,record:2"));
    // ERROR (17) and FATAL (21) are failures; WARN (13) is not.
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM items WHERE status = 2"), 2);
    QCOMPARE(queryText(*ws, "SELECT text FROM items WHERE status = 2 ORDER BY id LIMIT 1"),
        QStringLiteral("Failed to update order status: database connection timeout"));
    QCOMPARE(queryText(*ws, "SELECT actor FROM items WHERE ref = 'record:3'"), QStringLiteral("order-service"));
    QCOMPARE(
        queryText(*ws, "SELECT parent_span_id FROM items WHERE ref = 'record:0'"), QStringLiteral("051581bf3cb55c13"));
    QCOMPARE(queryInt(*ws, "SELECT start_ns FROM items WHERE ref = 'record:10'"), Q_INT64_C(1700000010000000000));
    QCOMPARE(
        queryInt(*ws, "SELECT count(*) FROM items WHERE json_extract(attrs, '$.\"otel.log.flags\"') IS NOT NULL"), 1);
    // gzip of the same file imports the same way.
    auto ws2 = newWorkspace(m_dir, "lnavgz.threadline");
    QCOMPARE(importOne(*ws2, gzipCopy(m_dir, path, "lnav.jsonl.gz")).items, 11);
}

void TestOtlpLogImporter::genaiDeprecatedMessageEvents()
{
    const QByteArray doc
        = R"({"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"voice-gw"}}]},
     "scopeLogs":[{"scope":{"name":"openai"},"logRecords":[
      {"timeUnixNano":"1767261601200000000","severityNumber":9,"eventName":"gen_ai.user.message",
       "traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7",
       "body":{"kvlistValue":{"values":[{"key":"role","value":{"stringValue":"user"}},
                                         {"key":"content","value":{"stringValue":"my refund never arrived"}}]}},
       "attributes":[{"key":"user.id","value":{"stringValue":"cust-5512"}}]},
      {"timeUnixNano":"1767261602000000000","attributes":[{"key":"event.name","value":{"stringValue":"gen_ai.choice"}}],
       "body":{"kvlistValue":{"values":[{"key":"index","value":{"intValue":"0"}},
         {"key":"finish_reason","value":{"stringValue":"tool_calls"}},
         {"key":"message","value":{"kvlistValue":{"values":[{"key":"role","value":{"stringValue":"assistant"}}]}}},
         {"key":"tool_calls","value":{"arrayValue":{"values":[{"kvlistValue":{"values":[
            {"key":"id","value":{"stringValue":"call_7"}},{"key":"type","value":{"stringValue":"function"}},
            {"key":"function","value":{"kvlistValue":{"values":[{"key":"name","value":{"stringValue":"lookup_order"}},
               {"key":"arguments","value":{"stringValue":"{\"order\":\"A-19\"}"}}]}}}]}}]}}}]}}},
      {"timeUnixNano":"1767261603000000000","eventName":"gen_ai.tool.message",
       "body":{"kvlistValue":{"values":[{"key":"id","value":{"stringValue":"call_7"}},
         {"key":"content","value":{"stringValue":"refund sent"}}]}}},
      {"timeUnixNano":"1767261604000000000","severityText":"ERROR","body":{"stringValue":"ledger rejected"}}]}]}]})";
    const QString path = writeTemp(m_dir, "genai-events.json", doc);
    QCOMPARE(detected(path), QStringLiteral("otlp-logs"));
    auto ws = newWorkspace(m_dir, "genai.threadline");
    const auto r = importOne(*ws, path);
    QCOMPARE(r.items, 4);
    QCOMPARE(
        queryText(*ws, "SELECT text FROM items WHERE ref = 'record:0'"), QStringLiteral("my refund never arrived"));
    QCOMPARE(
        queryText(*ws, "SELECT json_extract(detail, '$.input_messages[0].role') FROM items WHERE ref = 'record:0'"),
        QStringLiteral("user"));
    QCOMPARE(queryText(*ws, "SELECT value FROM item_keys WHERE kind = 'user'"), QStringLiteral("cust-5512"));
    const QString choice = "FROM items WHERE ref = 'record:1'";
    QCOMPARE(queryText(*ws, "SELECT name " + choice), QStringLiteral("gen_ai.choice"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(detail, '$.output_messages[0].tool_calls[0].name') " + choice),
        QStringLiteral("lookup_order"));
    QCOMPARE(
        queryText(*ws, "SELECT json_extract(detail, '$.output_messages[0].tool_calls[0].arguments.order') " + choice),
        QStringLiteral("A-19"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(detail, '$.output_messages[0].finish_reason') " + choice),
        QStringLiteral("tool_calls"));
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM item_keys WHERE kind = 'tool_call' AND value = 'call_7'"), 2);
    QCOMPARE(
        queryText(*ws, "SELECT json_extract(detail, '$.input_messages[0].role') FROM items WHERE ref = 'record:2'"),
        QStringLiteral("tool"));
    QCOMPARE(queryInt(*ws, "SELECT status FROM items WHERE ref = 'record:3'"), 2);
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM items WHERE kind = 'log'"), 4);
}

void TestOtlpLogImporter::genaiInferenceDetailsEvent()
{
    const QByteArray doc = R"({"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"1767261601000000000",
      "eventName":"gen_ai.client.inference.operation.details","attributes":[
       {"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},
       {"key":"gen_ai.response.model","value":{"stringValue":"gpt-4o-2024-11-20"}},
       {"key":"gen_ai.input.messages","value":{"arrayValue":{"values":[{"kvlistValue":{"values":[
          {"key":"role","value":{"stringValue":"user"}},
          {"key":"parts","value":{"arrayValue":{"values":[{"kvlistValue":{"values":[
             {"key":"type","value":{"stringValue":"text"}},{"key":"content","value":{"stringValue":"Where is my refund?"}}]}}]}}}]}}]}}},
       {"key":"gen_ai.output.messages","value":{"stringValue":"[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"It was sent.\"}]}]"}}]}]}]}]})";
    const QString path = writeTemp(m_dir, "inference.json", doc);
    auto ws = newWorkspace(m_dir, "inference.threadline");
    QCOMPARE(importOne(*ws, path).items, 1);
    QCOMPARE(queryText(*ws, "SELECT kind FROM items"), QStringLiteral("llm"));
    QCOMPARE(queryText(*ws, "SELECT model_requested || '|' || model_served FROM items"),
        QStringLiteral("gpt-4o|gpt-4o-2024-11-20"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(detail, '$.input_messages[0].content') FROM items"),
        QStringLiteral("Where is my refund?"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(detail, '$.output_messages[0].content') FROM items"),
        QStringLiteral("It was sent."));
    QCOMPARE(queryText(*ws, "SELECT text FROM items"), QStringLiteral("Where is my refund?\nIt was sent."));
}

void TestOtlpLogImporter::sniffing_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("logs") << QStringLiteral("otlp/otel-proto-example-logs.json");
    QTest::newRow("events") << QStringLiteral("otlp/otel-proto-example-events.json");
    QTest::newRow("lnav jsonl") << QStringLiteral("logs/lnav-otlp-logs.jsonl");
}

void TestOtlpLogImporter::sniffing()
{
    QFETCH(QString, file);
    QCOMPARE(detected(realFixture(file)), QStringLiteral("otlp-logs"));
    QVERIFY(onlyClaimedBy(realFixture(file), "otlp-logs"));
}

void TestOtlpLogImporter::badInput_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expect");
    QTest::addColumn<int>("items");
    const QByteArray good = readFile(realFixture("otlp/otel-proto-example-logs.json"));
    const QByteArray lines = readFile(realFixture("logs/lnav-otlp-logs.jsonl"));
    QTest::newRow("empty") << QByteArray() << "empty" << -1;
    QTest::newRow("truncated") << good.left(good.size() / 2) << "invalid JSON" << -1;
    QTest::newRow("binary") << garbage(5000) << "" << -1;
    QTest::newRow("resourceLogs string") << QByteArray(R"({"resourceLogs":"abc"})") << "expected an array" << -1;
    QTest::newRow("deep nesting") << QByteArray(R"({"resourceLogs":)") + QByteArray(10000, '[') << "nested deeper"
                                  << -1;
    QTest::newRow("truncated last line") << lines.left(lines.size() - 30) << "" << 10;
    QTest::newRow("wrong types") << QByteArray(R"({"resourceLogs":[{"scopeLogs":[{"logRecords":"abc"},
        {"logRecords":[5, {"timeUnixNano":{},"body":[1],"severityNumber":"x","traceId":7}]}]}, 3]})")
                                 << "" << 1;
    QByteArray latin1 = lines;
    latin1.replace("Processing payment request", "Processing pay\xF1ment");
    QTest::newRow("non-UTF-8") << latin1 << "" << 11;
}

void TestOtlpLogImporter::badInput()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expect);
    QFETCH(int, items);
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(' ', '-');
    const QString path = writeTemp(m_dir, QStringLiteral("bad-%1.json").arg(tag), bytes);
    auto ws = newWorkspace(m_dir, QStringLiteral("bad-%1.threadline").arg(tag));
    const auto r = importOne(*ws, path, "otlp-logs");
    checkBadInputResult(*ws, r, expect, items, true);
}

QTEST_GUILESS_MAIN(TestOtlpLogImporter)
#include "tst_otlplogimporter.moc"
