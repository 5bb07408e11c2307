#include "SniffText.h"

#include <QtTest>

// JsonRecordsImporter and TranscriptImporter score a file on whether its first bytes hold a
// member name; a key that is only a value ("role": "name") must not count, or a chat log would
// be taken for the wrong format.
class TstSniffText : public QObject
{
    Q_OBJECT

private slots:
    void hasJsonKey_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<bool>("found");
        QTest::newRow("member") << QByteArray("{\"name\":1}") << true;
        QTest::newRow("spaces before colon") << QByteArray("{\"name\" \t\r\n :1}") << true;
        QTest::newRow("value only") << QByteArray("{\"k\":\"name\"}") << false;
        // The first occurrence is a value; the search must go on to the member after it.
        QTest::newRow("value then member") << QByteArray("{\"k\":\"name\",\"name\":2}") << true;
        QTest::newRow("longer key") << QByteArray("{\"names\":1}") << false;
        // The sniffed head is cut at 64 KiB: a key at its very end has no colon to show.
        QTest::newRow("cut after key") << QByteArray("{\"a\":1,\"name\"  ") << false;
        QTest::newRow("empty head") << QByteArray() << false;
        QTest::newRow("after NUL bytes") << QByteArray("\0\0{\"name\":1}", 12) << true;
        // UTF-16 puts a NUL between the characters, so the UTF-8 key is not there.
        QTest::newRow("utf-16") << QByteArray("{\0\"\0n\0a\0m\0e\0\"\0:\0", 16) << false;
        QTest::newRow("utf-8 around") << QByteArray("{\"\xC3\xA9\":1,\"name\":\"\xE2\x82") << true;
        QTest::newRow("latin-1 around") << QByteArray("\xE9\xFF{\"name\":\xE9") << true;
        // isspace on a byte >= 0x80 must not read it as a space (nor be UB for signed char).
        QTest::newRow("high byte before colon") << QByteArray("{\"name\"\xA0:1}") << false;
    }
    void hasJsonKey()
    {
        QFETCH(QByteArray, head);
        QFETCH(bool, found);
        const std::string_view view(head.constData(), size_t(head.size()));
        QCOMPARE(SniffText::hasJsonKey(view, "\"name\""), found);
    }
};

QTEST_GUILESS_MAIN(TstSniffText)
#include "tst_snifftext.moc"
