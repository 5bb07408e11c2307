#include "AgentsSdkImporter.h"
#include "ImportInput.h"
#include "ImporterRegistry.h"
#include "TestUtils.h"
#include "Workspace.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QtTest>

using namespace TestUtils;

namespace {

QString agentsData(const QString &name)
{
    return testData(QStringLiteral("agents-sdk/") + name);
}

} // namespace

class TstAgentsSdkImporter : public QObject
{
    Q_OBJECT

private:
    ImportRunner::FileResult importOk(Workspace &ws, const QString &path)
    {
        const auto results = import(ws, {path});
        if (results.size() != 1)
            return {};
        return results.front();
    }

    QString text(Workspace &ws, const QString &sql) { return queryText(ws, sql); }

private slots:
    void detectsEveryFixture_data()
    {
        QTest::addColumn<QString>("file");
        for (const char *f : {"batch.json", "array.json", "run.jsonl", "voice.json", "handoff-cross-trace.jsonl"})
            QTest::newRow(f) << QString::fromLatin1(f);
    }
    void detectsEveryFixture()
    {
        QFETCH(QString, file);
        QCOMPARE(detectFormat(agentsData(file)), QStringLiteral("openai-agents"));
    }

    // The sniffer must not claim anybody else's file, including Langfuse's conversion of an Agents run.
    void claimsNoOtherRealFixture()
    {
        AgentsSdkImporter importer;
        int checked = 0;
        QDirIterator it(realFixture(QString()),
            {QStringLiteral("*.json*"), QStringLiteral("*.vtt"), QStringLiteral("*.srt"), QStringLiteral("*.wav")},
            QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QVERIFY2(sniffScore(importer, path) == 0, qPrintable(path));
            ++checked;
        }
        QVERIFY(checked >= 60);
    }

    void batch()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto r = importOk(*ws, agentsData(QStringLiteral("batch.json")));
        QCOMPARE(r.status, ImportRunner::FileResult::Status::Imported);
        QCOMPARE(r.format, QStringLiteral("openai-agents"));
        QCOMPARE(r.items, 11); // 10 spans + the trace
        QCOMPARE(
            queryInt(*ws,
                QStringLiteral(
                    "SELECT count(*) FROM items WHERE ref LIKE 'span:trace_5f0c9e2a7d1b4c3e8f6a0b9c1d2e3f40/span_%'")),
            10);

        // The trace record came after its spans; it still spans them all and hands every item the group id.
        const QString trace = QStringLiteral("ref='trace:trace_5f0c9e2a7d1b4c3e8f6a0b9c1d2e3f40'");
        QCOMPARE(text(*ws, "SELECT kind||'|'||name FROM items WHERE " + trace), QStringLiteral("agent|Support chat"));
        QCOMPARE(queryInt(*ws, "SELECT start_ns FROM items WHERE " + trace), ns("2026-01-01T10:00:00.000100Z"));
        QCOMPARE(queryInt(*ws, "SELECT end_ns FROM items WHERE " + trace), ns("2026-01-01T10:00:09.5Z"));
        QCOMPARE(text(*ws, "SELECT trace_id FROM items WHERE " + trace),
            QStringLiteral("trace_5f0c9e2a7d1b4c3e8f6a0b9c1d2e3f40"));
        QCOMPARE(queryInt(*ws,
                     QStringLiteral("SELECT count(DISTINCT item_id) FROM item_keys WHERE kind='conversation' AND "
                                    "value='chat-8842' AND field='group_id'")),
            11);
        QCOMPARE(
            text(*ws,
                "SELECT k.value FROM item_keys k JOIN items i ON i.id=k.item_id WHERE k.kind='user' AND i." + trace),
            QStringLiteral("cust-5512"));
        QCOMPARE(text(*ws, "SELECT json_extract(attrs,'$.channel') FROM items WHERE " + trace), QStringLiteral("web"));

        auto span = [](const char *id) {
            return QStringLiteral("ref='span:trace_5f0c9e2a7d1b4c3e8f6a0b9c1d2e3f40/%1'").arg(QLatin1String(id));
        };
        // Agents: top-level ones have no parent.
        QCOMPARE(text(*ws,
                     "SELECT kind||'|'||name||'|'||actor||'|'||coalesce(parent_span_id,'') FROM items WHERE "
                         + span("span_6f708192a3b4c5d6e7f8091a")),
            QStringLiteral("agent|Billing|Billing|"));
        QCOMPARE(text(*ws,
                     "SELECT json_extract(detail,'$.agent.handoffs[1]') FROM items WHERE "
                         + span("span_1a2b3c4d5e6f708192a3b4c5")),
            QStringLiteral("Shipping"));
        // Generation: model, tokens, messages, the tool call it asked for, the agent it ran under.
        const QString gen = span("span_2b3c4d5e6f708192a3b4c5d6");
        QCOMPARE(text(*ws,
                     "SELECT "
                     "kind||'|'||model_requested||'|'||input_tokens||'|'||output_tokens||'|'||actor||'|'||parent_span_"
                     "id FROM items WHERE "
                         + gen),
            QStringLiteral("llm|gpt-4o|812|40|Triage|span_1a2b3c4d5e6f708192a3b4c5"));
        QCOMPARE(text(*ws, "SELECT json_extract(detail,'$.input_messages[1].content') FROM items WHERE " + gen),
            QStringLiteral("I was charged twice for order ORD-99123"));
        QCOMPARE(
            text(*ws, "SELECT json_extract(detail,'$.output_messages[0].tool_calls[0].name') FROM items WHERE " + gen),
            QStringLiteral("lookup_order"));
        QCOMPARE(
            text(*ws,
                "SELECT k.value FROM item_keys k JOIN items i ON i.id=k.item_id WHERE k.kind='tool_call' AND i." + gen),
            QStringLiteral("call_Q7m2xk"));
        // Function: parsed arguments and result, and the order id as a key.
        const QString fn = span("span_3c4d5e6f708192a3b4c5d6e7");
        QCOMPARE(text(*ws, "SELECT kind||'|'||name||'|'||status FROM items WHERE " + fn),
            QStringLiteral("tool|lookup_order|1"));
        QCOMPARE(text(*ws,
                     "SELECT "
                     "json_extract(detail,'$.tool.arguments.order_id')||'|'||json_extract(detail,'$.tool.result.refund_"
                     "id') FROM items WHERE "
                         + fn),
            QStringLiteral("ORD-99123|RF-55120"));
        QCOMPARE(
            text(*ws,
                "SELECT k.kind FROM item_keys k JOIN items i ON i.id=k.item_id WHERE k.value='ORD-99123' AND i." + fn),
            QStringLiteral("order"));
        // Response id, handoff, guardrail, tool error, custom turn, MCP listing.
        QCOMPARE(text(*ws,
                     "SELECT k.value FROM item_keys k JOIN items i ON i.id=k.item_id WHERE k.kind='response' AND i."
                         + span("span_4d5e6f708192a3b4c5d6e7f8")),
            QStringLiteral("resp_68a1f0c2e4b04d8a9a"));
        const QString handoff = span("span_5e6f708192a3b4c5d6e7f809");
        QCOMPARE(
            text(*ws, "SELECT kind||'|'||actor||'|'||json_extract(detail,'$.handoff.to') FROM items WHERE " + handoff),
            QStringLiteral("handoff|Triage|Billing"));
        QCOMPARE(text(*ws,
                     "SELECT k.value FROM item_keys k JOIN items i ON i.id=k.item_id WHERE k.kind='handoff_to' AND i."
                         + handoff),
            QStringLiteral("Billing"));
        QCOMPARE(text(*ws,
                     "SELECT kind||'|'||name||'|'||status||'|'||actor FROM items WHERE "
                         + span("span_708192a3b4c5d6e7f8091a2b")),
            QStringLiteral("other|pii_check|1|Billing"));
        QCOMPARE(
            text(*ws,
                "SELECT status||'|'||status_message||'|'||json_extract(detail,'$.error_data.error') FROM items WHERE "
                    + span("span_92a3b4c5d6e7f8091a2b3c4d")),
            QStringLiteral("2|Error running tool (non-fatal)|timeout after 800 ms"));
        QCOMPARE(text(*ws,
                     "SELECT name||'|'||actor||'|'||input_tokens||'|'||json_extract(detail,'$.sdk_span_type') FROM "
                     "items WHERE "
                         + span("span_a3b4c5d6e7f8091a2b3c4d5e")),
            QStringLiteral("turn|Billing|300|turn"));
        QCOMPARE(text(*ws,
                     "SELECT kind||'|'||name||'|'||json_extract(detail,'$.mcp.result[0]') FROM items WHERE "
                         + span("span_8192a3b4c5d6e7f8091a2b3c")),
            QStringLiteral("tool|mcp_tools payments|issue_refund"));
    }

    void array()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto r = importOk(*ws, agentsData(QStringLiteral("array.json")));
        QCOMPARE(r.status, ImportRunner::FileResult::Status::Imported);
        QCOMPARE(r.items, 4);
        // A triggered guardrail is the failure a support engineer looks for.
        QCOMPARE(
            text(*ws, QStringLiteral("SELECT status||'|'||status_message FROM items WHERE name='jailbreak_check'")),
            QStringLiteral("2|guardrail jailbreak_check triggered"));
        // Responses-API message items flatten to text.
        const QString gen
            = QStringLiteral("ref='span:trace_0a1b2c3d4e5f60718293a4b5c6d7e8f9/span_0000000000000000000000a3'");
        QCOMPARE(text(*ws,
                     "SELECT "
                     "json_extract(detail,'$.output_messages[0].content')||'|'||json_extract(detail,'$.input_messages["
                     "0].role') FROM items WHERE "
                         + gen),
            QStringLiteral("I can't do that.|user"));
        QCOMPARE(text(*ws, "SELECT json_extract(attrs,'$.agent_harness_id') FROM items WHERE " + gen),
            QStringLiteral("harness-7"));
        QCOMPARE(queryInt(*ws, "SELECT end_ns - start_ns FROM items WHERE " + gen), Q_INT64_C(2000000000));
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM item_keys WHERE kind='conversation'")), 0);
    }

    void jsonlWithMalformedLine()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto r = importOk(*ws, agentsData(QStringLiteral("run.jsonl")));
        QCOMPARE(r.status, ImportRunner::FileResult::Status::Imported);
        QCOMPARE(r.items, 4);
        QCOMPARE(r.warnings.size(), 1);
        QVERIFY2(r.warnings.front().contains(QStringLiteral("line 3")), qPrintable(r.warnings.front()));
        // Spans read before the trace record still get its group id.
        QCOMPARE(
            queryInt(*ws,
                QStringLiteral("SELECT count(*) FROM item_keys WHERE kind='conversation' AND value='thread_C0FFEE42'")),
            4);
        QCOMPARE(text(*ws,
                     QStringLiteral("SELECT name||'|'||actor||'|'||json_extract(detail,'$.sdk_span_type') FROM items "
                                    "WHERE ref LIKE '%/span_b00000000000000000000001'")),
            QStringLiteral("task|Shipping|task"));
        QCOMPARE(
            text(*ws, QStringLiteral("SELECT actor FROM items WHERE name='track_parcel'")), QStringLiteral("Shipping"));
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM item_keys WHERE value='1Z999AA10123456784'")), 1);
        QCOMPARE(
            queryInt(*ws, QStringLiteral("SELECT count(*) FROM item_keys WHERE kind='user' AND value='cust-7781'")), 1);
    }

    void voiceAudioBecomesMedia()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto r = importOk(*ws, agentsData(QStringLiteral("voice.json")));
        QCOMPARE(r.status, ImportRunner::FileResult::Status::Imported);
        QCOMPARE(r.items, 5);
        QCOMPARE(r.warnings.size(), 0);
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM media")), 2); // the withheld audio adds none

        const QString asr = QStringLiteral("i.ref LIKE '%/span_c00000000000000000000001'");
        QCOMPARE(text(*ws, "SELECT i.kind||'|'||i.text||'|'||i.model_requested FROM items i WHERE " + asr),
            QStringLiteral("asr|I was charged twice|gpt-4o-transcribe"));
        // 12000 samples at 24 kHz.
        QCOMPARE(text(*ws,
                     "SELECT "
                     "m.mime||'|'||m.duration_ns||'|'||m.sample_rate||'|'||m.channels||'|'||length(m.data)||'|'||"
                     "length(m.peaks)||'|'||m.file_name FROM media m JOIN items i ON i.id=m.item_id WHERE "
                         + asr),
            QStringLiteral("audio/wav|500000000|24000|1|24044|8000|span_c00000000000000000000001-input.wav"));
        QCOMPARE(text(*ws,
                     "SELECT substr(m.data,1,4)||substr(m.data,9,4) FROM media m JOIN items i ON i.id=m.item_id WHERE "
                         + asr),
            QStringLiteral("RIFFWAVE"));

        const QString tts = QStringLiteral("i.ref LIKE '%/span_c00000000000000000000003'");
        QCOMPARE(text(*ws,
                     "SELECT "
                     "i.kind||'|'||i.text||'|'||json_extract(i.detail,'$.time_to_first_audio_ms')||'|'||i.parent_span_"
                     "id FROM items i WHERE "
                         + tts),
            QStringLiteral("speech|Sorry about that. Let me check.|250|span_c00000000000000000000002"));
        QCOMPARE(queryInt(*ws, "SELECT m.duration_ns FROM media m JOIN items i ON i.id=m.item_id WHERE " + tts),
            Q_INT64_C(250000000));
        QCOMPARE(
            queryInt(*ws,
                QStringLiteral("SELECT count(*) FROM item_keys WHERE kind='conversation' AND value='call_CA9f3e21'")),
            5);
    }

    void handoffTargetInAnotherTrace()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto r = importOk(*ws, agentsData(QStringLiteral("handoff-cross-trace.jsonl")));
        QCOMPARE(r.status, ImportRunner::FileResult::Status::Imported);
        QCOMPARE(r.items, 6);
        // The target is unknown in the file: kept empty, no handoff_to key; correlation fills it.
        QCOMPARE(text(*ws,
                     QStringLiteral("SELECT "
                                    "kind||'|'||name||'|'||json_extract(detail,'$.handoff.to')||'|'||json_extract("
                                    "detail,'$.handoff.from') FROM items WHERE kind='handoff'")),
            QStringLiteral("handoff|handoff from Triage||Triage"));
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM item_keys WHERE kind='handoff_to'")), 0);
        // The group id is what joins the two traces.
        QCOMPARE(queryInt(*ws,
                     QStringLiteral("SELECT count(DISTINCT i.trace_id) FROM items i JOIN item_keys k ON k.item_id=i.id "
                                    "WHERE k.kind='conversation' AND k.value='conv_20260105_77'")),
            2);
        QCOMPARE(queryInt(*ws,
                     QStringLiteral(
                         "SELECT count(*) FROM item_keys WHERE kind='conversation' AND value='conv_20260105_77'")),
            6);
        QCOMPARE(text(*ws, QStringLiteral("SELECT actor FROM items WHERE kind='llm'")), QStringLiteral("Billing"));
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QByteArray batch = readFile(agentsData(QStringLiteral("voice.json")));
        QTest::newRow("truncated") << batch.left(batch.size() / 2) << QStringLiteral("invalid JSON");
        QByteArray garbage;
        for (int i = 0; i < 4096; ++i)
            garbage.append(char((i * 131 + 7) % 256));
        QTest::newRow("binary") << garbage << QStringLiteral("not JSON");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
        QTest::newRow("whitespace") << QByteArray(" \n\n ") << QStringLiteral("empty");
        QTest::newRow("wrong data type") << QByteArray(R"({"data": 5})") << QStringLiteral("no Agents SDK");
        QTest::newRow("wrong record types")
            << QByteArray(R"({"data":[{"object":"trace.span","id":5,"trace_id":[]},{"object":"trace","id":null},7]})")
            << QStringLiteral("no Agents SDK");
        QTest::newRow("empty array") << QByteArray("[]") << QStringLiteral("no Agents SDK");
        QTest::newRow("non-UTF-8") << QByteArray(
            "{\"data\":[{\"object\":\"trace\",\"id\":\"trace_1\",\"workflow_name\":\"caf\xe9\"}]}")
                                   << QStringLiteral("invalid JSON");
        QTest::newRow("deep nesting") << QByteArray(100000, '[') << QStringLiteral("nested deeper");
    }
    void badInput()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = writeTemp(dir, QStringLiteral("bad.json"), bytes);
        const auto results = import(*ws, {path}, QStringLiteral("openai-agents"));
        QCOMPARE(results.size(), size_t(1));
        QCOMPARE(results.front().status, ImportRunner::FileResult::Status::Failed);
        QVERIFY2(results.front().message.contains(expected), qPrintable(results.front().message));
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM items")), 0);
    }

    // Wrong-typed fields inside otherwise valid spans cost nothing but defaults.
    void wrongTypedFieldsStillImport()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto results
            = import(*ws, {agentsData(QStringLiteral("wrong-types.jsonl"))}, QStringLiteral("openai-agents"));
        QCOMPARE(results.front().status, ImportRunner::FileResult::Status::Imported);
        QCOMPARE(results.front().items, 4);
        QCOMPARE(results.front().warnings.size(), 1); // the bad base64
        QCOMPARE(text(*ws,
                     QStringLiteral("SELECT status||'|'||status_message||'|'||text FROM items WHERE span_id='span_2'")),
            QStringLiteral("2|boom|42"));
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM media")), 0);
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT input_tokens IS NULL FROM items WHERE span_id='span_3'")), 1);
    }
};

QTEST_GUILESS_MAIN(TstAgentsSdkImporter)
#include "tst_agentssdkimporter.moc"
