#include "RecordMapper.h"

#include <nlohmann/json.hpp>

#include <QtTest>

// The field logic the JSONL, logfmt and JSON-records importers share.
class TstRecordMapper : public QObject
{
    Q_OBJECT

private:
    static Item mapJson(const char *text) { return RecordMapper::map(nlohmann::json::parse(text), "record:0"); }
    static nlohmann::json detail(const Item &item) { return nlohmann::json::parse(item.detailJson); }

private slots:
    void cleanText()
    {
        QCOMPARE(RecordMapper::cleanText("Starting up \x1b[0;32mservice\x1b[0m"), std::string("Starting up service"));
        QCOMPARE(RecordMapper::cleanText("D\bDe\betails...\n"), std::string("Details..."));
        QCOMPARE(RecordMapper::cleanText("\x1b]0;title\x07text\r\n"), std::string("text"));
        QCOMPARE(RecordMapper::cleanText("bad \xff byte"), std::string("bad \xEF\xBF\xBD byte"));
        QCOMPARE(RecordMapper::cleanText("tab\tand\nnewline kept"), std::string("tab\tand\nnewline kept"));
    }

    void utf8()
    {
        QVERIFY(RecordMapper::isValidUtf8("café ☕ 𝄞"));
        QVERIFY(!RecordMapper::isValidUtf8("caf\xe9"));
        QVERIFY(!RecordMapper::isValidUtf8("\xed\xa0\x80")); // a surrogate
        QVERIFY(!RecordMapper::isValidUtf8("\xc0\xaf")); // overlong
        QCOMPARE(RecordMapper::latin1Fallback("caf\xe9 ☕"), std::string("café ☕"));
    }

    void emailEvents()
    {
        // AWS SES notification: a permanent bounce.
        Item ses = mapJson("{\"eventType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\",\"bouncedRecipients\":[{"
                           "\"emailAddress\":\"ann@example.com\",\"diagnosticCode\":\"smtp; 550 5.1.1 user "
                           "unknown\"}],\"timestamp\":\"2026-01-01T10:00:00.000Z\"},\"mail\":{\"timestamp\":\"2026-01-"
                           "01T09:59:59.000Z\",\"messageId\":\"0100018c-abc\",\"destination\":[\"ann@example.com\"]}}");
        QCOMPARE(int(ses.kind), int(ItemKind::Email));
        QCOMPARE(ses.status, 2);
        QCOMPARE(detail(ses)["email"]["recipient"].get<std::string>(), std::string("ann@example.com"));
        QCOMPARE(detail(ses)["email"]["message_id"].get<std::string>(), std::string("0100018c-abc"));
        QCOMPARE(ses.text, std::string("bounce to ann@example.com: smtp; 550 5.1.1 user unknown"));
        // Resend: "email.delivery_delayed" is not a failure; a soft bounce neither.
        Item resend = mapJson("{\"type\":\"email.delivery_delayed\",\"created_at\":\"2026-01-01T10:00:00Z\",\"data\":{"
                              "\"email_id\":\"4ef9a417-02e9-4d39-ad75-9611e0fcc33c\",\"to\":[\"bob@example.com\"]}}");
        QCOMPARE(int(resend.kind), int(ItemKind::Email));
        QCOMPARE(resend.status, 0);
        Item soft = mapJson("{\"event\":\"bounce\",\"email\":\"c@example.com\",\"type\":\"SoftBounce\"}");
        QCOMPARE(soft.status, 0);
        // An "event" that is not about mail, or mail words without a recipient, is a plain log.
        QVERIFY(
            !RecordMapper::isEmailEvent(nlohmann::json::parse("{\"event\":\"call.initiated\",\"CallSid\":\"CA1\"}")));
        QVERIFY(!RecordMapper::isEmailEvent(nlohmann::json::parse("{\"event\":\"delivered\",\"order\":\"A-19\"}")));
    }

    void chatTurn()
    {
        Item turn = mapJson("{\"ts\":\"2026-11-20T14:02:12.120Z\",\"conversationId\":\"conv_8f2a61\",\"turnId\":\"t-"
                            "02\",\"role\":\"user\",\"channel\":\"voice\",\"text\":\"I was charged twice.\"}");
        QCOMPARE(int(turn.kind), int(ItemKind::Log));
        QCOMPARE(turn.text, std::string("I was charged twice."));
        QCOMPARE(detail(turn)["role"].get<std::string>(), std::string("user"));
        QCOMPARE(turn.startNs, Q_INT64_C(1795183332120000000));
        std::vector<std::string> keys;
        for (const ItemKey &k : turn.keys)
            keys.push_back(k.kind + "=" + k.value);
        QCOMPARE(keys, (std::vector<std::string> {"conversation=conv_8f2a61", "turn=t-02"}));
    }

    void implausibleTimesAreIgnored()
    {
        // "t": 5 is a counter, not 1970; the ISO value elsewhere is the time.
        Item item = mapJson("{\"t\":5,\"seen\":\"2026-01-01T00:00:00Z\",\"msg\":\"x\"}");
        QCOMPARE(item.startNs, Q_INT64_C(1767225600000000000));
        Item none = mapJson("{\"time\":\"yesterday\",\"msg\":\"x\",\"ts\":\"99999999999999999999999\"}");
        QCOMPARE(none.startNs, Q_INT64_C(0));
    }

    void specificFormatsAreNamed()
    {
        QVERIFY(RecordMapper::namesSpecificFormat("{\"resourceSpans\":["));
        QVERIFY(RecordMapper::namesSpecificFormat("[{\"traceId\":\"a\",\"id\":\"b\",\"kind\":\"CLIENT\"}]"));
        QVERIFY(RecordMapper::namesSpecificFormat("{\"object\": \"trace.span\", \"id\": \"span_1\"}"));
        QVERIFY(RecordMapper::namesSpecificFormat("{\"post\": [{\"id\": \"1\", \"trace_id\": \"1\"}]}"));
        QVERIFY(!RecordMapper::namesSpecificFormat("{\"msg\":\"the \\\"resourceSpans\\\": key is mentioned\"}"));
        QVERIFY(!RecordMapper::namesSpecificFormat("{\"level\":\"info\",\"traceId\":\"abc\",\"msg\":\"x\"}"));
    }
};

QTEST_GUILESS_MAIN(TstRecordMapper)
#include "tst_recordmapper.moc"
