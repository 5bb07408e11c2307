#include "JsonRecordsImporter.h"

#include "ImportContext.h"
#include "ImportError.h"

// Placeholder until the format lands: never claims a file.
int JsonRecordsImporter::sniff(const SniffInput &) const
{
    return 0;
}

void JsonRecordsImporter::run(ImportContext &) const
{
    throw ImportError("", "the json-records importer is not implemented yet");
}
