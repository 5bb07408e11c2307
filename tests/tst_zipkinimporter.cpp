// Zipkin v2 JSON on the real samples in tests/fixtures/real/zipkin, plus damaged input.
#include "TraceTestSupport.h"

using namespace TestUtils;
using namespace TraceTestSupport;
using Status = ImportRunner::FileResult::Status;

class TestZipkinImporter : public QObject
{
    Q_OBJECT

private slots:
    void sharedServerHalvesAreKeptWithoutCycles();
    void clockSkewAndAsyncChild();
    void singleObjectWithErrorTag();
    void envoySpanWithoutService();
    void largeAndMessagingTraces();
    void sniffing_data();
    void sniffing();
    void badInput_data();
    void badInput();

private:
    QTemporaryDir m_dir;
};

void TestZipkinImporter::sharedServerHalvesAreKeptWithoutCycles()
{
    auto ws = newWorkspace(m_dir, "yelp.threadline");
    const auto r = importOne(*ws, realFixture("zipkin/zipkin-lens-yelp.json"));
    QCOMPARE(int(r.status), int(Status::Imported));
    QCOMPARE(r.format, QStringLiteral("zipkin"));
    QCOMPARE(r.items, 16);
    QVERIFY2(r.warnings.isEmpty(), qPrintable(r.warnings.join('\n')));
    QCOMPARE(queryInt(*ws, "SELECT count(DISTINCT actor) FROM items WHERE actor IS NOT NULL"), 6);
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM items WHERE json_extract(attrs, '$.\"span.kind\"') = 'client'"), 11);
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM items WHERE json_extract(attrs, '$.\"span.kind\"') = 'server'"), 4);
    // Three server halves reuse a client's id; the root's server half has no client here.
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM items WHERE ref LIKE '%#server'"), 3);
    const QString half = "FROM items WHERE ref = 'span:a03ee8fff1dcd9b9/7a778764a0d0b594#server'";
    QCOMPARE(queryText(*ws, "SELECT actor " + half), QStringLiteral("spectre"));
    QCOMPARE(queryText(*ws, "SELECT parent_span_id " + half), QStringLiteral("7a778764a0d0b594"));
    QCOMPARE(queryText(*ws, "SELECT span_id " + half), QStringLiteral("7a778764a0d0b594#server"));
    QCOMPARE(queryText(*ws, "SELECT actor FROM items WHERE ref = 'span:a03ee8fff1dcd9b9/7a778764a0d0b594'"),
        QStringLiteral("mobile_api"));
    QCOMPARE(queryText(*ws, "SELECT ref FROM items WHERE parent_span_id IS NULL"),
        QStringLiteral("span:a03ee8fff1dcd9b9/2e8cfb154b59a41f"));
    // Children of a shared id hang under the half that ran them (the server).
    QCOMPARE(queryText(*ws, "SELECT parent_span_id FROM items WHERE span_id = '15fc03927f0f68df'"),
        QStringLiteral("f5f268651b2a2b34#server"));
    // Microseconds → ns, the one annotation as an event.
    QCOMPARE(
        queryInt(*ws, "SELECT start_ns FROM items WHERE span_id = '2e8cfb154b59a41f'"), Q_INT64_C(1571896375237354000));
    QCOMPARE(queryText(*ws, "SELECT json_extract(detail, '$.events[0].name') FROM items WHERE detail LIKE '%events%'"),
        QStringLiteral("py_zipkin.logging_end"));
    QCOMPARE(
        queryInt(*ws, "SELECT json_extract(detail, '$.events[0].time_ns') FROM items WHERE detail LIKE '%events%'"),
        Q_INT64_C(1571896375355436000));
}

void TestZipkinImporter::clockSkewAndAsyncChild()
{
    auto ws = newWorkspace(m_dir, "skew.threadline");
    const auto r = importOne(*ws, realFixture("zipkin/zipkin-lens-skew.json"));
    QCOMPARE(r.items, 4);
    QVERIFY(r.warnings.isEmpty());
    QCOMPARE(queryText(*ws, "SELECT parent_span_id FROM items WHERE name = 'async'"),
        QStringLiteral("74280ae0c10d8062#server"));
    QCOMPARE(queryText(*ws, "SELECT parent_span_id FROM items WHERE span_id = '74280ae0c10d8062#server'"),
        QStringLiteral("74280ae0c10d8062"));
    // The server half starts before its client (skew is kept as recorded).
    QVERIFY(queryInt(*ws, "SELECT start_ns FROM items WHERE span_id = '74280ae0c10d8062#server'")
        < queryInt(*ws, "SELECT start_ns FROM items WHERE span_id = '74280ae0c10d8062'"));
}

void TestZipkinImporter::singleObjectWithErrorTag()
{
    auto ws = newWorkspace(m_dir, "chinese.threadline");
    const auto r = importOne(*ws, realFixture("zipkin/zipkin2-benchmark-chinese-single-span.json"));
    QCOMPARE(int(r.status), int(Status::Imported));
    QCOMPARE(r.items, 1);
    QCOMPARE(queryText(*ws, "SELECT name FROM items"), QStringLiteral("个人信息查询"));
    QCOMPARE(queryText(*ws, "SELECT actor FROM items"), QStringLiteral("订单维护服务"));
    QCOMPARE(queryInt(*ws, "SELECT status FROM items"), 2);
    QCOMPARE(queryText(*ws, "SELECT status_message FROM items"), QStringLiteral("此用户没有操作权限"));
    QCOMPARE(queryText(*ws, "SELECT trace_id FROM items"), QStringLiteral("4d1e00c0db9010db86154a4ba6e91385"));
    QCOMPARE(queryText(*ws, "SELECT parent_span_id FROM items"), QStringLiteral("86154a4ba6e91385"));
    QCOMPARE(queryInt(*ws, "SELECT end_ns - start_ns FROM items"), 207000000);
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.\"localEndpoint.ipv6\"') FROM items"),
        QStringLiteral("2001:db8::c001"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.\"remoteEndpoint.serviceName\"') FROM items"),
        QStringLiteral("个人信息服务"));
}

void TestZipkinImporter::envoySpanWithoutService()
{
    auto ws = newWorkspace(m_dir, "envoy.threadline");
    const auto r = importOne(*ws, realFixture("zipkin/zipkin-lens-envoy.json"));
    QCOMPARE(r.items, 1);
    QCOMPARE(queryText(*ws, "SELECT ref FROM items"), QStringLiteral("span:978883983d506fa5/978883983d506fa5"));
    QCOMPARE(queryText(*ws, "SELECT coalesce(actor, '') FROM items"), QString());
    QCOMPARE(queryText(*ws, "SELECT kind FROM items"), QStringLiteral("http"));
    QCOMPARE(queryText(*ws, "SELECT json_extract(attrs, '$.\"guid:x-request-id\"') FROM items"),
        QStringLiteral("d709b78f-583e-988e-b581-25b72c63852d"));
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM item_keys WHERE value = 'd709b78f-583e-988e-b581-25b72c63852d'"), 1);
}

void TestZipkinImporter::largeAndMessagingTraces()
{
    auto ws = newWorkspace(m_dir, "large.threadline");
    const auto big = importOne(*ws, realFixture("zipkin/zipkin-lens-smartthings-oauth-authorization.json"));
    QCOMPARE(big.items, 175);
    QCOMPARE(queryInt(*ws, "SELECT count(DISTINCT actor) FROM items"), 8);
    for (const QString &w : big.warnings)
        QVERIFY2(!w.contains(QStringLiteral("cycle")), qPrintable(w));
    // One "send" fans out to five "receive" server halves sharing its id: the four extra copies
    // are reported and kept under refs of their own.
    QCOMPARE(big.warnings.size(), 4);
    QCOMPARE(queryInt(*ws, "SELECT count(*) FROM items WHERE ref LIKE '%9d2d35b746db84f3#server%'"), 5);
    const auto kafka = importOne(*ws, realFixture("zipkin/zipkin-lens-messaging-kafka.json"));
    QCOMPARE(kafka.items, 28);
    QCOMPARE(queryInt(*ws,
                 "SELECT count(*) FROM items WHERE json_extract(attrs, '$.\"span.kind\"') = 'producer' AND source_id = "
                 "(SELECT id FROM sources WHERE path LIKE '%kafka%')"),
        9);
    const auto m2 = importOne(*ws, realFixture("zipkin/zipkin-lens-messaging2.json"));
    QCOMPARE(m2.items, 11);
    QVERIFY(m2.warnings.isEmpty()); // dangling parents are the correlation engine's finding, not damage
}

void TestZipkinImporter::sniffing_data()
{
    QTest::addColumn<QString>("file");
    for (const char *f : {"zipkin-lens-envoy.json", "zipkin-lens-messaging-kafka.json", "zipkin-lens-messaging2.json",
             "zipkin-lens-skew.json", "zipkin-lens-smartthings-oauth-authorization.json", "zipkin-lens-yelp.json",
             "zipkin2-benchmark-chinese-single-span.json"})
        QTest::newRow(f) << QStringLiteral("zipkin/") + QString::fromLatin1(f);
}

void TestZipkinImporter::sniffing()
{
    QFETCH(QString, file);
    QCOMPARE(detected(realFixture(file)), QStringLiteral("zipkin"));
    QVERIFY(onlyClaimedBy(realFixture(file), "zipkin"));
}

void TestZipkinImporter::badInput_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expect");
    QTest::addColumn<int>("items");
    const QByteArray good = readFile(realFixture("zipkin/zipkin-lens-skew.json"));
    QTest::newRow("empty") << QByteArray() << "empty" << -1;
    QTest::newRow("truncated") << good.left(good.size() / 3) << "invalid JSON" << -1;
    QTest::newRow("binary") << garbage(1000) << "" << -1;
    QTest::newRow("string document") << QByteArray("\"abc\"") << "expected a JSON array" << -1;
    QTest::newRow("deep nesting") << QByteArray(100000, '[') + QByteArray(100000, ']') << "nested deeper" << -1;
    QTest::newRow("wrong types") << QByteArray(R"([7, "x", {"traceId":"ab","id":"cd","timestamp":"soon","tags":[1],
        "annotations":{"a":1},"localEndpoint":5,"kind":3}, {"traceId":5}])")
                                 << "" << 1;
    // Microseconds whose nanoseconds leave int64 (undefined behaviour before, fatal under UBSan).
    QTest::newRow("times past int64 nanoseconds")
        << QByteArray(R"([{"traceId":"ab","id":"cd","timestamp":9999999999999999,"duration":9000000000000000000,
        "annotations":[{"timestamp":-9999999999999999,"value":"x"}]}])")
        << "" << 1;
    QByteArray latin1 = good;
    latin1.replace("async", "\xE9t\xE9");
    QTest::newRow("non-UTF-8") << latin1 << "" << 4;
    QTest::newRow("gzip") << QByteArray() << "gzip" << 4;
}

void TestZipkinImporter::badInput()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expect);
    QFETCH(int, items);
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(' ', '-');
    QString path;
    if (expect == QStringLiteral("gzip"))
        path = gzipCopy(m_dir, realFixture("zipkin/zipkin-lens-skew.json"), "skew.json.gz");
    else
        path = writeTemp(m_dir, QStringLiteral("bad-%1.json").arg(tag), bytes);
    auto ws = newWorkspace(m_dir, QStringLiteral("bad-%1.threadline").arg(tag));
    const auto r = importOne(*ws, path, expect == QStringLiteral("gzip") ? QString() : QStringLiteral("zipkin"));
    checkBadInputResult(*ws, r, expect, items, false);
}

QTEST_GUILESS_MAIN(TestZipkinImporter)
#include "tst_zipkinimporter.moc"
