#include "TextSimilarity.h"

#include <QtTest>

// The Correlator joins a chat line, an ASR segment and an LLM prompt when their shingle sets
// overlap (jaccard, then containment derived from it, threshold 0.6), and ComplaintFinder looks
// quotes up the same way. Both paths that build shingles must agree bit for bit, and hash() is
// also used for stable keys, so its values are pinned, not just its consistency.
class TstTextSimilarity : public QObject
{
    Q_OBJECT
    using TS = TextSimilarity;

    static std::string str(const QByteArray &b) { return std::string(b.constData(), size_t(b.size())); }
    static std::vector<uint64_t> textShingles(const std::string &text)
    {
        size_t n = 0;
        return TS::shingles(text, n);
    }

private slots:
    void words_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArrayList>("expected");
        QTest::newRow("empty") << QByteArray() << QByteArrayList {};
        QTest::newRow("only punctuation") << QByteArray(" ,.!? -- \t\n") << QByteArrayList {};
        QTest::newRow("header example") << QByteArray("Hi, I'm Ana!") << QByteArrayList {"hi", "i", "m", "ana"};
        QTest::newRow("digits are letters") << QByteArray("Order #A12-b7") << QByteArrayList {"order", "a12", "b7"};
        QTest::newRow("NUL separates") << QByteArray("ab\0cd", 5) << QByteArrayList {"ab", "cd"};
        // Bytes above 0x7F are kept as they are (no locale), so UTF-8 words stay whole and
        // both shingle paths see the same bytes.
        QTest::newRow("utf-8") << QByteArray("Caf\xc3\xa9 \xc3\x9c"
                                             "ber")
                               << QByteArrayList {"caf\xc3\xa9",
                                      "\xc3\x9c"
                                      "ber"};
        QTest::newRow("invalid utf-8") << QByteArray("AB\xff\xfe"
                                                     "cd, e")
                                       << QByteArrayList {"ab\xff\xfe"
                                                          "cd",
                                              "e"};
    }
    void words()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArrayList, expected);
        QByteArrayList got;
        for (const std::string &w : TS::words(str(text)))
            got << QByteArray(w.data(), qsizetype(w.size()));
        QCOMPARE(got, expected);
    }

    void hashIsStable_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("a") << QByteArray("a");
        QTest::newRow("path and ref") << QByteArray("logs/app.jsonl#line:12");
        QTest::newRow("high bytes") << QByteArray("\xff\x80\xc3\xa9");
        QTest::newRow("NUL") << QByteArray("\0\0", 2);
    }
    void hashIsStable()
    {
        // Conversations without a shared id are keyed "item:<hash of path#ref>" and notes
        // attach to that key, so the value may never change. The offset basis is the published
        // FNV-1a one minus its last digit (14695981039346656037); kept for the stored keys.
        QFETCH(QByteArray, text);
        uint64_t expected = 1469598103934665603ull;
        for (const char c : text) {
            expected ^= uint8_t(c);
            expected *= 1099511628211ull;
        }
        QCOMPARE(quint64(TS::hash(str(text))), quint64(expected));
        QCOMPARE(quint64(TS::hash("")), quint64(1469598103934665603ull));
    }

    void shinglesOfWords()
    {
        QVERIFY(TS::shingles(std::vector<std::string> {}).empty());
        // One word still has to match itself, so it becomes its own shingle.
        QCOMPARE(TS::shingles(std::vector<std::string> {"hello"}), std::vector<uint64_t> {TS::hash("hello")});
        const uint64_t ab = TS::hash("a") * 31 + TS::hash("b");
        const uint64_t ba = TS::hash("b") * 31 + TS::hash("a");
        QCOMPARE(TS::shingles(std::vector<std::string> {"a", "b"}), std::vector<uint64_t> {ab});
        // Word order matters, repeated pairs count once and the set comes sorted for jaccard().
        const auto abab = TS::shingles(std::vector<std::string> {"a", "b", "a", "b"});
        QCOMPARE(abab, (std::vector<uint64_t> {std::min(ab, ba), std::max(ab, ba)}));
    }

    void bothShinglePathsAgree_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("separators only") << QByteArray("  ..  ");
        QTest::newRow("one word") << QByteArray("Hello");
        QTest::newRow("one word padded") << QByteArray("  Hello!!  ");
        QTest::newRow("sentence") << QByteArray("Hi, I'm Ana! My ORDER is A12, order a12.");
        QTest::newRow("repeats") << QByteArray("yes yes yes yes");
        QTest::newRow("utf-8") << QByteArray(
            "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 \xe4\xb8\x96\xe7\x95\x8c");
        QTest::newRow("invalid utf-8") << QByteArray("\xff x \xc3 \x80\x80 end");
        QTest::newRow("long") << QByteArray("the refund was issued twice ").repeated(5000);
    }
    void bothShinglePathsAgree()
    {
        QFETCH(QByteArray, text);
        const auto w = TS::words(str(text));
        size_t count = 12345; // must be reset, not added to
        const auto fast = TS::shingles(str(text), count);
        QCOMPARE(count, w.size());
        QCOMPARE(fast, TS::shingles(w));
    }

    void jaccard_data()
    {
        QTest::addColumn<QList<quint64>>("a");
        QTest::addColumn<QList<quint64>>("b");
        QTest::addColumn<double>("expected");
        QTest::newRow("both empty") << QList<quint64> {} << QList<quint64> {} << 0.0;
        QTest::newRow("one empty") << QList<quint64> {1, 2} << QList<quint64> {} << 0.0;
        QTest::newRow("identical") << QList<quint64> {1, 5, 9} << QList<quint64> {1, 5, 9} << 1.0;
        QTest::newRow("disjoint") << QList<quint64> {1, 3} << QList<quint64> {2, 4} << 0.0;
        QTest::newRow("half") << QList<quint64> {1, 2, 3} << QList<quint64> {2, 3, 4} << 0.5;
        QTest::newRow("subset") << QList<quint64> {7} << QList<quint64> {1, 7, 8, 9} << 0.25;
        QTest::newRow("extreme hashes") << QList<quint64> {0, ~0ull} << QList<quint64> {~0ull} << 0.5;
    }
    void jaccard()
    {
        QFETCH(QList<quint64>, a);
        QFETCH(QList<quint64>, b);
        QFETCH(double, expected);
        const std::vector<uint64_t> va(a.begin(), a.end()), vb(b.begin(), b.end());
        QCOMPARE(TS::jaccard(va, vb), expected);
        QCOMPARE(TS::jaccard(vb, va), expected);
    }

    void correlatorRecoversTheCommonCount()
    {
        // The Correlator turns jaccard back into a shared-shingle count for containment; that
        // only works while jaccard is exactly common / union.
        const std::vector<uint64_t> a {1, 2, 3, 4, 5, 6, 7}, b {5, 6, 7, 8};
        const double sim = TS::jaccard(a, b);
        QCOMPARE(size_t(sim * double(a.size() + b.size()) / (1.0 + sim) + 0.5), size_t(3));
    }

    void sameSentenceAcrossChannels()
    {
        const auto chat = textShingles("Hi, I'm Ana! My router keeps dropping.");
        const auto asr = textShingles("hi i'm ana my router keeps dropping");
        QCOMPARE(TS::jaccard(chat, asr), 1.0);
        // One word changed in five: 3 of 5 shingles shared, exactly at the Correlator's 0.6.
        QCOMPARE(
            TS::jaccard(textShingles("the quick brown fox jumps"), textShingles("The quick brown fox leaps")), 0.6);
        QCOMPARE(TS::jaccard(chat, textShingles("please cancel my subscription today")), 0.0);
    }

    void veryLongInput()
    {
        const std::string repeated = QByteArray("lorem ipsum dolor ").repeated(100000).toStdString();
        size_t count = 0;
        QCOMPARE(TS::shingles(repeated, count).size(), size_t(3)); // lorem-ipsum, ipsum-dolor, dolor-lorem
        QCOMPARE(count, size_t(300000));
        const std::string oneWord(1 << 20, 'Q');
        QCOMPARE(TS::shingles(oneWord, count), std::vector<uint64_t> {TS::hash(std::string(1 << 20, 'q'))});
        QCOMPARE(count, size_t(1));
    }
};

QTEST_GUILESS_MAIN(TstTextSimilarity)
#include "tst_textsimilarity.moc"
