#include "ImportRunner.h"

#include "ImportContext.h"
#include "ImportError.h"
#include "ImportInput.h"
#include "ImporterRegistry.h"
#include "SqliteError.h"
#include "TaskThread.h"
#include "Workspace.h"
#include "WorkspaceError.h"
#include "WorkspaceWriter.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QStorageInfo>

#include <algorithm>
#include <future>
#include <new>
#include <system_error>

#include <openssl/evp.h>
#include <sqlite3.h>
#include <sys/resource.h>

namespace {

// Why a write to the workspace failed, when the reason is space: SQLite reports a full disk as
// SQLITE_FULL but a write refused by the file size limit (ulimit -f, EFBIG) only as "disk I/O
// error", and its saved errno is gone by the time the error reaches us. Empty otherwise.
QString outOfSpace(const Workspace &ws, int sqliteCode)
{
    if (sqliteCode != SQLITE_FULL && (sqliteCode & 0xff) != SQLITE_IOERR)
        return QString();
    rlimit limit {};
    if (getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        const qint64 cap = qint64(limit.rlim_cur);
        for (const QString &f : {ws.path(), ws.path() + QStringLiteral("-wal")})
            if (QFileInfo(f).size() + (1 << 20) >= cap)
                return QStringLiteral("%1 reached the file size limit of %2 bytes (ulimit -f)").arg(f).arg(cap);
    }
    const QStorageInfo disk(QFileInfo(ws.path()).absolutePath());
    if (sqliteCode == SQLITE_FULL || (disk.isValid() && disk.bytesAvailable() < (1 << 20)))
        return QStringLiteral("the disk holding %1 is full").arg(ws.path());
    return QString();
}

struct Planned
{
    QString absolute;
    QString source;
    qint64 size = 0;
};

// OpenSSL's SHA-256 uses the CPU's SHA extensions; QCryptographicHash's portable code took
// longer than parsing the file (measured: 84 instructions per byte).
QString sha256Of(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1) {
        EVP_MD_CTX_free(ctx);
        return {};
    }
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    for (;;) {
        const qint64 n = f.read(buffer.data(), buffer.size());
        if (n <= 0)
            break;
        EVP_DigestUpdate(ctx, buffer.constData(), size_t(n));
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(ctx, digest, &length);
    EVP_MD_CTX_free(ctx);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex());
}

std::vector<Planned> plan(const QStringList &paths)
{
    std::vector<Planned> files;
    for (const QString &p : paths) {
        const QFileInfo info(p);
        if (info.isDir()) {
            const QDir root(info.absoluteFilePath());
            std::vector<Planned> inFolder;
            QDirIterator it(root.absolutePath(), QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString abs = it.next();
                const QFileInfo fi(abs);
                // Workspaces and their lock files are ours, not evidence.
                if (fi.suffix() == QLatin1String("threadline")
                    || fi.fileName().endsWith(QLatin1String(".threadline.lock"))
                    || fi.fileName().endsWith(QLatin1String(".threadline-wal"))
                    || fi.fileName().endsWith(QLatin1String(".threadline-shm")))
                    continue;
                inFolder.push_back({abs, root.relativeFilePath(abs), fi.size()});
            }
            std::sort(inFolder.begin(), inFolder.end(),
                [](const Planned &a, const Planned &b) { return a.source < b.source; });
            files.insert(files.end(), inFolder.begin(), inFolder.end());
        } else {
            files.push_back({info.absoluteFilePath(), info.fileName(), info.exists() ? info.size() : 0});
        }
    }
    return files;
}

} // namespace

ImportRunner::ImportRunner(Workspace &workspace)
    : m_workspace(workspace)
{
}

const char *ImportRunner::statusName(FileResult::Status status)
{
    switch (status) {
    case FileResult::Status::Imported:
        return "imported";
    case FileResult::Status::Unchanged:
        return "unchanged";
    case FileResult::Status::Skipped:
        return "skipped";
    case FileResult::Status::Failed:
        return "failed";
    case FileResult::Status::Cancelled:
        return "cancelled";
    }
    return "?";
}

std::vector<ImportRunner::FileResult> ImportRunner::run(const QStringList &paths, const Options &options)
{
    const std::vector<Planned> files = plan(paths);
    qint64 total = 0;
    for (const Planned &f : files)
        total += f.size;

    WorkspaceWriter writer(m_workspace);
    const ImporterRegistry &registry = ImporterRegistry::instance();
    std::vector<FileResult> results;
    qint64 doneBefore = 0;
    bool cancelled = false;

    for (size_t i = 0; i < files.size(); ++i) {
        const Planned &file = files[i];
        FileResult r;
        r.absolutePath = file.absolute;
        r.source = file.source;
        if (cancelled || (options.cancel && options.cancel->load())) {
            cancelled = true;
            r.status = FileResult::Status::Cancelled;
            r.message = file.source + QStringLiteral(": not imported (cancelled)");
            results.push_back(r);
            continue;
        }
        Progress progress {file.source, int(i), int(files.size()), doneBefore, total};
        if (options.progress)
            options.progress(progress);

        const std::string absolute = file.absolute.toStdString();
        const Importer *importer = nullptr;
        if (!options.format.isEmpty()) {
            importer = registry.byFormat(options.format.toStdString());
            if (!importer) {
                r.status = FileResult::Status::Failed;
                r.message = QStringLiteral("unknown format \"%1\" (see threadline import --list-formats)")
                                .arg(options.format);
                results.push_back(r);
                continue;
            }
        } else {
            if (!QFileInfo(file.absolute).isReadable()) {
                r.status = FileResult::Status::Failed;
                r.message = file.source + QStringLiteral(": cannot be read");
                results.push_back(r);
                continue;
            }
            const std::string head = ImportInput::head(absolute, 64 * 1024);
            importer = registry.detect(SniffInput {head, file.source.toStdString()});
            if (!importer) {
                r.status = FileResult::Status::Skipped;
                r.message = file.source + QStringLiteral(": skipped, not a format Threadline reads");
                results.push_back(r);
                doneBefore += file.size;
                continue;
            }
        }
        r.format = QString::fromLatin1(importer->format());

        // The hash is only needed first when a stored import of this path could make this one
        // a no-op. Otherwise (a first import, or --force) it is taken after the parse, on the
        // core the parser frees, while the writer builds indexes: a 1 GB file's separate pass
        // used to delay the parse by a second.
        const std::string stored = options.force ? std::string() : writer.existingSha256(file.source.toStdString());
        const QString sha = stored.empty() ? QString() : sha256Of(file.absolute);
        if (!stored.empty() && stored == sha.toStdString()) {
            r.status = FileResult::Status::Unchanged;
            r.message = file.source + QStringLiteral(": unchanged since the last import (use --force to re-import)");
            results.push_back(r);
            doneBefore += file.size;
            continue;
        }

        // Bytes of this file done; `finishing` once all are read (see Progress).
        auto report = [&](int64_t done, bool finishing) {
            Progress p = progress;
            p.bytesDone = doneBefore + done;
            p.finishing = finishing;
            options.progress(p);
        };
        try {
            ImportInput input(absolute);
            input.setCancelFlag(options.cancel);
            if (options.progress)
                input.setProgress([&](int64_t done, int64_t) { report(done, false); });
            writer.beginSource({file.source.toStdString(), importer->format(), file.size, sha.toStdString()});
            ImportContext ctx(input, writer, file.source.toStdString(), absolute);
            importer->run(ctx);
            r.items = writer.itemCount();
            if (options.progress)
                report(file.size, true);
            if (sha.isEmpty()) {
                std::future<QString> late;
                try {
                    late = std::async(std::launch::async, [path = file.absolute] {
                        TaskThread::nameCurrentThread("tl-sha256");
                        return sha256Of(path);
                    });
                } catch (const std::system_error &) {
                    // No thread to be had: hash when the commit asks.
                    late = std::async(std::launch::deferred, sha256Of, file.absolute);
                }
                writer.commitSource([&late] { return late.get().toStdString(); });
            } else {
                writer.commitSource();
            }
            r.status = FileResult::Status::Imported;
            // Warnings were stored with the source; read them back for the caller.
            auto st = m_workspace.db().prepare("SELECT warnings FROM sources WHERE path = ?");
            st.bind(1, file.source.toStdString());
            if (st.step() && !st.isNull(0))
                for (const QString &w : QString::fromStdString(st.text(0)).split(QLatin1Char('\n')))
                    r.warnings << file.source + QStringLiteral(": ") + w;
        } catch (const ImportCancelled &) {
            writer.rollbackSource();
            cancelled = true;
            r.status = FileResult::Status::Cancelled;
            r.message = file.source + QStringLiteral(": cancelled; nothing of it was kept");
        } catch (const ImportError &e) {
            writer.rollbackSource();
            r.status = FileResult::Status::Failed;
            r.message = file.source + QStringLiteral(": ") + QString::fromStdString(e.describe());
        } catch (const SqliteError &e) {
            writer.rollbackSource();
            r.status = FileResult::Status::Failed;
            const QString full = outOfSpace(m_workspace, e.code());
            if (!full.isEmpty())
                r.message = file.source + QStringLiteral(": not imported, nothing of it was kept: ") + full;
            else
                r.message = file.source + QStringLiteral(": could not be written to the workspace: ")
                    + QString::fromStdString(e.what());
        } catch (const std::bad_alloc &) {
            writer.rollbackSource();
            r.status = FileResult::Status::Failed;
            r.message = file.source + QStringLiteral(": too large to import in memory");
        } catch (const std::exception &e) {
            // A parser bug must cost one file, not the session.
            writer.rollbackSource();
            r.status = FileResult::Status::Failed;
            r.message = file.source + QStringLiteral(": unexpected content: ") + QString::fromStdString(e.what());
        }
        doneBefore += file.size;
        results.push_back(r);
    }
    if (options.progress)
        options.progress(Progress {QString(), int(files.size()), int(files.size()), total, total});
    return results;
}
