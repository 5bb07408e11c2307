#pragma once
#include "SqliteDatabase.h"

#include <QString>
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
