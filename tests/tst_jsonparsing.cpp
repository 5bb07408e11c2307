#include "ImportError.h"
#include "JsonParsing.h"

#include <QtTest>

#include <nlohmann/json.hpp>

class TstJsonParsing : public QObject
{
    Q_OBJECT

private slots:
    void locatesErrorsByLineAndColumn()
    {
        try {
            JsonParsing::parse("{\n  \"a\": 1,\n  \"b\": tru\n}");
            QFAIL("invalid JSON must throw");
        } catch (const ImportError &e) {
            QVERIFY2(QString::fromStdString(e.where()).startsWith(QStringLiteral("line 3")), e.where().c_str());
            QVERIFY(QString::fromStdString(e.what()).contains(QStringLiteral("invalid JSON")));
        }
    }

    // A number past a double's range is out_of_range, not parse_error, in nlohmann: it escaped
    // every catch and ended the process (found by fuzzing, in the JSON-lines sniffer).
    void numberPastDoubleIsInvalidJsonWithALocation()
    {
        try {
            JsonParsing::parse("{\"level\": \"info\",\n \"time\": 1745532511e2162}");
            QFAIL("a number past a double must throw");
        } catch (const ImportError &e) {
            QCOMPARE(QString::fromStdString(e.where()), QStringLiteral("line 2, column 10"));
            QVERIFY2(
                QString::fromStdString(e.what()).contains(QStringLiteral("number overflow parsing '1745532511e2162'")),
                e.what());
        }
        nlohmann::json out;
        std::string error;
        QVERIFY(!JsonParsing::tryParse("[1e999]", out, &error));
        QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("line 1, column 2")), error.c_str());
    }

    void keepsTheCallersLocation()
    {
        try {
            JsonParsing::parse("{\"a\":", "line 12");
            QFAIL("truncated JSON must throw");
        } catch (const ImportError &e) {
            QCOMPARE(QString::fromStdString(e.where()), QStringLiteral("line 12"));
        }
    }

    // A piece of a file (a JSON-lines line, its leading blanks trimmed) is located in the file:
    // its line, and columns counted from where the piece starts; a newline inside it restarts
    // the column. Parse, number-overflow and nesting errors all go through that location.
    void locatesAPieceInItsFile()
    {
        auto whereOf = [](const std::string &text, int64_t line, int64_t column) {
            try {
                if (line == 0)
                    JsonParsing::parse(text);
                else
                    JsonParsing::parseAt(text, line, column);
            } catch (const ImportError &e) {
                return QString::fromStdString(e.where());
            }
            return QStringLiteral("(no error)");
        };
        QCOMPARE(whereOf("{\"a\": tru}", 0, 0), QStringLiteral("line 1, column 10"));
        QCOMPARE(whereOf("{\"a\": tru}", 7, 3), QStringLiteral("line 7, column 12"));
        QCOMPARE(whereOf("{\"a\": 1e999}", 0, 0), QStringLiteral("line 1, column 7"));
        QCOMPARE(whereOf("{\"a\": 1e999}", 2, 4), QStringLiteral("line 2, column 10"));
        QCOMPARE(whereOf("{\n \"a\": tru}", 0, 0), QStringLiteral("line 2, column 10"));
        QCOMPARE(whereOf("{\n \"a\": tru}", 4, 9), QStringLiteral("line 5, column 10"));
        QCOMPARE(whereOf(std::string(600, '['), 0, 0), QStringLiteral("line 1, column 513"));
        QCOMPARE(whereOf(std::string(600, '['), 9, 5), QStringLiteral("line 9, column 517"));
        QCOMPARE(JsonParsing::parseAt("{\"a\": 1}", 3, 1)["a"], nlohmann::json(1));
    }

    void boundsNesting()
    {
        const std::string deep = std::string(100000, '[') + std::string(100000, ']');
        QVERIFY(JsonParsing::nestingDepth(deep) > JsonParsing::MaxDepth);
        QVERIFY_THROWS_EXCEPTION(ImportError, JsonParsing::parse(deep));
        // Brackets inside strings do not count.
        QCOMPARE(JsonParsing::nestingDepth("{\"a\":\"[[[[\\\"[[\"}"), 1);
    }

    void embeddedJson()
    {
        const nlohmann::json v = JsonParsing::maybeParseEmbedded(nlohmann::json("[{\"role\":\"user\"}]"));
        QVERIFY(v.is_array());
        QCOMPARE(QString::fromStdString(v[0]["role"].get<std::string>()), QStringLiteral("user"));
        QVERIFY(JsonParsing::maybeParseEmbedded(nlohmann::json("[not json")).is_string());
        QVERIFY(JsonParsing::maybeParseEmbedded(nlohmann::json(5)).is_number());
    }

    void rejectsInvalidUtf8WithAMessage()
    {
        std::string error;
        nlohmann::json out;
        QVERIFY(!JsonParsing::tryParse("{\"a\":\"\xff\xfe\"}", out, &error));
        QVERIFY(!error.empty());
    }

    void firstSignificantSkipsBomAndSpace()
    {
        QCOMPARE(JsonParsing::firstSignificant("\xEF\xBB\xBF \n [1]"), '[');
        QCOMPARE(JsonParsing::firstSignificant("   "), '\0');
    }
};

QTEST_GUILESS_MAIN(TstJsonParsing)
#include "tst_jsonparsing.moc"
