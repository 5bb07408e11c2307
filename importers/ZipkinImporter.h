#pragma once
#include "Importer.h"

// Zipkin v2 JSON span arrays.
class ZipkinImporter : public Importer
{
public:
    const char *format() const override { return "zipkin"; }
    const char *description() const override { return "Zipkin v2 JSON span arrays"; }
    int sniff(const SniffInput &in) const override;
    void run(ImportContext &ctx) const override;
};
