#include "WorkspaceSharer.h"

#include "Redactor.h"
#include "SearchFeed.h"
#include "SqliteError.h"
#include "ThreadlineVersion.h"
#include "Workspace.h"
#include "WorkspaceError.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <set>

namespace {

// The tables whose text is ours to rewrite; FTS shadow tables are rebuilt instead.
const char *const kTables[] = {
    "meta", "sources", "items", "item_keys", "media", "conversations", "edges", "findings", "annotations", "bookmarks"};

QString firstSegment(const QString &dir)
{
    const QStringList parts = QDir::cleanPath(dir).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    return parts.isEmpty() ? QString() : parts.first();
}

QStringList localRoots(const Workspace &ws)
{
    return {QFileInfo(ws.path()).absolutePath(), QDir::homePath(), QDir::tempPath(), QDir::currentPath()};
}

void rebuildSearchIndex(SqliteDatabase &db)
{
    // 'delete-all' forgets every token, so no old value survives in items_fts_data. The texts
    // go back through SearchFeed, a chunk at a time, so they are exactly what WorkspaceWriter
    // indexes and later deletes on a re-import.
    db.exec("INSERT INTO items_fts(items_fts) VALUES('delete-all')");
    SearchFeed feed(db.handle());
    auto insert = db.prepare("INSERT INTO items_fts(rowid, text) SELECT id, text FROM " + feed.tableName());
    auto items = db.prepare("SELECT id, name, text FROM items ORDER BY id");
    const auto flush = [&] {
        if (!feed.empty())
            insert.exec();
        feed.clear();
    };
    while (items.step()) {
        feed.add(items.int64(0), items.textView(1), items.textView(2));
        if (feed.size() >= SearchFeed::ChunkItems)
            flush();
    }
    flush();
}

qint64 count(SqliteDatabase &db, const char *sql)
{
    return db.queryInt(sql, 0);
}

QString summaryJson(SqliteDatabase &db, bool redacted)
{
    QJsonArray sources;
    auto st = db.prepare("SELECT path, format, sha256, item_count FROM sources ORDER BY path");
    while (st.step())
        sources.append(QJsonObject {{QStringLiteral("path"), QString::fromStdString(st.text(0))},
            {QStringLiteral("format"), QString::fromStdString(st.text(1))},
            {QStringLiteral("sha256"), QString::fromStdString(st.text(2))},
            {QStringLiteral("items"), qint64(st.int64(3))}});
    QJsonObject o {
        {QStringLiteral("shared_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
        {QStringLiteral("shared_by"), QStringLiteral("Threadline " THREADLINE_VERSION)},
        {QStringLiteral("redacted"), redacted},
        {QStringLiteral("sources"), sources},
        {QStringLiteral("items"), count(db, "SELECT count(*) FROM items")},
        {QStringLiteral("media"), count(db, "SELECT count(*) FROM media")},
        {QStringLiteral("conversations"), count(db, "SELECT count(*) FROM conversations")},
        {QStringLiteral("edges"), count(db, "SELECT count(*) FROM edges")},
        {QStringLiteral("findings"), count(db, "SELECT count(*) FROM findings")},
        {QStringLiteral("annotations"), count(db, "SELECT count(*) FROM annotations")},
        {QStringLiteral("bookmarks"), count(db, "SELECT count(*) FROM bookmarks")},
    };
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

void setMeta(SqliteDatabase &db, const char *key, const QString &value)
{
    auto st
        = db.prepare("INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    st.bind(1, key).bind(2, value.toStdString());
    st.exec();
}

} // namespace

QString WorkspaceSharer::reducePaths(const QString &text, const QStringList &extraRoots)
{
    if (!text.contains(QLatin1Char('/')) && !text.contains(QLatin1Char('\\')))
        return text;
    std::set<QString> roots = {QStringLiteral("home"), QStringLiteral("Users"), QStringLiteral("tmp"),
        QStringLiteral("root"), QStringLiteral("var"), QStringLiteral("private"), QStringLiteral("mnt"),
        QStringLiteral("media"), QStringLiteral("opt"), QStringLiteral("srv"), QStringLiteral("run"),
        QStringLiteral("Volumes"), QStringLiteral("etc"), QStringLiteral("usr"), QStringLiteral("data")};
    for (const QString &r : extraRoots)
        if (const QString s = firstSegment(r); !s.isEmpty())
            roots.insert(s);
    QStringList alternatives;
    for (const QString &r : roots)
        alternatives << QRegularExpression::escape(r);
    // Not after a word, dot, colon or slash: URLs (https://host/v1/x) and relative paths stay.
    const QRegularExpression unixPath(QStringLiteral(R"((?:file://|(?<![\w.:/~\-]))/(?:%1)(?:/[^\s"'<>|*?\\/,;]+)+)")
                                          .arg(alternatives.join(QLatin1Char('|'))));
    static const QRegularExpression windowsPath(QStringLiteral(
        R"((?:file:///?)?(?<![\w])[A-Za-z]:(?:\\\\|\\|/)(?:[^\s"'<>|*?\\/:,;]+(?:\\\\|\\|/))*[^\s"'<>|*?\\/:,;]+)"));
    static const QRegularExpression separators(QStringLiteral(R"([\\/]+)"));
    QString out = text;
    for (const QRegularExpression *re : {&unixPath, &windowsPath}) {
        QString next;
        qsizetype last = 0;
        auto it = re->globalMatch(out);
        while (it.hasNext()) {
            const auto m = it.next();
            next += QStringView(out).mid(last, m.capturedStart() - last);
            next += m.captured().split(separators, Qt::SkipEmptyParts).last();
            last = m.capturedEnd();
        }
        if (last > 0) {
            next += QStringView(out).mid(last);
            out = next;
        }
    }
    return out;
}

int WorkspaceSharer::rewriteText(SqliteDatabase &db, const std::function<std::string(const std::string &)> &fn)
{
    int changed = 0;
    for (const char *table : kTables) {
        std::vector<std::string> columns;
        {
            auto info = db.prepare(std::string("PRAGMA table_info(") + table + ")");
            while (info.step())
                if (info.text(2) == "TEXT")
                    columns.push_back(info.text(1));
        }
        for (const std::string &column : columns) {
            std::vector<std::pair<int64_t, std::string>> updates;
            {
                auto read = db.prepare(
                    "SELECT rowid, \"" + column + "\" FROM " + table + " WHERE \"" + column + "\" IS NOT NULL");
                while (read.step()) {
                    const std::string value = read.text(1);
                    std::string next = fn(value);
                    if (next != value)
                        updates.emplace_back(read.int64(0), std::move(next));
                }
            }
            auto write = db.prepare(std::string("UPDATE ") + table + " SET \"" + column + "\" = ? WHERE rowid = ?");
            for (auto &[rowid, value] : updates) {
                // A unique column (sources.path, conversations.key) may collide once two values
                // reduce to the same name: number the later ones.
                for (int attempt = 1;; ++attempt) {
                    try {
                        write.bind(1, attempt == 1 ? value : value + " (" + std::to_string(attempt) + ")")
                            .bind(2, rowid);
                        write.exec();
                        break;
                    } catch (const SqliteError &) {
                        write.reset();
                        if (attempt > 100)
                            throw;
                    }
                }
                ++changed;
            }
        }
    }
    rebuildSearchIndex(db);
    return changed;
}

WorkspaceSharer::Result WorkspaceSharer::share(Workspace &workspace, const QString &outPath, const Options &options)
{
    const QFileInfo out(outPath);
    if (out.absoluteFilePath() == QFileInfo(workspace.path()).absoluteFilePath())
        throw WorkspaceError(QStringLiteral("%1 is the workspace itself; choose another file").arg(outPath));
    if (out.exists() && !options.overwrite)
        throw WorkspaceError(QStringLiteral("%1 already exists").arg(outPath));
    // Compile the patterns before writing anything.
    std::unique_ptr<Redactor> redactor;
    if (options.redact)
        redactor = std::make_unique<Redactor>(options.patterns);

    const QString part = out.absoluteFilePath() + QStringLiteral(".part");
    QFile::remove(part);
    Result result;
    try {
        // VACUUM INTO reads through this connection (the WAL included) and never writes to it.
        {
            auto st = workspace.db().prepare("VACUUM INTO ?");
            st.bind(1, part.toStdString());
            st.exec();
        }
        SqliteDatabase db(part.toStdString(), SqliteDatabase::OpenMode::ReadWrite);
        db.exec("PRAGMA journal_mode = DELETE");
        {
            SqliteTransaction tx(db);
            const QStringList roots = localRoots(workspace);
            result.pathsReduced = rewriteText(db,
                [&roots](const std::string &s) { return reducePaths(QString::fromStdString(s), roots).toStdString(); });
            if (redactor) {
                redactor->redactWorkspace(db);
                result.redactionReport = redactor->reportText();
                result.redactionJson = redactor->reportJson();
                setMeta(db, "redaction_report", result.redactionJson);
            }
            result.summaryJson = summaryJson(db, bool(redactor));
            setMeta(db, "share_summary", result.summaryJson);
            tx.commit();
        }
        // Rewrites every page: the replaced values do not linger in free pages.
        db.exec("VACUUM");
        db.close();
    } catch (const SqliteError &e) {
        QFile::remove(part);
        throw WorkspaceError(QStringLiteral("cannot write %1: %2").arg(outPath, QString::fromStdString(e.what())));
    } catch (...) {
        QFile::remove(part);
        throw;
    }
    if (out.exists())
        QFile::remove(out.absoluteFilePath());
    if (!QFile::rename(part, out.absoluteFilePath())) {
        QFile::remove(part);
        throw WorkspaceError(QStringLiteral("cannot write %1").arg(outPath));
    }
    result.bytes = QFileInfo(out.absoluteFilePath()).size();
    return result;
}
