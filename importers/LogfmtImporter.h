#pragma once
#include "Importer.h"

// logfmt key=value logs.
class LogfmtImporter : public Importer
{
public:
    const char *format() const override { return "logfmt"; }
    const char *description() const override { return "logfmt key=value logs"; }
    int sniff(const SniffInput &in) const override;
    void run(ImportContext &ctx) const override;
};
