#include "MediaImporter.h"

#include "ImportContext.h"
#include "ImportError.h"

// Placeholder until the format lands: never claims a file.
int MediaImporter::sniff(const SniffInput &) const
{
    return 0;
}

void MediaImporter::run(ImportContext &) const
{
    throw ImportError("", "the media importer is not implemented yet");
}
