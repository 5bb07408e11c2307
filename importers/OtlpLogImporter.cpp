#include "OtlpLogImporter.h"

#include "ImportContext.h"
#include "ImportError.h"

// Placeholder until the format lands: never claims a file.
int OtlpLogImporter::sniff(const SniffInput &) const
{
    return 0;
}

void OtlpLogImporter::run(ImportContext &) const
{
    throw ImportError("", "the otlp-logs importer is not implemented yet");
}
