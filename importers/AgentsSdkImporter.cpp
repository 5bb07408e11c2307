#include "AgentsSdkImporter.h"

#include "ImportContext.h"
#include "ImportError.h"

// Placeholder until the format lands: never claims a file.
int AgentsSdkImporter::sniff(const SniffInput &) const
{
    return 0;
}

void AgentsSdkImporter::run(ImportContext &) const
{
    throw ImportError("", "the openai-agents importer is not implemented yet");
}
