#pragma once
#include "Importer.h"

// JSON arrays of event records (email webhooks and the like).
class JsonRecordsImporter : public Importer
{
public:
    const char *format() const override { return "json-records"; }
    const char *description() const override { return "JSON arrays of event records (email webhooks and the like)"; }
    int sniff(const SniffInput &in) const override;
    void run(ImportContext &ctx) const override;
};
