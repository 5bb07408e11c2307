#pragma once
#include "Importer.h"

// OTLP/JSON logs, including GenAI events.
class OtlpLogImporter : public Importer
{
public:
    const char *format() const override { return "otlp-logs"; }
    const char *description() const override { return "OTLP/JSON logs, including GenAI events"; }
    int sniff(const SniffInput &in) const override;
    void run(ImportContext &ctx) const override;
};
