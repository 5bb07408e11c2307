#include "MediaImporter.h"

#include "AudioSummary.h"
#include "ImportContext.h"
#include "ImportError.h"
#include "ImportInput.h"
#include "KeyExtractor.h"
#include "TimestampParser.h"
#include "WorkspaceWriter.h"

#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace {

uint32_t le32(std::string_view b, size_t at)
{
    return uint32_t(uint8_t(b[at])) | uint32_t(uint8_t(b[at + 1])) << 8 | uint32_t(uint8_t(b[at + 2])) << 16
        | uint32_t(uint8_t(b[at + 3])) << 24;
}
uint16_t le16(std::string_view b, size_t at)
{
    return uint16_t(uint8_t(b[at]) | uint8_t(b[at + 1]) << 8);
}
uint32_t be32(std::string_view b, size_t at)
{
    return uint32_t(uint8_t(b[at])) << 24 | uint32_t(uint8_t(b[at + 1])) << 16 | uint32_t(uint8_t(b[at + 2])) << 8
        | uint32_t(uint8_t(b[at + 3]));
}
uint16_t be16(std::string_view b, size_t at)
{
    return uint16_t(uint8_t(b[at]) << 8 | uint8_t(b[at + 1]));
}

bool isWav(std::string_view b)
{
    return b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WAVE";
}
bool isPng(std::string_view b)
{
    return b.size() >= 8 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8);
}
bool isJpeg(std::string_view b)
{
    return b.size() >= 3 && uint8_t(b[0]) == 0xFF && uint8_t(b[1]) == 0xD8 && uint8_t(b[2]) == 0xFF;
}

// Max |sample| per bucket, 0..1, for any PCM width or float32, straight from the bytes.
std::vector<float> peaks(std::string_view data, const MediaImporter::WavInfo &w, size_t buckets)
{
    std::vector<float> out;
    const size_t bytesPerSample = size_t(w.bitsPerSample / 8);
    const size_t frameBytes = bytesPerSample * size_t(w.channels);
    if (frameBytes == 0)
        return out;
    const size_t frames = data.size() / frameBytes;
    if (frames == 0)
        return out;
    buckets = std::min(buckets, frames);
    out.assign(buckets, 0.0f);
    const unsigned char *p = reinterpret_cast<const unsigned char *>(data.data());
    for (size_t f = 0; f < frames; ++f) {
        const size_t bucket = f * buckets / frames;
        float m = out[bucket];
        for (int c = 0; c < w.channels; ++c) {
            const unsigned char *s = p + f * frameBytes + size_t(c) * bytesPerSample;
            float v = 0;
            if (w.format == 3 && w.bitsPerSample == 32) {
                float x;
                std::memcpy(&x, s, 4);
                v = std::isfinite(x) ? std::fabs(x) : 0.0f;
            } else if (w.bitsPerSample == 8) {
                v = std::fabs(float(int(s[0]) - 128) / 128.0f);
            } else if (w.bitsPerSample == 16) {
                v = std::fabs(float(int16_t(uint16_t(s[0] | s[1] << 8))) / 32768.0f);
            } else if (w.bitsPerSample == 24) {
                int32_t x = int32_t(uint32_t(s[0]) << 8 | uint32_t(s[1]) << 16 | uint32_t(s[2]) << 24) >> 8;
                v = std::fabs(float(x) / 8388608.0f);
            } else if (w.bitsPerSample == 32) {
                int32_t x = int32_t(uint32_t(s[0]) | uint32_t(s[1]) << 8 | uint32_t(s[2]) << 16 | uint32_t(s[3]) << 24);
                v = std::fabs(float(double(x) / 2147483648.0));
            }
            m = std::max(m, std::min(v, 1.0f));
        }
        out[bucket] = m;
    }
    return out;
}

void put32(std::string &b, size_t at, uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        b[at + size_t(i)] = char((v >> (8 * i)) & 0xff);
}

int64_t fileMtimeNs(const std::string &path)
{
    struct stat st
    {
    };
    if (::stat(path.c_str(), &st) != 0)
        return 0;
    // A file dated before 1970 or after 2262 (touch -d can do either) has no usable time.
    const int64_t ns
        = TimestampParser::scaledNs(int64_t(st.st_mtim.tv_sec), 1000000000LL, int64_t(st.st_mtim.tv_nsec)).value_or(0);
    return std::max<int64_t>(ns, 0);
}

} // namespace

MediaImporter::WavInfo MediaImporter::parseWav(std::string_view b)
{
    if (!isWav(b))
        throw ImportError("byte 0", "not a RIFF/WAVE file");
    WavInfo w;
    bool haveFmt = false;
    size_t pos = 12;
    while (pos + 8 <= b.size()) {
        const std::string_view id = b.substr(pos, 4);
        const uint32_t size = le32(b, pos + 4);
        const size_t body = pos + 8;
        const size_t available = b.size() - body;
        if (id == "fmt ") {
            if (size < 16 || available < 16)
                throw ImportError("byte " + std::to_string(pos), "the fmt chunk is too short");
            w.format = le16(b, body);
            w.channels = le16(b, body + 2);
            w.sampleRate = int(le32(b, body + 4));
            w.bitsPerSample = le16(b, body + 14);
            // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the subformat GUID.
            if (w.format == 0xFFFE && size >= 40 && available >= 26)
                w.format = le16(b, body + 24);
            haveFmt = true;
        } else if (id == "data") {
            if (!haveFmt)
                throw ImportError("byte " + std::to_string(pos), "the data chunk comes before the fmt chunk");
            w.dataOffset = body;
            // Streaming writers put placeholders (0x7FFF0000, 0xFFFFFFFF) here: trust the file.
            if (size > available) {
                w.dataBytes = available;
                w.sizeFromFileLength = true;
            } else {
                w.dataBytes = size;
            }
            break;
        }
        // LIST, fact, cue, … are skipped; chunks are padded to an even length.
        if (size > available)
            throw ImportError("byte " + std::to_string(pos),
                "the " + std::string(id) + " chunk claims " + std::to_string(size) + " bytes but the file ends first");
        pos = body + size + (size & 1);
    }
    if (!haveFmt)
        throw ImportError("byte 12", "no fmt chunk");
    if (w.dataOffset == 0)
        throw ImportError("byte " + std::to_string(b.size()), "no data chunk");
    const bool pcm = w.format == 1
        && (w.bitsPerSample == 8 || w.bitsPerSample == 16 || w.bitsPerSample == 24 || w.bitsPerSample == 32);
    const bool fl = w.format == 3 && w.bitsPerSample == 32;
    if (!pcm && !fl)
        throw ImportError("byte 20",
            "unsupported WAV encoding (format " + std::to_string(w.format) + ", " + std::to_string(w.bitsPerSample)
                + " bits); PCM 8/16/24/32-bit and float32 are read");
    if (w.channels < 1 || w.channels > 32 || w.sampleRate < 1000 || w.sampleRate > 768000)
        throw ImportError("byte 22",
            "implausible WAV header: " + std::to_string(w.channels) + " channels at " + std::to_string(w.sampleRate)
                + " Hz");
    // A trailing partial frame is dropped rather than read past.
    const size_t frameBytes = size_t(w.channels) * size_t(w.bitsPerSample / 8);
    w.dataBytes -= w.dataBytes % frameBytes;
    return w;
}

bool MediaImporter::imageSize(std::string_view b, int &width, int &height)
{
    if (isPng(b)) {
        if (b.size() < 24 || b.substr(12, 4) != "IHDR")
            return false;
        width = int(std::min<uint32_t>(be32(b, 16), 1u << 30));
        height = int(std::min<uint32_t>(be32(b, 20), 1u << 30));
        return width > 0 && height > 0;
    }
    if (isJpeg(b)) {
        size_t pos = 2;
        while (pos + 4 <= b.size()) {
            if (uint8_t(b[pos]) != 0xFF) {
                ++pos; // resynchronise on the next marker
                continue;
            }
            const uint8_t marker = uint8_t(b[pos + 1]);
            if (marker == 0xFF) {
                ++pos; // fill byte
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                pos += 2; // markers without a length
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA)
                return false; // end of image or start of scan before any frame header
            const uint16_t len = be16(b, pos + 2);
            const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                if (pos + 9 > b.size())
                    return false;
                height = be16(b, pos + 5);
                width = be16(b, pos + 7);
                return width > 0 && height > 0;
            }
            if (len < 2)
                return false;
            pos += 2 + len;
        }
    }
    return false;
}

int MediaImporter::sniff(const SniffInput &in) const
{
    if (isWav(in.head) || isPng(in.head) || isJpeg(in.head))
        return 100;
    return 0;
}

void MediaImporter::run(ImportContext &ctx) const
{
    ImportInput &input = ctx.input();
    if (input.fileSize() > MaxFileBytes)
        throw ImportError("",
            "the file is " + std::to_string(input.fileSize() >> 20) + " MiB; media over "
                + std::to_string(MaxFileBytes >> 20) + " MiB is not embedded in a workspace");
    input.setMaxDocumentBytes(MaxFileBytes);
    std::string bytes = input.readAll();
    const std::string name = ctx.fileName();

    Item item;
    item.ref = "file";
    item.name = name;
    Media media;
    media.fileName = name;
    nlohmann::json attrs = nlohmann::json::object();
    if (isWav(bytes)) {
        const WavInfo w = parseWav(bytes);
        item.kind = ItemKind::Audio;
        media.mime = "audio/wav";
        media.sampleRate = w.sampleRate;
        media.channels = w.channels;
        const int64_t frames = int64_t(w.dataBytes / (size_t(w.channels) * size_t(w.bitsPerSample / 8)));
        media.durationNs = frames * 1000000000LL / w.sampleRate;
        media.peaks = peaks(std::string_view(bytes).substr(w.dataOffset, w.dataBytes), w, AudioSummary::DefaultBuckets);
        attrs["bits_per_sample"] = w.bitsPerSample;
        attrs["encoding"] = w.format == 3 ? "float" : "pcm";
        if (w.sizeFromFileLength) {
            // Fix the embedded copy so players see the real length, and say what happened.
            put32(bytes, 4, uint32_t(std::min<size_t>(bytes.size() - 8, 0xFFFFFFFFu)));
            put32(bytes, w.dataOffset - 4, uint32_t(w.dataBytes));
            ctx.warn("byte " + std::to_string(w.dataOffset - 4),
                "the header's data size is larger than the file (a streaming placeholder); the file's length was used");
            attrs["header_sizes_repaired"] = true;
        }
        char summary[128];
        std::snprintf(summary, sizeof summary, "%.1f s of audio, %d Hz, %d channel%s", double(media.durationNs) / 1e9,
            w.sampleRate, w.channels, w.channels == 1 ? "" : "s");
        item.text = summary;
    } else if (isPng(bytes) || isJpeg(bytes)) {
        item.kind = ItemKind::Image;
        media.mime = isPng(bytes) ? "image/png" : "image/jpeg";
        if (!imageSize(bytes, media.width, media.height))
            throw ImportError("byte 0",
                std::string("no image size found in the ") + (isPng(bytes) ? "PNG" : "JPEG")
                    + " header; the file is damaged");
        item.text = std::to_string(media.width) + "×" + std::to_string(media.height) + " image";
    } else {
        throw ImportError("byte 0", "not a WAV, PNG or JPEG file");
    }
    const int64_t mtime = fileMtimeNs(ctx.absolutePath());
    ctx.writer().setRelativeTimes(mtime);
    item.startNs = mtime;
    item.endNs = TimestampParser::scaledNs(mtime, 1, media.durationNs).value_or(mtime);
    attrs["mime"] = media.mime;
    attrs["bytes"] = bytes.size();
    item.attrsJson = attrs.dump();
    KeyExtractor::extractFromFileName(name, item.keys);
    KeyExtractor::dedupe(item.keys);
    media.data = std::move(bytes);
    const int64_t id = ctx.addItem(item);
    ctx.writer().addMedia(id, media);
}
