#pragma once
#include <stdexcept>
#include <string>

// A file that cannot be imported. `where` locates the damage ("line 5", "record 3",
// "byte 1048576"); the runner prefixes the file name, so the message reads
// "chat.jsonl: line 5: unterminated string".
class ImportError : public std::runtime_error
{
public:
    ImportError(std::string where, const std::string &what)
        : std::runtime_error(what)
        , m_where(std::move(where))
    {
    }
    const std::string &where() const { return m_where; }
    std::string describe() const { return m_where.empty() ? what() : m_where + ": " + what(); }

private:
    std::string m_where;
};

// Thrown when the user cancels; the runner rolls the file back like any failure.
class ImportCancelled : public std::runtime_error
{
public:
    ImportCancelled()
        : std::runtime_error("cancelled")
    {
    }
};
