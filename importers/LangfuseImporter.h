#pragma once
#include "Importer.h"

// Langfuse trace, session and observation downloads.
class LangfuseImporter : public Importer
{
public:
    const char *format() const override { return "langfuse"; }
    const char *description() const override { return "Langfuse trace, session and observation downloads"; }
    int sniff(const SniffInput &in) const override;
    void run(ImportContext &ctx) const override;
};
