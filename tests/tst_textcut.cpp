#include "TextCut.h"

#include <QtTest>

#include <string>

// Every truncation of stored text (record names and excerpts, chat message content, an item's
// search text, attribution labels, SQL in error messages) goes through utf8Length, and what the
// details and findings panels show through utf16Length: a wrong cut shows up as mojibake or a
// box in the GUI, or as a character silently lost at the limit.
class TstTextCut : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void utf8Length_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("max");
        QTest::addColumn<int>("expected");
        const QByteArray euro("\xE2\x82\xAC"); // 3 bytes
        const QByteArray face("\xF0\x9F\x98\x80"); // 4 bytes
        QTest::newRow("short enough") << QByteArray("abc") << 3 << 3;
        QTest::newRow("ascii cut") << QByteArray("abcdef") << 4 << 4;
        QTest::newRow("empty") << QByteArray() << 0 << 0;
        QTest::newRow("zero budget") << QByteArray("abc") << 0 << 0;
        // A character that ends exactly at the limit stays (the bug ChatMessages had).
        QTest::newRow("whole 3-byte at limit") << QByteArray("ab") + euro + "z" << 5 << 5;
        QTest::newRow("3-byte split after 1") << QByteArray("ab") + euro << 3 << 2;
        QTest::newRow("3-byte split after 2") << QByteArray("ab") + euro << 4 << 2;
        QTest::newRow("4-byte split after 3") << QByteArray("a") + face << 4 << 1;
        QTest::newRow("whole 4-byte at limit") << QByteArray("a") + face + "b" << 5 << 5;
        QTest::newRow("2-byte split") << QByteArray("caf\xC3\xA9") << 4 << 3;
        QTest::newRow("starts with a split char") << face << 2 << 0;
        // Not UTF-8: a run of continuation bytes longer than any character is cut anywhere.
        QTest::newRow("continuation run") << QByteArray("a\x80\x80\x80\x80\x80") << 5 << 5;
        QTest::newRow("lone continuations") << QByteArray("a\x80\x80x") << 2 << 2;
        QTest::newRow("latin-1 byte") << QByteArray("caf\xE9 ok") << 4 << 4;
    }

    void utf8Length()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, max);
        QFETCH(int, expected);
        const std::string_view view(text.constData(), size_t(text.size()));
        QCOMPARE(TextCut::utf8Length(view, size_t(max)), size_t(expected));
    }

    // Every cut of valid text at every budget is valid UTF-8 and as long as it can be.
    void everyCutOfValidTextIsValid()
    {
        const QByteArray text = QStringLiteral("Grüße — 日本語 😀 done").toUtf8();
        const std::string_view view(text.constData(), size_t(text.size()));
        for (size_t max = 0; max <= view.size() + 1; ++max) {
            const size_t n = TextCut::utf8Length(view, max);
            QVERIFY(n <= max);
            const QByteArray prefix = text.left(qsizetype(n));
            QCOMPARE(QString::fromUtf8(prefix).toUtf8(), prefix);
            QVERIFY(!QString::fromUtf8(prefix).contains(QChar::ReplacementCharacter));
            // No longer valid prefix fits: the next character did not.
            if (n < view.size() && n < max)
                QVERIFY(QString::fromUtf8(text.left(qsizetype(max))).contains(QChar::ReplacementCharacter));
        }
    }

    // What a panel shows is cut in UTF-16: a surrogate pair split there draws as a box.
    void utf16Length_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("max");
        QTest::addColumn<int>("expected");
        const QString face = QStringLiteral("\U0001F600"); // a surrogate pair
        QTest::newRow("short enough") << QStringLiteral("abc") << 5 << 3;
        QTest::newRow("cut") << QStringLiteral("abcdef") << 4 << 4;
        QTest::newRow("pair ends at limit") << QStringLiteral("a") + face + QStringLiteral("b") << 3 << 3;
        QTest::newRow("pair split") << QStringLiteral("ab") + face << 3 << 2;
        QTest::newRow("zero") << QStringLiteral("abc") << 0 << 0;
        QTest::newRow("negative") << QStringLiteral("abc") << -1 << 0;
    }

    void utf16Length()
    {
        QFETCH(QString, text);
        QFETCH(int, max);
        QFETCH(int, expected);
        QCOMPARE(TextCut::utf16Length(text, max), qsizetype(expected));
    }
};

QTEST_GUILESS_MAIN(TstTextCut)
#include "tst_textcut.moc"
