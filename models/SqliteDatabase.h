#pragma once
#include "SqliteStatement.h"

#include <string>
#include <string_view>

struct sqlite3;

// RAII owner of one sqlite3 connection. Hardened for files from strangers: defensive mode,
// untrusted schema, no extension loading.
class SqliteDatabase
{
public:
    enum class OpenMode { ReadOnly, ReadWrite, Create };

    SqliteDatabase() = default;
    SqliteDatabase(const std::string &path, OpenMode mode);
    ~SqliteDatabase();
    SqliteDatabase(const SqliteDatabase &) = delete;
    SqliteDatabase &operator=(const SqliteDatabase &) = delete;
    SqliteDatabase(SqliteDatabase &&other) noexcept;
    SqliteDatabase &operator=(SqliteDatabase &&other) noexcept;

    bool isOpen() const { return m_db != nullptr; }
    void close();

    void exec(std::string_view sql);
    SqliteStatement prepare(std::string_view sql) const;
    // For one-value queries such as PRAGMA user_version; returns fallback when no row.
    int64_t queryInt(std::string_view sql, int64_t fallback = 0) const;
    std::string queryText(std::string_view sql) const;
    int64_t lastInsertRowId() const;
    int changes() const;
    bool inTransaction() const;

    sqlite3 *handle() const { return m_db; }

private:
    sqlite3 *m_db = nullptr;
};

// Commits on commit(); rolls back if destroyed without it, so an exception leaves no half-written rows.
class SqliteTransaction
{
public:
    explicit SqliteTransaction(SqliteDatabase &db, bool immediate = true);
    ~SqliteTransaction();
    SqliteTransaction(const SqliteTransaction &) = delete;
    SqliteTransaction &operator=(const SqliteTransaction &) = delete;
    void commit();
    void rollback();

private:
    SqliteDatabase &m_db;
    bool m_open = false;
};
