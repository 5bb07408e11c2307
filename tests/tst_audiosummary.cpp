#include "AudioSummary.h"
#include "MediaImporter.h"

#include <QtTest>

#include <cmath>

// The waveform is painted from these peaks only (the audio is never decoded to paint), and the
// WAV wrapper is what the player and a shared workspace get for PCM that came in base64 spans:
// a wrong bucket, scale or header field shows or plays the wrong audio.
class TstAudioSummary : public QObject
{
    Q_OBJECT

    static QList<float> peaks(const std::vector<int16_t> &samples, int channels, size_t buckets)
    {
        const size_t frames = channels > 0 ? samples.size() / size_t(channels) : samples.size();
        const auto p = AudioSummary::peaksPcm16(samples.data(), frames, channels, buckets);
        return QList<float>(p.begin(), p.end());
    }
    static uint32_t le32(const std::string &b, size_t at)
    {
        uint32_t v = 0;
        for (size_t i = 0; i < 4; ++i)
            v |= uint32_t(static_cast<unsigned char>(b[at + i])) << (8 * i);
        return v;
    }
    static uint32_t le16(const std::string &b, size_t at)
    {
        return uint32_t(static_cast<unsigned char>(b[at])) | uint32_t(static_cast<unsigned char>(b[at + 1])) << 8;
    }

private slots:
    void peaksPcm16_data()
    {
        QTest::addColumn<QList<int>>("samples");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("buckets");
        QTest::addColumn<QList<float>>("expected");
        QTest::newRow("silence") << QList<int> {0, 0, 0, 0} << 1 << 2 << QList<float> {0, 0};
        // |INT16_MIN| does not fit in int16: it must scale to exactly 1, not wrap negative.
        QTest::newRow("full scale both signs")
            << QList<int> {-32768, 32767} << 1 << 2 << QList<float> {1.0f, 32767.0f / 32768};
        QTest::newRow("negative peak wins over smaller positive")
            << QList<int> {100, -16384, 50} << 1 << 1 << QList<float> {0.5f};
        // Stereo frames (L,R): a bucket takes the larger channel, never a channel of the next frame.
        QTest::newRow("stereo takes the louder channel")
            << QList<int> {100, -2048, 0, 0, 4096, 5} << 2 << 3 << QList<float> {0.0625f, 0, 0.125f};
        // 5 frames in 2 buckets: frame f goes to f*2/5, so frames 0-2 and 3-4.
        QTest::newRow("uneven buckets") << QList<int> {0, 0, 8192, 16384, 0} << 1 << 2 << QList<float> {0.25f, 0.5f};
        QTest::newRow("fewer frames than buckets")
            << QList<int> {8192, -8192, 0} << 1 << 2000 << QList<float> {0.25f, 0.25f, 0};
        QTest::newRow("one bucket per frame")
            << QList<int> {1, 2, 3} << 1 << 3 << QList<float> {1.0f / 32768, 2.0f / 32768, 3.0f / 32768};
        QTest::newRow("no buckets") << QList<int> {1, 2, 3} << 1 << 0 << QList<float> {};
        QTest::newRow("no frames") << QList<int> {} << 1 << 10 << QList<float> {};
        QTest::newRow("no channels") << QList<int> {1, 2, 3} << 0 << 10 << QList<float> {};
        QTest::newRow("negative channels") << QList<int> {1, 2, 3} << -2 << 10 << QList<float> {};
    }
    void peaksPcm16()
    {
        QFETCH(QList<int>, samples);
        QFETCH(int, channels);
        QFETCH(int, buckets);
        QFETCH(QList<float>, expected);
        std::vector<int16_t> pcm;
        for (int s : samples)
            pcm.push_back(int16_t(s));
        QCOMPARE(peaks(pcm, channels, size_t(buckets)), expected);
    }

    void nullSamplesGiveNoPeaks() { QVERIFY(AudioSummary::peaksPcm16(nullptr, 100, 1, 10).empty()); }

    void sineThenSilence()
    {
        // 1 kHz at 8 kHz puts a sample on every crest, so each 80-frame bucket peaks at exactly
        // the amplitude; the silent second half must not inherit it across the boundary.
        constexpr int kRate = 8000;
        std::vector<int16_t> pcm(size_t(kRate), 0);
        for (size_t i = 0; i < pcm.size() / 2; ++i)
            pcm[i] = int16_t(std::lround(16384 * std::sin(2 * M_PI * 1000 * double(i) / kRate)));
        const QList<float> p = peaks(pcm, 1, 100);
        QCOMPARE(p.size(), 100);
        for (int b = 0; b < 100; ++b)
            QCOMPARE(p[b], b < 50 ? 0.5f : 0.0f);
    }

    void defaultBucketCount()
    {
        // A minute of 24 kHz audio (the Agents SDK rate) summarises to DefaultBuckets values.
        std::vector<int16_t> pcm(size_t(24000 * 60), int16_t(-1));
        const auto p = AudioSummary::peaksPcm16(pcm.data(), pcm.size(), 1);
        QCOMPARE(p.size(), AudioSummary::DefaultBuckets);
        QCOMPARE(p.back(), 1.0f / 32768);
    }

    void wavFromPcm16_data()
    {
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("frames");
        QTest::newRow("mono 24 kHz") << 24000 << 1 << 2400;
        QTest::newRow("stereo 48 kHz") << 48000 << 2 << 4800;
        QTest::newRow("8 channels 8 kHz") << 8000 << 8 << 1;
        QTest::newRow("no samples") << 16000 << 1 << 0;
    }
    void wavFromPcm16()
    {
        QFETCH(int, rate);
        QFETCH(int, channels);
        QFETCH(int, frames);
        std::string pcm;
        for (int i = 0; i < frames * channels; ++i) {
            pcm += char(i & 0xff);
            pcm += char((i >> 8) & 0xff);
        }
        const std::string wav = AudioSummary::wavFromPcm16(pcm, rate, channels);
        QCOMPARE(wav.size(), 44 + pcm.size());
        QCOMPARE(le32(wav, 4), uint32_t(36 + pcm.size()));
        QCOMPARE(le32(wav, 28), uint32_t(rate * channels * 2)); // byte rate: players derive duration from it
        QCOMPARE(le16(wav, 32), uint32_t(channels * 2));
        QCOMPARE(wav.substr(44), pcm);
        // The importer that reads recordings must accept what we write, field for field.
        const MediaImporter::WavInfo w = MediaImporter::parseWav(wav);
        QCOMPARE(w.format, 1);
        QCOMPARE(w.channels, channels);
        QCOMPARE(w.sampleRate, rate);
        QCOMPARE(w.bitsPerSample, 16);
        QCOMPARE(w.dataOffset, size_t(44));
        QCOMPARE(w.dataBytes, pcm.size());
        QVERIFY(!w.sizeFromFileLength);
    }

    void wavAbsurdRateWrapsInsteadOfOverflowing()
    {
        // A WAV inside a span may claim any 32-bit rate; rate * channels * 2 beyond int must
        // wrap as the 32-bit header field does (modulo 2^32), not overflow a signed int.
        const std::string pcm(8, '\x01');
        const std::string big = AudioSummary::wavFromPcm16(pcm, 0x40000001, 2);
        QCOMPARE(le32(big, 24), uint32_t(0x40000001));
        QCOMPARE(le32(big, 28), uint32_t(4)); // 0x40000001 * 4 mod 2^32
        QCOMPARE(big.substr(44), pcm);
        const std::string zero = AudioSummary::wavFromPcm16(pcm, 0, 1);
        QCOMPARE(le32(zero, 24), uint32_t(0));
        QCOMPARE(le32(zero, 28), uint32_t(0));
    }
};

QTEST_GUILESS_MAIN(TstAudioSummary)
#include "tst_audiosummary.moc"
