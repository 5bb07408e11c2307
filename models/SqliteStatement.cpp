#include "SqliteStatement.h"

#include "SqliteError.h"

#include <sqlite3.h>

SqliteStatement::SqliteStatement(sqlite3 *db, std::string_view sql)
    : m_db(db)
{
    const int rc
        = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
    if (rc != SQLITE_OK)
        throw SqliteError(std::string("SQL prepare failed: ") + sqlite3_errmsg(db) + " in: " + std::string(sql), rc);
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_stmt);
}

SqliteStatement::SqliteStatement(SqliteStatement &&other) noexcept
    : m_db(other.m_db)
    , m_stmt(other.m_stmt)
{
    other.m_stmt = nullptr;
}

SqliteStatement &SqliteStatement::operator=(SqliteStatement &&other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_db = other.m_db;
        m_stmt = other.m_stmt;
        other.m_stmt = nullptr;
    }
    return *this;
}

void SqliteStatement::fail(int rc) const
{
    const char *sql = m_stmt ? sqlite3_sql(m_stmt) : "";
    throw SqliteError(std::string("SQL error: ") + sqlite3_errmsg(m_db) + " in: " + (sql ? sql : ""), rc);
}

SqliteStatement &SqliteStatement::bind(int index, int64_t value)
{
    if (const int rc = sqlite3_bind_int64(m_stmt, index, value); rc != SQLITE_OK)
        fail(rc);
    return *this;
}

SqliteStatement &SqliteStatement::bind(int index, double value)
{
    if (const int rc = sqlite3_bind_double(m_stmt, index, value); rc != SQLITE_OK)
        fail(rc);
    return *this;
}

namespace {

// SQLite binds NULL for a null pointer whatever the length: a default std::string_view would
// otherwise turn into NULL, while the same empty text from a std::string is ''.
const char *textData(std::string_view text)
{
    return text.data() ? text.data() : "";
}

} // namespace

SqliteStatement &SqliteStatement::bind(int index, std::string_view text)
{
    if (const int rc = sqlite3_bind_text64(m_stmt, index, textData(text), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
        rc != SQLITE_OK)
        fail(rc);
    return *this;
}

SqliteStatement &SqliteStatement::bindView(int index, std::string_view text)
{
    if (const int rc = sqlite3_bind_text64(m_stmt, index, textData(text), text.size(), SQLITE_STATIC, SQLITE_UTF8);
        rc != SQLITE_OK)
        fail(rc);
    return *this;
}

SqliteStatement &SqliteStatement::bindBlob(int index, const void *data, int64_t size)
{
    // SQLite reads a negative size as "up to the first NUL", past the end of binary data.
    if (size < 0)
        throw SqliteError("SQL error: negative blob size " + std::to_string(size) + " for parameter "
                + std::to_string(index) + " in: " + (m_stmt ? sqlite3_sql(m_stmt) : ""),
            SQLITE_MISUSE);
    if (const int rc = sqlite3_bind_blob64(m_stmt, index, data, static_cast<sqlite3_uint64>(size), SQLITE_TRANSIENT);
        rc != SQLITE_OK)
        fail(rc);
    return *this;
}

SqliteStatement &SqliteStatement::bindNull(int index)
{
    if (const int rc = sqlite3_bind_null(m_stmt, index); rc != SQLITE_OK)
        fail(rc);
    return *this;
}

SqliteStatement &SqliteStatement::bindOptional(int index, std::string_view text)
{
    return text.empty() ? bindNull(index) : bind(index, text);
}

SqliteStatement &SqliteStatement::bindOptionalView(int index, std::string_view text)
{
    return text.empty() ? bindNull(index) : bindView(index, text);
}

bool SqliteStatement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    sqlite3_reset(m_stmt);
    fail(rc);
}

void SqliteStatement::exec()
{
    while (step()) { }
    reset();
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool SqliteStatement::isNull(int col) const
{
    return sqlite3_column_type(m_stmt, col) == SQLITE_NULL;
}

int64_t SqliteStatement::int64(int col) const
{
    return sqlite3_column_int64(m_stmt, col);
}

double SqliteStatement::real(int col) const
{
    return sqlite3_column_double(m_stmt, col);
}

std::string SqliteStatement::text(int col) const
{
    return std::string(textView(col));
}

std::string_view SqliteStatement::textView(int col) const
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, col));
    if (!p)
        return {};
    return std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, col)));
}

std::string_view SqliteStatement::blob(int col) const
{
    const auto *p = static_cast<const char *>(sqlite3_column_blob(m_stmt, col));
    if (!p)
        return {};
    return std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, col)));
}

int SqliteStatement::columnCount() const
{
    return sqlite3_column_count(m_stmt);
}
