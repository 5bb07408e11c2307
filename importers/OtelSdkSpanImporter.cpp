#include "OtelSdkSpanImporter.h"

#include "ImportContext.h"
#include "ImportError.h"

// Placeholder until the format lands: never claims a file.
int OtelSdkSpanImporter::sniff(const SniffInput &) const
{
    return 0;
}

void OtelSdkSpanImporter::run(ImportContext &) const
{
    throw ImportError("", "the otel-sdk-spans importer is not implemented yet");
}
