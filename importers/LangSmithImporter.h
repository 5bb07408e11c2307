#pragma once
#include "Importer.h"

// LangSmith runs (single, arrays, JSONL, post/patch batches).
class LangSmithImporter : public Importer
{
public:
    const char *format() const override { return "langsmith"; }
    const char *description() const override { return "LangSmith runs (single, arrays, JSONL, post/patch batches)"; }
    int sniff(const SniffInput &in) const override;
    void run(ImportContext &ctx) const override;
};
