#include "JsonLinesLogImporter.h"

#include "ImportContext.h"
#include "ImportError.h"

// Placeholder until the format lands: never claims a file.
int JsonLinesLogImporter::sniff(const SniffInput &) const
{
    return 0;
}

void JsonLinesLogImporter::run(ImportContext &) const
{
    throw ImportError("", "the jsonl-log importer is not implemented yet");
}
