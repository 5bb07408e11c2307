#pragma once
#include "Importer.h"

// OpenTelemetry SDK span dumps (JS in-memory spans, Python ReadableSpan JSON).
class OtelSdkSpanImporter : public Importer
{
public:
    const char *format() const override { return "otel-sdk-spans"; }
    const char *description() const override
    {
        return "OpenTelemetry SDK span dumps (JS in-memory spans, Python ReadableSpan JSON)";
    }
    int sniff(const SniffInput &in) const override;
    void run(ImportContext &ctx) const override;
};
