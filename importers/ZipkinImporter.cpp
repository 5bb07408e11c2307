#include "ZipkinImporter.h"

#include "ImportContext.h"
#include "ImportError.h"

// Placeholder until the format lands: never claims a file.
int ZipkinImporter::sniff(const SniffInput &) const
{
    return 0;
}

void ZipkinImporter::run(ImportContext &) const
{
    throw ImportError("", "the zipkin importer is not implemented yet");
}
