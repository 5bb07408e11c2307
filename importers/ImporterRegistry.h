#pragma once
#include "Importer.h"

#include <memory>
#include <string>
#include <vector>

// Every format Threadline reads, and content-based detection across them.
class ImporterRegistry
{
public:
    static const ImporterRegistry &instance();

    // The importer whose sniff() scores highest (ties: registration order), or nullptr.
    const Importer *detect(const SniffInput &in) const;
    const Importer *byFormat(const std::string &format) const;
    std::vector<const Importer *> importers() const;

private:
    ImporterRegistry();
    std::vector<std::unique_ptr<Importer>> m_importers;
};
