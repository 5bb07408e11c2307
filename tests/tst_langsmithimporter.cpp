#include "ImportInput.h"
#include "ImporterRegistry.h"
#include "LangSmithImporter.h"
#include "TestUtils.h"
#include "Workspace.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QtTest>

using namespace TestUtils;

namespace {

QString langsmith(const QString &name)
{
    return realFixture(QStringLiteral("langsmith/") + name);
}

// Hand-made runs for what the recorded batches lack: ancestry, errors, threads, arrays, single runs.
QString langsmithData(const QString &name)
{
    return testData(QStringLiteral("langsmith/") + name);
}

} // namespace

class TstLangSmithImporter : public QObject
{
    Q_OBJECT

private slots:
    void everyRealFixtureImports_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("runId");
        QTest::addColumn<QString>("asked");
        QTest::addColumn<QString>("served");
        QTest::addColumn<int>("inputTokens"); // -1: the stream carried no usage
        QTest::addColumn<QString>("start");
        QTest::addColumn<QString>("end");
        QTest::newRow("js default") << "js-langsmith_js_wrap_openai_default.json"
                                    << "dc34609e-3eeb-459d-bc2a-6fedb01d2e6e"
                                    << "gpt-4o-mini"
                                    << "gpt-4o-mini-2024-07-18" << 9 << "2024-10-13T07:05:37.170Z"
                                    << "2024-10-13T07:05:38.285Z";
        QTest::newRow("js reasoning") << "js-langsmith_js_wrap_openai_reasoning.json"
                                      << "e954b8e3-c337-4a05-bf0a-ca2baac3ba48"
                                      << "o1-mini"
                                      << "o1-mini-2024-09-12" << -2 << ""
                                      << "";
        QTest::newRow("js stream") << "js-langsmith_js_wrap_openai_stream.json"
                                   << "33c08c32-435c-4788-b973-b5bee4a31f87"
                                   << "gpt-4o-mini"
                                   << "gpt-4o-mini-2024-07-18" << 9 << ""
                                   << "";
        QTest::newRow("js stream no usage") << "js-langsmith_js_wrap_openai_stream_no_usage.json"
                                            << "a9a7fdab-0e16-4153-898a-33a0c1d9f759"
                                            << "gpt-4o-mini"
                                            << "gpt-4o-mini-2024-07-18" << -1 << ""
                                            << "";
        QTest::newRow("py plain") << "py-langsmith_py_wrap_openai_.json"
                                  << "d0d84d31-923d-4cb5-94a8-40a0a0087578"
                                  << "gpt-4o-mini"
                                  << "gpt-4o-mini-2024-07-18" << 9 << "2024-10-11T20:58:23.298773Z"
                                  << "";
        QTest::newRow("py reasoning") << "py-langsmith_py_wrap_openai_reasoning.json"
                                      << "a8b34ded-ccd2-4fb7-bccb-9cd625066a14"
                                      << "o1-mini"
                                      << "o1-mini-2024-09-12" << -2 << ""
                                      << "";
        QTest::newRow("py stream") << "py-langsmith_py_wrap_openai_stream.json"
                                   << "fe8ffecb-72ce-4cd2-bdb7-01f34654c391"
                                   << "gpt-4o-mini"
                                   << "gpt-4o-mini-2024-07-18" << 9 << "2024-10-11T20:58:20.695375Z"
                                   << "2024-10-11T20:58:22.023816Z";
        QTest::newRow("py stream no usage") << "py-langsmith_py_wrap_openai_stream_no_usage.json"
                                            << "de56b9f0-eed2-4195-8786-c6dc0fa897e3"
                                            << "gpt-4o-mini"
                                            << "gpt-4o-mini-2024-07-18" << -1 << ""
                                            << "";
    }
    void everyRealFixtureImports()
    {
        QFETCH(QString, file);
        QFETCH(QString, runId);
        QFETCH(QString, asked);
        QFETCH(QString, served);
        QFETCH(int, inputTokens);
        QFETCH(QString, start);
        QFETCH(QString, end);
        QCOMPARE(detectFormat(langsmith(file)), QStringLiteral("langsmith"));
        QTemporaryDir dir;
        ImportRunner::FileResult r;
        auto ws = importOne(dir, langsmith(file), r);
        QVERIFY2(r.status == ImportRunner::FileResult::Status::Imported, qPrintable(r.message));
        QCOMPARE(r.format, QStringLiteral("langsmith"));
        // The patch completes the posted run (JS patches carry no id: dotted_order names the run).
        QCOMPARE(r.items, 1);
        QCOMPARE(r.warnings.size(), 0);
        QCOMPARE(queryText(*ws, QStringLiteral("SELECT ref||'|'||kind||'|'||name||'|'||status FROM items")),
            QStringLiteral("span:%1/%1|llm|ChatOpenAI|1").arg(runId));
        QCOMPARE(queryText(*ws, QStringLiteral("SELECT model_requested||'|'||model_served FROM items")),
            asked + QLatin1Char('|') + served);
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT parent_span_id IS NULL FROM items")), 1);
        if (inputTokens == -1)
            QCOMPARE(
                queryInt(*ws, QStringLiteral("SELECT input_tokens IS NULL AND output_tokens IS NULL FROM items")), 1);
        else if (inputTokens >= 0)
            QCOMPARE(queryInt(*ws, QStringLiteral("SELECT input_tokens FROM items")), qint64(inputTokens));
        else
            QVERIFY(queryInt(*ws, QStringLiteral("SELECT output_tokens FROM items")) > 100); // reasoning tokens
        if (!start.isEmpty())
            QCOMPARE(queryInt(*ws, QStringLiteral("SELECT start_ns FROM items")), ns(start.toLatin1().constData()));
        if (!end.isEmpty())
            QCOMPARE(queryInt(*ws, QStringLiteral("SELECT end_ns FROM items")), ns(end.toLatin1().constData()));
        QVERIFY(queryInt(*ws, QStringLiteral("SELECT end_ns - start_ns FROM items")) > 0);
        QCOMPARE(queryText(*ws, QStringLiteral("SELECT json_extract(detail,'$.input_messages[0].role') FROM items")),
            QStringLiteral("user"));
        QVERIFY(!queryText(*ws, QStringLiteral("SELECT json_extract(detail,'$.output_messages[0].content') FROM items"))
                     .isEmpty());
        QCOMPARE(queryText(*ws, QStringLiteral("SELECT json_extract(attrs,'$.ls_provider') FROM items")),
            QStringLiteral("openai"));
        // A model name is not an identifier that joins conversations.
        QCOMPARE(queryInt(*ws,
                     QStringLiteral("SELECT count(*) FROM item_keys WHERE value LIKE 'gpt-%' OR value LIKE 'o1-%'")),
            0);
    }

    void streamingOutput()
    {
        QTemporaryDir dir;
        ImportRunner::FileResult r;
        auto ws = importOne(dir, langsmith(QStringLiteral("py-langsmith_py_wrap_openai_stream.json")), r);
        QCOMPARE(queryText(*ws,
                     QStringLiteral("SELECT "
                                    "json_extract(detail,'$.output_messages[0].content')||'|'||json_extract(detail,'$."
                                    "event_count')||'|'||json_extract(detail,'$.first_token_time') FROM items")),
            QStringLiteral("Howdy! How can I assist you today?|12|2024-10-11T20:58:21.933794+00:00"));
    }

    void dottedOrderRebuildsAncestry()
    {
        QTemporaryDir dir;
        ImportRunner::FileResult r;
        auto ws = importOne(dir, langsmithData(QStringLiteral("ancestry.jsonl")), r);
        QVERIFY2(r.status == ImportRunner::FileResult::Status::Imported, qPrintable(r.message));
        QCOMPARE(r.items, 4);
        QCOMPARE(r.warnings.size(), 1); // the truncated last line
        QVERIFY(r.warnings.front().contains(QStringLiteral("line 5")));
        const QString root = QStringLiteral("0b5e8c9e-7c1a-4f00-9a00-000000000000");
        // parent_run_id removed: the dotted_order's previous segment is the parent.
        QCOMPARE(queryText(*ws, QStringLiteral("SELECT parent_span_id FROM items WHERE name='ChatOpenAI'")),
            QStringLiteral("0b5e8c9e-7c1a-4f00-9a00-0000000000a1").replace(QStringLiteral("a1"), QStringLiteral("00")));
        QCOMPARE(queryText(*ws, QStringLiteral("SELECT parent_span_id FROM items WHERE name='lookup_refund'")),
            QStringLiteral("0b5e8c9e-7c1a-4f00-9a00-0000000000a1"));
        // No start_time: the dotted_order segment's timestamp (six fraction digits) stands in.
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT start_ns FROM items WHERE name='lookup_refund'")),
            ns("2026-01-01T10:00:04.25Z"));
        // No trace_id: the first segment is the trace.
        QCOMPARE(queryText(*ws, QStringLiteral("SELECT trace_id||'|'||parent_span_id FROM items WHERE name='kb'")),
            root + QLatin1Char('|') + root);
        QCOMPARE(
            queryText(*ws, QStringLiteral("SELECT kind||'|'||status||'|'||status_message FROM items WHERE name='kb'"))
                .section(QLatin1Char('\n'), 0, 0),
            QStringLiteral("retrieval|2|TimeoutError: vector store did not answer in 200 ms"));
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM items WHERE parent_span_id IS NULL")), 1);
        // LangChain serialized messages and LLMResult generations.
        const QString llm = QStringLiteral("name='ChatOpenAI'");
        QCOMPARE(
            queryText(*ws,
                "SELECT model_requested||'|'||model_served||'|'||input_tokens||'|'||output_tokens FROM items WHERE "
                    + llm),
            QStringLiteral("gpt-4o|gpt-4o-2024-11-20|812|40"));
        QCOMPARE(queryText(*ws,
                     "SELECT "
                     "json_extract(detail,'$.input_messages[0].role')||'|'||json_extract(detail,'$.input_messages[0]."
                     "content') FROM items WHERE "
                         + llm),
            QStringLiteral("user|Where is my refund?"));
        QCOMPARE(
            queryText(*ws,
                "SELECT k.value FROM item_keys k JOIN items i ON i.id=k.item_id WHERE k.kind='tool_call' AND i." + llm),
            QStringLiteral("call_R1"));
        // thread_id, session_id and conversation_id all name the conversation.
        QCOMPARE(
            queryInt(*ws,
                QStringLiteral(
                    "SELECT count(DISTINCT item_id) FROM item_keys WHERE kind='conversation' AND value='conv_8842'")),
            4);
        QCOMPARE(queryText(*ws,
                     QStringLiteral("SELECT k.value FROM item_keys k JOIN items i ON i.id=k.item_id WHERE "
                                    "k.kind='user' AND i.name='RefundAgent'")),
            QStringLiteral("cust-5512"));
        QCOMPARE(queryText(*ws,
                     QStringLiteral("SELECT k.kind FROM item_keys k JOIN items i ON i.id=k.item_id WHERE "
                                    "k.value='ORD-99123' AND i.name='RefundAgent'")),
            QStringLiteral("order"));
        QCOMPARE(
            queryText(*ws,
                QStringLiteral(
                    "SELECT kind||'|'||json_extract(detail,'$.tool.result') FROM items WHERE name='lookup_refund'")),
            QStringLiteral("tool|refund RF-55120 sent 2026-01-02"));
    }

    void postPatchMerge()
    {
        QTemporaryDir dir;
        ImportRunner::FileResult r;
        auto ws = importOne(dir, langsmithData(QStringLiteral("post-patch.json")), r);
        QVERIFY2(r.status == ImportRunner::FileResult::Status::Imported, qPrintable(r.message));
        QCOMPARE(r.items, 3); // 2 posted runs completed by patches + 1 patch with no post
        QCOMPARE(r.warnings.size(), 1);
        QVERIFY(r.warnings.front().contains(QStringLiteral("not posted")));
        QCOMPARE(queryText(*ws,
                     QStringLiteral("SELECT kind||'|'||status||'|'||status_message||'|'||parent_span_id FROM items "
                                    "WHERE name='cancel_order'")),
            QStringLiteral("tool|2|HTTPError: 409 order already shipped|5d1c0000-0000-4000-8000-000000000001"));
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT end_ns FROM items WHERE name='cancel_order'")),
            ns("2026-03-01T12:00:02Z"));
        const QString root = QStringLiteral("name='support_turn'");
        QCOMPARE(queryText(*ws,
                     "SELECT "
                     "status||'|'||json_extract(detail,'$.output_messages[0].content')||'|'||json_extract(detail,'$."
                     "tags[0]') FROM items WHERE "
                         + root),
            QStringLiteral("1|That order has shipped; I opened a return instead.|prod"));
        // Patched metadata merges with the posted one.
        QCOMPARE(
            queryText(*ws,
                "SELECT json_extract(attrs,'$.ls_agent_type')||'|'||json_extract(attrs,'$.thread_id') FROM items WHERE "
                    + root),
            QStringLiteral("root|thread-77"));
        QCOMPARE(queryText(*ws,
                     "SELECT k.value FROM item_keys k JOIN items i ON i.id=k.item_id WHERE k.kind='conversation' AND i."
                         + root),
            QStringLiteral("thread-77"));
        QCOMPARE(
            queryText(*ws,
                "SELECT k.value FROM item_keys k JOIN items i ON i.id=k.item_id WHERE k.kind='user' AND i." + root),
            QStringLiteral("cust-9"));
        QCOMPARE(queryInt(*ws, "SELECT end_ns - start_ns FROM items WHERE " + root), Q_INT64_C(2876544000));
    }

    void singleRunAndArray()
    {
        {
            QTemporaryDir dir;
            ImportRunner::FileResult r;
            const QString path = langsmithData(QStringLiteral("single-run.json"));
            QCOMPARE(detectFormat(path), QStringLiteral("langsmith"));
            auto ws = importOne(dir, path, r);
            QCOMPARE(r.items, 1);
            QCOMPARE(
                queryText(*ws,
                    QStringLiteral(
                        "SELECT model_requested||'|'||coalesce(model_served,'')||'|'||input_tokens||'|'||output_tokens "
                        "FROM items")),
                QStringLiteral("gpt-4o||812|40"));
            QCOMPARE(queryInt(*ws,
                         QStringLiteral("SELECT count(*) FROM item_keys WHERE (kind='conversation' AND "
                                        "value='conv_8842') OR (kind='user' AND value='cust-5512')")),
                2);
        }
        {
            QTemporaryDir dir;
            ImportRunner::FileResult r;
            const QString path = langsmithData(QStringLiteral("array.json"));
            QCOMPARE(detectFormat(path), QStringLiteral("langsmith"));
            auto ws = importOne(dir, path, r);
            QCOMPARE(r.items, 2);
            // Epoch-millisecond times, embedding → llm, usage from outputs.
            QCOMPARE(queryText(*ws,
                         QStringLiteral("SELECT kind||'|'||model_requested||'|'||input_tokens||'|'||(end_ns-start_ns) "
                                        "FROM items WHERE name='embed'")),
                QStringLiteral("llm|text-embedding-3-small|3|100000000"));
            QCOMPARE(queryInt(*ws, QStringLiteral("SELECT start_ns FROM items WHERE name='embed'")),
                ns("2026-01-01T10:00:05Z"));
        }
    }

    void claimsNoOtherFormat()
    {
        LangSmithImporter importer;
        const QStringList files = realFixturesOutside(QStringLiteral("langsmith"));
        for (const QString &path : files)
            QVERIFY2(sniffScore(importer, path) == 0, qPrintable(path));
        QVERIFY(files.size() >= 50);
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const QByteArray real = readFile(langsmith(QStringLiteral("py-langsmith_py_wrap_openai_stream.json")));
        QTest::newRow("truncated") << real.left(real.size() / 2) << QStringLiteral("invalid JSON");
        QByteArray garbage;
        for (int i = 0; i < 4096; ++i)
            garbage.append(char((i * 61 + 5) % 256));
        QTest::newRow("binary") << garbage << QStringLiteral("JSON");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
        QTest::newRow("wrong types") << QByteArray(R"({"post": 7, "patch": {"id": 1}})")
                                     << QStringLiteral("no LangSmith runs");
        QTest::newRow("no ids") << QByteArray(
            R"([{"name":"x","run_type":"llm"},{"dotted_order":"not-a-dotted-order"}])")
                                << QStringLiteral("no LangSmith runs");
        QTest::newRow("non-UTF-8") << QByteArray("{\"id\":\"a\",\"run_type\":\"llm\",\"name\":\"\xc3\x28\"}")
                                   << QStringLiteral("invalid JSON");
        QTest::newRow("deep nesting") << QByteArray("{\"post\":") + QByteArray(20000, '[')
                                      << QStringLiteral("nested deeper");
    }
    void badInput()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = writeTemp(dir, QStringLiteral("bad.json"), bytes);
        const auto results = import(*ws, {path}, QStringLiteral("langsmith"));
        QCOMPARE(results.front().status, ImportRunner::FileResult::Status::Failed);
        QVERIFY2(results.front().message.contains(expected), qPrintable(results.front().message));
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM items")), 0);
    }
};

QTEST_GUILESS_MAIN(TstLangSmithImporter)
#include "tst_langsmithimporter.moc"
