#pragma once
#include "Importer.h"

// OTLP/JSON traces (ExportTraceServiceRequest, one per line or a document; gzip).
class OtlpTraceImporter : public Importer
{
public:
    const char *format() const override { return "otlp-traces"; }
    const char *description() const override
    {
        return "OTLP/JSON traces (ExportTraceServiceRequest, one per line or a document; gzip)";
    }
    int sniff(const SniffInput &in) const override;
    void run(ImportContext &ctx) const override;
};
