#include "ImportInput.h"
#include "ImporterRegistry.h"
#include "TestUtils.h"
#include "Workspace.h"

#include <QtTest>

using namespace TestUtils;

class TstJsonRecordsImporter : public QObject
{
    Q_OBJECT

private slots:
    void sendGridSample()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = realFixture("email/sendgrid-event-webhook-sample.json");
        QCOMPARE(detectFormat(path), QStringLiteral("json-records"));
        const auto r = importOne(*ws, path);
        QCOMPARE(int(r.status), int(ImportRunner::FileResult::Status::Imported));
        QCOMPARE(r.items, 11);
        QVERIFY(r.warnings.isEmpty());
        QCOMPARE(queryInt(*ws, q("SELECT COUNT(*) FROM items WHERE kind='email'")), 11);
        QCOMPARE(queryInt(*ws, q("SELECT COUNT(*) FROM items WHERE start_ns=1513299569000000000")), 11);
        QCOMPARE(queryText(*ws, q("SELECT group_concat(ref) FROM (SELECT ref FROM items WHERE status=2 ORDER BY id)")),
            QStringLiteral("record:5,record:6,record:7"));
        QCOMPARE(queryText(*ws, q("SELECT json_extract(detail,'$.email.event') FROM items WHERE ref='record:5'")),
            QStringLiteral("bounce"));
        QCOMPARE(queryText(*ws, q("SELECT text FROM items WHERE ref='record:5'")),
            QStringLiteral("bounce to example6@test.com: 500 unknown recipient"));
        QCOMPARE(queryText(*ws, q("SELECT json_extract(detail,'$.email.status') FROM items WHERE ref='record:5'")),
            QStringLiteral("5.0.0"));
        QCOMPARE(queryText(*ws, q("SELECT json_extract(detail,'$.email.reason') FROM items WHERE ref='record:6'")),
            QStringLiteral("Bounced Address"));
        QCOMPARE(queryText(*ws, q("SELECT text FROM items WHERE ref='record:2'")),
            QStringLiteral("delivered to example3@test.com: 250 OK"));
        QCOMPARE(queryInt(*ws, q("SELECT status FROM items WHERE ref='record:2'")), 0);
        QCOMPARE(queryText(*ws, q("SELECT json_extract(detail,'$.email.message_id') FROM items WHERE ref='record:0'")),
            QStringLiteral("14c5d75ce93.dfd.64b469@ismtpd-555"));
        // Keys: each recipient, and the Message-ID without its brackets.
        QCOMPARE(queryInt(*ws, q("SELECT COUNT(DISTINCT value) FROM item_keys WHERE kind='email'")), 11);
        QCOMPARE(queryInt(*ws,
                     q("SELECT COUNT(*) FROM item_keys WHERE kind='message' AND "
                       "value='14c5d75ce93.dfd.64b469@ismtpd-555'")),
            9);
        // The placeholder IP and the user agent are not identifiers.
        QCOMPARE(
            queryInt(*ws, q("SELECT COUNT(*) FROM item_keys WHERE value LIKE '%000.000%' OR value LIKE '%Mozilla%'")),
            0);
    }

    void mailgunAndPostmark()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString mailgun = dir.filePath("mailgun.json");
        writeFile(mailgun,
            "{\n"
            "  \"signature\": {\"timestamp\": \"1529006854\", \"token\": "
            "\"a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0\", \"signature\": "
            "\"d2271d12299f6592d9d44cd9d250f0704e4674c30d79d07c47a66f95ce71cf55\"},\n"
            "  \"event-data\": {\n"
            "    \"event\": \"failed\", \"timestamp\": 1529006854.329574, \"id\": \"CPgfbmQMTCKtHW6uIWtuVe\", "
            "\"severity\": \"permanent\",\n"
            "    \"recipient\": \"alice@example.com\",\n"
            "    \"delivery-status\": {\"code\": 550, \"message\": \"5.1.1 The email account that you tried to reach "
            "does not exist\", \"description\": \"Not delivered\"},\n"
            "    \"message\": {\"headers\": {\"message-id\": \"20130503182626.18666.16540@example.org\", \"to\": "
            "\"Alice <alice@example.com>\"}}\n"
            "  }\n"
            "}");
        QCOMPARE(detectFormat(mailgun), QStringLiteral("json-records"));
        auto r = importOne(*ws, mailgun);
        QCOMPARE(r.items, 1);
        QCOMPARE(queryText(*ws, q("SELECT kind FROM items")), QStringLiteral("email"));
        QCOMPARE(queryInt(*ws, q("SELECT status FROM items")), 2);
        // Fractional epoch seconds: exact to the microsecond the provider writes.
        QVERIFY(qAbs(queryInt(*ws, q("SELECT start_ns FROM items")) - Q_INT64_C(1529006854329574000)) < 1000);
        QCOMPARE(queryText(*ws, q("SELECT json_extract(detail,'$.email.message_id') FROM items")),
            QStringLiteral("20130503182626.18666.16540@example.org"));
        QCOMPARE(queryText(*ws, q("SELECT json_extract(detail,'$.email.status') FROM items")), QStringLiteral("550"));
        QCOMPARE(queryText(*ws, q("SELECT ref FROM items")), QStringLiteral("record:0"));
        // The webhook's signing token is a secret, never a key.
        QCOMPARE(
            queryInt(*ws, q("SELECT COUNT(*) FROM item_keys WHERE value LIKE 'a8ce0edb%' OR value LIKE 'd2271d12%'")),
            0);

        const QString temporary = dir.filePath("mailgun-temp.json");
        writeFile(temporary,
            "{\"signature\":{},\"event-data\":{\"event\":\"failed\",\"severity\":\"temporary\",\"recipient\":\"bob@"
            "example.com\",\"timestamp\":1529006854}}");
        r = importOne(*ws, temporary);
        QCOMPARE(
            queryInt(*ws,
                q("SELECT status FROM items i JOIN sources s ON s.id=i.source_id WHERE s.path='mailgun-temp.json'")),
            0);

        const QString postmark = dir.filePath("postmark.json");
        writeFile(postmark,
            "{\"RecordType\":\"Bounce\",\"MessageStream\":\"outbound\",\"ID\":4323372036854775807,\"Type\":"
            "\"HardBounce\",\"TypeCode\":1,\"Name\":\"Hard "
            "bounce\",\"MessageID\":\"883953f4-6105-42a2-a16a-77a8eac79483\",\"Description\":\"The server was unable "
            "to deliver your message (ex: unknown user, mailbox not found).\",\"Details\":\"Test bounce "
            "details\",\"Email\":\"john@example.com\",\"From\":\"sender@example.com\",\"BouncedAt\":\"2019-11-05T16:33:"
            "54.9070259Z\",\"Inactive\":true,\"CanActivate\":true,\"Subject\":\"Test subject\"}");
        QCOMPARE(detectFormat(postmark), QStringLiteral("json-records"));
        r = importOne(*ws, postmark);
        QCOMPARE(r.items, 1);
        const auto col = [&](const char *expr) {
            return queryText(*ws,
                QStringLiteral("SELECT %1 FROM items i JOIN sources s ON s.id=i.source_id WHERE s.path='postmark.json'")
                    .arg(QString::fromLatin1(expr)));
        };
        QCOMPARE(col("i.status"), QStringLiteral("2"));
        QCOMPARE(col("json_extract(i.detail,'$.email.recipient')"), QStringLiteral("john@example.com"));
        QCOMPARE(
            col("json_extract(i.detail,'$.email.message_id')"), QStringLiteral("883953f4-6105-42a2-a16a-77a8eac79483"));
        QCOMPARE(col("i.start_ns"), QStringLiteral("1572971634907025900"));
    }

    void anyArrayOfRecords()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = dir.filePath("customers.json");
        writeFile(path,
            "[\n"
            " {\"customer_id\": \"usr_4821\", \"name\": \"Dana Whitfield\", \"email\": \"dana.whitfield@example.net\", "
            "\"phone\": \"+1 415-555-0142\", \"account\": \"ACC-77120\", \"plan\": \"Fiber 500\"},\n"
            " {\"customer_id\": \"usr_3307\", \"name\": \"Mia Chen\", \"email\": \"mia.chen@example.com\", \"phone\": "
            "\"+1 212-555-0188\", \"account\": \"ACC-20931\", \"plan\": \"Plus\"},\n"
            " \"a stray string\",\n"
            " 42\n"
            "]");
        const auto r = importOne(*ws, path);
        QCOMPARE(r.format, QStringLiteral("json-records"));
        QCOMPARE(r.items, 3);
        QCOMPARE(r.warnings.size(), 1);
        QVERIFY(r.warnings.front().contains(QStringLiteral("record 3")));
        QCOMPARE(queryText(*ws, q("SELECT kind FROM items WHERE ref='record:0'")), QStringLiteral("log"));
        QCOMPARE(queryText(*ws, q("SELECT coalesce(actor,'') FROM items WHERE ref='record:0'")), QString());
        const auto keys = queryText(*ws,
            q("SELECT group_concat(kind||'='||value, ' ') FROM (SELECT k.kind AS kind, k.value AS value FROM item_keys "
              "k JOIN items i ON i.id=k.item_id WHERE i.ref='record:0' ORDER BY k.kind)"));
        QCOMPARE(keys,
            QStringLiteral("account=ACC-77120 email=dana.whitfield@example.net phone=+14155550142 user=usr_4821"));
    }

    void wrappedArray()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = dir.filePath("wrapped.json");
        writeFile(path,
            "{\"data\": [{\"ts\": 1767261600, \"event\": \"login\", \"user\": \"usr_1\"}, {\"ts\": 1767261601, "
            "\"event\": \"logout\", \"user\": \"usr_1\"}], \"next\": null}");
        const auto r = importOne(*ws, path, QStringLiteral("json-records"));
        QCOMPARE(r.items, 2);
        QCOMPARE(queryText(*ws, q("SELECT text FROM items WHERE ref='record:1'")), QStringLiteral("logout"));
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("items");
        QTest::addColumn<QString>("message");
        const int imported = int(ImportRunner::FileResult::Status::Imported);
        const int failed = int(ImportRunner::FileResult::Status::Failed);
        QTest::newRow("empty") << QByteArray() << imported << 0 << QStringLiteral("empty");
        QTest::newRow("empty array") << QByteArray("[]") << imported << 0 << QStringLiteral("no records");
        QTest::newRow("truncated after two") << QByteArray("[{\"event\":\"a\"},{\"event\":\"b\"},{\"event\":\"c")
                                             << imported << 2 << QStringLiteral("after record 1");
        QTest::newRow("truncated at once") << QByteArray("[{\"event\":\"a") << failed << 0 << QStringLiteral("line 1");
        QByteArray garbage("[");
        for (int i = 0; i < 2048; ++i)
            garbage += char((i * 131) % 256);
        QTest::newRow("binary garbage") << garbage << failed << 0 << QStringLiteral("invalid JSON");
        QTest::newRow("deep nesting") << (QByteArray(3000, '[') + QByteArray(3000, ']')) << failed << 0
                                      << QStringLiteral("nested deeper");
        QTest::newRow("latin-1") << QByteArray("[{\"msg\":\"caf\xe9\"}]") << imported << 1 << QStringLiteral("Latin-1");
        QTest::newRow("number past a double") << QByteArray("[{\"event\":\"a\"},\n{\"event\":\"b\",\"ts\":1e999}]")
                                              << imported << 1 << QStringLiteral("line 2, column 19");
        QTest::newRow("scalar") << QByteArray("42") << failed << 0 << QStringLiteral("expected a JSON array");
        QTest::newRow("wrong types") << QByteArray("[{\"timestamp\":{\"a\":1},\"email\":7,\"event\":[\"bounce\"]}]")
                                     << imported << 1 << QString();
    }

    void badInput()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        QFETCH(int, items);
        QFETCH(QString, message);
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = writeTemp(dir, "bad.json", bytes);
        const auto r = importOne(*ws, path, QStringLiteral("json-records"));
        QCOMPARE(int(r.status), status);
        QCOMPARE(r.items, items);
        const QString all = r.message + r.warnings.join('\n');
        if (!message.isEmpty())
            QVERIFY2(all.contains(message), qPrintable(all));
        QCOMPARE(queryInt(*ws, q("SELECT COUNT(*) FROM items")), items);
    }
};

QTEST_GUILESS_MAIN(TstJsonRecordsImporter)
#include "tst_jsonrecordsimporter.moc"
