#include "JsonText.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <random>

using nlohmann::json;

// JsonText must write exactly what nlohmann's dump(-1, ' ', false, replace) writes: stored
// attrs written by either must compare equal byte for byte.
class TstJsonText : public QObject
{
    Q_OBJECT

private slots:
    void matchesNlohmann_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("scalars") << QByteArray(
            R"([1,-2,18446744073709551615,-9223372036854775808,0.2,1e300,true,false,null,""])");
        // moc cannot read raw strings holding escapes, so this one is spelled out.
        QTest::newRow("escapes") << QByteArray("{\"a\":\"quote \\\" back \\\\ nl \\n tab \\t cr \\r bs \\b "
                                               "ff \\f ctl \\u0001 \\u001f del \\u007f\"}");
        QTest::newRow("unicode") << QByteArray(R"({"é":"naïve — 日本語 😀","k":["\u2028"]})");
        QTest::newRow("nested") << QByteArray(R"({"z":{"y":[{"x":[]},{}],"w":{}},"a":[[[1]]]})");
        QTest::newRow("sorted keys") << QByteArray(R"({"b":1,"a":2,"A":3,"_":4})");
    }

    void matchesNlohmann()
    {
        QFETCH(QByteArray, text);
        const json value = json::parse(text.toStdString());
        const std::string expected = value.dump(-1, ' ', false, json::error_handler_t::replace);
        QCOMPARE(QByteArray::fromStdString(JsonText::dump(value)), QByteArray::fromStdString(expected));
    }

    void replacesInvalidUtf8LikeNlohmann()
    {
        // A Latin-1 byte and a truncated sequence, as a logfmt line might carry.
        const json value = json::object({{"k", std::string("caf\xe9 ok \xe2\x82")}, {"ok", "fine"}});
        const std::string expected = value.dump(-1, ' ', false, json::error_handler_t::replace);
        const std::string got = JsonText::dump(value);
        QCOMPARE(QByteArray::fromStdString(got), QByteArray::fromStdString(expected));
        QVERIFY(got.find("\xef\xbf\xbd") != std::string::npos); // U+FFFD
    }

    void randomStringsMatchNlohmann()
    {
        // Strings of every length around the 8- or 16-byte blocks the escaper scans, with
        // specials at every offset (several per block, next to multi-byte and invalid UTF-8):
        // the exact position of the first special byte in a block is what the fast path must
        // get right.
        const std::string alphabet[] = {"a", "Z", "0", " ", "\"", "\\", "\n", "\x01", "\x1f", "\x7f", "\xc3\xa9",
            "\xe2\x82\xac", "\xff", "\xe2\x82"};
        std::mt19937 rng(20261127);
        for (int round = 0; round < 4000; ++round) {
            std::string s;
            const int pieces = int(rng() % 64);
            for (int i = 0; i < pieces; ++i)
                s += alphabet[rng() % std::size(alphabet)];
            const json value = json::array({s, json::object({{s, s}})});
            const std::string expected = value.dump(-1, ' ', false, json::error_handler_t::replace);
            const std::string got = JsonText::dump(value);
            if (got != expected)
                QFAIL(qPrintable(QStringLiteral("round %1: got %2, expected %3")
                                     .arg(round)
                                     .arg(QString::fromStdString(got), QString::fromStdString(expected))));
        }
    }

    void appendsAfterExistingText()
    {
        std::string out = "prefix:";
        JsonText::append(out, json {{"a", 1}});
        QCOMPARE(QByteArray::fromStdString(out), QByteArray("prefix:{\"a\":1}"));
    }
};

QTEST_GUILESS_MAIN(TstJsonText)
#include "tst_jsontext.moc"
