#pragma once
#include "Importer.h"

#include <cstdint>
#include <string>
#include <string_view>

// Audio recordings (WAV) and images (PNG, JPEG), detected by their magic bytes. One item per
// file (kind audio or image, ref file) with the bytes embedded in a Media row so the workspace
// is self-contained; WAV duration and waveform peaks, image size from the header. Times are
// the file's mtime in a relative-time source until correlation anchors them.
class MediaImporter : public Importer
{
public:
    const char *format() const override { return "media"; }
    const char *description() const override { return "Audio recordings (WAV) and images (PNG, JPEG)"; }
    int sniff(const SniffInput &in) const override;
    void run(ImportContext &ctx) const override;

    static constexpr int64_t MaxFileBytes = int64_t(512) << 20;

    struct WavInfo
    {
        int format = 0; // 1 PCM, 3 IEEE float
        int channels = 0;
        int sampleRate = 0;
        int bitsPerSample = 0;
        size_t dataOffset = 0;
        size_t dataBytes = 0; // what the file holds, whatever the header claims
        bool sizeFromFileLength = false; // the header's sizes were placeholders or wrong
    };
    // Throws ImportError("byte N", …) for a WAV it cannot read.
    static WavInfo parseWav(std::string_view bytes);
    // Width and height from a PNG IHDR or a JPEG SOFn marker; false when not found.
    static bool imageSize(std::string_view bytes, int &width, int &height);
};
