#include "AudioSummary.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

std::vector<float> AudioSummary::peaksPcm16(const int16_t *samples, size_t frameCount, int channels, size_t buckets)
{
    std::vector<float> peaks;
    if (!samples || frameCount == 0 || channels <= 0 || buckets == 0)
        return peaks;
    buckets = std::min(buckets, frameCount);
    peaks.assign(buckets, 0.0f);
    for (size_t frame = 0; frame < frameCount; ++frame) {
        const size_t bucket = frame * buckets / frameCount;
        for (int c = 0; c < channels; ++c) {
            const int v = std::abs(int(samples[frame * size_t(channels) + size_t(c)]));
            const float f = float(v) / 32768.0f;
            if (f > peaks[bucket])
                peaks[bucket] = f;
        }
    }
    return peaks;
}

namespace {
void put32(std::string &out, uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        out += char((v >> (8 * i)) & 0xff);
}
void put16(std::string &out, uint16_t v)
{
    out += char(v & 0xff);
    out += char((v >> 8) & 0xff);
}
} // namespace

std::string AudioSummary::wavFromPcm16(const std::string &pcm, int sampleRate, int channels)
{
    std::string out;
    out.reserve(44 + pcm.size());
    out += "RIFF";
    put32(out, uint32_t(36 + pcm.size()));
    out += "WAVEfmt ";
    put32(out, 16);
    put16(out, 1); // PCM
    put16(out, uint16_t(channels));
    put32(out, uint32_t(sampleRate));
    // Unsigned: a span's WAV may claim any 32-bit rate, and the field wraps like the header's.
    put32(out, uint32_t(sampleRate) * uint32_t(channels) * 2u);
    put16(out, uint16_t(channels * 2));
    put16(out, 16);
    out += "data";
    put32(out, uint32_t(pcm.size()));
    out += pcm;
    return out;
}
