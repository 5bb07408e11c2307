#pragma once
#include "SqliteDatabase.h"

#include <QString>
#include <QStringList>
#include <memory>

class QLockFile;

// One open .threadline file. Validates before it touches anything: a file that is not SQLite,
// not ours, from a newer schema, or carrying objects we did not create is refused unchanged.
// Only one process writes at a time (a lock file beside the workspace); others read.
class Workspace
{
public:
    enum class Access {
        ReadWrite, // refuse if another process holds the workspace
        ReadOnly, // never writes, never migrates
        ReadWriteOrReadOnly // the GUI: fall back to read-only with a reason
    };

    ~Workspace();
    Workspace(const Workspace &) = delete;
    Workspace &operator=(const Workspace &) = delete;

    // The page size of workspaces created from now on (older files keep theirs).
    static constexpr int PageSize = 16384;

    // Throws WorkspaceError. create() refuses to overwrite an existing file.
    static std::unique_ptr<Workspace> create(const QString &path);
    static std::unique_ptr<Workspace> open(const QString &path, Access access);
    // The CLI's import: creates the file when it does not exist yet.
    static std::unique_ptr<Workspace> openOrCreate(const QString &path);

    const QString &path() const { return m_path; }
    bool isReadOnly() const { return m_readOnly; }
    // Why a ReadWriteOrReadOnly open ended read-only; empty otherwise.
    const QString &readOnlyReason() const { return m_readOnlyReason; }
    int schemaVersion() const;
    SqliteDatabase &db() { return m_db; }
    const SqliteDatabase &db() const { return m_db; }

    QString meta(const QString &key) const;
    void setMeta(const QString &key, const QString &value);

    // Ends WAL mode so the file on disk is complete on its own (for sharing or copying).
    void checkpoint();

    // A file from someone else: read-only (never migrated, never written), schema checked,
    // then `PRAGMA integrity_check` (quick_check above integrityCheckBytes), and no single value
    // larger than maxValueBytes is ever loaded (SQLITE_LIMIT_LENGTH: reading it fails instead).
    struct Limits
    {
        int64_t maxValueBytes = 512LL * 1024 * 1024;
        int64_t integrityCheckBytes = 1024LL * 1024 * 1024;
    };
    static std::unique_ptr<Workspace> openUntrusted(const QString &path, const Limits &limits);
    static std::unique_ptr<Workspace> openUntrusted(const QString &path) { return openUntrusted(path, Limits()); }

    // Problems `PRAGMA integrity_check` (or quick_check) reports; empty when the file is sound.
    QStringList integrityProblems(bool quick = false, int maxProblems = 20) const;
    // Caps the size of any string or blob this connection will read or create.
    void setMaxValueBytes(int64_t bytes);

    // Reads the header of a file without opening it through SQLite. Returns an empty string
    // when the file could be a workspace of a supported version, else the reason it is not.
    static QString checkHeader(const QString &path);

private:
    Workspace() = default;
    void openConnection(bool readOnly);
    void validateObjects();

    QString m_path;
    SqliteDatabase m_db;
    std::unique_ptr<QLockFile> m_lock;
    bool m_readOnly = false;
    QString m_readOnlyReason;
};
