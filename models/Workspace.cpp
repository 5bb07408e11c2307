#include "Workspace.h"

#include "SqliteError.h"
#include "ThreadlineVersion.h"
#include "WorkspaceError.h"
#include "WorkspaceSchema.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>

#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <set>

namespace {

uint32_t bigEndian32(const QByteArray &bytes, int offset)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.constData()) + offset;
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

// Whitespace and identifier quoting differ between SQLite versions' rewrites; the words do not.
std::string normalizedSql(const std::string &sql)
{
    std::string out;
    out.reserve(sql.size());
    bool space = false;
    for (char c : sql) {
        if (c == '"' || c == '\'' || c == '`' || c == '[' || c == ']')
            continue;
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = true;
            continue;
        }
        if (space && !out.empty())
            out += ' ';
        space = false;
        out += c;
    }
    return out;
}

QString lockOwner(QLockFile &lock)
{
    qint64 pid = 0;
    QString host, app;
    if (lock.getLockInfo(&pid, &host, &app))
        return QStringLiteral("process %1 on %2").arg(pid).arg(host);
    return QStringLiteral("another process");
}

// QLockFile creates (and flocks) the lock file before it writes the owner's pid into it, so an
// owner killed in between leaves an empty lock that no pid check can call stale. Its flock
// went with the dead owner: removeStaleLockFile() only succeeds when nobody holds it.
bool takeOverOwnerlessLock(QLockFile &lock)
{
    if (lock.error() != QLockFile::LockFailedError || lock.getLockInfo(nullptr, nullptr, nullptr))
        return false;
    return lock.removeStaleLockFile() && lock.tryLock(0);
}

// A writer killed while it switched journal modes (WAL <-> DELETE, at every open and close)
// leaves a hot rollback journal. A read-only connection may not roll it back
// (SQLITE_READONLY_ROLLBACK), so the lock holder lets a read-write one restore the last commit.
void rollBackHotJournal(const QString &path)
{
    if (!QFileInfo::exists(path + QStringLiteral("-journal")))
        return;
    try {
        SqliteDatabase(path.toStdString(), SqliteDatabase::OpenMode::ReadWrite).queryInt("PRAGMA user_version");
    } catch (const SqliteError &e) {
        throw WorkspaceError(
            QStringLiteral("%1 was left unfinished by a process that stopped and cannot be recovered: %2")
                .arg(path, QString::fromStdString(e.what())));
    }
}

} // namespace

Workspace::~Workspace()
{
    if (m_db.isOpen() && !m_readOnly) {
        try {
            // Leave a single self-contained file behind: DELETE mode folds the WAL back in.
            m_db.exec("PRAGMA journal_mode = DELETE");
        } catch (const SqliteError &) {
            // Another reader still has the file; WAL stays and SQLite recovers it on next open.
        }
    }
    m_db.close();
}

QString Workspace::checkHeader(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return QStringLiteral("%1 does not exist").arg(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("%1 cannot be read: %2").arg(path, file.errorString());
    const QByteArray header = file.read(100);
    if (header.size() < 100 || !header.startsWith(QByteArray("SQLite format 3\0", 16)))
        return QStringLiteral("%1 is not a Threadline workspace (not an SQLite database)").arg(path);
    const uint32_t userVersion = bigEndian32(header, 60);
    const uint32_t applicationId = bigEndian32(header, 68);
    if (applicationId != uint32_t(WorkspaceSchema::ApplicationId))
        return QStringLiteral("%1 is an SQLite database but not a Threadline workspace").arg(path);
    if (userVersion > uint32_t(WorkspaceSchema::currentVersion()))
        return QStringLiteral("%1 was written by a newer Threadline (workspace schema %2; this build reads up to %3)")
            .arg(path)
            .arg(userVersion)
            .arg(WorkspaceSchema::currentVersion());
    return {};
}

void Workspace::openConnection(bool readOnly)
{
    m_readOnly = readOnly;
    try {
        m_db = SqliteDatabase(
            m_path.toStdString(), readOnly ? SqliteDatabase::OpenMode::ReadOnly : SqliteDatabase::OpenMode::ReadWrite);
        if (!readOnly) {
            m_db.exec("PRAGMA journal_mode = WAL");
            m_db.exec("PRAGMA synchronous = NORMAL");
        }
        m_db.exec("PRAGMA foreign_keys = ON");
    } catch (const SqliteError &e) {
        throw WorkspaceError(QStringLiteral("%1 cannot be opened: %2").arg(m_path, QString::fromStdString(e.what())));
    }
}

void Workspace::validateObjects()
{
    try {
        // The reference: what our own migrations create for the file's version, so a table named
        // like ours but defined differently (other columns, another module) is refused too.
        const int version = schemaVersion();
        std::map<std::string, std::pair<std::string, std::string>> expected; // name -> (type, sql)
        {
            SqliteDatabase reference(":memory:", SqliteDatabase::OpenMode::Create);
            for (const WorkspaceSchema::Migration &m : WorkspaceSchema::migrations())
                if (m.version <= version)
                    reference.exec(m.sql);
            auto st = reference.prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_master");
            while (st.step())
                expected[st.text(1)] = {st.text(0), normalizedSql(st.text(2))};
        }
        const auto refuse = [this](const QString &what) {
            throw WorkspaceError(QStringLiteral("%1 is not a valid Threadline workspace: %2").arg(m_path, what));
        };
        std::set<std::string> seen;
        auto st = m_db.prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_master");
        while (st.step()) {
            const std::string type = st.text(0);
            const std::string name = st.text(1);
            const QString qtype = QString::fromStdString(type), qname = QString::fromStdString(name);
            const bool internal = (type == "index" && name.rfind("sqlite_autoindex_", 0) == 0 && st.isNull(2))
                || (type == "table" && (name == "sqlite_sequence" || name.rfind("sqlite_stat", 0) == 0));
            if (internal)
                continue;
            const auto it = expected.find(name);
            if (type == "trigger" || type == "view" || it == expected.end())
                refuse(
                    QStringLiteral("it contains a %1 named \"%2\" that Threadline did not create").arg(qtype, qname));
            if (it->second.first != type || it->second.second != normalizedSql(st.text(2)))
                refuse(QStringLiteral("its %1 \"%2\" is not defined the way Threadline defines it (schema %3)")
                           .arg(qtype, qname)
                           .arg(version));
            seen.insert(name);
        }
        for (const auto &[name, def] : expected)
            if (!seen.count(name))
                refuse(QStringLiteral("the %1 \"%2\" is missing")
                           .arg(QString::fromStdString(def.first), QString::fromStdString(name)));
    } catch (const SqliteError &e) {
        throw WorkspaceError(
            QStringLiteral("%1 is damaged and cannot be read: %2").arg(m_path, QString::fromStdString(e.what())));
    }
}

QStringList Workspace::integrityProblems(bool quick, int maxProblems) const
{
    QStringList problems;
    try {
        auto st = m_db.prepare(std::string(quick ? "PRAGMA quick_check(" : "PRAGMA integrity_check(")
            + std::to_string(std::max(1, maxProblems)) + ")");
        while (st.step()) {
            const QString line = QString::fromStdString(st.text(0));
            if (line != QLatin1String("ok"))
                problems << line;
        }
    } catch (const SqliteError &e) {
        problems << QString::fromStdString(e.what());
    }
    return problems;
}

void Workspace::setMaxValueBytes(int64_t bytes)
{
    if (m_db.isOpen())
        sqlite3_limit(m_db.handle(), SQLITE_LIMIT_LENGTH, int(std::clamp<int64_t>(bytes, 1024, 1'000'000'000)));
}

std::unique_ptr<Workspace> Workspace::openUntrusted(const QString &path, const Limits &limits)
{
    auto ws = open(path, Access::ReadOnly);
    ws->setMaxValueBytes(limits.maxValueBytes);
    const bool quick = QFileInfo(path).size() > limits.integrityCheckBytes;
    const QStringList problems = ws->integrityProblems(quick);
    if (!problems.isEmpty())
        throw WorkspaceError(QStringLiteral("%1 is damaged (%2 reports: %3)")
                                 .arg(path, quick ? QStringLiteral("quick_check") : QStringLiteral("integrity_check"),
                                     problems.mid(0, 3).join(QStringLiteral("; "))));
    ws->m_readOnlyReason
        = QStringLiteral("opened read-only: the file came from elsewhere; enable editing to change it");
    return ws;
}

std::unique_ptr<Workspace> Workspace::create(const QString &path)
{
    if (QFileInfo::exists(path))
        throw WorkspaceError(QStringLiteral("%1 already exists; open it instead of creating it").arg(path));
    std::unique_ptr<Workspace> ws(new Workspace);
    ws->m_path = path;
    ws->m_lock = std::make_unique<QLockFile>(path + QStringLiteral(".lock"));
    ws->m_lock->setStaleLockTime(0);
    if (!ws->m_lock->tryLock(0)) {
        // Only a held lock means another creator; a lock that cannot be written means the folder is the problem.
        if (ws->m_lock->error() != QLockFile::LockFailedError) {
            const QString folder = QFileInfo(path).absolutePath();
            throw WorkspaceError(QFileInfo(folder).isDir()
                    ? QStringLiteral("cannot create %1: cannot write in %2").arg(path, folder)
                    : QStringLiteral("cannot create %1: the folder %2 does not exist").arg(path, folder));
        }
        throw WorkspaceError(QStringLiteral("%1 is being created by %2").arg(path, lockOwner(*ws->m_lock)));
    }
    try {
        ws->m_db = SqliteDatabase(path.toStdString(), SqliteDatabase::OpenMode::Create);
        // Before anything is written: the page size is fixed when the file is created. Items are
        // ~1.4 KB rows (two to a 4 KB page); 16 KB pages mean a quarter of the page writes and
        // B-tree splits on import (1 M spans, three alternating pairs: 15.1-18.1 s against
        // 18.3-29.6 s, 2.5-3.0 against 3.6-4.4 s of system time; at 100 k spans half the time in
        // pread/pwrite, 0.61 against 1.19 s), and analyze measured the same (9.6-12.1 s against
        // 9.8-12.1 s on 1 M items).
        ws->m_db.exec("PRAGMA page_size = " + std::to_string(PageSize));
        ws->m_db.exec("PRAGMA journal_mode = WAL");
        ws->m_db.exec("PRAGMA synchronous = NORMAL");
        ws->m_db.exec("PRAGMA foreign_keys = ON");
        WorkspaceSchema::migrate(ws->m_db);
        ws->setMeta(QStringLiteral("created_by"), QStringLiteral("Threadline " THREADLINE_VERSION));
        ws->setMeta(QStringLiteral("created_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    } catch (const SqliteError &e) {
        ws->m_db.close();
        QFile::remove(path);
        throw WorkspaceError(QStringLiteral("cannot create %1: %2").arg(path, QString::fromStdString(e.what())));
    }
    return ws;
}

std::unique_ptr<Workspace> Workspace::open(const QString &path, Access access)
{
    if (const QString problem = checkHeader(path); !problem.isEmpty())
        throw WorkspaceError(problem);

    std::unique_ptr<Workspace> ws(new Workspace);
    ws->m_path = path;
    bool readOnly = access == Access::ReadOnly;
    if (!readOnly) {
        ws->m_lock = std::make_unique<QLockFile>(path + QStringLiteral(".lock"));
        // A lock left by a crashed process is detected by its pid, never by age: an import
        // may legitimately hold the lock for a long time.
        ws->m_lock->setStaleLockTime(0);
        if (!ws->m_lock->tryLock(0) && !takeOverOwnerlessLock(*ws->m_lock)) {
            const QString owner = lockOwner(*ws->m_lock);
            if (access == Access::ReadWrite)
                throw WorkspaceError(
                    QStringLiteral("%1 is open for writing in %2; close it there first").arg(path, owner));
            ws->m_lock.reset();
            readOnly = true;
            ws->m_readOnlyReason = QStringLiteral("opened read-only: the workspace is being edited in %1").arg(owner);
        }
    }

    if (!readOnly)
        rollBackHotJournal(path);
    // Validate through a read-only connection first, so a refused file is never written to.
    ws->openConnection(true);
    ws->validateObjects();
    const int version = ws->schemaVersion();
    if (version < WorkspaceSchema::currentVersion()) {
        if (readOnly)
            throw WorkspaceError(
                QStringLiteral("%1 uses an older workspace schema (%2); open it for editing to upgrade it")
                    .arg(path)
                    .arg(version));
    }
    if (!readOnly) {
        ws->m_db.close();
        ws->openConnection(false);
        try {
            WorkspaceSchema::migrate(ws->m_db);
        } catch (const SqliteError &e) {
            throw WorkspaceError(QStringLiteral("cannot upgrade %1: %2").arg(path, QString::fromStdString(e.what())));
        }
    }
    return ws;
}

std::unique_ptr<Workspace> Workspace::openOrCreate(const QString &path)
{
    if (!QFileInfo::exists(path))
        return create(path);
    return open(path, Access::ReadWrite);
}

int Workspace::schemaVersion() const
{
    try {
        return static_cast<int>(m_db.queryInt("PRAGMA user_version"));
    } catch (const SqliteError &e) {
        if (e.code() == SQLITE_READONLY_ROLLBACK)
            throw WorkspaceError(QStringLiteral("%1 was left unfinished by a process that stopped while writing it; "
                                                "open it for writing once (import, analyze or the app) to recover it")
                                     .arg(m_path));
        throw WorkspaceError(QStringLiteral("%1 cannot be read: %2").arg(m_path, QString::fromStdString(e.what())));
    }
}

QString Workspace::meta(const QString &key) const
{
    auto st = m_db.prepare("SELECT value FROM meta WHERE key = ?");
    st.bind(1, key.toStdString());
    return st.step() ? QString::fromStdString(st.text(0)) : QString();
}

void Workspace::setMeta(const QString &key, const QString &value)
{
    auto st = m_db.prepare(
        "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    st.bind(1, key.toStdString()).bind(2, value.toStdString());
    st.exec();
}

void Workspace::checkpoint()
{
    if (m_readOnly || !m_db.isOpen())
        return;
    m_db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    m_db.exec("PRAGMA journal_mode = DELETE");
    m_db.exec("PRAGMA journal_mode = WAL");
}
