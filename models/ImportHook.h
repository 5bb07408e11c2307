#pragma once
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <vector>

class Workspace;

// How the GUI imports without knowing importers/: app/ fills an ImportFunction with the
// ImportRunner, the GUI runs it off its thread and shows progress and per-file results.
struct ImportFileReport
{
    QString path;
    QString status; // imported, unchanged, skipped, failed, cancelled
    qint64 items = 0;
    QString message;
    QStringList warnings;
};

struct ImportProgress
{
    QString file;
    int fileIndex = 0;
    int fileCount = 0;
    qint64 bytesDone = 0;
    qint64 bytesTotal = 0;
    bool finishing = false; // see ImportRunner::Progress
};

using ImportFunction = std::function<std::vector<ImportFileReport>(Workspace &workspace, const QStringList &paths,
    const std::function<void(const ImportProgress &)> &progress, const std::atomic_bool *cancel)>;
