#include "Redactor.h"
#include "ShareFixture.h"
#include "TestUtils.h"
#include "Workspace.h"
#include "WorkspaceSharer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace TestUtils;

namespace {

// Everything a redaction could touch, as one string: equal before and after means untouched.
QString contentOf(const QString &path)
{
    auto ws = Workspace::open(path, Workspace::Access::ReadOnly);
    QString all;
    for (const char *sql : {"SELECT group_concat(coalesce(name,'') || coalesce(text,'') || coalesce(attrs,'') || "
                            "coalesce(detail,''), '|') FROM items",
             "SELECT group_concat(value, '|') FROM item_keys", "SELECT group_concat(path, '|') FROM sources",
             "SELECT group_concat(file_name, '|') FROM media", "SELECT group_concat(note, '|') FROM annotations",
             "SELECT group_concat(title, '|') FROM conversations"})
        all += queryText(*ws, QString::fromLatin1(sql)) + QLatin1Char('\n');
    return all;
}

} // namespace

class TstRedactor : public QObject
{
    Q_OBJECT

private slots:
    void builtInKinds_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("email") << "mail Alice.B+x@Example.co.uk now"
                               << "mail <email-1> now";
        QTest::newRow("phone e164") << "call +44 20 7946 0958."
                                    << "call <phone-1>.";
        QTest::newRow("phone nanp") << "call (415) 555-0134 or 415-555-0134"
                                    << "call <phone-1> or <phone-1>";
        QTest::newRow("card luhn") << "card 4111-1111-1111-1111 ok"
                                   << "card <card-1> ok";
        QTest::newRow("card not luhn") << "card 4111-1111-1111-1112 ok"
                                       << "card 4111-1111-1111-1112 ok";
        QTest::newRow("iban") << "pay GB82 WEST 1234 5698 7654 32 today"
                              << "pay <iban-1> today";
        QTest::newRow("iban bad checksum") << "pay GB00 WEST 1234 5698 7654 32"
                                           << "pay GB00 WEST 1234 5698 7654 32";
        QTest::newRow("openai key") << "key=sk-proj-abcdefghijklmnopqrstuv"
                                    << "key=<api_key-1>";
        QTest::newRow("aws key") << "AKIAIOSFODNN7EXAMPLE used"
                                 << "<api_key-1> used";
        QTest::newRow("github token") << "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
                                      << "<api_key-1>";
        QTest::newRow("bearer") << "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc"
                                << "Authorization: Bearer <bearer-1>";
        // Things that look numeric but are not personal data stay.
        QTest::newRow("epoch ns") << "{\"t\":1780000000000000000}"
                                  << "{\"t\":1780000000000000000}";
        QTest::newRow("date") << "2026-05-28 20:26:40"
                              << "2026-05-28 20:26:40";
        QTest::newRow("trace id") << "4bf92f3577b34da6a3ce929d0e0e4736"
                                  << "4bf92f3577b34da6a3ce929d0e0e4736";
        QTest::newRow("version") << "gpt-4o-2024-08-06 v1.2.3"
                                 << "gpt-4o-2024-08-06 v1.2.3";
    }

    void builtInKinds()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        Redactor r;
        QCOMPARE(r.redact(input), expected);
    }

    void sameValueSamePlaceholder()
    {
        Redactor r({QStringLiteral("cust_[0-9]{4}")});
        QCOMPARE(r.redact(QStringLiteral("a@x.io, b@x.io, A@X.IO")), QStringLiteral("<email-1>, <email-2>, <email-1>"));
        QCOMPARE(r.redact(QStringLiteral("+1 415 555 0134 / +14155550134")), QStringLiteral("<phone-1> / <phone-1>"));
        QCOMPARE(r.redact(QStringLiteral("cust_1234 and cust_1234 and cust_9999")),
            QStringLiteral("<pattern-1> and <pattern-1> and <pattern-2>"));
        QCOMPARE(r.counts().at(QStringLiteral("email")).occurrences, 3);
        QCOMPARE(r.counts().at(QStringLiteral("email")).distinctValues, 2);
        QCOMPARE(r.counts().at(QStringLiteral("pattern")).distinctValues, 2);
        QVERIFY(r.reportText().contains(QStringLiteral("email: 3 replacement(s) of 2 distinct value(s)")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Redactor({QStringLiteral("(unclosed")}));
    }

    void redactedCopyLeavesNoOriginalValueAndKeepsJoins()
    {
        QTemporaryDir dir;
        const QString original = dir.filePath(QStringLiteral("case.threadline"));
        ShareFixture::Ids ids;
        {
            auto ws = Workspace::create(original);
            ids = ShareFixture::build(*ws);
            ws->db().exec(
                "INSERT INTO annotations(target_kind, target, note, author, created_at) VALUES('conversation', "
                "'conversation:conv-42', 'phoned alice@example.com back on +1 415 555 0134, ref ORD-77123', "
                "'dana', '2026-01-01')");
            // A transcript segment and a recording named after the caller.
            ws->db().exec("INSERT INTO sources(path, format, sha256, imported_at) VALUES("
                          "'calls/+14155550134_alice@example.com.wav', 'media', 'dd', '2026-01-01')");
            const int64_t src = ws->db().lastInsertRowId();
            ws->db().exec("INSERT INTO items(source_id, ref, kind, text, detail) VALUES(" + std::to_string(src)
                + ", 'segment:0', 'asr', 'my card is 4111 1111 1111 1111 and my order ORD-77123', "
                  "'{\"segment\":{\"speaker\":\"alice@example.com\"}}')");
            const int64_t seg = ws->db().lastInsertRowId();
            ws->db().exec("INSERT INTO item_keys(item_id, kind, value, field) VALUES(" + std::to_string(seg)
                + ", 'email', 'Alice@Example.com', 'speaker')");
            ws->db().exec("INSERT INTO media(item_id, mime, file_name, data) VALUES(" + std::to_string(seg)
                + ", 'audio/wav', '+14155550134_alice@example.com.wav', x'52494646')");
            ws->db().exec("INSERT INTO items_fts(rowid, text) VALUES(" + std::to_string(seg)
                + ", 'my card is 4111 1111 1111 1111 and my order ORD-77123')");
        }
        const QString before = contentOf(original);
        QVERIFY(before.contains(QStringLiteral("alice@example.com")));
        const QString out = dir.filePath(QStringLiteral("redacted.threadline"));
        WorkspaceSharer::Result result;
        {
            auto ws = Workspace::open(original, Workspace::Access::ReadWrite); // WAL mode, as in real use
            WorkspaceSharer::Options options;
            options.redact = true;
            options.patterns = {QStringLiteral("ORD-\\d{5}")};
            result = WorkspaceSharer::share(*ws, out, options);
        }
        // The original is untouched.
        QCOMPARE(contentOf(original), before);

        const QByteArray raw = readFile(out);
        for (const char *secret :
            {"alice@example.com", "Alice@Example.com", "alice", "+1 415 555 0134", "4155550134", "4111 1111 1111 1111",
                "DE89 3704", "abcDEF1234567890xyz", "sk-proj-ABCDEFGHIJKLMNOPQRST1234", "ORD-77123", "77123"})
            QVERIFY2(!raw.contains(secret), secret);
        QVERIFY(!QFileInfo::exists(out + QStringLiteral("-wal")));

        auto ws = Workspace::openUntrusted(out);
        // Joins still read: both items that shared the email share the placeholder key, and the
        // differently-cased key from the transcript maps to the same placeholder.
        QCOMPARE(
            queryText(*ws, QStringLiteral("SELECT group_concat(DISTINCT value) FROM item_keys WHERE kind = 'email'")),
            QStringLiteral("<email-1>"));
        QCOMPARE(
            queryInt(*ws, QStringLiteral("SELECT count(DISTINCT item_id) FROM item_keys WHERE value = '<email-1>'")),
            3);
        QCOMPARE(
            queryText(*ws, QStringLiteral("SELECT title FROM conversations")), QStringLiteral("Refund for <email-1>"));
        QCOMPARE(queryText(*ws, QStringLiteral("SELECT file_name FROM media WHERE mime = 'audio/wav'")),
            QStringLiteral("<phone-1>_<email-1>.wav"));
        QCOMPARE(queryText(*ws, QStringLiteral("SELECT path FROM sources WHERE sha256 = 'dd'")),
            QStringLiteral("calls/<phone-1>_<email-1>.wav"));
        QCOMPARE(queryText(*ws, QStringLiteral("SELECT note FROM annotations")),
            QStringLiteral("phoned <email-1> back on <phone-1>, ref <pattern-1>"));
        QCOMPARE(queryText(*ws, QStringLiteral("SELECT text FROM items WHERE ref = 'segment:0'")),
            QStringLiteral("my card is <card-1> and my order <pattern-1>"));
        const QString attrs = queryText(*ws, QStringLiteral("SELECT attrs FROM items WHERE ref = 'span:t1/s1'"));
        QCOMPARE(attrs, QStringLiteral(R"({"user.email":"<email-1>","auth":"Bearer <bearer-1>","phone":"<phone-1>"})"));
        QVERIFY(!QJsonDocument::fromJson(attrs.toUtf8()).isNull()); // still JSON
        QCOMPARE(queryText(*ws, QStringLiteral("SELECT text FROM items WHERE ref = 'span:t2/r1'")),
            QStringLiteral("IBAN on file <iban-1>"));
        // Item targets stay stable on the copy, the media bytes are kept.
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM media WHERE data IS NOT NULL")), 2);
        // Search reads the redacted words only.
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM items_fts WHERE items_fts MATCH 'alice'")), 0);
        QCOMPARE(
            queryInt(*ws, QStringLiteral("SELECT count(*) FROM items_fts WHERE items_fts MATCH 'refund_lookup'")), 1);

        // The report: by kind and count, printed and stored.
        const QJsonObject report
            = QJsonDocument::fromJson(ws->meta(QStringLiteral("redaction_report")).toUtf8()).object();
        QCOMPARE(report.value(QStringLiteral("email")).toObject().value(QStringLiteral("values")).toInt(), 1);
        QCOMPARE(report.value(QStringLiteral("email")).toObject().value(QStringLiteral("replacements")).toInt(), 13);
        QCOMPARE(report.value(QStringLiteral("phone")).toObject().value(QStringLiteral("replacements")).toInt(), 5);
        QCOMPARE(report.value(QStringLiteral("card")).toObject().value(QStringLiteral("values")).toInt(), 1);
        QCOMPARE(report.value(QStringLiteral("iban")).toObject().value(QStringLiteral("values")).toInt(), 1);
        QCOMPARE(report.value(QStringLiteral("api_key")).toObject().value(QStringLiteral("values")).toInt(), 1);
        QCOMPARE(report.value(QStringLiteral("bearer")).toObject().value(QStringLiteral("values")).toInt(), 1);
        QCOMPARE(report.value(QStringLiteral("pattern")).toObject().value(QStringLiteral("values")).toInt(), 1);
        QCOMPARE(report.value(QStringLiteral("phone")).toObject().value(QStringLiteral("values")).toInt(), 1);
        QVERIFY(result.redactionReport.contains(QStringLiteral("card: ")));
        const QJsonObject summary
            = QJsonDocument::fromJson(ws->meta(QStringLiteral("share_summary")).toUtf8()).object();
        QVERIFY(summary.value(QStringLiteral("redacted")).toBool());
    }
};

QTEST_GUILESS_MAIN(TstRedactor)
#include "tst_redactor.moc"
