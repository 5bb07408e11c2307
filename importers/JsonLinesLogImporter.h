#pragma once
#include "Importer.h"

// JSON lines / NDJSON logs of any schema: one JSON object per line, streamed a line at a
// time; each line becomes one item through RecordMapper. The generic fallback for JSONL.
class JsonLinesLogImporter : public Importer
{
public:
    const char *format() const override { return "jsonl-log"; }
    const char *description() const override { return "JSON lines logs (any fields)"; }
    int sniff(const SniffInput &in) const override;
    void run(ImportContext &ctx) const override;

    // Lines longer than this are skipped with a warning (a log line is not a data dump).
    static constexpr size_t MaxLineBytes = size_t(16) << 20;
};
