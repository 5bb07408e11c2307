#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

// Texts waiting for the search index, offered to SQL as a table-valued function (columns id,
// text; named by tableName()) on one connection, so that a chunk of items is indexed by one
// `INSERT INTO items_fts … SELECT id, text FROM <tableName()>` straight from memory.
//
// Why not from the items table: one statement per chunk is what keeps FTS5's segments large
// (it writes its pending terms out at every statement savepoint), and reading a chunk back
// out of the items table re-reads ~1.4 KB rows, most of them out of SQLite's page cache once
// a chunk is large.
class SearchFeed
{
public:
    // Items per search-index insert from a feed. FTS5 writes its pending terms out as a new
    // segment whenever a later statement opens a savepoint (its own inserts do, and so does
    // every insert while foreign keys are on), so indexing each batch made segments of 256
    // documents that FTS5 then kept merging; bigger chunks mean fewer, larger segments. 32 768
    // items with an 8 MB FTS5 hash counted no fewer instructions than 8192 (callgrind, 100 k
    // spans, through a feed).
    static constexpr size_t ChunkItems = 8192;

    // Registers the function on `db` under a name of this feed's own, so that two feeds on
    // one connection can never read each other's texts.
    explicit SearchFeed(sqlite3 *db);
    ~SearchFeed(); // unregisters it
    const std::string &tableName() const { return m_name; }
    SearchFeed(const SearchFeed &) = delete;
    SearchFeed &operator=(const SearchFeed &) = delete;

    // What the index holds for an item: its name and text, space-separated (either may be
    // empty). Deleting from the index needs exactly these words, so every path builds them here.
    static void appendSearchText(std::string &out, std::string_view name, std::string_view text);
    // Adds an item's search text; nothing when both are empty.
    void add(int64_t id, std::string_view name, std::string_view text);
    void clear();
    bool empty() const { return m_ids.empty(); }
    size_t size() const { return m_ids.size(); }
    size_t bytes() const { return m_text.size(); }

    // For the virtual table's cursor.
    int64_t id(size_t i) const { return m_ids[i]; }
    std::string_view text(size_t i) const
    {
        const size_t end = i + 1 < m_starts.size() ? m_starts[i + 1] : m_text.size();
        return std::string_view(m_text).substr(m_starts[i], end - m_starts[i]);
    }

private:
    sqlite3 *m_db;
    std::string m_name;
    std::vector<int64_t> m_ids;
    std::vector<size_t> m_starts; // where each text starts in m_text
    std::string m_text; // the texts back to back
};
