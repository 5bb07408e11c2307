#include "ImportInput.h"
#include "ImporterRegistry.h"
#include "TestUtils.h"
#include "TranscriptImporter.h"
#include "Workspace.h"

#include <QtTest>

using namespace TestUtils;

class TstTranscriptImporter : public QObject
{
    Q_OBJECT

private:
    static qint64 relative(Workspace &ws) { return queryInt(ws, QStringLiteral("SELECT relative_times FROM sources")); }

private slots:
    void detectsTranscripts_data()
    {
        QTest::addColumn<QString>("file");
        for (const char *f : {"deepgram-prerecorded-preamble-nova3.json", "deepgram-streaming-result.json",
                 "whisper-timestamped-bonjour.words.json", "whisper-timestamped-empty.words.json",
                 "whisper-timestamped-gaenswein15.words.json", "whisper-timestamped-punctuations.vtt",
                 "whisper-timestamped-punctuations.words.srt", "whisper-timestamped-punctuations.words.vtt"})
            QTest::newRow(f) << QString::fromLatin1(f);
    }
    void detectsTranscripts()
    {
        QFETCH(QString, file);
        QCOMPARE(detectFormat(realFixture("asr/" + file)), QStringLiteral("transcript"));
    }

    void parseClock()
    {
        QCOMPARE(*TranscriptImporter::parseClock("00:00:01,240"), 1.24);
        QCOMPARE(*TranscriptImporter::parseClock("01:02.5"), 62.5);
        QCOMPARE(*TranscriptImporter::parseClock("1:00:00.000"), 3600.0);
        QVERIFY(!TranscriptImporter::parseClock("00:61.000"));
        QVERIFY(!TranscriptImporter::parseClock("abc"));
        QVERIFY(!TranscriptImporter::parseClock("1:2:3:4"));
    }

    void whisperGerman()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto r = importOne(*ws, realFixture("asr/whisper-timestamped-gaenswein15.words.json"));
        QCOMPARE(r.format, QStringLiteral("transcript"));
        QCOMPARE(r.items, 3);
        QCOMPARE(relative(*ws), 1);
        QCOMPARE(queryInt(*ws, q("SELECT COUNT(*) FROM items WHERE kind='asr'")), 3);
        QCOMPARE(queryText(*ws, q("SELECT text FROM items WHERE ref='segment:0'")),
            QString::fromUtf8("Die Wiederzulassung des Messbuchs von 1962 als Missale für die außerordentliche Form "
                              "des römischen Rethus"));
        QCOMPARE(queryInt(*ws, q("SELECT start_ns FROM items WHERE ref='segment:0'")), Q_INT64_C(780000000));
        QCOMPARE(queryInt(*ws, q("SELECT end_ns FROM items WHERE ref='segment:0'")), Q_INT64_C(8520000000));
        QCOMPARE(queryInt(*ws, q("SELECT SUM(json_array_length(detail,'$.segment.words')) FROM items")), 32);
        QCOMPARE(
            queryText(*ws, q("SELECT json_extract(detail,'$.segment.words[1].word') FROM items WHERE ref='segment:0'")),
            QStringLiteral("Wiederzulassung"));
        QCOMPARE(
            queryText(*ws, q("SELECT json_extract(detail,'$.segment.confidence') FROM items WHERE ref='segment:0'")),
            QStringLiteral("0.857"));
        QCOMPARE(queryInt(*ws, q("SELECT json_extract(detail,'$.segment.index') FROM items WHERE ref='segment:2'")), 2);
        QCOMPARE(queryText(*ws, q("SELECT json_extract(attrs,'$.language') FROM items WHERE ref='segment:2'")),
            QStringLiteral("de"));
    }

    void whisperBonjourAndEmpty()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        auto r = importOne(*ws, realFixture("asr/whisper-timestamped-bonjour.words.json"));
        QCOMPARE(r.items, 1);
        QCOMPARE(queryText(*ws, q("SELECT text FROM items")), QStringLiteral("Bonjour!"));
        QCOMPARE(queryText(*ws, q("SELECT json_extract(detail,'$.segment.words[0].word') FROM items")),
            QStringLiteral("Bonjour!"));
        r = importOne(*ws, realFixture("asr/whisper-timestamped-empty.words.json"));
        QCOMPARE(int(r.status), int(ImportRunner::FileResult::Status::Imported));
        QCOMPARE(r.items, 0);
        QCOMPARE(r.warnings.size(), 1);
        QVERIFY(r.warnings.front().contains(QStringLiteral("no segments")));
    }

    void deepgramPrerecordedIsAnchored()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto r = importOne(*ws, realFixture("asr/deepgram-prerecorded-preamble-nova3.json"));
        QCOMPARE(r.items, 1); // one paragraph of one sentence
        QCOMPARE(relative(*ws), 0);
        // metadata.created 2024-08-02T09:02:23.218Z + 0.32 s
        QCOMPARE(queryInt(*ws, q("SELECT start_ns FROM items")), Q_INT64_C(1722589343218000000) + 320000000);
        QCOMPARE(queryInt(*ws, q("SELECT end_ns FROM items")), Q_INT64_C(1722589343218000000) + 18575000000);
        QCOMPARE(queryInt(*ws, q("SELECT json_array_length(detail,'$.segment.words') FROM items")), 52);
        QCOMPARE(queryText(*ws, q("SELECT json_extract(detail,'$.segment.words[0].word') FROM items")),
            QStringLiteral("We,"));
        QVERIFY(queryText(*ws, q("SELECT text FROM items"))
                    .startsWith(QStringLiteral("We, the people of the United States")));
        QCOMPARE(queryText(*ws, q("SELECT value FROM item_keys WHERE kind='request'")),
            QStringLiteral("5d5d60ea-c711-4ca1-822f-6427d7227119"));
        // The audio's hash and the model's uuid are not keys.
        QCOMPARE(
            queryInt(*ws, q("SELECT COUNT(*) FROM item_keys WHERE value LIKE '95dc4009%' OR value LIKE '30089e05%'")),
            0);
    }

    void deepgramStreaming()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto r = importOne(*ws, realFixture("asr/deepgram-streaming-result.json"));
        QCOMPARE(r.items, 1);
        QCOMPARE(relative(*ws), 1);
        QCOMPARE(queryInt(*ws, q("SELECT start_ns FROM items")), Q_INT64_C(17000000000));
        QVERIFY(qAbs(queryInt(*ws, q("SELECT end_ns FROM items")) - Q_INT64_C(18660000000)) < 1000);
        QCOMPARE(queryText(*ws, q("SELECT text FROM items")), QStringLiteral("For the United States of America."));
        QCOMPARE(queryInt(*ws, q("SELECT json_array_length(detail,'$.segment.words') FROM items")), 6);
        QCOMPARE(queryText(*ws, q("SELECT value FROM item_keys WHERE kind='request'")),
            QStringLiteral("e1985d01-b8bc-42ab-a16a-e7a8419c07f2"));
    }

    void webVttAndSrt()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        auto r = importOne(*ws, realFixture("asr/whisper-timestamped-punctuations.vtt"));
        QCOMPARE(r.items, 1);
        QCOMPARE(queryInt(*ws, q("SELECT start_ns FROM items")), Q_INT64_C(380000000));
        QCOMPARE(queryInt(*ws, q("SELECT end_ns FROM items")), Q_INT64_C(2400000000));
        QCOMPARE(queryText(*ws, q("SELECT text FROM items")), QStringLiteral("Dis-moi, est-ce que l'avion vole?"));

        const auto cues = [&](const char *file) {
            return queryText(*ws,
                QStringLiteral("SELECT group_concat(t, '|') FROM (SELECT i.text || '@' || i.start_ns || "
                               "'-' || i.end_ns AS t FROM items i JOIN sources s ON s.id=i.source_id "
                               "WHERE s.path='%1' ORDER BY i.id)")
                    .arg(QString::fromLatin1(file)));
        };
        const QString expected = QStringLiteral("Dis-moi,@380000000-1300000000|est-ce@1300000000-1460000000|"
                                                "que@1460000000-1640000000|l'avion@1640000000-2000000000|"
                                                "vole?@2000000000-2400000000");
        r = importOne(*ws, realFixture("asr/whisper-timestamped-punctuations.words.vtt"));
        QCOMPARE(r.items, 5);
        QCOMPARE(cues("whisper-timestamped-punctuations.words.vtt"), expected);
        r = importOne(*ws, realFixture("asr/whisper-timestamped-punctuations.words.srt"));
        QCOMPARE(r.items, 5);
        QCOMPARE(cues("whisper-timestamped-punctuations.words.srt"), expected);
    }

    void vttVoicesAndSettings()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = dir.filePath("call_CA7f3e9b21d04c.vtt");
        writeFile(path,
            "WEBVTT - call recording\n"
            "\n"
            "NOTE a comment\n"
            "spanning lines\n"
            "\n"
            "intro\n"
            "01:02:03.500 --> 01:02:05.000 align:start position:10%\n"
            "<v Agent>Thanks for calling &amp; welcome.</v>\n"
            "\n"
            "01:02:05.000 --> 01:02:07.250\n"
            "<v.loud Caller Ann>I was <i>charged</i> twice.\n"
            "\n"
            "garbage --> timing\n"
            "text\n");
        const auto r = importOne(*ws, path);
        QCOMPARE(r.format, QStringLiteral("transcript"));
        QCOMPARE(r.items, 2);
        QCOMPARE(r.warnings.size(), 1);
        QVERIFY(r.warnings.front().contains(QStringLiteral("line 13")));
        QCOMPARE(queryInt(*ws, q("SELECT start_ns FROM items WHERE ref='segment:0'")), Q_INT64_C(3723500000000));
        QCOMPARE(queryText(*ws, q("SELECT actor FROM items WHERE ref='segment:0'")), QStringLiteral("Agent"));
        QCOMPARE(queryText(*ws, q("SELECT text FROM items WHERE ref='segment:0'")),
            QStringLiteral("Thanks for calling & welcome."));
        QCOMPARE(queryText(*ws, q("SELECT actor FROM items WHERE ref='segment:1'")), QStringLiteral("Caller Ann"));
        QCOMPARE(
            queryText(*ws, q("SELECT text FROM items WHERE ref='segment:1'")), QStringLiteral("I was charged twice."));
        // The call id in the file name is a key of every segment.
        QCOMPARE(queryInt(*ws, q("SELECT COUNT(*) FROM item_keys WHERE kind='call' AND value='CA7f3e9b21d04c'")), 2);
    }

    void anchoredServiceOutput()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = dir.filePath("transcript.json");
        writeFile(path,
            "{\"call_id\": \"CA7f3e9b21d04c\", \"conversation_id\": \"conv_8f2a61\", \"started_at\": "
            "\"2026-11-20T14:02:00.500Z\",\n"
            " \"segments\": [{\"start\": 0.4, \"end\": 5.9, \"speaker\": \"agent\", \"text\": \" Thanks for "
            "calling.\"},\n"
            "              {\"start\": 6.9, \"end\": 11.62, \"speaker\": \"caller\", \"text\": \"I was charged "
            "twice.\", \"confidence\": 0.91}]}");
        const auto r = importOne(*ws, path);
        QCOMPARE(r.format, QStringLiteral("transcript"));
        QCOMPARE(r.items, 2);
        QCOMPARE(relative(*ws), 0);
        QCOMPARE(queryInt(*ws, q("SELECT start_ns FROM items WHERE ref='segment:1'")),
            Q_INT64_C(1795183320500000000) + 6900000000);
        QCOMPARE(queryText(*ws, q("SELECT json_extract(detail,'$.segment.speaker') FROM items WHERE ref='segment:1'")),
            QStringLiteral("caller"));
        QCOMPARE(
            queryText(*ws, q("SELECT json_extract(detail,'$.segment.confidence') FROM items WHERE ref='segment:1'")),
            QStringLiteral("0.91"));
        QCOMPARE(queryInt(*ws, q("SELECT COUNT(*) FROM item_keys WHERE kind='call' AND value='CA7f3e9b21d04c'")), 2);
        QCOMPARE(
            queryInt(*ws, q("SELECT COUNT(*) FROM item_keys WHERE kind='conversation' AND value='conv_8f2a61'")), 2);
    }

    void whisperCppJson()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = dir.filePath("jfk.wav.json");
        writeFile(path,
            "{\"systeminfo\": \"AVX = 1\", \"model\": {\"type\": \"base\"}, \"params\": {\"model\": "
            "\"models/ggml-base.en.bin\", \"language\": \"en\"},\n"
            " \"result\": {\"language\": \"en\"},\n"
            " \"transcription\": [\n"
            "  {\"timestamps\": {\"from\": \"00:00:00,000\", \"to\": \"00:00:08,000\"}, \"offsets\": {\"from\": 0, "
            "\"to\": 8000}, \"text\": \" And so my fellow Americans, ask not what your country can do for you,\"},\n"
            "  {\"timestamps\": {\"from\": \"00:00:08,000\", \"to\": \"00:00:11,000\"}, \"offsets\": {\"from\": 8000, "
            "\"to\": 11000}, \"text\": \" ask what you can do for your country.\"}\n"
            " ]}");
        QCOMPARE(detectFormat(path), QStringLiteral("transcript"));
        const auto r = importOne(*ws, path);
        QCOMPARE(r.items, 2);
        QCOMPARE(queryInt(*ws, q("SELECT start_ns FROM items WHERE ref='segment:1'")), Q_INT64_C(8000000000));
        QCOMPARE(queryInt(*ws, q("SELECT end_ns FROM items WHERE ref='segment:1'")), Q_INT64_C(11000000000));
        QCOMPARE(queryText(*ws, q("SELECT text FROM items WHERE ref='segment:1'")),
            QStringLiteral("ask what you can do for your country."));
        QCOMPARE(queryText(*ws, q("SELECT json_extract(attrs,'$.language') FROM items WHERE ref='segment:0'")),
            QStringLiteral("en"));
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("items");
        QTest::addColumn<QString>("message");
        const int imported = int(ImportRunner::FileResult::Status::Imported);
        const int failed = int(ImportRunner::FileResult::Status::Failed);
        QTest::newRow("empty") << QByteArray() << imported << 0 << QStringLiteral("empty");
        QTest::newRow("truncated json") << QByteArray("{\"segments\":[{\"start\":0,\"end\":1,\"text\":\"hi") << failed
                                        << 0 << QStringLiteral("line 1, column");
        QTest::newRow("wrong types") << QByteArray(
            "{\"segments\":[{\"start\":\"x\",\"end\":[],\"text\":5,\"words\":\"no\"},7,"
            "{\"start\":-4,\"text\":\"neg\"},{\"start\":1e300,\"text\":\"huge\"}]}")
                                     << imported << 1 << QStringLiteral("segment 1");
        QTest::newRow("not a transcript")
            << QByteArray("{\"hello\":1}") << failed << 0 << QStringLiteral("not a transcript");
        QByteArray garbage("WEBVTT\n\n");
        for (int i = 0; i < 3000; ++i)
            garbage += char((i * 7919 + 5) % 256);
        QTest::newRow("vtt garbage") << garbage << imported << -1 << QString();
        QTest::newRow("deep nesting") << ("{\"segments\":" + QByteArray(2000, '[') + QByteArray(2000, ']') + "}")
                                      << failed << 0 << QStringLiteral("nested deeper");
        QTest::newRow("srt latin-1") << QByteArray("1\n00:00:00,000 --> 00:00:01,000\ncaf\xe9\n") << imported << 1
                                     << QStringLiteral("Latin-1");
        QTest::newRow("cue without end") << QByteArray("WEBVTT\n\n00:01.000 -->\ntext\n") << imported << 0
                                         << QStringLiteral("malformed");
    }

    void badInput()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        QFETCH(int, items);
        QFETCH(QString, message);
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = writeTemp(dir, "bad.json", bytes);
        const auto r = importOne(*ws, path, QStringLiteral("transcript"));
        QCOMPARE(int(r.status), status);
        if (items >= 0)
            QCOMPARE(r.items, items);
        const QString all = r.message + r.warnings.join('\n');
        if (!message.isEmpty())
            QVERIFY2(all.contains(message), qPrintable(all));
    }
};

QTEST_GUILESS_MAIN(TstTranscriptImporter)
#include "tst_transcriptimporter.moc"
