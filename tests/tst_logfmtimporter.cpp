#include "ImportInput.h"
#include "ImporterRegistry.h"
#include "LogfmtImporter.h"
#include "RecordMapper.h"
#include "SqliteDatabase.h"
#include "TestUtils.h"
#include "Workspace.h"

#include <nlohmann/json.hpp>

#include <QtTest>

using namespace TestUtils;

class TstLogfmtImporter : public QObject
{
    Q_OBJECT

private slots:
    void parseLine()
    {
        nlohmann::json obj;
        QCOMPARE(
            LogfmtImporter::parseLine("at=info method=GET path=\"/a b\" msg=\"say \\\"hi\\\"\" flag dur=1.5ms", obj),
            5);
        QCOMPARE(obj["method"].get<std::string>(), std::string("GET"));
        QCOMPARE(obj["path"].get<std::string>(), std::string("/a b"));
        QCOMPARE(obj["msg"].get<std::string>(), std::string("say \"hi\""));
        QCOMPARE(obj["flag"].get<std::string>(), std::string("true"));
        QCOMPARE(obj["dur"].get<std::string>(), std::string("1.5ms"));
        QCOMPARE(LogfmtImporter::parseLine("just some words", obj), 0);
        QCOMPARE(LogfmtImporter::parseLine("", obj), 0);
        // An unterminated quote keeps what was read.
        QCOMPARE(LogfmtImporter::parseLine("a=1 msg=\"unterminated", obj), 2);
        QCOMPARE(obj["msg"].get<std::string>(), std::string("unterminated"));
    }

    void herokuRouterAndLedger()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = dir.filePath("app.log");
        writeFile(path,
            "ts=2026-11-20T14:02:47.845Z level=info svc=ledger payment_ref=pay-3c1e9f msg=\"refund received\" "
            "account=ACC-77120 amount=42.50\n"
            "ts=2026-11-20T14:02:48.485Z level=error svc=ledger payment_ref=pay-3c1e9f msg=\"refund rejected: original "
            "charge still settling\" code=LEDGER_409\n"
            "\n"
            "time=\"2026-11-20T14:03:00-05:00\" level=warning msg=\"slow \\\"upstream\\\"\" conversation_id=conv_8842 "
            "user=cust-5512\n"
            "at=info method=POST path=\"/v1/refunds\" host=api.example.com "
            "request_id=5d5d60ea-c711-4ca1-822f-6427d7227119 fwd=\"10.0.0.1\" dyno=web.1 connect=1ms service=37ms "
            "status=503 bytes=0\n"
            "this line is not logfmt at all\n");
        QCOMPARE(detectFormat(path), QStringLiteral("logfmt"));
        const auto r = importOne(*ws, path);
        QCOMPARE(r.format, QStringLiteral("logfmt"));
        QCOMPARE(r.items, 4);
        QCOMPARE(r.warnings.size(), 1);
        QVERIFY2(r.warnings.front().contains(QStringLiteral("line 6:")), qPrintable(r.warnings.front()));
        QCOMPARE(queryText(*ws, q("SELECT actor FROM items WHERE ref='line:1'")), QStringLiteral("ledger"));
        QCOMPARE(queryText(*ws, q("SELECT text FROM items WHERE ref='line:1'")), QStringLiteral("refund received"));
        QCOMPARE(queryInt(*ws, q("SELECT start_ns FROM items WHERE ref='line:1'")), Q_INT64_C(1795183367845000000));
        QCOMPARE(queryInt(*ws, q("SELECT status FROM items WHERE ref='line:1'")), 0);
        QCOMPARE(queryInt(*ws, q("SELECT status FROM items WHERE ref='line:2'")), 2);
        QCOMPARE(queryText(*ws, q("SELECT status_message FROM items WHERE ref='line:2'")),
            QStringLiteral("refund rejected: original charge still settling"));
        const auto keysOf = [&](const char *ref) {
            return queryText(*ws,
                QStringLiteral("SELECT group_concat(kind||'='||value, ' ') FROM (SELECT k.kind AS kind, "
                               "k.value AS value FROM item_keys k JOIN items i ON i.id=k.item_id "
                               "WHERE i.ref='%1' ORDER BY k.kind, k.value)")
                    .arg(QString::fromLatin1(ref)));
        };
        QCOMPARE(keysOf("line:1"), QStringLiteral("account=ACC-77120 amount=42.50 id=pay-3c1e9f"));
        // Quoted value with escaped quotes; an offset time; an escaped value in the text.
        QCOMPARE(queryText(*ws, q("SELECT text FROM items WHERE ref='line:4'")), QStringLiteral("slow \"upstream\""));
        QCOMPARE(queryInt(*ws, q("SELECT start_ns FROM items WHERE ref='line:4'")), Q_INT64_C(1795201380000000000));
        QCOMPARE(keysOf("line:4"), QStringLiteral("conversation=conv_8842 user=cust-5512"));
        // Heroku router line: an HTTP item with a 503.
        QCOMPARE(queryText(*ws, q("SELECT kind FROM items WHERE ref='line:5'")), QStringLiteral("http"));
        QCOMPARE(queryInt(*ws, q("SELECT status FROM items WHERE ref='line:5'")), 2);
        QCOMPARE(queryText(*ws, q("SELECT name FROM items WHERE ref='line:5'")), QStringLiteral("POST /v1/refunds"));
        QCOMPARE(keysOf("line:5"), QStringLiteral("request=5d5d60ea-c711-4ca1-822f-6427d7227119"));
    }

    void notClaimed()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath("prose.txt"), "Hello there.\nThis is a = sign in prose.\nNothing else.\n");
        QCOMPARE(detectFormat(dir.filePath("prose.txt")), QString());
        QVERIFY(
            detectFormat(realFixture("asr/whisper-timestamped-punctuations.words.srt")) != QStringLiteral("logfmt"));
        QVERIFY(detectFormat(realFixture("logs/lnav-bunyan-renovate.jsonl")) != QStringLiteral("logfmt"));
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("items");
        QTest::addColumn<QString>("warning");
        QTest::newRow("empty") << QByteArray() << 0 << QString();
        QByteArray garbage;
        for (int i = 0; i < 4096; ++i)
            garbage += char((i * 7919 + 13) % 256);
        QTest::newRow("binary garbage") << garbage << -1 << QString();
        QTest::newRow("latin-1") << QByteArray("a=1 msg=\"caf\xe9\"\n") << 1 << QString();
        QTest::newRow("truncated") << QByteArray("a=1 b=2\na=3 msg=\"cut") << 2 << QString();
        QTest::newRow("nul bytes") << QByteArray("a=1 b=\0\0\0 c=3\n", 15) << 1 << QString();
    }

    void badInput()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, items);
        QFETCH(QString, warning);
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = writeTemp(dir, "bad.log", bytes);
        const auto r = importOne(*ws, path, QStringLiteral("logfmt"));
        QCOMPARE(int(r.status), int(ImportRunner::FileResult::Status::Imported));
        if (items >= 0)
            QCOMPARE(r.items, items);
        if (!warning.isEmpty())
            QVERIFY2(r.warnings.join('\n').contains(warning), qPrintable(r.warnings.join('\n')));
        // Whatever was read is valid UTF-8 in the workspace.
        QVERIFY(RecordMapper::isValidUtf8(
            ws->db().queryText("SELECT group_concat(coalesce(text,'') || coalesce(attrs,'')) FROM items")));
    }

    void latin1Value()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = writeTemp(dir, "l1.log", QByteArray("level=info msg=\"caf\xe9\"\n"));
        importOne(*ws, path, QStringLiteral("logfmt"));
        QCOMPARE(queryText(*ws, q("SELECT text FROM items")), QString::fromUtf8("café"));
    }
};

QTEST_GUILESS_MAIN(TstLogfmtImporter)
#include "tst_logfmtimporter.moc"
