#pragma once
#include "Importer.h"

// JSON documents of records with no schema of their own: a top-level array of flat-ish
// objects (SendGrid event webhook bodies, a user directory, an account log), an object that
// wraps one such array ({"data": […]}), or one webhook object (Mailgun, Postmark). Each
// record becomes an item through RecordMapper, ref record:<n>.
class JsonRecordsImporter : public Importer
{
public:
    const char *format() const override { return "json-records"; }
    const char *description() const override { return "JSON arrays of event records (email webhooks, any records)"; }
    int sniff(const SniffInput &in) const override;
    void run(ImportContext &ctx) const override;
};
