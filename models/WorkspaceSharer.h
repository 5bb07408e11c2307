#pragma once
#include <QString>
#include <QStringList>

#include <functional>
#include <string>

class SqliteDatabase;
class Workspace;

// "Save for sharing": one self-contained file (no WAL, media already embedded, no path of the
// sender's disk anywhere in it, a summary of what is inside in meta), optionally redacted.
// Works on a copy: the open workspace is only read.
class WorkspaceSharer
{
public:
    struct Options
    {
        bool redact = false;
        QStringList patterns; // the user's extra regular expressions (with redact)
        bool overwrite = false;
    };

    struct Result
    {
        QString summaryJson; // also stored as meta share_summary
        QString redactionReport; // human-readable, empty without redact
        QString redactionJson; // also stored as meta redaction_report
        int pathsReduced = 0; // values in which an absolute path was cut to a file name
        qint64 bytes = 0;
    };

    // Throws WorkspaceError (or std::invalid_argument for a bad pattern). The copy is written
    // beside `outPath` and renamed into place only when complete.
    static Result share(Workspace &workspace, const QString &outPath, const Options &options);

    // Applies `fn` to every TEXT column of every workspace table (FTS shadow tables excluded)
    // and updates the changed values; then rebuilds the search index from the result.
    // Returns how many values changed.
    static int rewriteText(SqliteDatabase &db, const std::function<std::string(const std::string &)> &fn);

    // Cuts absolute paths (Unix, Windows, file://) inside `text` down to their file names.
    // `extraRoots` are directories known to be local (the workspace's folder, home, temp).
    static QString reducePaths(const QString &text, const QStringList &extraRoots = {});
};
