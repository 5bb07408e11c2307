#pragma once
#include "Item.h"
#include "SearchFeed.h"
#include "SqliteDatabase.h"

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

class TaskThread;
class Workspace;

// The only way importers write to a workspace: one source (file) per transaction, so a file
// that fails half-way leaves nothing behind. Items are written in batches on a thread of the
// writer's own, beside the importer's parsing; ids are assigned up front, so addItem() returns
// at once. Every other call first waits for the queued items, and rethrows a write's error.
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
    std::string existingSha256(const std::string &path);

    // Opens the transaction for one file. Replaces an earlier import of the same path.
    int64_t beginSource(const SourceInfo &info);
    int64_t addItem(const Item &item);
    int64_t addItem(Item &&item);
    int64_t addMedia(int64_t itemId, const Media &media);
    void addKey(int64_t itemId, const ItemKey &key);
    // The file's times are offsets from baseNs (0 or the file's mtime) until correlation
    // anchors them (see sources.relative_times).
    void setRelativeTimes(int64_t baseNs);
    // Damage that did not stop the import (a bad line skipped), kept with the source.
    void addWarning(const std::string &message);
    // `lateSha256`, when given, is called after the items are written and before the commit,
    // while this thread builds the deferred indexes; its result replaces SourceInfo::sha256.
    // It lets a first import hash the file on the core the parser has just freed.
    void commitSource(const std::function<std::string()> &lateSha256 = {});
    void rollbackSource();
    bool inSource() const { return m_tx != nullptr; }
    int64_t itemCount() const { return m_itemCount; }

private:
    int64_t queue(Item &&item);
    void writeBatch(int64_t firstId, const std::vector<Item> &items);
    void insertKey(int64_t itemId, const ItemKey &key);
    // Bind one row of a (possibly many-row) INSERT; `row` counts from 0.
    void bindItem(SqliteStatement &st, int row, const Item &item, int64_t id);
    static void bindKey(SqliteStatement &st, int row, int64_t itemId, const ItemKey &key);
    // Adds the items written since the last call, up to lastId, to the search index.
    void indexPending(int64_t lastId);
    // Hands the current batch to the writing thread (started when `startThread`), or writes it
    // here when there is no thread.
    void dispatchBatch(bool startThread);
    // Hands the current batch on and waits until everything queued is written.
    void flush();
    // The connection's page cache and sorter threads for writing items.
    void importSettings();
    // Back to WAL and foreign keys on after a source that took the bulk path.
    void restoreConnection();

    SqliteDatabase &m_db;
    // Before the statements: the one that reads it is finalized first.
    SearchFeed m_feed; // written items not yet in the search index
    std::unique_ptr<SqliteTransaction> m_tx;
    SqliteStatement m_insertItem;
    SqliteStatement m_insertItems; // RowsPerInsert rows at once
    SqliteStatement m_insertKey;
    SqliteStatement m_insertKeys;
    SqliteStatement m_insertFts;
    int64_t m_sourceId = 0;
    int64_t m_itemCount = 0;
    int64_t m_nextItemId = 1;
    int64_t m_ftsNextId = 1; // first written item not yet in the search index
    bool m_rollbackJournal = false;
    bool m_bulk = false; // the source being written takes the bulk path (see beginSource)
    bool m_foreignKeysOff = false; // switched off for a bulk source's first import
    std::string m_warnings;
    int m_warningCount = 0;
    std::vector<Item> m_batch;
    size_t m_batchBytes = 0; // text in m_batch
    std::vector<std::pair<std::string, std::string>> m_deferredIndexes; // name, CREATE statement
    // Declared last: destroyed (joined) before the statements and the transaction it uses.
    std::unique_ptr<TaskThread> m_thread;
};
