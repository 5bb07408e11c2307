#pragma once
#include "Importer.h"

#include <optional>
#include <string_view>

// ASR transcripts: openai-whisper / whisper-timestamped JSON, whisper.cpp -oj JSON, Deepgram
// prerecorded and streaming responses, anchored service outputs ({"call_id","started_at",
// "segments"}), WebVTT and SRT. One asr item per segment (ref segment:<n>); absolute times
// when the file carries a start time, otherwise offsets from 0 in a relative-time source.
class TranscriptImporter : public Importer
{
public:
    const char *format() const override { return "transcript"; }
    const char *description() const override
    {
        return "ASR transcripts (Whisper, whisper.cpp, Deepgram JSON, anchored call transcripts, WebVTT, SRT)";
    }
    int sniff(const SniffInput &in) const override;
    void run(ImportContext &ctx) const override;

    // "01:02:03.450", "02:03,450", "3.5" → seconds; nullopt when malformed.
    static std::optional<double> parseClock(std::string_view text);
};
