#include "ImportInput.h"
#include "ImporterRegistry.h"
#include "TestUtils.h"
#include "Workspace.h"

#include <QDir>
#include <QDirIterator>
#include <QtTest>

using namespace TestUtils;

class TstJsonLinesLogImporter : public QObject
{
    Q_OBJECT

private slots:
    void detectsRealLogs()
    {
        QCOMPARE(detectFormat(realFixture("logs/lnav-bunyan-renovate.jsonl")), QStringLiteral("jsonl-log"));
        QCOMPARE(detectFormat(realFixture("logs/lnav-json-invalid-line.jsonl")), QStringLiteral("jsonl-log"));
        QCOMPARE(detectFormat(realFixture("logs/lnav-pino-otel-demo-payment.jsonl")), QStringLiteral("jsonl-log"));
    }

    // The generic importers must leave every trace and export format to its own importer,
    // whether or not that importer is finished.
    void genericFallbacksStandBack()
    {
        const QStringList generic {"jsonl-log", "json-records", "logfmt"};
        const QStringList folders {"otlp", "jaeger", "zipkin", "langfuse", "langsmith", "otel-js", "otel-python"};
        int checked = 0;
        for (const QString &folder : folders) {
            QDirIterator it(realFixture(folder), QDir::Files);
            while (it.hasNext()) {
                const QString path = it.next();
                const QString format = detectFormat(path);
                QVERIFY2(!generic.contains(format), qPrintable(path + " was claimed by " + format));
                ++checked;
            }
        }
        QVERIFY(checked >= 50);
        QVERIFY(!generic.contains(detectFormat(realFixture("logs/lnav-otlp-logs.jsonl"))));
        // Agents SDK JSONL, hand-made (no public sample exists).
        QTemporaryDir dir;
        writeFile(dir.filePath("agents.jsonl"),
            "{\"object\":\"trace\",\"id\":\"trace_1\",\"workflow_name\":\"Agent workflow\",\"group_id\":\"conv_1\"}\n"
            "{\"object\":\"trace.span\",\"id\":\"span_1\",\"trace_id\":\"trace_1\",\"parent_id\":null,\"span_data\":{"
            "\"type\":\"agent\",\"name\":\"Triage\"}}\n");
        QVERIFY(!generic.contains(detectFormat(dir.filePath("agents.jsonl"))));
    }

    void bunyanRenovate()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto r = importOne(*ws, realFixture("logs/lnav-bunyan-renovate.jsonl"));
        QCOMPARE(int(r.status), int(ImportRunner::FileResult::Status::Imported));
        QCOMPARE(r.format, QStringLiteral("jsonl-log"));
        QCOMPARE(r.items, 10);
        QVERIFY(r.warnings.isEmpty());
        // Every line carries the correlation id, found by the field's name although it has no digits.
        QCOMPARE(queryInt(*ws,
                     q("SELECT COUNT(DISTINCT item_id) FROM item_keys WHERE kind='correlation' AND value='qjifsaDDI' "
                       "AND field='logContext'")),
            10);
        // Host names, versions, counters and repository names are not identifiers.
        QCOMPARE(queryInt(*ws, q("SELECT COUNT(*) FROM item_keys WHERE value LIKE 'renovate-gitlab%'")), 0);
        QCOMPARE(queryInt(*ws, q("SELECT COUNT(*) FROM item_keys WHERE value LIKE '%2.8.7%'")), 0);
        QCOMPARE(queryInt(*ws, q("SELECT COUNT(*) FROM item_keys WHERE kind <> 'correlation'")), 0);
        QCOMPARE(queryText(*ws, q("SELECT actor FROM items WHERE ref='line:1'")), QStringLiteral("renovate"));
        QCOMPARE(
            queryText(*ws, q("SELECT text FROM items WHERE ref='line:2'")), QStringLiteral("Found npm package files"));
        QCOMPARE(queryInt(*ws, q("SELECT start_ns FROM items WHERE ref='line:1'")), Q_INT64_C(1679667976243000000));
        QCOMPARE(queryInt(*ws, q("SELECT start_ns FROM items WHERE ref='line:10'")), Q_INT64_C(1679667978331000000));
        QCOMPARE(queryInt(*ws, q("SELECT COUNT(*) FROM items WHERE kind='log' AND status=0")), 10);
        QCOMPARE(queryText(*ws, q("SELECT json_extract(detail,'$.level') FROM items WHERE ref='line:4'")),
            QStringLiteral("30"));
    }

    void invalidLineIsReportedAndTheRestImports()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto r = importOne(*ws, realFixture("logs/lnav-json-invalid-line.jsonl"));
        QCOMPARE(int(r.status), int(ImportRunner::FileResult::Status::Imported));
        QCOMPARE(r.items, 12);
        QCOMPARE(r.warnings.size(), 1);
        QVERIFY2(r.warnings.front().contains(QStringLiteral("line 5:")), qPrintable(r.warnings.front()));
        QCOMPARE(queryInt(*ws, q("SELECT COUNT(*) FROM items WHERE ref='line:5'")), 0);
        // ANSI colour codes stripped; backspace overstrikes resolved; trailing newline trimmed.
        QCOMPARE(queryText(*ws, q("SELECT text FROM items WHERE ref='line:2'")), QStringLiteral("Starting up service"));
        QCOMPARE(queryText(*ws, q("SELECT text FROM items WHERE ref='line:4'")), QStringLiteral("Details..."));
        QCOMPARE(queryText(*ws, q("SELECT actor FROM items WHERE ref='line:1'")),
            QStringLiteral("com.example.foo.bar.bazzer"));
        // A space-separated timestamp.
        QCOMPARE(queryInt(*ws, q("SELECT start_ns FROM items WHERE ref='line:8'")), Q_INT64_C(1378504860000000000));
        QCOMPARE(queryInt(*ws, q("SELECT start_ns FROM items WHERE ref='line:1'")), Q_INT64_C(1378497648124817000));
        // ERROR, CRITICAL, FATAL are failures; WARNING, STATS and DEBUG2 are not.
        QCOMPARE(queryText(*ws, q("SELECT group_concat(ref) FROM (SELECT ref FROM items WHERE status=2 ORDER BY id)")),
            QStringLiteral("line:11,line:12,line:13"));
        QCOMPARE(queryText(*ws,
                     q("SELECT value FROM item_keys k JOIN items i ON i.id=k.item_id WHERE i.ref='line:3' "
                       "AND k.kind='email'")),
            QStringLiteral("steve@example.com"));
        QCOMPARE(queryInt(*ws, q("SELECT COUNT(*) FROM item_keys WHERE value LIKE 'debug%'")), 0);
    }

    void pinoTraceIds()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto r = importOne(*ws, realFixture("logs/lnav-pino-otel-demo-payment.jsonl"));
        QCOMPARE(r.items, 1);
        QCOMPARE(queryText(*ws, q("SELECT trace_id FROM items")), QStringLiteral("c759f29f5f1e2162be56f32dd1e77fce"));
        QCOMPARE(queryText(*ws, q("SELECT parent_span_id FROM items")), QStringLiteral("17c4a60ca4297cf1"));
        QCOMPARE(queryText(*ws, q("SELECT coalesce(span_id,'') FROM items")), QString());
        QCOMPARE(queryText(*ws, q("SELECT actor FROM items")), QStringLiteral("payment"));
        QCOMPARE(queryText(*ws, q("SELECT text FROM items")), QStringLiteral("Charge request received."));
        QCOMPARE(queryInt(*ws, q("SELECT start_ns FROM items")), Q_INT64_C(1745532517537000000));
        QCOMPARE(queryInt(*ws, q("SELECT status FROM items")), 0);
        // trace_flags "01" and the CVV are not keys.
        QCOMPARE(queryInt(*ws, q("SELECT COUNT(*) FROM item_keys WHERE value IN ('01','159','7')")), 0);
    }

    void deepgramTtsResponseHeaders()
    {
        // One JSON object: the response headers of the TTS call that produced
        // media/deepgram-tts-hello-world-streaming-header.wav.
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = realFixture("asr/deepgram-tts-response-metadata.json");
        QCOMPARE(detectFormat(path), QStringLiteral("jsonl-log"));
        const auto r = importOne(*ws, path);
        QCOMPARE(r.items, 1);
        QCOMPARE(r.warnings.size(), 0);
        QCOMPARE(queryText(*ws, q("SELECT ref FROM items")), QStringLiteral("line:1"));
        // "Fri, 07 Feb 2025 01:53:41 GMT", an HTTP date.
        QCOMPARE(queryInt(*ws, q("SELECT start_ns FROM items")), Q_INT64_C(1738893221000000000));
        // The voice model, and audio out: a speech synthesis, not a plain log line.
        QCOMPARE(queryText(*ws, q("SELECT model_served FROM items")), QStringLiteral("aura-2-thalia-en"));
        QCOMPARE(queryText(*ws, q("SELECT kind FROM items")), QStringLiteral("speech"));
        QCOMPARE(queryText(*ws, q("SELECT value FROM item_keys WHERE kind = 'request'")),
            QStringLiteral("807aa4a7-8068-4d09-b6db-c99de6f436ee"));
        QCOMPARE(queryInt(*ws, q("SELECT json_extract(attrs, '$.characters') FROM items")), 13);
    }

    void modelAndContentTypeOfTheWrongType()
    {
        // A number is not a model name, and a content type that is not a string says nothing.
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = dir.filePath(QStringLiteral("models.jsonl"));
        writeFile(path,
            "{\"ts\":\"2025-02-07T01:53:41Z\",\"msg\":\"a\",\"model_name\":42,\"content_type\":\"audio/wav\"}\n"
            "{\"ts\":\"2025-02-07T01:53:42Z\",\"msg\":\"b\",\"model\":\"aura-2\",\"content_type\":[\"audio/wav\"]}\n"
            "{\"ts\":\"2025-02-07T01:53:43Z\",\"msg\":\"c\",\"model\":\"aura-2\",\"content_type\":\"AUDIO/MPEG\"}\n");
        const auto r = importOne(*ws, path);
        QCOMPARE(r.items, 3);
        QCOMPARE(queryText(*ws,
                     q("SELECT group_concat(kind || ':' || coalesce(model_served, '-'), ' ') FROM "
                       "(SELECT kind, model_served FROM items ORDER BY id)")),
            QStringLiteral("log:- log:aura-2 speech:aura-2"));
    }

    void fieldSpellingsAndTimeShapes()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = dir.filePath("mixed.ndjson");
        writeFile(path,
            "{\"createdAt\":\"2026-01-01T12:00:00+02:00\",\"Message\":\"refund failed for order "
            "A-19\",\"severity\":\"ERROR\",\"app\":\"billing\",\"customer-id\":\"cust-5512\"}\n"
            "{\"meta\":{\"time\":1767261600123456},\"event\":\"refund.requested\",\"conversationId\":\"conv_8842\","
            "\"amount_usd\":\"$1,250.5\"}\n"
            "{\"t\":1767261600,\"log\":\"seconds\",\"account_number\":\"ACC-0192\",\"total\":250}\n"
            "{\"@timestamp\":\"2026-01-01T10:00:00Z\",\"http\":{\"method\":\"post\",\"status\":502,\"url\":\"/v1/"
            "refunds\"},\"requestId\":\"req_7f3a9c\",\"user_agent\":\"curl/8.5.0\"}\n"
            "{\"timestamp\":1767261600123456789,\"level\":50,\"msg\":\"bunyan "
            "error\",\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\"}\n"
            "{\"eventTime\":\"2026-01-01T10:00:00.5Z\",\"text\":\"\\u001b[31mred\\u001b[0m\",\"role\":\"assistant\","
            "\"callSid\":\"CA9f3e21aa00bb11cc22dd33ee44ff5566\",\"caller\":\"+1 (415) "
            "555-0142\",\"duration_ms\":1500,\"version\":\"1.2.3\",\"host\":\"api-7.prod.internal\"}\n");
        const auto r = importOne(*ws, path);
        QCOMPARE(r.format, QStringLiteral("jsonl-log"));
        QCOMPARE(r.items, 6);
        QCOMPARE(queryInt(*ws, q("SELECT start_ns FROM items WHERE ref='line:1'")), Q_INT64_C(1767261600000000000));
        QCOMPARE(queryText(*ws, q("SELECT text FROM items WHERE ref='line:1'")),
            QStringLiteral("refund failed for order A-19"));
        QCOMPARE(queryInt(*ws, q("SELECT status FROM items WHERE ref='line:1'")), 2);
        QCOMPARE(queryText(*ws, q("SELECT actor FROM items WHERE ref='line:1'")), QStringLiteral("billing"));
        const auto key = [&](const char *ref, const char *kind) {
            return queryText(*ws,
                QStringLiteral("SELECT group_concat(value) FROM item_keys k JOIN items i ON i.id=k.item_id "
                               "WHERE i.ref='%1' AND k.kind='%2'")
                    .arg(QString::fromLatin1(ref), QString::fromLatin1(kind)));
        };
        QCOMPARE(key("line:1", "user"), QStringLiteral("cust-5512"));
        QCOMPARE(key("line:1", "order"), QStringLiteral("A-19"));
        // Nested time in epoch microseconds; the event name becomes the text when there is no message.
        QCOMPARE(queryInt(*ws, q("SELECT start_ns FROM items WHERE ref='line:2'")), Q_INT64_C(1767261600123456000));
        QCOMPARE(queryText(*ws, q("SELECT text FROM items WHERE ref='line:2'")), QStringLiteral("refund.requested"));
        QCOMPARE(key("line:2", "conversation"), QStringLiteral("conv_8842"));
        QCOMPARE(key("line:2", "amount"), QStringLiteral("1250.50"));
        QCOMPARE(queryInt(*ws, q("SELECT start_ns FROM items WHERE ref='line:3'")), Q_INT64_C(1767261600000000000));
        QCOMPARE(key("line:3", "account"), QStringLiteral("ACC-0192"));
        QCOMPARE(key("line:3", "amount"), QStringLiteral("250.00"));
        // HTTP: method + status + url, a 5xx is a failure.
        QCOMPARE(queryText(*ws, q("SELECT kind FROM items WHERE ref='line:4'")), QStringLiteral("http"));
        QCOMPARE(queryInt(*ws, q("SELECT status FROM items WHERE ref='line:4'")), 2);
        QCOMPARE(queryText(*ws, q("SELECT name FROM items WHERE ref='line:4'")), QStringLiteral("POST /v1/refunds"));
        QCOMPARE(
            queryInt(*ws, q("SELECT json_extract(detail,'$.http.status_code') FROM items WHERE ref='line:4'")), 502);
        QCOMPARE(key("line:4", "request"), QStringLiteral("req_7f3a9c"));
        QCOMPARE(key("line:4", "id"), QString());
        // Epoch ns, numeric bunyan level 50, W3C traceparent.
        QCOMPARE(queryInt(*ws, q("SELECT start_ns FROM items WHERE ref='line:5'")), Q_INT64_C(1767261600123456789));
        QCOMPARE(queryInt(*ws, q("SELECT status FROM items WHERE ref='line:5'")), 2);
        QCOMPARE(queryText(*ws, q("SELECT trace_id FROM items WHERE ref='line:5'")),
            QStringLiteral("0af7651916cd43dd8448eb211c80319c"));
        QCOMPARE(queryText(*ws, q("SELECT parent_span_id FROM items WHERE ref='line:5'")),
            QStringLiteral("b7ad6b7169203331"));
        // ANSI stripped, role kept, call and phone keys, duration → end; no version or host keys.
        QCOMPARE(queryText(*ws, q("SELECT text FROM items WHERE ref='line:6'")), QStringLiteral("red"));
        QCOMPARE(queryText(*ws, q("SELECT json_extract(detail,'$.role') FROM items WHERE ref='line:6'")),
            QStringLiteral("assistant"));
        QCOMPARE(key("line:6", "call"), QStringLiteral("CA9f3e21aa00bb11cc22dd33ee44ff5566"));
        QCOMPARE(key("line:6", "phone"), QStringLiteral("+14155550142"));
        QCOMPARE(queryInt(*ws, q("SELECT end_ns - start_ns FROM items WHERE ref='line:6'")), Q_INT64_C(1500000000));
        QCOMPARE(queryInt(*ws, q("SELECT COUNT(*) FROM item_keys WHERE value IN ('1.2.3','api-7.prod.internal')")), 0);
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("items");
        QTest::addColumn<QString>("warning");
        QTest::newRow("empty") << QByteArray() << 0 << QString();
        QTest::newRow("blank lines") << QByteArray("\n\n  \n") << 0 << QString();
        QByteArray garbage;
        for (int i = 0; i < 4096; ++i)
            garbage += char((i * 7919) % 256);
        QTest::newRow("binary garbage") << garbage << 0 << QStringLiteral("skipped: not a JSON object");
        QTest::newRow("truncated last line")
            << QByteArray("{\"msg\":\"ok\"}\n{\"msg\":\"cut") << 1 << QStringLiteral("line 2:");
        QTest::newRow("wrong types") << QByteArray("{\"time\":true,\"msg\":42,\"level\":{\"x\":[1]},\"ts\":\"no\"}\n")
                                     << 1 << QString();
        QTest::newRow("array line") << QByteArray("[1,2,3]\n{\"msg\":\"ok\"}\n") << 1 << QStringLiteral("line 1:");
        QTest::newRow("latin-1") << QByteArray("{\"msg\":\"caf\xe9 cr\xe8me\"}\n") << 1 << QStringLiteral("Latin-1");
        QTest::newRow("deep nesting") << (QByteArray("{\"a\":") + QByteArray(5000, '[') + QByteArray(5000, ']') + "}\n"
            + "{\"msg\":\"after\"}\n") << 1
                                      << QStringLiteral("nested deeper");
        QTest::newRow("crlf") << QByteArray("{\"msg\":\"a\"}\r\n{\"msg\":\"b\"}\r\n") << 2 << QString();
    }

    void badInput()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, items);
        QFETCH(QString, warning);
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = writeTemp(dir, "bad.jsonl", bytes);
        const auto r = importOne(*ws, path, QStringLiteral("jsonl-log"));
        QCOMPARE(int(r.status), int(ImportRunner::FileResult::Status::Imported));
        QCOMPARE(r.items, items);
        if (warning.isEmpty())
            QVERIFY2(r.warnings.isEmpty(), qPrintable(r.warnings.join('\n')));
        else
            QVERIFY2(r.warnings.join('\n').contains(warning), qPrintable(r.warnings.join('\n')));
        QCOMPARE(queryInt(*ws, q("SELECT COUNT(*) FROM items")), items);
    }

    void latin1TextIsReadable()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = writeTemp(dir, "latin1.jsonl", QByteArray("{\"msg\":\"caf\xe9\"}\n"));
        importOne(*ws, path);
        QCOMPARE(queryText(*ws, q("SELECT text FROM items")), QString::fromUtf8("café"));
    }

    void hugeLineIsSkippedByName()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = dir.filePath("huge.jsonl");
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{\"msg\":\"first\"}\n{\"msg\":\"");
            const QByteArray chunk(1 << 20, 'a');
            for (int i = 0; i < 64; ++i)
                f.write(chunk);
            f.write("\"}\n{\"msg\":\"third\"}\n");
        }
        const auto r = importOne(*ws, path);
        QCOMPARE(r.format, QStringLiteral("jsonl-log"));
        QCOMPARE(r.items, 2);
        QCOMPARE(r.warnings.size(), 1);
        QVERIFY2(r.warnings.front().contains(QStringLiteral("line 2:")), qPrintable(r.warnings.front()));
        QVERIFY(r.warnings.front().contains(QStringLiteral("64 MiB")));
        QCOMPARE(queryText(*ws, q("SELECT text FROM items WHERE ref='line:3'")), QStringLiteral("third"));
    }
};

QTEST_GUILESS_MAIN(TstJsonLinesLogImporter)
#include "tst_jsonlineslogimporter.moc"
