// libFuzzer target for opening a workspace file from a stranger: the bytes become a
// .threadline file that is opened read-only and queried the way the views do. Refusal
// (WorkspaceError) is the expected outcome for nearly every input; crashes are bugs.
#include "SqliteError.h"
#include "Workspace.h"
#include "WorkspaceError.h"

#include <QFile>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static QTemporaryDir *dir = new QTemporaryDir;
    const QString path = dir->filePath(QStringLiteral("in.threadline"));
    QFile::remove(path + QStringLiteral("-wal"));
    QFile::remove(path + QStringLiteral("-shm"));
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            std::abort();
        f.write(reinterpret_cast<const char *>(data), qint64(size));
    }
    try {
        auto ws = Workspace::open(path, Workspace::Access::ReadOnly);
        auto st = ws->db().prepare("SELECT id, ref, kind, name, start_ns, text, attrs, detail FROM items LIMIT 50");
        while (st.step()) {
        }
        ws->db().queryInt("SELECT count(*) FROM item_keys");
        ws->db().queryInt("SELECT count(*) FROM conversations");
    } catch (const WorkspaceError &) {
    } catch (const SqliteError &) {
    }
    return 0;
}
