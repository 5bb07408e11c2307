#include "SearchFeed.h"

#include <sqlite3.h>

#include <atomic>

namespace {

std::atomic<int> feedsMade {0};

struct Cursor
{
    sqlite3_vtab_cursor base;
    size_t row = 0;
};

struct Table
{
    sqlite3_vtab base;
    const SearchFeed *feed;
};

int feedConnect(sqlite3 *db, void *aux, int, const char *const *, sqlite3_vtab **out, char **)
{
    const int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(id INTEGER, text TEXT)");
    if (rc != SQLITE_OK)
        return rc;
    auto *table = new Table {};
    table->feed = static_cast<const SearchFeed *>(aux);
    *out = &table->base;
    // Only for statements the writer prepares itself, never from a schema or a view.
    sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
    return SQLITE_OK;
}

int feedDisconnect(sqlite3_vtab *vtab)
{
    delete reinterpret_cast<Table *>(vtab);
    return SQLITE_OK;
}

int feedBestIndex(sqlite3_vtab *, sqlite3_index_info *info)
{
    info->estimatedCost = 1000;
    info->estimatedRows = 1000;
    return SQLITE_OK;
}

int feedOpen(sqlite3_vtab *, sqlite3_vtab_cursor **out)
{
    *out = &(new Cursor {})->base;
    return SQLITE_OK;
}

int feedClose(sqlite3_vtab_cursor *cursor)
{
    delete reinterpret_cast<Cursor *>(cursor);
    return SQLITE_OK;
}

const SearchFeed &feedOf(sqlite3_vtab_cursor *cursor)
{
    return *reinterpret_cast<Table *>(cursor->pVtab)->feed;
}

int feedFilter(sqlite3_vtab_cursor *cursor, int, const char *, int, sqlite3_value **)
{
    reinterpret_cast<Cursor *>(cursor)->row = 0;
    return SQLITE_OK;
}

int feedNext(sqlite3_vtab_cursor *cursor)
{
    ++reinterpret_cast<Cursor *>(cursor)->row;
    return SQLITE_OK;
}

int feedEof(sqlite3_vtab_cursor *cursor)
{
    return reinterpret_cast<Cursor *>(cursor)->row >= feedOf(cursor).size();
}

int feedColumn(sqlite3_vtab_cursor *cursor, sqlite3_context *ctx, int column)
{
    const size_t row = reinterpret_cast<Cursor *>(cursor)->row;
    const SearchFeed &feed = feedOf(cursor);
    if (column == 0) {
        sqlite3_result_int64(ctx, feed.id(row));
    } else {
        // The feed outlives the statement that reads it: no copy.
        const std::string_view text = feed.text(row);
        sqlite3_result_text64(ctx, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
    }
    return SQLITE_OK;
}

int feedRowid(sqlite3_vtab_cursor *cursor, sqlite_int64 *rowid)
{
    *rowid = sqlite_int64(reinterpret_cast<Cursor *>(cursor)->row);
    return SQLITE_OK;
}

sqlite3_module makeModule()
{
    sqlite3_module m {};
    // xCreate left null: an eponymous-only table, used by name and never created in a schema.
    m.xConnect = feedConnect;
    m.xBestIndex = feedBestIndex;
    m.xDisconnect = feedDisconnect;
    m.xOpen = feedOpen;
    m.xClose = feedClose;
    m.xFilter = feedFilter;
    m.xNext = feedNext;
    m.xEof = feedEof;
    m.xColumn = feedColumn;
    m.xRowid = feedRowid;
    return m;
}

const sqlite3_module FeedModule = makeModule();

} // namespace

SearchFeed::SearchFeed(sqlite3 *db)
    : m_db(db)
    , m_name("tl_search_feed_" + std::to_string(++feedsMade))
{
    sqlite3_create_module_v2(m_db, m_name.c_str(), &FeedModule, this, nullptr);
}

SearchFeed::~SearchFeed()
{
    sqlite3_create_module_v2(m_db, m_name.c_str(), nullptr, nullptr, nullptr);
}

void SearchFeed::appendSearchText(std::string &out, std::string_view name, std::string_view text)
{
    out.append(name);
    if (!name.empty() && !text.empty())
        out += ' ';
    out.append(text);
}

void SearchFeed::add(int64_t id, std::string_view name, std::string_view text)
{
    if (name.empty() && text.empty())
        return;
    m_ids.push_back(id);
    m_starts.push_back(m_text.size());
    appendSearchText(m_text, name, text);
}

void SearchFeed::clear()
{
    m_ids.clear();
    m_starts.clear();
    m_text.clear();
}
