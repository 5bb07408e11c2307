#include "LangSmithImporter.h"

#include "ImportContext.h"
#include "ImportError.h"

// Placeholder until the format lands: never claims a file.
int LangSmithImporter::sniff(const SniffInput &) const
{
    return 0;
}

void LangSmithImporter::run(ImportContext &) const
{
    throw ImportError("", "the langsmith importer is not implemented yet");
}
