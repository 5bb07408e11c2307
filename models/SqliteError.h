#pragma once
#include <stdexcept>
#include <string>

// Thrown by the SQLite wrapper; the message already names the failing statement.
class SqliteError : public std::runtime_error
{
public:
    SqliteError(const std::string &message, int code)
        : std::runtime_error(message)
        , m_code(code)
    {
    }
    int code() const { return m_code; }

private:
    int m_code = 0;
};
