#include "ImportContext.h"
#include "ImportError.h"
#include "ImportInput.h"
#include "TestUtils.h"
#include "Utf8Repair.h"
#include "Workspace.h"
#include "WorkspaceWriter.h"

#include <nlohmann/json.hpp>

#include <QtTest>

// Utf8Repair replaces each byte outside a well-formed sequence with U+FFFD (one per byte, not
// one per maximal subpart), so the counts below are bytes.
class TstUtf8Repair : public QObject
{
    Q_OBJECT

    static QByteArray bytes(const std::string &s) { return QByteArray(s.data(), qsizetype(s.size())); }

    // The unit's own idea of well-formed is what is under test, so the output is checked
    // against an independent decoder: a strict one that reports any invalid input.
    static bool strictlyValid(const QByteArray &b)
    {
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QString s = decoder.decode(b);
        return !decoder.hasError() && s.toUtf8() == b;
    }

private Q_SLOTS:
    void repair_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        QTest::addColumn<int>("replaced");
        const QByteArray r("\xEF\xBF\xBD");
        QTest::newRow("empty") << QByteArray() << QByteArray() << 0;
        QTest::newRow("ascii") << QByteArray("{\"a\":1}") << QByteArray("{\"a\":1}") << 0;
        // NUL is valid UTF-8: it must survive, not end the string.
        QTest::newRow("nul") << QByteArray("a\0b", 3) << QByteArray("a\0b", 3) << 0;
        QTest::newRow("2,3,4-byte") << QByteArray("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80")
                                    << QByteArray("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80") << 0;
        QTest::newRow("boundaries") << QByteArray("\xC2\x80\xED\x9F\xBF\xEE\x80\x80\xF4\x8F\xBF\xBF")
                                    << QByteArray("\xC2\x80\xED\x9F\xBF\xEE\x80\x80\xF4\x8F\xBF\xBF") << 0;
        QTest::newRow("latin1") << QByteArray("caf\xE9!") << QByteArray("caf") + r + "!" << 1;
        QTest::newRow("ff fe") << QByteArray("\xFF\xFEx") << r + r + "x" << 2;
        QTest::newRow("lone continuation") << QByteArray("a\x80\xBF") << "a" + r + r << 2;
        QTest::newRow("overlong slash") << QByteArray("\xC0\xAF") << r + r << 2;
        QTest::newRow("overlong 3-byte") << QByteArray("\xE0\x80\xAF") << r + r + r << 3;
        QTest::newRow("overlong 4-byte") << QByteArray("\xF0\x80\x80\xAF") << r + r + r + r << 4;
        QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80") << r + r + r << 3;
        QTest::newRow("above U+10FFFF") << QByteArray("\xF4\x90\x80\x80") << r + r + r + r << 4;
        QTest::newRow("F5 lead") << QByteArray("\xF5\x80") << r + r << 2;
        // A truncated sequence at the very end reads past the input if a bound is off.
        QTest::newRow("truncated 2 at end") << QByteArray("ab\xC3") << "ab" + r << 1;
        QTest::newRow("truncated 3 at end") << QByteArray("ab\xE2\x82") << "ab" + r + r << 2;
        QTest::newRow("truncated 4 at end") << QByteArray("\xF0\x9F\x98") << r + r + r << 3;
        // Every continuation byte is checked, not just the first.
        QTest::newRow("bad third byte") << QByteArray("\xE2\x82\x41") << r + r + "A" << 2;
        QTest::newRow("bad fourth byte") << QByteArray("\xF0\x9F\x98\x41") << r + r + r + "A" << 3;
        // The valid character after a broken lead must not be swallowed as its continuation.
        QTest::newRow("lead then valid") << QByteArray("\xE2\xC3\xA9") << r + "\xC3\xA9" << 1;
        QTest::newRow("valid after bad") << QByteArray("\x80\xF0\x9F\x98\x80z") << r + "\xF0\x9F\x98\x80z" << 1;
    }

    void repair()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        QFETCH(int, replaced);
        std::string text = input.toStdString();
        QCOMPARE(Utf8Repair::repair(text), size_t(replaced));
        QCOMPARE(bytes(text), expected);
        QVERIFY(strictlyValid(bytes(text)));
        // Repaired text is valid, so a second pass changes nothing.
        QCOMPARE(Utf8Repair::repair(text), size_t(0));
        QCOMPARE(bytes(text), expected);
    }

    void everySingleByteRepairsToValid()
    {
        // Each byte value alone and before a valid character: the result is valid and ASCII
        // passes through while every non-ASCII lone byte becomes exactly one replacement.
        for (int b = 0; b < 256; ++b) {
            std::string text = std::string(1, char(b)) + "\xC3\xA9";
            const size_t bad = Utf8Repair::repair(text);
            QCOMPARE(bad, size_t(b < 0x80 ? 0 : 1));
            QVERIFY2(strictlyValid(bytes(text)), qPrintable(QString::number(b, 16)));
            QVERIFY(bytes(text).endsWith("\xC3\xA9"));
        }
    }

    void parseJsonRepairsAndWarnsOnce()
    {
        QTemporaryDir dir;
        auto ws = TestUtils::newWorkspace(dir);
        WorkspaceWriter writer {*ws};
        const std::string file = TestUtils::writeTemp(dir, QStringLiteral("t.json"), "{}").toStdString();
        ImportInput input {file};
        ImportContext ctx {input, writer, "t.json", file};
        WorkspaceWriter::SourceInfo info;
        info.path = "t.json";
        info.format = "test";
        info.sha256 = "x";
        writer.beginSource(info);

        std::string valid = "{\"name\":\"caf\xC3\xA9\"}";
        QCOMPARE(Utf8Repair::parseJson(ctx, valid).at("name").get<std::string>(), std::string("caf\xC3\xA9"));
        QCOMPARE(ctx.warningCount(), 0);

        std::string latin1 = "{\"name\":\"caf\xE9\"}";
        QCOMPARE(Utf8Repair::parseJson(ctx, latin1).at("name").get<std::string>(), std::string("caf\xEF\xBF\xBD"));
        QCOMPARE(ctx.warningCount(), 1);

        // Broken syntax in valid UTF-8 is not a repair case: the parse error stands.
        std::string broken = "{\"name\":";
        QVERIFY_THROWS_EXCEPTION(ImportError, Utf8Repair::parseJson(ctx, broken));
        QCOMPARE(ctx.warningCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TstUtf8Repair)
#include "tst_utf8repair.moc"
