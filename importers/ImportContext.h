#pragma once
#include "Item.h"

#include <string>

class ImportInput;
class WorkspaceWriter;

// Everything an importer needs for one file: the bytes, where to write, and how to report.
class ImportContext
{
public:
    ImportContext(ImportInput &input, WorkspaceWriter &writer, std::string sourcePath, std::string absolutePath);

    ImportInput &input() { return m_input; }
    WorkspaceWriter &writer() { return m_writer; }
    // Relative to the folder imported (or the file name): the `source` of analyze --json.
    const std::string &sourcePath() const { return m_sourcePath; }
    const std::string &absolutePath() const { return m_absolutePath; }
    // The file's name without folders, for ids inside names (rec_<callid>.wav).
    std::string fileName() const;

    int64_t addItem(const Item &item);
    int64_t addItem(Item &&item);
    // Recoverable damage: the record is skipped, the rest imports, the warning is kept.
    void warn(const std::string &where, const std::string &what);
    int warningCount() const { return m_warnings; }
    [[noreturn]] void fail(const std::string &where, const std::string &what) const;

private:
    ImportInput &m_input;
    WorkspaceWriter &m_writer;
    std::string m_sourcePath;
    std::string m_absolutePath;
    int m_warnings = 0;
};
