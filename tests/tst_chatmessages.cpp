// ChatMessages: every message shape the Agents SDK, Langfuse and LangSmith importers hand it,
// normalized to role, content and optional tool calls / tool call id, and the odd shapes real
// exports also contain.
#include "ChatMessages.h"

#include <QtTest>
#include <nlohmann/json.hpp>

using nlohmann::json;

namespace {

// Quotes inside JSON strings are written \u0022 because moc (Qt 6.4) loses its place in a raw
// string that holds a backslash-quote, and then finds no test class at all.
json j(const char *text)
{
    return json::parse(text);
}

// Compared as text so a failure prints both sides readably.
QString text(const json &value)
{
    return QString::fromStdString(value.dump());
}

QString contentOf(const json &value)
{
    return QString::fromStdString(ChatMessages::normalize(value, "user").at(0).at("content").get<std::string>());
}

} // namespace

class TstChatMessages : public QObject
{
    Q_OBJECT

private slots:
    void normalize_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        const auto row = [](const char *name, const char *in, const char *out) {
            QTest::newRow(name) << QString::fromUtf8(in) << text(j(out));
        };
        row("plain string", R"("hello")", R"([{"role":"user","content":"hello"}])");
        row("empty string", R"("")", "[]");
        row("null", "null", "[]");
        row("empty array", "[]", "[]");
        row("json in a string", R"("[{\u0022role\u0022:\u0022system\u0022,\u0022content\u0022:\u0022be brief\u0022}]")",
            R"([{"role":"system","content":"be brief"}])");
        row("json encoded twice",
            R"("\u0022{\\\u0022role\\\u0022:\\\u0022assistant\\\u0022,\\\u0022content\\\u0022:\\\u0022ok\\\u0022}\u0022")",
            R"([{"role":"assistant","content":"ok"}])");
        row("openai content string", R"({"role":"user","content":"hi"})", R"([{"role":"user","content":"hi"}])");
        row("openai content array",
            R"({"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"x"}}]})",
            R"([{"role":"user","content":"look\n[image_url]"}])");
        row("openai tool calls",
            R"({"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                "function":{"name":"get_weather","arguments":"{\u0022city\u0022:\u0022Oslo\u0022}"}}]})",
            R"([{"role":"assistant","content":"","tool_calls":[{"id":"call_1","name":"get_weather",
                "arguments":"{\u0022city\u0022:\u0022Oslo\u0022}"}]}])");
        row("openai tool result", R"({"role":"tool","tool_call_id":"call_1","content":"12C"})",
            R"([{"role":"tool","content":"12C","tool_call_id":"call_1"}])");
        row("openai legacy function_call", R"({"role":"assistant","function_call":{"name":"f","arguments":{"a":1}}})",
            R"([{"role":"assistant","content":"","tool_calls":[{"name":"f","arguments":"{\u0022a\u0022:1}"}]}])");
        row("anthropic tool_use",
            R"({"role":"assistant","content":[{"type":"text","text":"checking"},
                {"type":"tool_use","id":"toolu_1","name":"search","input":{"q":"refund"}}]})",
            R"([{"role":"assistant","content":"checking","tool_calls":[{"id":"toolu_1","name":"search",
                "arguments":"{\u0022q\u0022:\u0022refund\u0022}"}]}])");
        row("anthropic tool_result",
            R"({"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"3 hits"}]}]})",
            R"([{"role":"user","content":"3 hits","tool_call_id":"toolu_1"}])");
        row("genai 1.37 parts",
            R"({"role":"assistant","parts":[{"type":"text","content":"calling"},
                {"type":"tool_call","id":"c9","name":"lookup","arguments":{"id":7}}],"finish_reason":"tool_call"})",
            R"([{"role":"assistant","content":"calling","tool_calls":[{"id":"c9","name":"lookup","arguments":"{\u0022id\u0022:7}"}]}])");
        row("genai 1.37 tool response",
            R"({"role":"tool","parts":[{"type":"tool_call_response","id":"c9","response":"found"}]})",
            R"([{"role":"tool","content":"found","tool_call_id":"c9"}])");
        row("genai 1.36 event body, no role", R"({"content":"what is my balance?"})",
            R"([{"role":"user","content":"what is my balance?"}])");
        row("responses function_call", R"({"type":"function_call","call_id":"fc_1","name":"pay","arguments":"{}"})",
            R"([{"role":"assistant","content":"","tool_calls":[{"id":"fc_1","name":"pay","arguments":"{}"}]}])");
        row("responses function_call_output", R"({"type":"function_call_output","call_id":"fc_1","output":"done"})",
            R"([{"role":"tool","tool_call_id":"fc_1","content":"done"}])");
        row("responses object",
            R"({"object":"response","output":[{"type":"message","content":[{"type":"output_text","text":"bye"}]}]})",
            R"([{"role":"assistant","content":"bye"}])");
        row("chat completion", R"({"choices":[{"message":{"role":"assistant","content":"a"}},{"text":"b"},3]})",
            R"([{"role":"assistant","content":"a"},{"role":"assistant","content":"b"}])");
        row("messages wrapper", R"({"messages":[{"role":"system","content":"s"},{"role":"user","content":"u"}]})",
            R"([{"role":"system","content":"s"},{"role":"user","content":"u"}])");
        row("langchain types", R"([{"type":"human","content":"q"},{"type":"ai","content":"a"}])",
            R"([{"role":"user","content":"q"},{"role":"assistant","content":"a"}])");
        row("langchain serialized",
            R"({"lc":1,"type":"constructor","id":["langchain","schema","messages","AIMessage"],
                "kwargs":{"content":"x","tool_calls":[{"id":"t1","name":"f","args":{"k":"v"}}]}})",
            R"([{"role":"assistant","content":"x","tool_calls":[{"id":"t1","name":"f","arguments":"{\u0022k\u0022:\u0022v\u0022}"}]}])");
        row("langchain batch", R"([[{"role":"model","content":"m"}],[{"role":"function","content":"f"}]])",
            R"([{"role":"assistant","content":"m"},{"role":"tool","content":"f"}])");
        row("generations", R"({"generations":[[{"text":"g1"}],{"message":{"type":"ai","content":"g2"}}]})",
            R"([{"role":"assistant","content":"g1"},{"role":"assistant","content":"g2"}])");
        // Odd shapes keep their data as text rather than throwing or vanishing.
        row("number", "42", R"([{"role":"user","content":"42"}])");
        row("non-string role", R"({"role":5,"content":"x"})", R"([{"role":"user","content":"x"}])");
        row("number content", R"({"role":"user","content":12.5})", R"([{"role":"user","content":"12.5"}])");
        row("unknown object", R"({"foo":{"bar":1}})",
            R"([{"role":"user","content":"{\u0022foo\u0022:{\u0022bar\u0022:1}}"}])");
        row("unknown part types", R"({"role":"user","content":[{"type":"reasoning","data":1},7,null,"tail"]})",
            R"([{"role":"user","content":"tail"}])");
        row("empty content array", R"({"role":"user","content":[]})", R"([{"role":"user","content":""}])");
        row("tool calls not objects, numeric id",
            R"({"role":"assistant","tool_calls":[1,"x",{"id":7,"function":{"name":"f","arguments":{"a":[1]}}}]})",
            R"([{"role":"assistant","content":"","tool_calls":[{"id":"7","name":"f","arguments":"{\u0022a\u0022:[1]}"}]}])");
        row("mixed array keeps order", R"(["a",3,null,{"role":"assistant","content":"b"},"",["c"]])",
            R"([{"role":"user","content":"a"},{"role":"user","content":"3"},{"role":"assistant","content":"b"},
                {"role":"user","content":"c"}])");
    }

    void normalize()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(text(ChatMessages::normalize(json::parse(input.toStdString()), "user")), expected);
    }

    void defaultRoleOnlyFillsGaps()
    {
        const json out = ChatMessages::normalize(j(R"([{"content":"x"},{"role":"system","content":"y"}])"), "tool");
        QCOMPARE(text(out), text(j(R"([{"role":"tool","content":"x"},{"role":"system","content":"y"}])")));
    }

    void decodeStopsAfterThreeLevels()
    {
        const json message = j(R"({"role":"user","content":"x"})");
        json encoded = message;
        std::vector<json> levels;
        for (int i = 0; i < 4; ++i) {
            encoded = json(encoded.dump());
            levels.push_back(encoded);
        }
        QCOMPARE(text(ChatMessages::decode(levels[0])), text(message));
        QCOMPARE(text(ChatMessages::decode(levels[2])), text(message));
        // The documented limit: a fourth level is left as the string the third decode produced.
        QCOMPARE(text(ChatMessages::decode(levels[3])), text(levels[0]));
    }

    void deepAndBrokenText()
    {
        // JSON nested past the parser's limit stays the string it came as instead of being parsed.
        const std::string deep = std::string(600, '[') + std::string(600, ']');
        QVERIFY(ChatMessages::decode(json(deep)) == json(deep));
        QCOMPARE(contentOf(json(deep)), QString::fromStdString(deep));
        QVERIFY(ChatMessages::decode(json("{not json")) == json("{not json"));

        // Bytes that are not UTF-8 survive in a content string; in dumped JSON they become U+FFFD
        // so the item text is still valid UTF-8.
        const json raw = {{"role", "user"},
            {"content",
                "a\xff"
                "b"}};
        QCOMPARE(ChatMessages::normalize(raw, "user").at(0).at("content").get<std::string>(),
            std::string("a\xff"
                        "b"));
        QCOMPARE(contentOf(json {{"x",
                     "a\xff"
                     "b"}}),
            QStringLiteral("{\"x\":\"a\uFFFDb\"}"));
    }

    void longContentIsCutOnACharacter_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        const QByteArray marker = "… [cut]";
        QTest::newRow("ascii") << QByteArray(100005, 'a') << QByteArray(100000, 'a') + marker;
        QTest::newRow("at the limit") << QByteArray(100000, 'b') << QByteArray(100000, 'b');
        // "é" straddles the limit: neither of its bytes may stay.
        QTest::newRow("split 2-byte") << QByteArray(99999, 'a') + "\xC3\xA9tail" << QByteArray(99999, 'a') + marker;
        // "€" ends exactly at the limit: it is whole and stays.
        QTest::newRow("whole 3-byte") << QByteArray(99997, 'a') + "\xE2\x82\xACtail"
                                      << QByteArray(99997, 'a') + "\xE2\x82\xAC" + marker;
        QTest::newRow("split 4-byte") << QByteArray(99998, 'a') + "\xF0\x9F\x98\x80" << QByteArray(99998, 'a') + marker;
    }

    void longContentIsCutOnACharacter()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        const json out = ChatMessages::normalize(json(input.toStdString()), "user");
        QCOMPARE(QByteArray::fromStdString(out.at(0).at("content").get<std::string>()), expected);
    }

    void toolCallIds()
    {
        const json messages = ChatMessages::normalize(
            j(R"([{"role":"assistant","tool_calls":[{"id":"a","function":{"name":"f"}},{"function":{"name":"g"}},
                  {"id":"b","name":"h"}]},{"role":"tool","tool_call_id":"a","content":"r"},
                  {"role":"tool","tool_call_id":"","content":"r"}])"),
            "user");
        QCOMPARE(ChatMessages::toolCallIds(messages), (std::vector<std::string> {"a", "b", "a"}));
        QVERIFY(ChatMessages::toolCallIds(j(R"({"tool_call_id":"x"})")).empty());
    }

    void contentText_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        const auto row = [](const char *name, const char *in, const char *out) {
            QTest::newRow(name) << QString::fromUtf8(in) << QString::fromUtf8(out);
        };
        row("string", R"("plain")", "plain");
        row("blocks", R"([{"type":"text","text":"a"},{"type":"input_audio"},"b"])", "a\n[input_audio]\nb");
        row("text object", R"({"text":"t","x":1})", "t");
        row("other object", R"({"x":1})", R"({"x":1})");
        row("null", "null", "");
        row("json string", R"("[{\u0022type\u0022:\u0022text\u0022,\u0022text\u0022:\u0022inner\u0022}]")", "inner");
    }

    void contentText()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(ChatMessages::contentText(json::parse(input.toStdString()))), expected);
    }
};

QTEST_GUILESS_MAIN(TstChatMessages)
#include "tst_chatmessages.moc"
