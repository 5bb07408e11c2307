#pragma once
#include "Importer.h"

// Jaeger JSON (API export or a bare trace object).
class JaegerImporter : public Importer
{
public:
    const char *format() const override { return "jaeger"; }
    const char *description() const override { return "Jaeger JSON (API export or a bare trace object)"; }
    int sniff(const SniffInput &in) const override;
    void run(ImportContext &ctx) const override;
};
