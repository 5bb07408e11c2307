#include "TranscriptImporter.h"

#include "ImportContext.h"
#include "ImportError.h"

// Placeholder until the format lands: never claims a file.
int TranscriptImporter::sniff(const SniffInput &) const
{
    return 0;
}

void TranscriptImporter::run(ImportContext &) const
{
    throw ImportError("", "the transcript importer is not implemented yet");
}
