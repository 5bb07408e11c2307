#include "LogfmtImporter.h"

#include "ImportContext.h"
#include "ImportError.h"

// Placeholder until the format lands: never claims a file.
int LogfmtImporter::sniff(const SniffInput &) const
{
    return 0;
}

void LogfmtImporter::run(ImportContext &) const
{
    throw ImportError("", "the logfmt importer is not implemented yet");
}
