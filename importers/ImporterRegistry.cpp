#include "ImporterRegistry.h"

#include "AgentsSdkImporter.h"
#include "JaegerImporter.h"
#include "JsonLinesLogImporter.h"
#include "JsonRecordsImporter.h"
#include "LangSmithImporter.h"
#include "LangfuseImporter.h"
#include "LogfmtImporter.h"
#include "MediaImporter.h"
#include "OtelSdkSpanImporter.h"
#include "OtlpLogImporter.h"
#include "OtlpTraceImporter.h"
#include "TranscriptImporter.h"
#include "ZipkinImporter.h"

ImporterRegistry::ImporterRegistry()
{
    // Specific formats first: on equal scores the earlier one wins, and the generic line
    // and record importers are the fallbacks.
    m_importers.push_back(std::make_unique<OtlpTraceImporter>());
    m_importers.push_back(std::make_unique<OtlpLogImporter>());
    m_importers.push_back(std::make_unique<JaegerImporter>());
    m_importers.push_back(std::make_unique<ZipkinImporter>());
    m_importers.push_back(std::make_unique<OtelSdkSpanImporter>());
    m_importers.push_back(std::make_unique<AgentsSdkImporter>());
    m_importers.push_back(std::make_unique<LangfuseImporter>());
    m_importers.push_back(std::make_unique<LangSmithImporter>());
    m_importers.push_back(std::make_unique<JsonLinesLogImporter>());
    m_importers.push_back(std::make_unique<LogfmtImporter>());
    m_importers.push_back(std::make_unique<JsonRecordsImporter>());
    m_importers.push_back(std::make_unique<TranscriptImporter>());
    m_importers.push_back(std::make_unique<MediaImporter>());
}

const ImporterRegistry &ImporterRegistry::instance()
{
    static const ImporterRegistry registry;
    return registry;
}

const Importer *ImporterRegistry::detect(const SniffInput &in) const
{
    const Importer *best = nullptr;
    int bestScore = 0;
    for (const auto &imp : m_importers) {
        // A sniffer that throws on odd bytes has said "not mine": the file may still be another's.
        int score = 0;
        try {
            score = imp->sniff(in);
        } catch (const std::exception &) {
        }
        if (score > bestScore) {
            bestScore = score;
            best = imp.get();
        }
    }
    return best;
}

const Importer *ImporterRegistry::byFormat(const std::string &format) const
{
    for (const auto &imp : m_importers)
        if (format == imp->format())
            return imp.get();
    return nullptr;
}

std::vector<const Importer *> ImporterRegistry::importers() const
{
    std::vector<const Importer *> list;
    for (const auto &imp : m_importers)
        list.push_back(imp.get());
    return list;
}
