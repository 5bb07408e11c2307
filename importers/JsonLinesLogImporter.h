#pragma once
#include "Importer.h"

// JSON lines logs (any fields).
class JsonLinesLogImporter : public Importer
{
public:
    const char *format() const override { return "jsonl-log"; }
    const char *description() const override { return "JSON lines logs (any fields)"; }
    int sniff(const SniffInput &in) const override;
    void run(ImportContext &ctx) const override;
};
