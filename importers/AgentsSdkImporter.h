#pragma once
#include "Importer.h"

// OpenAI Agents SDK traces and spans (batch, array or JSONL).
class AgentsSdkImporter : public Importer
{
public:
    const char *format() const override { return "openai-agents"; }
    const char *description() const override { return "OpenAI Agents SDK traces and spans (batch, array or JSONL)"; }
    int sniff(const SniffInput &in) const override;
    void run(ImportContext &ctx) const override;
};
