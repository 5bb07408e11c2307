#include "AgentJson.h"

#include <QtTest>

#include <limits>

using nlohmann::json;

// The Agents SDK, Langfuse and LangSmith importers read every field through these helpers:
// a wrong-typed field in an export must come out as "absent", never as an exception or a
// made-up value in the workspace.
class TstAgentJson : public QObject
{
    Q_OBJECT

    static QStringList keys(const Item &item)
    {
        QStringList out;
        for (const ItemKey &k : item.keys)
            out << QString::fromStdString(k.kind + "=" + k.value);
        return out;
    }

private slots:
    void str_data()
    {
        QTest::addColumn<QByteArray>("object"); // JSON text
        QTest::addColumn<QString>("expected");
        QTest::newRow("string") << QByteArray(R"({"k":"gpt-4o"})") << QStringLiteral("gpt-4o");
        QTest::newRow("empty string") << QByteArray(R"({"k":""})") << QString();
        // Ids are numbers in some exports and strings in others; both must key the same way.
        QTest::newRow("integer") << QByteArray(R"({"k":42})") << QStringLiteral("42");
        QTest::newRow("negative") << QByteArray(R"({"k":-7})") << QStringLiteral("-7");
        QTest::newRow("unsigned 64-bit") << QByteArray(R"({"k":18446744073709551615})")
                                         << QStringLiteral("18446744073709551615");
        QTest::newRow("float") << QByteArray(R"({"k":1.5})") << QStringLiteral("1.5");
        QTest::newRow("boolean") << QByteArray(R"({"k":false})") << QStringLiteral("false");
        QTest::newRow("null") << QByteArray(R"({"k":null})") << QString();
        QTest::newRow("object") << QByteArray(R"({"k":{"a":1}})") << QString();
        QTest::newRow("array") << QByteArray(R"({"k":["a"]})") << QString();
        QTest::newRow("missing") << QByteArray(R"({"other":"x"})") << QString();
        QTest::newRow("not an object") << QByteArray(R"(["k","x"])") << QString();
        QTest::newRow("top-level string") << QByteArray(R"("k")") << QString();
        QTest::newRow("top-level null") << QByteArray("null") << QString();
    }
    void str()
    {
        QFETCH(QByteArray, object);
        QFETCH(QString, expected);
        const json obj = json::parse(object.toStdString());
        QCOMPARE(QString::fromStdString(AgentJson::str(obj, "k")), expected);
    }

    void member()
    {
        const json obj = json::parse(R"({"k":{"a":1},"n":null})");
        // A reference into the object, not a copy: importers walk large span trees through it.
        QCOMPARE(&AgentJson::member(obj, "k"), &obj["k"]);
        QVERIFY(AgentJson::member(obj, "n").is_null());
        QVERIFY(AgentJson::member(obj, "missing").is_null());
        QVERIFY(AgentJson::member(json::array({1}), "k").is_null());
        QVERIFY(AgentJson::member(json("k"), "k").is_null());
        // Chained look-ups through a missing level must stay null, not throw.
        QVERIFY(AgentJson::member(AgentJson::member(obj, "missing"), "a").is_null());
    }

    void tokenCount_data()
    {
        QTest::addColumn<QByteArray>("usage");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("first key") << QByteArray(R"({"input_tokens":12,"prompt_tokens":99})") << qint64(12);
        QTest::newRow("second key") << QByteArray(R"({"prompt_tokens":99})") << qint64(99);
        QTest::newRow("zero is a count") << QByteArray(R"({"input_tokens":0})") << qint64(0);
        // A string count is not a number: the next key gets its turn.
        QTest::newRow("string skipped") << QByteArray(R"({"input_tokens":"12","prompt_tokens":5})") << qint64(5);
        QTest::newRow("null") << QByteArray(R"({"input_tokens":null})") << qint64(-1);
        QTest::newRow("none") << QByteArray(R"({"total_tokens":3})") << qint64(-1);
        QTest::newRow("float") << QByteArray(R"({"input_tokens":12.9})") << qint64(12);
        QTest::newRow("large") << QByteArray(R"({"input_tokens":9007199254740993})") << qint64(9007199254740993);
        // Beyond int64 a count is nonsense; it must not wrap into a negative or arbitrary value.
        QTest::newRow("float beyond int64") << QByteArray(R"({"input_tokens":1e30,"prompt_tokens":4})") << qint64(4);
        QTest::newRow("unsigned beyond int64") << QByteArray(R"({"input_tokens":10000000000000000000})") << qint64(-1);
        QTest::newRow("array") << QByteArray(R"([12])") << qint64(-1);
        QTest::newRow("null usage") << QByteArray("null") << qint64(-1);
    }
    void tokenCount()
    {
        QFETCH(QByteArray, usage);
        QFETCH(qint64, expected);
        const json u = json::parse(usage.toStdString());
        QCOMPARE(qint64(AgentJson::tokenCount(u, {"input_tokens", "prompt_tokens"})), expected);
    }

    void mapperDropsModelNamesFromKeys()
    {
        // A model name looks like an id but would join every conversation that used the model;
        // a conversation id that happens to equal it is still the user's own key.
        const json attrs = {{"gen_ai.request.model", "o1-mini"}, {"gen_ai.agent.name", "o1-mini"},
            {"gen_ai.conversation.id", "o1-mini"}};
        Item item;
        json detail = json::object();
        AgentJson::applyMapper(attrs, item, detail);
        QCOMPARE(QString::fromStdString(item.modelRequested), QStringLiteral("o1-mini"));

        QCOMPARE(keys(item), QStringList {"conversation=o1-mini"});

        Item named;
        json none = json::object();
        AgentJson::applyMapper(
            json {{"gen_ai.request.model", "o1-mini"}, {"gen_ai.agent.name", "planner"}}, named, none);
        QCOMPARE(keys(named), QStringList {"agent=planner"});
    }

    void mapperKeepsWhatTheImporterSet()
    {
        const json attrs
            = {{"gen_ai.request.model", "o1-mini"}, {"gen_ai.input.messages", R"([{"role":"user","content":"hi"}])"}};
        Item item;
        item.modelRequested = "gpt-4o";
        json detail = {{"input_messages", "from the format"}};
        AgentJson::applyMapper(attrs, item, detail);
        QCOMPARE(QString::fromStdString(item.modelRequested), QStringLiteral("gpt-4o"));
        QCOMPARE(detail["input_messages"], json("from the format"));

        json fresh = json::object();
        Item other;
        AgentJson::applyMapper(attrs, other, fresh);
        QCOMPARE(QString::fromStdString(fresh["input_messages"][0]["role"].get<std::string>()), QStringLiteral("user"));
    }
};

QTEST_GUILESS_MAIN(TstAgentJson)
#include "tst_agentjson.moc"
