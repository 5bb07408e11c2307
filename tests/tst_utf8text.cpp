#include "Utf8Text.h"

#include <QtTest>

#include <string>

// Every truncation of stored text (record names and excerpts, chat message content, an item's
// search text, attribution labels) goes through prefixLength, so a wrong cut shows up as
// mojibake in the GUI or as a character silently lost at the limit.
class TstUtf8Text : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void prefixLength_data()
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

    void prefixLength()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, max);
        QFETCH(int, expected);
        const std::string_view view(text.constData(), size_t(text.size()));
        QCOMPARE(Utf8Text::prefixLength(view, size_t(max)), size_t(expected));
    }

    // Every cut of valid text at every budget is valid UTF-8 and as long as it can be.
    void everyCutOfValidTextIsValid()
    {
        const QByteArray text = QStringLiteral("Grüße — 日本語 😀 done").toUtf8();
        const std::string_view view(text.constData(), size_t(text.size()));
        for (size_t max = 0; max <= view.size() + 1; ++max) {
            const size_t n = Utf8Text::prefixLength(view, max);
            QVERIFY(n <= max);
            const QByteArray prefix = text.left(qsizetype(n));
            QCOMPARE(QString::fromUtf8(prefix).toUtf8(), prefix);
            QVERIFY(!QString::fromUtf8(prefix).contains(QChar::ReplacementCharacter));
            // No longer valid prefix fits: the next character did not.
            if (n < view.size() && n < max)
                QVERIFY(QString::fromUtf8(text.left(qsizetype(max))).contains(QChar::ReplacementCharacter));
        }
    }
};

QTEST_GUILESS_MAIN(TstUtf8Text)
#include "tst_utf8text.moc"
