#include "JsonParsing.h"
#include "KeyExtractor.h"

#include <nlohmann/json.hpp>

#include <QtTest>

// Identifier discovery: which values become keys, under which family, and which never do.
class TstKeyExtractor : public QObject
{
    Q_OBJECT

private:
    static std::vector<ItemKey> keysOf(const char *json)
    {
        std::vector<ItemKey> keys;
        KeyExtractor::extract(nlohmann::json::parse(json), std::string(), keys);
        KeyExtractor::dedupe(keys);
        return keys;
    }
    static QString render(const std::vector<ItemKey> &keys)
    {
        QStringList out;
        for (const ItemKey &k : keys)
            out << QString::fromStdString(k.kind + "=" + k.value);
        return out.join(QLatin1Char(' '));
    }

private slots:
    void identifiersByFamily_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("conversation by value") << "{\"x\":\"conv_8842\"}"
                                               << "conversation=conv_8842";
        QTest::newRow("twilio call sid") << "{\"sid\":\"CA9f3e21aa00bb11cc22dd33ee44ff5566\"}"
                                         << "call=CA9f3e21aa00bb11cc22dd33ee44ff5566";
        QTest::newRow("customer") << "{\"customer\":\"cust-5512\"}"
                                  << "user=cust-5512";
        QTest::newRow("account by prefix") << "{\"ref\":\"ACC-0192\"}"
                                           << "id=ACC-0192";
        QTest::newRow("account by name") << "{\"account\":\"ACC-0192\"}"
                                         << "account=ACC-0192";
        QTest::newRow("order by name, short") << "{\"order\":\"A-19\"}"
                                              << "order=A-19";
        QTest::newRow("order in prose") << "{\"msg\":\"refund for order A-19 failed\"}"
                                        << "order=A-19";
        QTest::newRow("upload id") << "{\"uploadId\":\"upl_5d91c2\"}"
                                   << "upload=upl_5d91c2";
        QTest::newRow("uuid") << "{\"value\":\"5d5d60ea-c711-4ca1-822f-6427d7227119\"}"
                              << "id=5d5d60ea-c711-4ca1-822f-6427d7227119";
        QTest::newRow("request id kebab") << "{\"x-request-id\":\"5d5d60ea-c711-4ca1-822f-6427d7227119\"}"
                                          << "request=5d5d60ea-c711-4ca1-822f-6427d7227119";
        QTest::newRow("email, case folded") << "{\"to\":\"Ann@Example.COM\"}"
                                            << "email=ann@example.com";
        QTest::newRow("phone") << "{\"From\":\"+1 (415) 555-0142\"}"
                               << "phone=+14155550142";
        QTest::newRow("numeric order id") << "{\"orderId\":99123}"
                                          << "order=99123";
        QTest::newRow("correlation without digits") << "{\"logContext\":\"qjifsaDDI\"}"
                                                    << "correlation=qjifsaDDI";
        QTest::newRow("nested") << "{\"meta\":{\"conversation\":{\"id\":\"c-77a1\"}}}"
                                << "conversation=c-77a1";
        QTest::newRow("embedded json") << "{\"payload\":\"{\\\"user_id\\\":\\\"usr_4821\\\"}\"}"
                                       << "user=usr_4821";
        QTest::newRow("tool call") << "{\"tool_call_id\":\"call_Ab12Cd34\"}"
                                   << "tool_call=call_Ab12Cd34";
        QTest::newRow("message id in brackets") << "{\"smtp-id\":\"<14c5d75ce93.dfd.64b469@ismtpd-555>\"}"
                                                << "message=14c5d75ce93.dfd.64b469@ismtpd-555";
        QTest::newRow("file in url") << "{\"recording_url\":\"https://x.example/r/rec_CA7f3e9b21d04c.wav?sig=1\"}"
                                     << "file=rec_CA7f3e9b21d04c.wav call=CA7f3e9b21d04c id=CA7f3e9b21d04c";
        QTest::newRow("amount string") << "{\"amount\":\"$1,250.5\"}"
                                       << "amount=1250.50";
        QTest::newRow("amount number") << "{\"total\":250}"
                                       << "amount=250.00";
    }

    void identifiersByFamily()
    {
        QFETCH(QString, json);
        QFETCH(QString, expected);
        QCOMPARE(render(keysOf(json.toUtf8().constData())), expected);
    }

    void notIdentifiers_data()
    {
        QTest::addColumn<QString>("json");
        QTest::newRow("words") << "{\"status\":\"delivered\",\"check\":\"stabilityDays\"}";
        QTest::newRow("amounts") << "{\"cost\":\"250.00\",\"price_cents\":1999,\"balance\":\"$12.50\"}";
        QTest::newRow("counts") << "{\"count\":12345678,\"total_tokens\":512,\"pid\":7}";
        QTest::newRow("timestamps") << "{\"at\":\"2026-01-01T10:00:00Z\",\"when\":\"2013-09-06 22:01:00Z\"}";
        QTest::newRow("versions") << "{\"release\":\"2.8.7\",\"tag\":\"v1.10.0-rc.1\",\"v\":0}";
        QTest::newRow("hostnames")
            << "{\"hostname\":\"renovate-gitlab-67c4bcb5-9ggbv\",\"server\":\"api-7.prod.internal\"}";
        QTest::newRow("urls")
            << "{\"link\":\"https://example.com/a1b2c3d4\",\"callback\":\"https://h.example/cb/42abc\"}";
        QTest::newRow("log levels") << "{\"lvl\":\"DEBUG2\",\"level\":\"warning5\"}";
        QTest::newRow("quantities") << "{\"took\":\"1500ms\",\"size\":\"15MB\"}";
        QTest::newRow("model names") << "{\"model\":\"gpt-4o-2024-08-06\",\"engine\":\"gpt-4o\"}";
        QTest::newRow("reasoning model names")
            << "{\"llm\":\"o1-mini\",\"fallback\":\"o3-mini\",\"deployment_id\":\"o4-mini-high\"}";
        QTest::newRow("vocabulary values")
            << "{\"ai.operationId\":\"ai.generateText.doGenerate\",\"op_id\":\"ai.streamText\"}";
        QTest::newRow("secrets")
            << "{\"token\":\"sk-abc123def456\",\"password\":\"hunter22\",\"signature\":\"a1b2c3d4e5f6\"}";
        QTest::newRow("prose") << "{\"msg\":\"Release 2.8.7 is pending status checks (versioning=docker) utf-8\"}";
        QTest::newRow("booleans") << "{\"user\":true,\"session\":null,\"call_id\":\"\"}";
        QTest::newRow("ip") << "{\"client\":\"10.0.12.7\",\"peer\":\"000.000.000.000\"}";
    }

    void notIdentifiers()
    {
        QFETCH(QString, json);
        QCOMPARE(render(keysOf(json.toUtf8().constData())), QString());
    }

    void familyForField()
    {
        QCOMPARE(KeyExtractor::familyForField("gen_ai.conversation.id"), std::string("conversation"));
        QCOMPARE(KeyExtractor::familyForField("callSid"), std::string("call"));
        QCOMPARE(KeyExtractor::familyForField("X-Request-ID"), std::string("request"));
        QCOMPARE(KeyExtractor::familyForField("gen_ai.tool.call.id"), std::string("tool_call"));
        QCOMPARE(KeyExtractor::familyForField("user.email"), std::string("email"));
        QCOMPARE(KeyExtractor::familyForField("request.amount.units.low"), std::string());
        QCOMPARE(KeyExtractor::familyForField("message"), std::string());
        QCOMPARE(KeyExtractor::familyForField("MessageID"), std::string("message"));
        QCOMPARE(KeyExtractor::familyForField("user_agent"), std::string());
        QCOMPARE(KeyExtractor::familyForField("hostname"), std::string());
    }

    void fileNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");
        QTest::newRow("recording") << "rec_CA7f3e9b21d04c.wav"
                                   << "file=rec_CA7f3e9b21d04c.wav call=CA7f3e9b21d04c id=CA7f3e9b21d04c";
        QTest::newRow("upload") << "upl_5d91c2_router-lights.png"
                                << "file=upl_5d91c2_router-lights.png upload=upl_5d91c2 id=5d91c2";
        QTest::newRow("conversation") << "screens/conv_8842.png"
                                      << "file=conv_8842.png conversation=conv_8842";
        QTest::newRow("transcript of a call") << "call_CA7f3e9b21d04c.whisper.json"
                                              << "file=call_CA7f3e9b21d04c.whisper.json call=CA7f3e9b21d04c "
                                                 "id=CA7f3e9b21d04c";
        QTest::newRow("plain") << "graph.png"
                               << "file=graph.png";
        QTest::newRow("uuid") << "5d5d60ea-c711-4ca1-822f-6427d7227119.wav"
                              << "file=5d5d60ea-c711-4ca1-822f-6427d7227119.wav "
                                 "id=5d5d60ea-c711-4ca1-822f-6427d7227119";
    }

    void fileNames()
    {
        QFETCH(QString, name);
        QFETCH(QString, expected);
        std::vector<ItemKey> keys;
        KeyExtractor::extractFromFileName(name.toStdString(), keys);
        KeyExtractor::dedupe(keys);
        QCOMPARE(render(keys), expected);
    }

    void normalize()
    {
        QCOMPARE(KeyExtractor::normalize("phone", " +44 20 7946 0321 "), std::string("+442079460321"));
        QCOMPARE(KeyExtractor::normalize("email", "<Mia.Chen@Example.com>"), std::string("mia.chen@example.com"));
        QCOMPARE(KeyExtractor::normalize("amount", "42.5"), std::string("42.50"));
        QCOMPARE(KeyExtractor::normalize("amount", "EUR 1.234"), std::string("1.23"));
    }

    void extractParsedMatchesExtract()
    {
        // SemanticMapper hands the walk the tool arguments it already parsed for the detail.
        const nlohmann::json attr = "{\"order_id\":\"A-19\",\"customer\":{\"email\":\"Ann@Example.com\"}}";
        const std::string field = "gen_ai.tool.call.arguments";
        std::vector<ItemKey> walked, fromParsed;
        KeyExtractor::extract(attr, field, walked);
        KeyExtractor::extractParsed(attr, JsonParsing::maybeParseEmbedded(attr), field, fromParsed);
        QCOMPARE(render(fromParsed), QStringLiteral("email=ann@example.com order=A-19"));
        QCOMPARE(render(fromParsed), render(walked));
        QCOMPARE(fromParsed.size(), size_t(2));
        QCOMPARE(fromParsed[0].field, std::string("gen_ai.tool.call.arguments.customer.email"));
        QCOMPARE(fromParsed[1].field, std::string("gen_ai.tool.call.arguments.order_id"));

        // A value that is no JSON is walked as itself whatever `parsed` holds.
        const nlohmann::json plain = "conv_8842";
        std::vector<ItemKey> keys;
        KeyExtractor::extractParsed(plain, nlohmann::json::object(), "x", keys);
        QCOMPARE(render(keys), QStringLiteral("conversation=conv_8842"));
    }

    void dedupeKeepsFirstField_data()
    {
        QTest::addColumn<int>("filler");
        QTest::newRow("short list") << 0;
        QTest::newRow("long list") << 40;
    }

    void dedupeKeepsFirstField()
    {
        QFETCH(int, filler);
        std::vector<ItemKey> keys = {{"id", "a", "f1"}, {"user", "a", "f2"}, {"id", "a", "f3"}, {"id", "b", "f4"}};
        for (int i = 0; i < filler; ++i)
            keys.push_back({"id", "n" + std::to_string(i % 20), "filler"});
        keys.push_back({"user", "a", "f5"});
        KeyExtractor::dedupe(keys);
        QCOMPARE(keys.size(), size_t(3 + std::min(filler, 20)));
        QCOMPARE(keys[0].field, std::string("f1"));
        QCOMPARE(keys[1].field, std::string("f2"));
        QCOMPARE(keys[2].field, std::string("f4"));
        if (filler > 0)
            QCOMPARE(keys.back().value, std::string("n19"));
    }

    void deepNestingIsBounded()
    {
        std::string deep;
        for (int i = 0; i < 400; ++i)
            deep += "{\"a\":";
        deep += "\"conv_1234\"";
        for (int i = 0; i < 400; ++i)
            deep += "}";
        std::vector<ItemKey> keys;
        KeyExtractor::extract(nlohmann::json::parse(deep), std::string(), keys);
        QVERIFY(keys.empty());
    }
};

QTEST_GUILESS_MAIN(TstKeyExtractor)
#include "tst_keyextractor.moc"
