#pragma once
#include "Importer.h"

// OpenAI Agents SDK traces and spans: a {"data":[…]} ingest batch, a JSON array or JSONL of
// "trace" and "trace.span" objects. Each span and each trace becomes an item; base64 PCM16 audio
// in transcription and speech spans becomes a WAV attached to the item.
class AgentsSdkImporter : public Importer
{
public:
    const char *format() const override { return "openai-agents"; }
    const char *description() const override { return "OpenAI Agents SDK traces and spans (batch, array or JSONL)"; }
    int sniff(const SniffInput &in) const override;
    void run(ImportContext &ctx) const override;
};
