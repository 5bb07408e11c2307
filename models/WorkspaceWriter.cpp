#include "WorkspaceWriter.h"

#include "SqliteError.h"
#include "TaskThread.h"
#include "Workspace.h"
#include "WorkspaceError.h"

#include <QDateTime>

#include <utility>

namespace {

// Items per task handed to the writing thread: large enough that the hand-off costs nothing
// per item, small enough that memory stays flat (the queue holds a few batches).
constexpr size_t BatchSize = 256;

// A batch also ends at this much text, so that the queue below stays bounded in memory when
// items are large (a span carrying a whole conversation): at most QueuedBatches x BatchBytes.
constexpr size_t BatchBytes = size_t(1) << 20;

// Batches the parsing side may run ahead of the writing thread. Every FtsChunk items the
// writer spends tens of milliseconds indexing; with room for only four batches the parser
// stalled there each time. 64 batches of typical spans are ~30 MB; of large items, ~64 MB.
constexpr size_t QueuedBatches = 64;

// Items per search-index insert (see SearchFeed::ChunkItems).
constexpr int64_t FtsChunk = int64_t(SearchFeed::ChunkItems);

// Below this a file's indexes are kept up to date row by row (cheap while they fit in cache)
// and it is written through the WAL. THREADLINE_BULK_MIN_BYTES lowers it, so tests can take
// the bulk path with small files.
int64_t bulkMinBytes()
{
    static const int64_t value = [] {
        const QByteArray env = qgetenv("THREADLINE_BULK_MIN_BYTES");
        bool ok = false;
        const qint64 v = env.toLongLong(&ok);
        return ok && v >= 0 ? int64_t(v) : int64_t(32) << 20;
    }();
    return value;
}

// The text the search index holds for an item (see SearchFeed::appendSearchText).
std::string searchText(std::string_view name, std::string_view text)
{
    std::string s;
    SearchFeed::appendSearchText(s, name, text);
    return s;
}

// OR FAIL: a statement that fails keeps the rows before the failing one instead of undoing
// itself, so SQLite needs no statement journal for it, unless immediate foreign keys can
// abort it (see beginSource). Nothing relies on the difference: any failed insert throws and
// the whole source is rolled back. Bulk path, writing thread: -5 % instructions.
constexpr const char *ItemInsert
    = "INSERT OR FAIL INTO items(source_id, ref, kind, name, actor, start_ns, end_ns, status, status_message, "
      "trace_id, span_id, parent_span_id, parent_remote, model_requested, model_served, prompt_name, "
      "prompt_version, input_tokens, output_tokens, text, attrs, detail, id) VALUES";
constexpr int ItemColumns = 23;
constexpr const char *KeyInsert = "INSERT OR FAIL INTO item_keys(item_id, kind, value, field) VALUES";
constexpr int KeyColumns = 4;

// Rows per INSERT on the import path. While foreign keys are on, each statement costs SQLite
// a savepoint in the search index and a statement journal of the pages it changes (the keys
// make a multi-row insert able to abort half-way), whatever it writes; 128 rows a statement
// spread that cost. Against 32: 400 MB instead of 800 MB written per 100 k spans with
// file-backed statement journals (SqliteDatabase keeps them in memory now, where it is a
// memcpy halved). A bulk first import has neither (see beginSource and ItemInsert).
constexpr int RowsPerInsert = 128;

std::string insertStatement(const char *head, int columns, int rows)
{
    std::string row = "(?";
    for (int c = 1; c < columns; ++c)
        row += ",?";
    row += ')';
    std::string sql = head;
    for (int r = 0; r < rows; ++r)
        sql.append(r ? "," : "").append(row);
    return sql;
}

} // namespace

WorkspaceWriter::WorkspaceWriter(Workspace &workspace)
    : m_db(workspace.db())
    , m_feed(m_db.handle())
{
    if (workspace.isReadOnly())
        throw WorkspaceError(
            QStringLiteral("%1 is open read-only; nothing can be imported into it").arg(workspace.path()));
    m_insertItem = m_db.prepare(insertStatement(ItemInsert, ItemColumns, 1));
    m_insertItems = m_db.prepare(insertStatement(ItemInsert, ItemColumns, RowsPerInsert));
    m_insertKey = m_db.prepare(insertStatement(KeyInsert, KeyColumns, 1));
    m_insertKeys = m_db.prepare(insertStatement(KeyInsert, KeyColumns, RowsPerInsert));
    // The search index is filled FtsChunk items at a time, on the writing thread, by one
    // INSERT … SELECT from the texts SearchFeed holds (one statement per chunk: see FtsChunk).
    m_insertFts = m_db.prepare("INSERT INTO items_fts(rowid, text) SELECT id, text FROM " + m_feed.tableName());
    importSettings();
}

void WorkspaceWriter::importSettings()
{
    // A bigger page cache (64 MB) keeps the items/item_keys index pages of a large import in
    // memory; no sorter threads (see commitSource).
    m_db.exec("PRAGMA cache_size = -65536");
    m_db.exec("PRAGMA threads = 0");
}

WorkspaceWriter::~WorkspaceWriter()
{
    if (m_tx)
        rollbackSource();
}

std::string WorkspaceWriter::existingSha256(const std::string &path)
{
    flush();
    auto st = m_db.prepare("SELECT sha256 FROM sources WHERE path = ?");
    st.bind(1, path);
    return st.step() ? st.text(0) : std::string();
}

int64_t WorkspaceWriter::beginSource(const SourceInfo &info)
{
    if (m_tx)
        throw WorkspaceError(QStringLiteral("internal error: a source is already being imported"));
    flush();
    // A large file into a workspace smaller than itself (~1 KB per span or record; the first
    // import of a big trace) is written under a rollback journal: its new pages go to the file
    // once, where the WAL would hold them and copy them again at the checkpoint, syncing both
    // (1 M spans: 32-38 s -> 26-29 s). A kill leaves a hot journal that the next read-write open
    // rolls back. SQLite refuses the switch while another connection reads; then it stays WAL.
    const bool bulk
        = info.size >= bulkMinBytes() && info.size / 1024 >= m_db.queryInt("SELECT coalesce(max(id), 0) FROM items");
    m_rollbackJournal = false;
    if (bulk) {
        try {
            m_rollbackJournal = m_db.queryText("PRAGMA journal_mode = DELETE") == "delete";
        } catch (const SqliteError &) {
        }
    }
    // A bulk source imported for the first time writes only rows that refer to the source row
    // and the items it adds itself, so the foreign-key lookups (one per item, one per key into
    // the items table) can prove nothing: they were 9 % of the writing thread (callgrind,
    // 30 k spans). A re-import keeps them on, for the cascade that deletes the old rows. The
    // pragma is a no-op inside a transaction, hence here; commit and rollback turn it back on.
    m_foreignKeysOff = false;
    if (bulk) {
        auto known = m_db.prepare("SELECT 1 FROM sources WHERE path = ?");
        known.bind(1, info.path);
        if (!known.step()) {
            m_db.exec("PRAGMA foreign_keys = OFF");
            m_foreignKeysOff = true;
        }
    }
    try {
        m_tx = std::make_unique<SqliteTransaction>(m_db);
    } catch (...) {
        restoreConnection();
        throw;
    }
    // Re-importing a changed file replaces its rows; annotations are keyed by (source path, ref)
    // and so survive.
    {
        auto old = m_db.prepare(
            "SELECT i.id, i.name, i.text FROM items i JOIN sources s ON s.id = i.source_id WHERE s.path = ?");
        old.bind(1, info.path);
        auto unindex = m_db.prepare("INSERT INTO items_fts(items_fts, rowid, text) VALUES('delete', ?, ?)");
        while (old.step()) {
            const std::string indexed = searchText(old.textView(1), old.textView(2));
            if (!indexed.empty()) {
                unindex.bind(1, old.int64(0)).bind(2, indexed);
                unindex.exec();
            }
        }
    }
    auto del = m_db.prepare("DELETE FROM sources WHERE path = ?");
    del.bind(1, info.path);
    del.exec();
    auto st = m_db.prepare("INSERT INTO sources(path, format, size, sha256, imported_at) VALUES(?,?,?,?,?)");
    st.bind(1, info.path)
        .bind(2, info.format)
        .bind(3, info.size)
        .bind(4, info.sha256)
        .bind(5, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toStdString());
    st.exec();
    m_sourceId = m_db.lastInsertRowId();
    // The id SQLite would pick for the next row (max + 1): this writer is the only one in the
    // transaction, so ids can be handed out before the rows are written.
    m_nextItemId = m_db.queryInt("SELECT coalesce(max(id), 0) + 1 FROM items");
    m_ftsNextId = m_nextItemId;
    m_itemCount = 0;
    // Bulk: the two random-keyed indexes (trace ids, key values) are built once at commit, by
    // sorting, instead of row by row once they outgrow the page cache. Dropped inside the
    // transaction, so an import that fails or is killed leaves them exactly as they were.
    // items_start and item_keys_item stay live: their keys mostly arrive in order (times, new
    // ids), so each insert lands on the last page, and building them at commit was a second
    // and a half on one core while the other idled (1 M spans, three pairs: 15.3-16.1 s
    // against 17.1-18.8 s).
    m_deferredIndexes.clear();
    m_bulk = bulk;
    if (bulk) {
        // FTS5 merges segments four at a time by default, so each indexed token was rewritten
        // about log4(segments) times over a bulk source; sixteen at a time halves that (1 M
        // spans: 5.5 -> 4.0 CPU s for the search index; queries measured no slower). Restored at
        // commit; inside the transaction, so a rollback restores it too.
        m_db.exec("INSERT INTO items_fts(items_fts, rank) VALUES('automerge', 16)");
        auto list = m_db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN "
                                 "('items_trace', 'item_keys_value')");
        while (list.step())
            m_deferredIndexes.emplace_back(list.text(0), list.text(1));
        for (const auto &index : m_deferredIndexes)
            m_db.exec("DROP INDEX " + index.first);
    }
    m_warnings.clear();
    m_warningCount = 0;
    return m_sourceId;
}

int64_t WorkspaceWriter::addItem(const Item &item)
{
    return queue(Item(item));
}

int64_t WorkspaceWriter::addItem(Item &&item)
{
    return queue(std::move(item));
}

int64_t WorkspaceWriter::queue(Item &&item)
{
    if (!m_tx)
        throw WorkspaceError(QStringLiteral("internal error: an item was added outside a source"));
    const int64_t id = m_nextItemId++;
    m_batchBytes += item.attrsJson.size() + item.detailJson.size() + item.text.size();
    m_batch.push_back(std::move(item));
    ++m_itemCount;
    if (m_batch.size() >= BatchSize || m_batchBytes >= BatchBytes) {
        dispatchBatch(true);
        m_batch.reserve(BatchSize);
    }
    return id;
}

void WorkspaceWriter::dispatchBatch(bool startThread)
{
    // The batch holds the last ids handed out.
    const int64_t firstId = m_nextItemId - int64_t(m_batch.size());
    std::vector<Item> items = std::exchange(m_batch, std::vector<Item>());
    m_batchBytes = 0;
    if (startThread && !m_thread)
        m_thread = std::make_unique<TaskThread>(QueuedBatches, "tl-writer");
    if (m_thread)
        m_thread->post([this, firstId, items = std::move(items)] { writeBatch(firstId, items); });
    else
        writeBatch(firstId, items); // a small source never fills a batch: no thread for it
}

void WorkspaceWriter::flush()
{
    if (!m_batch.empty())
        dispatchBatch(false);
    if (m_thread)
        m_thread->wait();
    indexPending(m_nextItemId - 1);
}

void WorkspaceWriter::bindItem(SqliteStatement &st, int row, const Item &item, int64_t id)
{
    // Text is bound without a copy: the batch outlives each exec().
    const int b = row * ItemColumns;
    st.bind(b + 1, m_sourceId)
        .bindView(b + 2, item.ref)
        .bindView(b + 3, itemKindName(item.kind))
        .bindOptionalView(b + 4, item.name)
        .bindOptionalView(b + 5, item.actor)
        .bind(b + 6, item.startNs)
        .bind(b + 7, item.endNs)
        .bind(b + 8, item.status)
        .bindOptionalView(b + 9, item.statusMessage)
        .bindOptionalView(b + 10, item.traceId)
        .bindOptionalView(b + 11, item.spanId)
        .bindOptionalView(b + 12, item.parentSpanId)
        .bind(b + 13, item.parentRemote ? 1 : 0)
        .bindOptionalView(b + 14, item.modelRequested)
        .bindOptionalView(b + 15, item.modelServed)
        .bindOptionalView(b + 16, item.promptName)
        .bindOptionalView(b + 17, item.promptVersion);
    if (item.inputTokens >= 0)
        st.bind(b + 18, item.inputTokens);
    else
        st.bindNull(b + 18);
    if (item.outputTokens >= 0)
        st.bind(b + 19, item.outputTokens);
    else
        st.bindNull(b + 19);
    st.bindOptionalView(b + 20, item.text)
        .bindOptionalView(b + 21, item.attrsJson)
        .bindOptionalView(b + 22, item.detailJson);
    // The id queue() handed out; a clash would fail the insert rather than misfile keys.
    st.bind(b + 23, id);
}

void WorkspaceWriter::bindKey(SqliteStatement &st, int row, int64_t itemId, const ItemKey &key)
{
    const int b = row * KeyColumns;
    st.bind(b + 1, itemId).bindView(b + 2, key.kind).bindView(b + 3, key.value).bindOptionalView(b + 4, key.field);
}

void WorkspaceWriter::writeBatch(int64_t firstId, const std::vector<Item> &items)
{
    const size_t n = items.size();
    size_t i = 0;
    for (; i + RowsPerInsert <= n; i += RowsPerInsert) {
        for (int r = 0; r < RowsPerInsert; ++r)
            bindItem(m_insertItems, r, items[i + size_t(r)], firstId + int64_t(i) + r);
        m_insertItems.exec();
    }
    for (; i < n; ++i) {
        bindItem(m_insertItem, 0, items[i], firstId + int64_t(i));
        m_insertItem.exec();
    }

    // Keys in item order, as one row each would have written them; the last partial group
    // goes one row at a time.
    std::pair<int64_t, const ItemKey *> group[RowsPerInsert];
    int grouped = 0;
    for (size_t k = 0; k < n; ++k) {
        for (const ItemKey &key : items[k].keys) {
            if (key.value.empty())
                continue;
            group[grouped++] = {firstId + int64_t(k), &key};
            if (grouped == RowsPerInsert) {
                for (int r = 0; r < RowsPerInsert; ++r)
                    bindKey(m_insertKeys, r, group[r].first, *group[r].second);
                m_insertKeys.exec();
                grouped = 0;
            }
        }
    }
    for (int r = 0; r < grouped; ++r)
        insertKey(group[r].first, *group[r].second);
    for (size_t k = 0; k < n; ++k)
        m_feed.add(firstId + int64_t(k), items[k].name, items[k].text);
    const int64_t lastId = firstId + int64_t(n) - 1;
    if (lastId + 1 - m_ftsNextId >= FtsChunk)
        indexPending(lastId);
}

void WorkspaceWriter::indexPending(int64_t lastId)
{
    if (lastId < m_ftsNextId)
        return;
    if (!m_feed.empty())
        m_insertFts.exec();
    m_feed.clear();
    m_ftsNextId = lastId + 1;
}

void WorkspaceWriter::addKey(int64_t itemId, const ItemKey &key)
{
    flush();
    insertKey(itemId, key);
}

void WorkspaceWriter::insertKey(int64_t itemId, const ItemKey &key)
{
    if (key.value.empty())
        return;
    bindKey(m_insertKey, 0, itemId, key);
    m_insertKey.exec();
}

int64_t WorkspaceWriter::addMedia(int64_t itemId, const Media &media)
{
    flush();
    auto st = m_db.prepare("INSERT INTO media(item_id, mime, file_name, duration_ns, sample_rate, channels, width, "
                           "height, peaks, data) VALUES(?,?,?,?,?,?,?,?,?,?)");
    st.bind(1, itemId)
        .bind(2, media.mime)
        .bindOptional(3, media.fileName)
        .bind(4, media.durationNs)
        .bind(5, media.sampleRate)
        .bind(6, media.channels)
        .bind(7, media.width)
        .bind(8, media.height);
    if (media.peaks.empty())
        st.bindNull(9);
    else
        st.bindBlob(9, media.peaks.data(), int64_t(media.peaks.size() * sizeof(float)));
    if (media.data.empty())
        st.bindNull(10);
    else
        st.bindBlob(10, media.data.data(), int64_t(media.data.size()));
    st.exec();
    return m_db.lastInsertRowId();
}

void WorkspaceWriter::setRelativeTimes(int64_t baseNs)
{
    flush();
    auto st = m_db.prepare("UPDATE sources SET relative_times = 1, time_base_ns = ? WHERE id = ?");
    st.bind(1, baseNs).bind(2, m_sourceId);
    st.exec();
}

void WorkspaceWriter::addWarning(const std::string &message)
{
    // Keep the first hundred: a file with a million bad lines must not grow the workspace.
    if (++m_warningCount <= 100) {
        if (!m_warnings.empty())
            m_warnings += '\n';
        m_warnings += message;
    }
}

void WorkspaceWriter::commitSource(const std::function<std::string()> &lateSha256)
{
    flush();
    std::string warnings = m_warnings;
    if (m_warningCount > 100)
        warnings += "\n… and " + std::to_string(m_warningCount - 100) + " more";
    auto st = m_db.prepare("UPDATE sources SET item_count = ?, warnings = ? WHERE id = ?");
    st.bind(1, m_itemCount).bindOptional(2, warnings).bind(3, m_sourceId);
    st.exec();
    if (m_bulk)
        m_db.exec("INSERT INTO items_fts(items_fts, rank) VALUES('automerge', 4)");
    if (!m_deferredIndexes.empty()) {
        // Each is a sort. SQLite sorts in runs of cache_size and hands runs to worker threads
        // while it reads on: 4 MB runs fit the CPU's cache, and the other core, idle since the
        // parser finished, sorts half of them (1 M spans, the two indexes: 1.8-2.0 s against
        // 3.3-3.8 s with 64 MB and no workers; 128 or 256 MB measured no better than 64).
        m_db.exec("PRAGMA threads = 2");
        m_db.exec("PRAGMA cache_size = -4096");
    }
    // The schema's own statements, so the file compares equal to what the migrations create.
    for (const auto &index : m_deferredIndexes)
        m_db.exec(index.second);
    if (!m_deferredIndexes.empty())
        importSettings();
    m_deferredIndexes.clear();
    if (lateSha256) {
        auto sha = m_db.prepare("UPDATE sources SET sha256 = ? WHERE id = ?");
        sha.bind(1, lateSha256()).bind(2, m_sourceId);
        sha.exec();
    }
    m_bulk = false;
    m_tx->commit();
    m_tx.reset();
    restoreConnection();
}

void WorkspaceWriter::restoreConnection()
{
    if (m_foreignKeysOff) {
        m_foreignKeysOff = false;
        m_db.exec("PRAGMA foreign_keys = ON");
    }
    if (!m_rollbackJournal)
        return;
    m_rollbackJournal = false;
    try {
        m_db.exec("PRAGMA journal_mode = WAL");
    } catch (const SqliteError &) {
        // Another connection opened the file meanwhile: it stays in rollback mode until the
        // next open, which sets WAL again. Nothing is lost either way.
    }
}

void WorkspaceWriter::rollbackSource()
{
    // What is queued belongs to the source being dropped.
    m_batch.clear();
    m_batchBytes = 0;
    if (m_thread)
        m_thread->discard();
    m_feed.clear();
    if (!m_deferredIndexes.empty()) {
        try {
            importSettings(); // an index build that failed left its sort's settings
        } catch (const SqliteError &) {
        }
    }
    m_deferredIndexes.clear(); // the rollback restores them
    m_bulk = false;
    if (m_tx) {
        m_tx->rollback();
        m_tx.reset();
    }
    restoreConnection();
}
