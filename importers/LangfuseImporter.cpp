#include "LangfuseImporter.h"

#include "ImportContext.h"
#include "ImportError.h"

// Placeholder until the format lands: never claims a file.
int LangfuseImporter::sniff(const SniffInput &) const
{
    return 0;
}

void LangfuseImporter::run(ImportContext &) const
{
    throw ImportError("", "the langfuse importer is not implemented yet");
}
