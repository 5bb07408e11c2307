#include "JaegerImporter.h"

#include "ImportContext.h"
#include "ImportError.h"

// Placeholder until the format lands: never claims a file.
int JaegerImporter::sniff(const SniffInput &) const
{
    return 0;
}

void JaegerImporter::run(ImportContext &) const
{
    throw ImportError("", "the jaeger importer is not implemented yet");
}
