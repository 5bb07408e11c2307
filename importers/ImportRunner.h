#pragma once
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <vector>

class Workspace;

// Imports files and folders into a workspace, one transaction per file: a bad file is
// reported and rolled back while the others go on; a cancel rolls back the file in flight.
class ImportRunner
{
public:
    struct Progress
    {
        QString file; // source path being imported
        int fileIndex = 0; // 0-based
        int fileCount = 0;
        qint64 bytesDone = 0; // over all files
        qint64 bytesTotal = 0;
        // The file is read; its last items and indexes are being written and committed (a few
        // seconds for a 1 GB file). Cancelling no longer stops this file.
        bool finishing = false;
    };

    struct Options
    {
        bool force = false; // re-import files whose sha256 is unchanged
        QString format; // empty: detect by content
        std::function<void(const Progress &)> progress;
        const std::atomic_bool *cancel = nullptr;
    };

    struct FileResult
    {
        enum class Status { Imported, Unchanged, Skipped, Failed, Cancelled };
        QString absolutePath;
        QString source; // relative path stored in the workspace
        QString format;
        Status status = Status::Skipped;
        qint64 items = 0;
        QString message; // why it failed or was skipped: "file: line 5: …"
        QStringList warnings; // damage that was skipped over
    };

    explicit ImportRunner(Workspace &workspace);

    // Files are imported under their file name; folders recursively, under their path
    // relative to the folder.
    std::vector<FileResult> run(const QStringList &paths, const Options &options);

    static const char *statusName(FileResult::Status status);

private:
    Workspace &m_workspace;
};
