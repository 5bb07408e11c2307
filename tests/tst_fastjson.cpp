#include "FastJson.h"
#include "ImportContext.h"
#include "ImportError.h"
#include "ImportInput.h"
#include "TestUtils.h"
#include "Workspace.h"
#include "WorkspaceWriter.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <memory>

// FastJson parses every request line of an OTLP file in place: what it may do to the caller's
// buffer, and which message a bad line shows in the import report, are its contract.
class TstFastJson : public QObject
{
    Q_OBJECT

    struct Fixture
    {
        QTemporaryDir dir;
        std::unique_ptr<Workspace> ws = TestUtils::newWorkspace(dir);
        WorkspaceWriter writer {*ws};
        std::string file = TestUtils::writeTemp(dir, QStringLiteral("t.jsonl"), "{}").toStdString();
        ImportInput input {file};
        ImportContext ctx {input, writer, "t.jsonl", file};
        FastJson json;

        Fixture()
        {
            WorkspaceWriter::SourceInfo info;
            info.path = "t.jsonl";
            info.format = "test";
            info.sha256 = "x";
            writer.beginSource(info);
        }
    };

    static std::string dumped(simdjson::dom::element e) { return FastJson::toJson(e).dump(); }

private slots:
    // With exactly SIMDJSON_PADDING spare bytes the line is parsed where it lies: no
    // reallocation (the reader's buffer keeps its storage) and no change to the text.
    void parsesInPlaceWithExactPadding()
    {
        Fixture f;
        std::string line = R"({"a":[1,2.5,"x",true,null]})";
        const std::string original = line;
        line.reserve(line.size() + simdjson::SIMDJSON_PADDING);
        QCOMPARE(line.capacity(), line.size() + simdjson::SIMDJSON_PADDING);
        const char *storage = line.data();
        QCOMPARE(dumped(f.json.parse(f.ctx, line, "line 1")), std::string(R"({"a":[1,2.5,"x",true,null]})"));
        QCOMPARE(line.data(), storage);
        QCOMPARE(line, original);
        QCOMPARE(f.ctx.warningCount(), 0);
    }

    // A line without spare capacity gets it, but its text stays what the caller read.
    void shortCapacityKeepsText()
    {
        Fixture f;
        std::string line = R"({"k":"v"})";
        line.shrink_to_fit();
        const std::string original = line;
        QCOMPARE(dumped(f.json.parse(f.ctx, line, "line 1")), std::string(R"({"k":"v"})"));
        QCOMPARE(line, original);
        QVERIFY(line.capacity() - line.size() >= simdjson::SIMDJSON_PADDING);
    }

    // The one documented rewrite: invalid UTF-8 becomes U+FFFD, with one warning per line.
    void repairsInvalidUtf8()
    {
        Fixture f;
        std::string line = "{\"name\":\"caf\xE9\"}";
        const auto root = f.json.parse(f.ctx, line, "line 4");
        QCOMPARE(dumped(root), std::string("{\"name\":\"caf\xEF\xBF\xBD\"}"));
        QCOMPARE(line, std::string("{\"name\":\"caf\xEF\xBF\xBD\"}"));
        QCOMPARE(f.ctx.warningCount(), 1);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("truncated") << QByteArray(R"({"a":)")
                                   << "invalid JSON: syntax error while parsing value - unexpected end of input; "
                                      "expected '[', '{', or a literal";
        QTest::newRow("empty") << QByteArray()
                               << "invalid JSON: syntax error while parsing value - unexpected end of input; "
                                  "expected '[', '{', or a literal";
        QTest::newRow("number out of range")
            << QByteArray(R"({"t":1e999})") << "invalid JSON: number overflow parsing '1e999'";
        QTest::newRow("too deep") << QByteArray(513, '[') + QByteArray(513, ']')
                                  << "JSON nested deeper than 512 levels";
        // Repaired first, then judged: the message names the syntax error, not the encoding.
        QTest::newRow("bad utf-8 and truncated")
            << QByteArray("{\"a\":\"\xFF\"")
            << "invalid JSON: syntax error while parsing object - unexpected end of "
               "input; expected '}'";
    }

    // The importer shows "<file>: <where>: <message>"; the where is the caller's line number.
    void errors()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        Fixture f;
        std::string line = text.toStdString();
        try {
            f.json.parse(f.ctx, line, "line 7");
            QFAIL("no ImportError");
        } catch (const ImportError &e) {
            QCOMPARE(QString::fromStdString(e.where()), QStringLiteral("line 7"));
            QCOMPARE(QString::fromStdString(e.what()), message);
        }
    }

    // 512 levels is JsonParsing's bound and must still parse.
    void nestingAtTheLimit()
    {
        Fixture f;
        std::string line = std::string(512, '[') + std::string(512, ']');
        const auto root = f.json.parse(f.ctx, line, "line 1");
        QCOMPARE(FastJson::typeName(root), std::string("an array"));
    }

    // simdjson refuses integers past 64 bits; nlohmann reads them as doubles and that stands.
    void bigIntegerFallsBackToDouble()
    {
        Fixture f;
        std::string line = R"({"n":123456789012345678901234567890,"m":18446744073709551615})";
        const nlohmann::json value = FastJson::toJson(f.json.parse(f.ctx, line, "line 1"));
        QVERIFY(value.at("n").is_number_float());
        QCOMPARE(value.at("n").get<double>(), 1.2345678901234568e29);
        QVERIFY(value.at("m").is_number_unsigned());
        QCOMPARE(value.at("m").get<uint64_t>(), uint64_t(18446744073709551615ULL));
    }

    // One parser for the whole file: a line past the initial 64 KiB capacity, then a short one.
    void reusesParserAcrossSizes()
    {
        Fixture f;
        std::string big = "[";
        for (int i = 0; i < 40000; ++i)
            big += std::to_string(i) + ",";
        big += "-1]";
        const auto bigRoot = f.json.parse(f.ctx, big, "line 1");
        QCOMPARE(simdjson::dom::array(bigRoot).size(), size_t(40001));
        QCOMPARE(int64_t(simdjson::dom::array(bigRoot).at(39999)), int64_t(39999));
        std::string small = R"({"s":"tiny"})";
        QCOMPARE(dumped(f.json.parse(f.ctx, small, "line 2")), std::string(R"({"s":"tiny"})"));
        std::string again = "[" + std::string(70000, ' ') + "3]";
        QCOMPARE(dumped(f.json.parse(f.ctx, again, "line 3")), std::string("[3]"));
    }

    void typeNames()
    {
        simdjson::dom::parser parser;
        const simdjson::padded_string text(std::string(R"([{},[],"s",-1,18446744073709551615,1.5,true,null])"));
        const char *expected[]
            = {"an object", "an array", "a string", "a number", "a number", "a number", "a boolean", "null"};
        size_t i = 0;
        for (simdjson::dom::element e : simdjson::dom::array(parser.parse(text).value()))
            QCOMPARE(FastJson::typeName(e), std::string(expected[i++]));
        QCOMPARE(i, size_t(8));
    }
};

QTEST_GUILESS_MAIN(TstFastJson)
#include "tst_fastjson.moc"
