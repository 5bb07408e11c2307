#pragma once
#include "Item.h"
#include "SqliteDatabase.h"

#include <memory>
#include <string>

class Workspace;

// The only way importers write to a workspace: one source (file) per transaction, so a file
// that fails half-way leaves nothing behind. Holds prepared statements for the hot path.
class WorkspaceWriter
{
public:
    explicit WorkspaceWriter(Workspace &workspace);
    ~WorkspaceWriter(); // rolls back an unfinished source

    struct SourceInfo
    {
        std::string path; // relative to the import root, or the file name
        std::string format;
        int64_t size = 0;
        std::string sha256;
    };

    // The sha256 of the source already stored under this path, or "" if none.
    std::string existingSha256(const std::string &path) const;

    // Opens the transaction for one file. Replaces an earlier import of the same path.
    int64_t beginSource(const SourceInfo &info);
    int64_t addItem(const Item &item);
    int64_t addMedia(int64_t itemId, const Media &media);
    void addKey(int64_t itemId, const ItemKey &key);
    // The file's times are offsets from baseNs (0 or the file's mtime) until correlation
    // anchors them (see sources.relative_times).
    void setRelativeTimes(int64_t baseNs);
    // Damage that did not stop the import (a bad line skipped), kept with the source.
    void addWarning(const std::string &message);
    void commitSource();
    void rollbackSource();
    bool inSource() const { return m_tx != nullptr; }
    int64_t itemCount() const { return m_itemCount; }

private:
    SqliteDatabase &m_db;
    std::unique_ptr<SqliteTransaction> m_tx;
    SqliteStatement m_insertItem;
    SqliteStatement m_insertKey;
    SqliteStatement m_insertFts;
    int64_t m_sourceId = 0;
    int64_t m_itemCount = 0;
    std::string m_warnings;
    int m_warningCount = 0;
};
