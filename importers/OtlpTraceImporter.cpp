#include "OtlpTraceImporter.h"

#include "ImportContext.h"
#include "ImportError.h"

// Placeholder until the format lands: never claims a file.
int OtlpTraceImporter::sniff(const SniffInput &) const
{
    return 0;
}

void OtlpTraceImporter::run(ImportContext &) const
{
    throw ImportError("", "the otlp-traces importer is not implemented yet");
}
