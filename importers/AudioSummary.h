#pragma once
#include <cstdint>
#include <string>
#include <vector>

// Waveform summaries and WAV wrapping for audio that arrives as samples (WAV files,
// base64 PCM16 in agent SDK spans). Peaks are computed once at import so the timeline
// never decodes audio to paint.
class AudioSummary
{
public:
    static constexpr size_t DefaultBuckets = 2000;

    // Max |sample| per bucket over all channels, scaled to 0..1. Interleaved little-endian PCM16.
    static std::vector<float> peaksPcm16(
        const int16_t *samples, size_t frameCount, int channels, size_t buckets = DefaultBuckets);

    // A complete RIFF/WAVE file around raw little-endian PCM16 (for playback and sharing).
    static std::string wavFromPcm16(const std::string &pcm, int sampleRate, int channels);
};
