#pragma once
#include <string>
#include <vector>

class SqliteDatabase;

// The one place the workspace's tables are defined. Each migration moves a file from
// user_version N-1 to N; never edit a released migration, append a new one.
namespace WorkspaceSchema {

// 'THLN': PRAGMA application_id, at byte offset 68 of the file, so file(1) and
// shared-mime-info can recognise a renamed workspace.
constexpr int ApplicationId = 0x54484C4E;

struct Migration
{
    int version;
    const char *summary;
    const char *sql;
};

const std::vector<Migration> &migrations();
int currentVersion();

// Names of every table, index and trigger the current schema creates; anything else in a
// file is a reason to refuse it (a stranger's trigger or view named like ours).
std::vector<std::string> expectedObjects();

// Runs every migration above the file's user_version inside one transaction.
void migrate(SqliteDatabase &db);

} // namespace WorkspaceSchema
