#pragma once
#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

// A prepared statement: binds without QVariant boxing so the import hot path stays cheap.
// Owns the sqlite3_stmt; never outlives the SqliteDatabase that prepared it.
class SqliteStatement
{
public:
    SqliteStatement() = default;
    SqliteStatement(sqlite3 *db, std::string_view sql);
    ~SqliteStatement();
    SqliteStatement(SqliteStatement &&other) noexcept;
    SqliteStatement &operator=(SqliteStatement &&other) noexcept;
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    // Bind indexes are 1-based, as in SQLite.
    SqliteStatement &bind(int index, int64_t value);
    SqliteStatement &bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
    SqliteStatement &bind(int index, double value);
    SqliteStatement &bind(int index, std::string_view text); // copied (SQLITE_TRANSIENT)
    SqliteStatement &bind(int index, const char *text) { return bind(index, std::string_view(text)); }
    SqliteStatement &bind(int index, const std::string &text) { return bind(index, std::string_view(text)); }
    SqliteStatement &bindBlob(int index, const void *data, int64_t size);
    SqliteStatement &bindNull(int index);
    // Binds NULL for an empty string: optional text columns stay NULL in the file.
    SqliteStatement &bindOptional(int index, std::string_view text);
    // Not copied (SQLITE_STATIC): the caller keeps the text alive until exec() or reset().
    // For the import hot path, where the copy was a tenth of the writing thread.
    SqliteStatement &bindView(int index, std::string_view text);
    SqliteStatement &bindOptionalView(int index, std::string_view text);

    // Returns true while a row is available; false when done. Throws SqliteError.
    bool step();
    // Runs to completion (for INSERT/UPDATE) and resets for reuse.
    void exec();
    void reset();

    bool isNull(int col) const;
    int64_t int64(int col) const;
    int integer(int col) const { return static_cast<int>(int64(col)); }
    double real(int col) const;
    std::string text(int col) const;
    std::string_view textView(int col) const;
    std::string_view blob(int col) const;
    int columnCount() const;

    sqlite3_stmt *handle() const { return m_stmt; }

private:
    [[noreturn]] void fail(int rc) const;
    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
};
