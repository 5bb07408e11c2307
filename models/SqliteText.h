#pragma once
// A SQLite column's text as a QString, for the Qt-facing readers of the workspace.
#include "SqliteStatement.h"

#include <QString>

inline QString columnText(const SqliteStatement &st, int col)
{
    const std::string_view v = st.textView(col);
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}
