#pragma once
#include "Importer.h"

// ASR transcripts (Whisper JSON, hosted ASR JSON, WebVTT, SRT).
class TranscriptImporter : public Importer
{
public:
    const char *format() const override { return "transcript"; }
    const char *description() const override { return "ASR transcripts (Whisper JSON, hosted ASR JSON, WebVTT, SRT)"; }
    int sniff(const SniffInput &in) const override;
    void run(ImportContext &ctx) const override;
};
