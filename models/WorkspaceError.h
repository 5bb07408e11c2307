#pragma once
#include <QString>
#include <stdexcept>

// A user-facing failure to open, create or write a workspace. The message names the file
// and says what is wrong in words a support engineer can act on.
class WorkspaceError : public std::runtime_error
{
public:
    explicit WorkspaceError(const QString &message)
        : std::runtime_error(message.toStdString())
        , m_message(message)
    {
    }
    const QString &message() const { return m_message; }

private:
    QString m_message;
};
