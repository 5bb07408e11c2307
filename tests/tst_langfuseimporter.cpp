#include "ImportInput.h"
#include "ImporterRegistry.h"
#include "LangfuseImporter.h"
#include "TestUtils.h"
#include "TimestampParser.h"
#include "Workspace.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QtTest>

using namespace TestUtils;

namespace {

QString langfuse(const QString &name)
{
    return realFixture(QStringLiteral("langfuse/") + name);
}

// Hand-made shapes the recorded fixtures do not cover (UI and API downloads, sessions, odd types).
QString langfuseData(const QString &name)
{
    return testData(QStringLiteral("langfuse/") + name);
}

} // namespace

class TstLangfuseImporter : public QObject
{
    Q_OBJECT

private slots:
    void everyRealFixtureImports_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("observations");
        QTest::addColumn<int>("roots");
        QTest::addColumn<int>("llm");
        QTest::addColumn<QString>("traceId");
        QTest::newRow("agno") << "agno-2025-06-11.json" << 6 << 1 << 4 << "";
        QTest::newRow("autogen") << "autogen-2025-06-06.json" << 2 << 1 << 1 << "";
        QTest::newRow("beeai") << "beeai-2025-08-01.json" << 29 << 1 << 5 << "";
        QTest::newRow("claude") << "claude-agent-2025-12-22.json" << 7 << 1 << 4 << "097f1d8982fa909b8cffb14a166ec272";
        QTest::newRow("crewai") << "crewai-2025-07-11.json" << 6 << 1 << 1 << "";
        QTest::newRow("csharp") << "csharp-agent-with-gemini-2026-03-09.json" << 8 << 0 << 3 << "";
        QTest::newRow("google-adk") << "google-adk-2025-08-28.json" << 5 << 1 << 2 << "";
        QTest::newRow("google-gemini") << "google-gemini-2025-08-01.json" << 1 << 1 << 1 << "";
        QTest::newRow("vertex") << "google-vertex-tools-langchain-2025-09-19.json" << 1 << 1 << 1
                                << "vertex-gemini-trace-001";
        QTest::newRow("koog") << "koog-2025-08-26.json" << 11 << 1 << 2 << "";
        QTest::newRow("langgraph") << "langgraph-2025-08-22.json" << 9 << 1 << 2 << "";
        QTest::newRow("llamaindex") << "llamaindex-2025-06-05.json" << 2 << 1 << 1 << "";
        QTest::newRow("ms-agent-10") << "microsoft-agent-2025-10-14.json" << 4 << 1 << 2 << "";
        QTest::newRow("ms-agent-12") << "microsoft-agent-2025-12-17.json" << 4 << 1 << 2
                                     << "8e419d3288419b5d944270505640e183";
        QTest::newRow("openai-agents") << "openai-agents-2025-09-30.json" << 5 << 1 << 2 << "";
        QTest::newRow("openai-assistants") << "openai-assistants-2024-05-29.json" << 4 << 3 << 1 << "";
        QTest::newRow("pydantic-ai") << "pydantic-ai-tools-2025-12-04.json" << 12 << 1 << 4 << "";
    }
    void everyRealFixtureImports()
    {
        QFETCH(QString, file);
        QFETCH(int, observations);
        QFETCH(int, roots);
        QFETCH(int, llm);
        QFETCH(QString, traceId);
        QCOMPARE(detectFormat(langfuse(file)), QStringLiteral("langfuse"));
        QTemporaryDir dir;
        ImportRunner::FileResult r;
        auto ws = importOne(dir, langfuse(file), r);
        QVERIFY2(r.status == ImportRunner::FileResult::Status::Imported, qPrintable(r.message));
        QCOMPARE(r.format, QStringLiteral("langfuse"));
        QCOMPARE(r.items, observations + 1); // and the trace itself
        QCOMPARE(r.warnings.size(), 0);
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM items WHERE ref LIKE 'span:%'")), observations);
        QCOMPARE(queryInt(*ws,
                     QStringLiteral("SELECT count(*) FROM items WHERE ref LIKE 'span:%' AND parent_span_id IS NULL")),
            roots);
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM items WHERE kind='llm'")), llm);
        QCOMPARE(
            queryInt(*ws, QStringLiteral("SELECT count(*) FROM items WHERE ref LIKE 'trace:%' AND kind='agent'")), 1);
        // Every observation belongs to the file's one trace, and its ref says so.
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(DISTINCT trace_id) FROM items")), 1);
        QCOMPARE(
            queryInt(*ws,
                QStringLiteral(
                    "SELECT count(*) FROM items WHERE ref LIKE 'span:%' AND ref <> 'span:'||trace_id||'/'||span_id")),
            0);
        QCOMPARE(
            queryInt(*ws, QStringLiteral("SELECT count(*) FROM items WHERE start_ns <= 0 OR end_ns < start_ns")), 0);
        if (!traceId.isEmpty())
            QCOMPARE(queryText(*ws, QStringLiteral("SELECT trace_id FROM items WHERE ref LIKE 'trace:%'")), traceId);
    }

    void microsoftAgentModelAskedVersusServed()
    {
        QTemporaryDir dir;
        ImportRunner::FileResult r;
        auto ws = importOne(dir, langfuse(QStringLiteral("microsoft-agent-2025-12-17.json")), r);
        QCOMPARE(r.status, ImportRunner::FileResult::Status::Imported);
        QCOMPARE(queryText(*ws,
                     QStringLiteral("SELECT "
                                    "kind||'|'||model_requested||'|'||model_served||'|'||input_tokens||'|'||output_"
                                    "tokens||'|'||parent_span_id FROM items WHERE span_id='2406e8343fd49c0e'")),
            QStringLiteral("llm|gpt-5-mini|gpt-5-mini-2025-08-07|77|86|4cd6caa32861956a"));
        QCOMPARE(queryText(*ws,
                     QStringLiteral("SELECT kind||'|'||model_requested||'|'||model_served||'|'||input_tokens FROM "
                                    "items WHERE span_id='4cd6caa32861956a'")),
            QStringLiteral("agent|gpt-5-mini|gpt-5-mini|44"));
        // The model's tool call and the tool that ran it share the call id.
        QCOMPARE(queryInt(*ws,
                     QStringLiteral("SELECT count(DISTINCT i.span_id) FROM item_keys k JOIN items i ON i.id=k.item_id "
                                    "WHERE k.kind='tool_call' AND k.value='call_CwaJHuXTm9dmHFQPlVbqyzJ0' AND "
                                    "i.span_id IN ('2406e8343fd49c0e','a2de97aac476c036')")),
            2);
        QCOMPARE(queryText(*ws,
                     QStringLiteral("SELECT kind||'|'||json_extract(detail,'$.tool.arguments.location') FROM items "
                                    "WHERE span_id='a2de97aac476c036'")),
            QStringLiteral("tool|Tokyo, Japan"));
        QCOMPARE(queryText(*ws,
                     QStringLiteral("SELECT json_extract(detail,'$.output_messages[0].content') FROM items WHERE "
                                    "span_id='b0913e7cd82d72b8'")),
            QStringLiteral("Current conditions in Tokyo, Japan: stormy, high around 23°C."));
        QCOMPARE(queryText(*ws,
                     QStringLiteral("SELECT k.value FROM item_keys k JOIN items i ON i.id=k.item_id WHERE "
                                    "k.kind='conversation' AND i.span_id='b0913e7cd82d72b8'")),
            QStringLiteral("resp_0e32bda5b6259ecd00694279e271348194a818447145cd1763"));
        // The trace: its input was JSON encoded twice; its score sits on it.
        const QString trace = QStringLiteral("ref='trace:8e419d3288419b5d944270505640e183'");
        QCOMPARE(queryText(*ws, "SELECT json_extract(detail,'$.input_messages[1].content') FROM items WHERE " + trace),
            QStringLiteral("What's the weather in Tokyo?"));
        QCOMPARE(queryText(*ws,
                     "SELECT json_extract(detail,'$.scores[0].name')||'='||json_extract(detail,'$.scores[0].value') "
                     "FROM items WHERE "
                         + trace),
            QStringLiteral("correctness=1"));
        QCOMPARE(queryInt(*ws, "SELECT start_ns FROM items WHERE " + trace),
            *TimestampParser::parseText("2025-12-17T09:37:37.258Z"));
        QCOMPARE(queryInt(*ws, "SELECT end_ns FROM items WHERE " + trace),
            *TimestampParser::parseText("2025-12-17T09:37:41.622Z"));
    }

    void csharpDanglingParentAndSession()
    {
        QTemporaryDir dir;
        ImportRunner::FileResult r;
        auto ws = importOne(dir, langfuse(QStringLiteral("csharp-agent-with-gemini-2026-03-09.json")), r);
        QCOMPARE(r.status, ImportRunner::FileResult::Status::Imported);
        // Imported as recorded: the top span's parent is not in the file (correlation reports it).
        QCOMPARE(queryText(*ws, QStringLiteral("SELECT parent_span_id FROM items WHERE name='Insights Agent C#'")),
            QStringLiteral("1db8118c6ecfd744"));
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM items WHERE span_id='1db8118c6ecfd744'")), 0);
        QCOMPARE(queryInt(*ws,
                     QStringLiteral("SELECT count(DISTINCT item_id) FROM item_keys WHERE kind='conversation' AND "
                                    "value='9714061f-20c0-4d98-9220-1dc7df15c3c2'")),
            9);
        QCOMPARE(queryInt(*ws,
                     QStringLiteral(
                         "SELECT count(DISTINCT item_id) FROM item_keys WHERE kind='user' AND value='g.aprozeanu'")),
            9);
        QCOMPARE(queryInt(*ws,
                     QStringLiteral("SELECT count(*) FROM items WHERE model_served='gemini-2.5-flash' AND "
                                    "model_requested='gemini-2.5-flash'")),
            3);
        QCOMPARE(
            queryInt(*ws, QStringLiteral("SELECT sum(input_tokens) FROM items WHERE kind='llm'")), 3004 + 2546 + 2497);
        QCOMPARE(queryText(*ws,
                     QStringLiteral("SELECT k.value FROM item_keys k JOIN items i ON i.id=k.item_id WHERE "
                                    "k.kind='tool_call' AND i.span_id='5977f5594f537b9e'")),
            QStringLiteral("get_custom_report"));
    }

    void frameworkSpecifics()
    {
        {
            QTemporaryDir dir;
            ImportRunner::FileResult r;
            auto ws = importOne(dir, langfuse(QStringLiteral("claude-agent-2025-12-22.json")), r);
            // toolCalls (JSON strings) → tool_call keys; the chain root maps to other.
            QCOMPARE(queryText(*ws,
                         QStringLiteral("SELECT json_extract(detail,'$.tool_calls[0].name') FROM items WHERE "
                                        "span_id='f8e8f040dc94e67e'")),
                QStringLiteral("mcp__weather__get_weather"));
            QCOMPARE(queryInt(*ws,
                         QStringLiteral("SELECT count(*) FROM item_keys WHERE kind='tool_call' AND "
                                        "value='toolu_01NtVat4vJLFfVd5TqdLHcA7'")),
                1);
            QCOMPARE(queryText(*ws, QStringLiteral("SELECT kind FROM items WHERE name='claude.conversation'")),
                QStringLiteral("other"));
            QCOMPARE(queryText(*ws,
                         QStringLiteral("SELECT model_served||'|'||input_tokens||'|'||output_tokens FROM items WHERE "
                                        "span_id='371496f71d82baed'")),
                QStringLiteral("claude-sonnet-4-5-20250929|5|94"));
            QCOMPARE(queryText(*ws,
                         QStringLiteral(
                             "SELECT json_extract(detail,'$.scores[0].name') FROM items WHERE ref LIKE 'trace:%'")),
                QStringLiteral("correctness"));
        }
        {
            QTemporaryDir dir;
            ImportRunner::FileResult r;
            auto ws = importOne(dir, langfuse(QStringLiteral("crewai-2025-07-11.json")), r);
            // OpenInference kinds in the metadata refine SPAN observations.
            QCOMPARE(queryText(*ws, QStringLiteral("SELECT kind FROM items WHERE span_id='a8bf77474d6f9a1d'")),
                QStringLiteral("agent"));
            QCOMPARE(queryText(*ws, QStringLiteral("SELECT kind FROM items WHERE span_id='0dd92fffb354f15b'")),
                QStringLiteral("other"));
            QCOMPARE(queryText(*ws,
                         QStringLiteral(
                             "SELECT model_served||'|'||input_tokens||'|'||output_tokens FROM items WHERE kind='llm'")),
                QStringLiteral("gpt-4o-mini|190|164"));
        }
        {
            QTemporaryDir dir;
            ImportRunner::FileResult r;
            auto ws = importOne(dir, langfuse(QStringLiteral("langgraph-2025-08-22.json")), r);
            QCOMPARE(queryInt(*ws,
                         QStringLiteral("SELECT count(DISTINCT item_id) FROM item_keys WHERE kind='conversation' AND "
                                        "value='demo-thread-1'")),
                9); // the observations; the trace record itself names no thread
            QCOMPARE(queryText(*ws, QStringLiteral("SELECT model_served FROM items WHERE span_id='4f6535aaebcda355'")),
                QStringLiteral("gpt-4o-2024-08-06"));
        }
        {
            QTemporaryDir dir;
            ImportRunner::FileResult r;
            auto ws = importOne(dir, langfuse(QStringLiteral("google-adk-2025-08-28.json")), r);
            QCOMPARE(queryInt(*ws,
                         QStringLiteral("SELECT count(DISTINCT item_id) FROM item_keys WHERE kind='conversation' AND "
                                        "value='demo-session'")),
                6);
            QCOMPARE(queryInt(*ws,
                         QStringLiteral(
                             "SELECT count(DISTINCT item_id) FROM item_keys WHERE kind='user' AND value='demo-user'")),
                6);
            QCOMPARE(queryText(*ws, QStringLiteral("SELECT kind FROM items WHERE span_id='86cd4912944ddc41'")),
                QStringLiteral("other"));
            QCOMPARE(queryText(*ws,
                         QStringLiteral("SELECT k.value FROM item_keys k JOIN items i ON i.id=k.item_id WHERE "
                                        "k.kind='tool_call' AND i.span_id='04290e4d82aba1bc'")),
                QStringLiteral("adk-8bd8dc65-717d-4102-858b-3a1dd6b75a00"));
        }
        {
            QTemporaryDir dir;
            ImportRunner::FileResult r;
            auto ws = importOne(dir, langfuse(QStringLiteral("koog-2025-08-26.json")), r);
            QCOMPARE(queryInt(*ws,
                         QStringLiteral("SELECT count(*) FROM item_keys WHERE kind='tool_call' AND value IN "
                                        "('call_dOeEHJDI0liHrCdFWTpkTsuO','call_n2HaWg9KFP0BZDqXv6G4b3nJ')"))
                    >= 2,
                true);
            QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM items WHERE kind='agent'")), 3);
        }
        {
            QTemporaryDir dir;
            ImportRunner::FileResult r;
            auto ws = importOne(dir, langfuse(QStringLiteral("llamaindex-2025-06-05.json")), r);
            QCOMPARE(queryInt(*ws,
                         QStringLiteral("SELECT count(DISTINCT item_id) FROM item_keys WHERE kind='conversation' AND "
                                        "value='session_abc'")),
                3);
            QCOMPARE(queryInt(*ws,
                         QStringLiteral(
                             "SELECT count(DISTINCT item_id) FROM item_keys WHERE kind='user' AND value='user_123'")),
                3);
        }
        {
            QTemporaryDir dir;
            ImportRunner::FileResult r;
            auto ws = importOne(dir, langfuse(QStringLiteral("google-vertex-tools-langchain-2025-09-19.json")), r);
            QCOMPARE(queryText(*ws,
                         QStringLiteral("SELECT k.value FROM item_keys k JOIN items i ON i.id=k.item_id WHERE "
                                        "k.kind='conversation' AND i.ref LIKE 'span:%'")),
                QStringLiteral("test-conversation-001"));
            QCOMPARE(queryText(*ws,
                         QStringLiteral(
                             "SELECT json_extract(detail,'$.input_messages[3].content') FROM items WHERE kind='llm'")),
                QStringLiteral("Hello! I'm your assistant and I'll be happy to help you today.\n\nTo better assist "
                               "you, could you please share your full name?"));
        }
    }

    void uiDownload()
    {
        QTemporaryDir dir;
        ImportRunner::FileResult r;
        const QString path = langfuseData(QStringLiteral("ui-download.json"));
        QCOMPARE(detectFormat(path), QStringLiteral("langfuse"));
        auto ws = importOne(dir, path, r);
        QVERIFY2(r.status == ImportRunner::FileResult::Status::Imported, qPrintable(r.message));
        QCOMPARE(r.items, 5); // 4 observations + the trace gathered from their trace-level copies
        const QString gen = QStringLiteral("span_id='7d2c1a90e4b3f611'");
        QCOMPARE(queryText(*ws,
                     "SELECT ref||'|'||prompt_name||'|'||prompt_version||'|'||model_served||'|'||input_tokens FROM "
                     "items WHERE "
                         + gen),
            QStringLiteral(
                "span:4bf92f3577b34da6a3ce929d0e0e4736/7d2c1a90e4b3f611|refund-answer|7|gpt-4o-2024-11-20|812"));
        QCOMPARE(queryText(*ws,
                     "SELECT "
                     "json_extract(detail,'$.media_placeholders[0].id')||'|'||json_extract(detail,'$.media_"
                     "placeholders[0].type') FROM items WHERE "
                         + gen),
            QStringLiteral("m3d1a|image/png"));
        QCOMPARE(queryText(*ws,
                     "SELECT "
                     "json_extract(detail,'$.scores[0].name')||'|'||json_extract(detail,'$.model_parameters."
                     "temperature') FROM items WHERE "
                         + gen),
            QStringLiteral("helpful|0.2"));
        QCOMPARE(queryText(*ws, "SELECT json_extract(detail,'$.input_messages[0].content') FROM items WHERE " + gen),
            QStringLiteral("Where is my refund?\n[image_url]"));
        QCOMPARE(
            queryText(*ws,
                QStringLiteral("SELECT kind||'|'||status||'|'||status_message FROM items WHERE name='issue_refund'")),
            QStringLiteral("tool|2|payments API returned 503"));
        QCOMPARE(queryText(*ws,
                     QStringLiteral(
                         "SELECT k.kind FROM item_keys k JOIN items i ON i.id=k.item_id WHERE k.value='ORD-99123'")),
            QStringLiteral("order"));
        QCOMPARE(queryText(*ws, QStringLiteral("SELECT kind FROM items WHERE name='pii'")), QStringLiteral("other"));
        QCOMPARE(queryText(*ws,
                     QStringLiteral("SELECT name||'|'||json_extract(detail,'$.scores[0].name') FROM items WHERE "
                                    "ref='trace:4bf92f3577b34da6a3ce929d0e0e4736'")),
            QStringLiteral("refund chat|user_feedback"));
        QCOMPARE(
            queryInt(*ws,
                QStringLiteral(
                    "SELECT count(DISTINCT item_id) FROM item_keys WHERE kind='conversation' AND value='conv_8842'")),
            5); // trace-level copies reach every observation
    }

    void publicApiTrace()
    {
        QTemporaryDir dir;
        ImportRunner::FileResult r;
        const QString path = langfuseData(QStringLiteral("public-api-trace.json"));
        QCOMPARE(detectFormat(path), QStringLiteral("langfuse"));
        auto ws = importOne(dir, path, r);
        QVERIFY2(r.status == ImportRunner::FileResult::Status::Imported, qPrintable(r.message));
        QCOMPARE(r.items, 3);
        QCOMPARE(queryText(*ws,
                     QStringLiteral("SELECT kind||'|'||json_extract(detail,'$.scores[0].stringValue') FROM items WHERE "
                                    "span_id='obs-1'")),
            QStringLiteral("retrieval|yes"));
        QCOMPARE(
            queryText(*ws,
                QStringLiteral("SELECT kind||'|'||input_tokens||'|'||parent_span_id FROM items WHERE span_id='obs-2'")),
            QStringLiteral("llm|12|obs-1"));
        const QString trace = QStringLiteral("ref='trace:trace-api-1'");
        QCOMPARE(
            queryText(*ws,
                "SELECT kind||'|'||actor||'|'||json_extract(detail,'$.output_messages[0].content') FROM items WHERE "
                    + trace),
            QStringLiteral("agent|Concierge|Cancelled."));
        QCOMPARE(queryInt(*ws, "SELECT end_ns - start_ns FROM items WHERE " + trace), Q_INT64_C(3500000000));
        QCOMPARE(
            queryInt(*ws,
                QStringLiteral(
                    "SELECT count(DISTINCT item_id) FROM item_keys WHERE kind='conversation' AND value='sess-api-9'")),
            3);
    }

    void sessionDownload()
    {
        QTemporaryDir dir;
        ImportRunner::FileResult r;
        const QString path = langfuseData(QStringLiteral("session-download.json"));
        QCOMPARE(detectFormat(path), QStringLiteral("langfuse"));
        auto ws = importOne(dir, path, r);
        QVERIFY2(r.status == ImportRunner::FileResult::Status::Imported, qPrintable(r.message));
        QCOMPARE(r.items, 5); // 2 traces + 3 observations
        QCOMPARE(
            queryInt(*ws,
                QStringLiteral(
                    "SELECT count(DISTINCT item_id) FROM item_keys WHERE kind='conversation' AND value='session-42'")),
            5);
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(DISTINCT trace_id) FROM items")), 2);
        // An EVENT has no end: it is an instant.
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT end_ns - start_ns FROM items WHERE span_id='o-2'")), 0);
        QCOMPARE(queryText(*ws,
                     QStringLiteral(
                         "SELECT json_extract(detail,'$.output_messages[0].content') FROM items WHERE span_id='o-1'")),
            QStringLiteral("hello"));
    }

    void claimsNoOtherFormat()
    {
        LangfuseImporter importer;
        const QStringList files = realFixturesOutside(QStringLiteral("langfuse"));
        for (const QString &path : files)
            QVERIFY2(sniffScore(importer, path) == 0, qPrintable(path));
        QVERIFY(files.size() >= 45);
        const QString agents = testData(QStringLiteral("agents-sdk/batch.json"));
        QCOMPARE(importer.sniff(SniffInput {ImportInput::head(agents.toStdString(), 65536), "batch.json"}), 0);
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const QByteArray real = readFile(langfuse(QStringLiteral("microsoft-agent-2025-12-17.json")));
        QTest::newRow("truncated") << real.left(real.size() / 3) << QStringLiteral("invalid JSON");
        QByteArray garbage;
        for (int i = 0; i < 4096; ++i)
            garbage.append(char((i * 97 + 13) % 256));
        QTest::newRow("binary") << garbage << QStringLiteral("invalid JSON");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
        QTest::newRow("wrong shape") << QByteArray(R"({"trace": 5, "observations": "x"})")
                                     << QStringLiteral("no Langfuse observations");
        QTest::newRow("array of numbers") << QByteArray("[1,2,3]") << QStringLiteral("no Langfuse observations");
        QTest::newRow("non-UTF-8") << QByteArray(
            "{\"observations\":[{\"id\":\"a\",\"traceId\":\"t\",\"name\":\"\xff\xfe\"}]}")
                                   << QStringLiteral("invalid JSON");
        QTest::newRow("deep nesting") << QByteArray("{\"observations\":") + QByteArray(5000, '[')
                                      << QStringLiteral("nested deeper");
    }
    void badInput()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = writeTemp(dir, QStringLiteral("bad.json"), bytes);
        const auto results = import(*ws, {path}, QStringLiteral("langfuse"));
        QCOMPARE(results.front().status, ImportRunner::FileResult::Status::Failed);
        QVERIFY2(results.front().message.contains(expected), qPrintable(results.front().message));
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM items")), 0);
    }

    void wrongTypedFieldsStillImport()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = langfuseData(QStringLiteral("wrong-types.json"));
        const auto results = import(*ws, {path}, QStringLiteral("langfuse"));
        QVERIFY2(
            results.front().status == ImportRunner::FileResult::Status::Imported, qPrintable(results.front().message));
        QCOMPARE(results.front().items, 2);
        QCOMPARE(results.front().warnings.size(), 2);
        QCOMPARE(queryText(*ws,
                     QStringLiteral("SELECT "
                                    "kind||'|'||status||'|'||coalesce(input_tokens,'null')||'|'||json_extract(detail,'$"
                                    ".scores[0].value') FROM items WHERE span_id='o1'")),
            QStringLiteral("other|2|null|x"));
    }
};

QTEST_GUILESS_MAIN(TstLangfuseImporter)
#include "tst_langfuseimporter.moc"
