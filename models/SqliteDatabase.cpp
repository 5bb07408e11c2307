#include "SqliteDatabase.h"

#include "SqliteError.h"
#include "TextCut.h"

#include <sqlite3.h>

#include <mutex>

namespace {

// Process-wide settings; they must be made before SQLite initializes, i.e. before the first open.
// - Allocation statistics off: SQLite keeps them behind a global mutex taken on every malloc;
//   nothing here reads them, and on the import path the locking cost 5 % of the writing thread.
// - Statement journals in memory up to 1 MB (the default spills past 64 KB to a temp file). A
//   multi-row INSERT inside an import's transaction journals the pages it changes (the last
//   leaf of the table and of each index, 16 KB each), so the default wrote 600 MB of temp file
//   per 100 k spans, three times the workspace itself: copied into the page cache, then written
//   back by the kernel on the same two cores.
void configureSqliteOnce()
{
    static std::once_flag once;
    std::call_once(once, [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 1 << 20);
    });
}

} // namespace

SqliteDatabase::SqliteDatabase(const std::string &path, OpenMode mode)
{
    configureSqliteOnce();
    int flags = SQLITE_OPEN_NOMUTEX;
    switch (mode) {
    case OpenMode::ReadOnly:
        flags |= SQLITE_OPEN_READONLY;
        break;
    case OpenMode::ReadWrite:
        flags |= SQLITE_OPEN_READWRITE;
        break;
    case OpenMode::Create:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    }
    const int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close(m_db);
        m_db = nullptr;
        throw SqliteError("cannot open " + path + ": " + message, rc);
    }
    sqlite3_extended_result_codes(m_db, 1);
    // A workspace may come from anyone: refuse to let its schema run functions with side effects
    // and forbid writes that could corrupt the file format itself.
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
    sqlite3_busy_timeout(m_db, 2000);
}

SqliteDatabase::~SqliteDatabase()
{
    close();
}

SqliteDatabase::SqliteDatabase(SqliteDatabase &&other) noexcept
    : m_db(other.m_db)
{
    other.m_db = nullptr;
}

SqliteDatabase &SqliteDatabase::operator=(SqliteDatabase &&other) noexcept
{
    if (this != &other) {
        close();
        m_db = other.m_db;
        other.m_db = nullptr;
    }
    return *this;
}

void SqliteDatabase::close()
{
    if (m_db) {
        // close_v2 defers the close until the last statement is finalized instead of failing.
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
}

void SqliteDatabase::exec(std::string_view sql)
{
    char *err = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string message = err ? err : sqlite3_errmsg(m_db);
        sqlite3_free(err);
        throw SqliteError("SQL error: " + message + " in: " + text.substr(0, TextCut::utf8Length(text, 200)), rc);
    }
}

SqliteStatement SqliteDatabase::prepare(std::string_view sql) const
{
    return SqliteStatement(m_db, sql);
}

int64_t SqliteDatabase::queryInt(std::string_view sql, int64_t fallback) const
{
    SqliteStatement st(m_db, sql);
    return st.step() && !st.isNull(0) ? st.int64(0) : fallback;
}

std::string SqliteDatabase::queryText(std::string_view sql) const
{
    SqliteStatement st(m_db, sql);
    return st.step() ? st.text(0) : std::string();
}

int64_t SqliteDatabase::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int SqliteDatabase::changes() const
{
    return sqlite3_changes(m_db);
}

bool SqliteDatabase::inTransaction() const
{
    return m_db && sqlite3_get_autocommit(m_db) == 0;
}

SqliteTransaction::SqliteTransaction(SqliteDatabase &db, bool immediate)
    : m_db(db)
{
    m_db.exec(immediate ? "BEGIN IMMEDIATE" : "BEGIN");
    m_open = true;
}

SqliteTransaction::~SqliteTransaction()
{
    if (m_open) {
        try {
            rollback();
        } catch (...) {
            // A failed rollback means SQLite already rolled back (e.g. after a disk-full error).
        }
    }
}

void SqliteTransaction::commit()
{
    m_db.exec("COMMIT");
    m_open = false;
}

void SqliteTransaction::rollback()
{
    m_open = false;
    if (m_db.inTransaction())
        m_db.exec("ROLLBACK");
}
