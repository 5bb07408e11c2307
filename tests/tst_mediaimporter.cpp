#include "ImportInput.h"
#include "ImporterRegistry.h"
#include "MediaImporter.h"
#include "SqliteDatabase.h"
#include "TestUtils.h"
#include "Workspace.h"

#include <QFileInfo>
#include <QtTest>

#include <cmath>

using namespace TestUtils;

class TstMediaImporter : public QObject
{
    Q_OBJECT

private:
    static void put16(QByteArray &b, int v)
    {
        b += char(v & 0xff);
        b += char((v >> 8) & 0xff);
    }
    static void put32(QByteArray &b, quint32 v)
    {
        for (int i = 0; i < 4; ++i)
            b += char((v >> (8 * i)) & 0xff);
    }
    // A WAV of `frames` frames whose every sample has the given amplitude (as a fraction of full scale).
    static QByteArray wav(int format, int bits, int channels, int rate, int frames, double amplitude)
    {
        QByteArray data;
        for (int f = 0; f < frames; ++f)
            for (int c = 0; c < channels; ++c) {
                const double v = (f % 2 ? -amplitude : amplitude);
                if (format == 3) {
                    const float x = float(v);
                    data.append(reinterpret_cast<const char *>(&x), 4);
                } else if (bits == 8) {
                    data += char(int(128 + v * 127));
                } else if (bits == 16) {
                    put16(data, int(v * 32767));
                } else if (bits == 24) {
                    const int x = int(v * 8388607);
                    data += char(x & 0xff);
                    data += char((x >> 8) & 0xff);
                    data += char((x >> 16) & 0xff);
                } else {
                    put32(data, quint32(qint32(v * 2147483647.0)));
                }
            }
        QByteArray b("RIFF");
        put32(b, quint32(36 + data.size()));
        b += "WAVEfmt ";
        put32(b, 16);
        put16(b, format);
        put16(b, channels);
        put32(b, quint32(rate));
        put32(b, quint32(rate * channels * bits / 8));
        put16(b, channels * bits / 8);
        put16(b, bits);
        b += "data";
        put32(b, quint32(data.size()));
        return b + data;
    }

private slots:
    void detectsMedia()
    {
        for (const char *f : {"media/whisper-cpp-jfk.wav", "media/whisper-timestamped-bonjour.wav",
                 "media/deepgram-tts-hello-world-streaming-header.wav", "media/openai-agents-graph.png"})
            QCOMPARE(detectFormat(realFixture(QString::fromLatin1(f))), QStringLiteral("media"));
    }

    void jfkWithListChunk()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = realFixture("media/whisper-cpp-jfk.wav");
        const auto r = importOne(*ws, path);
        QCOMPARE(int(r.status), int(ImportRunner::FileResult::Status::Imported));
        QCOMPARE(r.items, 1);
        QCOMPARE(queryText(*ws, q("SELECT kind FROM items")), QStringLiteral("audio"));
        QCOMPARE(queryText(*ws, q("SELECT ref FROM items")), QStringLiteral("file"));
        QCOMPARE(queryText(*ws, q("SELECT name FROM items")), QStringLiteral("whisper-cpp-jfk.wav"));
        QCOMPARE(queryInt(*ws, q("SELECT sample_rate FROM media")), 16000);
        QCOMPARE(queryInt(*ws, q("SELECT channels FROM media")), 1);
        // data chunk 0x055F00 = 352000 bytes = 176000 frames = 11.0 s; the LIST chunk is skipped.
        QCOMPARE(queryInt(*ws, q("SELECT duration_ns FROM media")), Q_INT64_C(11000000000));
        QCOMPARE(queryText(*ws, q("SELECT mime FROM media")), QStringLiteral("audio/wav"));
        QCOMPARE(queryInt(*ws, q("SELECT length(data) FROM media")), QFileInfo(path).size());
        QCOMPARE(queryInt(*ws, q("SELECT length(peaks) FROM media")), 2000 * 4);
        // Speech is loud somewhere and silent somewhere.
        const std::string peaks = ws->db().queryText("SELECT peaks FROM media");
        QCOMPARE(peaks.size(), size_t(8000));
        const float *p = reinterpret_cast<const float *>(peaks.data());
        QVERIFY(*std::max_element(p, p + 2000) > 0.3f);
        QVERIFY(*std::min_element(p, p + 2000) < 0.05f);
        // Relative source placed on the file's mtime.
        const qint64 mtime = QFileInfo(path).lastModified().toMSecsSinceEpoch();
        QCOMPARE(queryInt(*ws, q("SELECT relative_times FROM sources")), 1);
        QCOMPARE(queryInt(*ws, q("SELECT time_base_ns FROM sources")) / 1000000, mtime);
        QCOMPARE(queryInt(*ws, q("SELECT start_ns FROM items")) / 1000000, mtime);
        QCOMPARE(queryInt(*ws, q("SELECT end_ns - start_ns FROM items")), Q_INT64_C(11000000000));
    }

    void streamingHeaderTrustsFileLength()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto r = importOne(*ws, realFixture("media/deepgram-tts-hello-world-streaming-header.wav"));
        QCOMPARE(r.items, 1);
        QCOMPARE(r.warnings.size(), 1);
        QVERIFY(r.warnings.front().contains(QStringLiteral("file's length")));
        QCOMPARE(queryInt(*ws, q("SELECT sample_rate FROM media")), 24000);
        // 40724 - 44 header bytes = 40680 = 20340 frames at 24 kHz = 0.8475 s
        QCOMPARE(queryInt(*ws, q("SELECT duration_ns FROM media")), Q_INT64_C(847500000));
        // The embedded copy carries the real sizes so a player reads it.
        const std::string data = ws->db().queryText("SELECT data FROM media");
        QCOMPARE(data.size(), size_t(40724));
        const auto le32 = [&](size_t at) {
            return quint32(quint8(data[at])) | quint32(quint8(data[at + 1])) << 8 | quint32(quint8(data[at + 2])) << 16
                | quint32(quint8(data[at + 3])) << 24;
        };
        QCOMPARE(le32(4), quint32(40716));
        QCOMPARE(le32(40), quint32(40680));
    }

    // A file dated past 2262 (touch -d 3000-01-01) has no time in int64 nanoseconds: the item
    // gets none rather than an overflowed one (undefined behaviour before).
    void mtimePastInt64NanosecondsIsNoTime()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("rec_call42.wav"));
        QVERIFY(QFile::copy(realFixture("media/deepgram-tts-hello-world-streaming-header.wav"), path));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(QDateTime(QDate(3000, 1, 1), QTime(0, 0), Qt::UTC), QFileDevice::FileModificationTime));
        f.close();
        auto ws = newWorkspace(dir);
        QCOMPARE(importOne(*ws, path).items, 1);
        QCOMPARE(queryInt(*ws, q("SELECT start_ns FROM items")), 0);
        QCOMPARE(queryInt(*ws, q("SELECT end_ns FROM items")), Q_INT64_C(847500000));
    }

    void bonjourAndPng()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        importOne(*ws, realFixture("media/whisper-timestamped-bonjour.wav"));
        QCOMPARE(queryInt(*ws, q("SELECT duration_ns FROM media")), Q_INT64_C(38452) * 1000000000 / 2 / 16000);
        const auto r = importOne(*ws, realFixture("media/openai-agents-graph.png"));
        QCOMPARE(r.items, 1);
        QCOMPARE(
            queryText(*ws, q("SELECT kind FROM items WHERE name='openai-agents-graph.png'")), QStringLiteral("image"));
        QCOMPARE(queryInt(*ws, q("SELECT width FROM media WHERE mime='image/png'")), 776);
        QCOMPARE(queryInt(*ws, q("SELECT height FROM media WHERE mime='image/png'")), 396);
        QCOMPARE(queryInt(*ws, q("SELECT length(data) FROM media WHERE mime='image/png'")),
            QFileInfo(realFixture("media/openai-agents-graph.png")).size());
    }

    void encodings_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("bits");
        QTest::addColumn<int>("channels");
        QTest::newRow("pcm8") << 1 << 8 << 1;
        QTest::newRow("pcm16 stereo") << 1 << 16 << 2;
        QTest::newRow("pcm24") << 1 << 24 << 1;
        QTest::newRow("pcm32") << 1 << 32 << 2;
        QTest::newRow("float32") << 3 << 32 << 1;
    }

    void encodings()
    {
        QFETCH(int, format);
        QFETCH(int, bits);
        QFETCH(int, channels);
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = writeTemp(
            dir, "rec_CA9f3e21aa00bb11cc22dd33ee44ff5566.wav", wav(format, bits, channels, 8000, 4000, 0.5));
        const auto r = importOne(*ws, path);
        QCOMPARE(r.items, 1);
        QCOMPARE(queryInt(*ws, q("SELECT duration_ns FROM media")), Q_INT64_C(500000000));
        QCOMPARE(queryInt(*ws, q("SELECT channels FROM media")), channels);
        const std::string peaks = ws->db().queryText("SELECT peaks FROM media");
        QCOMPARE(peaks.size(), size_t(2000 * 4));
        const float *p = reinterpret_cast<const float *>(peaks.data());
        QVERIFY2(std::fabs(p[0] - 0.5f) < 0.02f, qPrintable(QString::number(p[0])));
        QVERIFY(std::fabs(p[1999] - 0.5f) < 0.02f);
        // The call id inside the file name is a key, as is the name itself.
        QCOMPARE(queryText(*ws, q("SELECT value FROM item_keys WHERE kind='call'")),
            QStringLiteral("CA9f3e21aa00bb11cc22dd33ee44ff5566"));
        QCOMPARE(queryText(*ws, q("SELECT value FROM item_keys WHERE kind='file'")),
            QStringLiteral("rec_CA9f3e21aa00bb11cc22dd33ee44ff5566.wav"));
    }

    void jpegSize()
    {
        // SOI, APP0 (JFIF), SOF2 (progressive) 480×640, EOI.
        QByteArray jpg
            = QByteArray::fromHex("FFD8FFE000104A46494600010100000100010000FFC2001108028001E003012200021101031101FFD9");
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = writeTemp(dir, "upl_5d91c2_router-lights.jpg", jpg);
        QCOMPARE(detectFormat(path), QStringLiteral("media"));
        const auto r = importOne(*ws, path);
        QCOMPARE(r.items, 1);
        QCOMPARE(queryInt(*ws, q("SELECT width FROM media")), 480);
        QCOMPARE(queryInt(*ws, q("SELECT height FROM media")), 640);
        QCOMPARE(queryText(*ws, q("SELECT mime FROM media")), QStringLiteral("image/jpeg"));
        QCOMPARE(queryText(*ws, q("SELECT value FROM item_keys WHERE kind='upload'")), QStringLiteral("upl_5d91c2"));
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        const QByteArray good = wav(1, 16, 1, 16000, 1600, 0.3);
        QTest::newRow("empty") << QByteArray() << QStringLiteral("not a WAV");
        QTest::newRow("header only") << good.left(12) << QStringLiteral("no fmt chunk");
        QTest::newRow("truncated fmt") << good.left(30) << QStringLiteral("fmt chunk is too short");
        QTest::newRow("no data chunk") << good.left(44 - 8) << QStringLiteral("no data chunk");
        QByteArray adpcm = good;
        adpcm[20] = 2; // MS ADPCM
        QTest::newRow("unsupported encoding") << adpcm << QStringLiteral("unsupported WAV encoding");
        QByteArray zeroRate = good;
        zeroRate[24] = zeroRate[25] = zeroRate[26] = zeroRate[27] = 0;
        QTest::newRow("zero sample rate") << zeroRate << QStringLiteral("implausible");
        QByteArray bigList = good.left(36) + QByteArray("LIST") + QByteArray::fromHex("FFFFFF7F") + "INFO";
        QTest::newRow("chunk past the end") << bigList << QStringLiteral("LIST chunk claims");
        QTest::newRow("png without IHDR")
            << QByteArray::fromHex("89504E470D0A1A0A0000000D49454E44") << QStringLiteral("no image size");
        QTest::newRow("jpeg without SOF")
            << QByteArray::fromHex("FFD8FFE000104A46494600010100000100010000FFD9") << QStringLiteral("no image size");
        QByteArray garbage;
        for (int i = 0; i < 1000; ++i)
            garbage += char((i * 31) % 256);
        QTest::newRow("binary garbage") << garbage << QStringLiteral("not a WAV, PNG or JPEG");
    }

    void badInput()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = writeTemp(dir, "bad.bin", bytes);
        const auto r = importOne(*ws, path, QStringLiteral("media"));
        if (message.isEmpty()) {
            QCOMPARE(int(r.status), int(ImportRunner::FileResult::Status::Imported));
            return;
        }
        QCOMPARE(int(r.status), int(ImportRunner::FileResult::Status::Failed));
        QVERIFY2(r.message.contains(message), qPrintable(r.message));
        QCOMPARE(queryInt(*ws, q("SELECT COUNT(*) FROM items")), 0);
        QCOMPARE(queryInt(*ws, q("SELECT COUNT(*) FROM media")), 0);
    }

    void partialFrameIsDropped()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const QString path = dir.filePath("odd.wav");
        QByteArray b = wav(1, 16, 2, 8000, 800, 0.2);
        b.chop(3); // the last frame loses 3 of its 4 bytes; the header still claims them
        writeFile(path, b);
        const auto r = importOne(*ws, path);
        QCOMPARE(int(r.status), int(ImportRunner::FileResult::Status::Imported));
        QCOMPARE(queryInt(*ws, q("SELECT duration_ns FROM media")), Q_INT64_C(799) * 1000000000 / 8000);
    }
};

QTEST_GUILESS_MAIN(TstMediaImporter)
#include "tst_mediaimporter.moc"
