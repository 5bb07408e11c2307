#include "SqliteDatabase.h"
#include "SqliteError.h"
#include "TestUtils.h"
#include "Workspace.h"
#include "WorkspaceError.h"
#include "WorkspaceSchema.h"
#include "WorkspaceWriter.h"

#include <QProcess>
#include <QtTest>

#include <sqlite3.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

using namespace TestUtils;

class TstWorkspace : public QObject
{
    Q_OBJECT

private:
    // Opening must throw WorkspaceError mentioning `expected` and leave the bytes untouched.
    void expectRefused(const QString &path, const QString &expected, Workspace::Access access)
    {
        const QByteArray before = readFile(path);
        bool threw = false;
        try {
            Workspace::open(path, access);
        } catch (const WorkspaceError &e) {
            threw = true;
            QVERIFY2(e.message().contains(expected), qPrintable(e.message()));
            QVERIFY2(e.message().contains(path), "the message must name the file");
        }
        QVERIFY(threw);
        QCOMPARE(readFile(path), before);
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    }

    QString makeV1(const QTemporaryDir &dir)
    {
        const QString path = dir.filePath(QStringLiteral("old.threadline"));
        SqliteDatabase db(path.toStdString(), SqliteDatabase::OpenMode::Create);
        db.exec(readFile(testData(QStringLiteral("workspace-v1.sql"))).toStdString());
        return path;
    }

private slots:
    void createAndReopen()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("case.threadline"));
        {
            auto ws = Workspace::create(path);
            QCOMPARE(ws->schemaVersion(), WorkspaceSchema::currentVersion());
            QCOMPARE(queryText(*ws, QStringLiteral("PRAGMA journal_mode")), QStringLiteral("wal"));
            QCOMPARE(queryInt(*ws, QStringLiteral("PRAGMA foreign_keys")), 1);
            WorkspaceWriter writer(*ws);
            writer.beginSource({"chat.jsonl", "jsonl-log", 10, "00"});
            Item item;
            item.ref = "line:1";
            item.kind = ItemKind::Log;
            item.text = "the refund never arrived";
            item.keys.push_back({"user", "cust-5512", "user_id"});
            writer.addItem(item);
            writer.commitSource();
        }
        // Closed: the WAL is folded back, so the file alone is the workspace.
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
        auto ws = Workspace::open(path, Workspace::Access::ReadOnly);
        QVERIFY(ws->isReadOnly());
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM items")), 1);
        QCOMPARE(queryText(*ws, QStringLiteral("SELECT value FROM item_keys WHERE kind='user'")),
            QStringLiteral("cust-5512"));
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM items_fts WHERE items_fts MATCH 'refund'")), 1);
        QCOMPARE(queryInt(*ws, QStringLiteral("PRAGMA application_id")), WorkspaceSchema::ApplicationId);
        QCOMPARE(queryInt(*ws, QStringLiteral("PRAGMA page_size")), Workspace::PageSize);
    }

    void createRefusesExistingFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("x.threadline"));
        writeFile(path, "keep me");
        QVERIFY_THROWS_EXCEPTION(WorkspaceError, Workspace::create(path));
        QCOMPARE(readFile(path), QByteArray("keep me"));
    }

    void migratesFromVersion1()
    {
        QTemporaryDir dir;
        const QString path = makeV1(dir);
        auto ws = Workspace::open(path, Workspace::Access::ReadWrite);
        QCOMPARE(ws->schemaVersion(), 2);
        QCOMPARE(queryText(*ws, QStringLiteral("SELECT text FROM items WHERE id=1")),
            QStringLiteral("my refund never arrived"));
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM conversations")), 0);
        // The search index was built over what the old file already held.
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM items_fts WHERE items_fts MATCH 'refund'")), 1);
        QCOMPARE(ws->meta(QStringLiteral("created_by")), QStringLiteral("Threadline 0.0.9"));
        // A file keeps the page size it was made with; only new workspaces get the larger one.
        QCOMPARE(queryInt(*ws, QStringLiteral("PRAGMA page_size")), 4096);
    }

    void readOnlyOpenDoesNotMigrate()
    {
        QTemporaryDir dir;
        const QString path = makeV1(dir);
        expectRefused(path, QStringLiteral("older workspace schema"), Workspace::Access::ReadOnly);
    }

    void refusesNewerSchema()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("future.threadline"));
        Workspace::create(path).reset();
        {
            SqliteDatabase db(path.toStdString(), SqliteDatabase::OpenMode::ReadWrite);
            db.exec("PRAGMA user_version = 99");
        }
        expectRefused(path, QStringLiteral("newer Threadline"), Workspace::Access::ReadWrite);
    }

    void refusesForeignSqlite()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("other.db"));
        {
            SqliteDatabase db(path.toStdString(), SqliteDatabase::OpenMode::Create);
            db.exec("CREATE TABLE t(x); INSERT INTO t VALUES(1);");
        }
        expectRefused(path, QStringLiteral("not a Threadline workspace"), Workspace::Access::ReadWrite);
    }

    void refusesNonSqliteAndEmpty()
    {
        QTemporaryDir dir;
        const QString text = dir.filePath(QStringLiteral("notes.threadline"));
        writeFile(text, "{\"resourceSpans\": []}\n");
        expectRefused(text, QStringLiteral("not an SQLite database"), Workspace::Access::ReadWriteOrReadOnly);
        const QString empty = dir.filePath(QStringLiteral("empty.threadline"));
        writeFile(empty, QByteArray());
        expectRefused(empty, QStringLiteral("not an SQLite database"), Workspace::Access::ReadWrite);
    }

    void refusesCorruptFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.threadline"));
        {
            auto ws = Workspace::create(path);
            WorkspaceWriter writer(*ws);
            writer.beginSource({"a", "x", 0, "00"});
            for (int i = 0; i < 200; ++i) {
                Item item;
                item.ref = "line:" + std::to_string(i + 1);
                item.text = std::string(300, char('a' + i % 26));
                writer.addItem(item);
            }
            writer.commitSource();
        }
        // Keep the header (ours, valid version) but overwrite the schema pages with noise.
        QByteArray bytes = readFile(path);
        QVERIFY(bytes.size() > 8192);
        for (int i = 100; i < 8192; ++i)
            bytes[i] = char((i * 7919) & 0xff);
        writeFile(path, bytes);
        expectRefused(path, QStringLiteral("broken.threadline"), Workspace::Access::ReadWrite);
    }

    void refusesForeignTrigger()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("hostile.threadline"));
        Workspace::create(path).reset();
        {
            SqliteDatabase db(path.toStdString(), SqliteDatabase::OpenMode::ReadWrite);
            db.exec("CREATE TRIGGER items_ai AFTER INSERT ON items BEGIN DELETE FROM sources; END;");
        }
        expectRefused(path, QStringLiteral("trigger named \"items_ai\""), Workspace::Access::ReadWrite);
    }

    void writerRollsBackUnfinishedSource()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        {
            WorkspaceWriter writer(*ws);
            writer.beginSource({"half.jsonl", "jsonl-log", 0, "00"});
            Item item;
            item.ref = "line:1";
            item.text = "half";
            writer.addItem(item);
            // destroyed without commitSource(): as if the importer threw
        }
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM sources")), 0);
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM items")), 0);
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM items_fts WHERE items_fts MATCH 'half'")), 0);
    }

    void reimportReplacesRowsAndSearchIndex()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        WorkspaceWriter writer(*ws);
        for (const char *word : {"first", "second"}) {
            writer.beginSource({"same.jsonl", "jsonl-log", 0, word});
            Item item;
            item.ref = "line:1";
            item.text = word;
            writer.addItem(item);
            writer.commitSource();
        }
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM items")), 1);
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM items_fts WHERE items_fts MATCH 'first'")), 0);
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM items_fts WHERE items_fts MATCH 'second'")), 1);
    }

    void secondProcessGetsAClearAnswer()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("shared.threadline"));
        auto ws = Workspace::create(path);
        const QString input = dir.filePath(QStringLiteral("x.jsonl"));
        writeFile(input, "{\"ts\":\"2026-01-01T10:00:00Z\",\"msg\":\"hello\"}\n");

        QProcess other;
        other.start(threadlineBinary(), {QStringLiteral("import"), QStringLiteral("-w"), path, input});
        QVERIFY(other.waitForFinished(60000));
        QCOMPARE(other.exitCode(), 1);
        const QString err = QString::fromUtf8(other.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("open for writing in process")), qPrintable(err));

        // A second opener that can live with reading gets read-only and says why.
        auto reader = Workspace::open(path, Workspace::Access::ReadWriteOrReadOnly);
        QVERIFY(reader->isReadOnly());
        QVERIFY(reader->readOnlyReason().contains(QStringLiteral("read-only")));
        QCOMPARE(queryText(*reader, QStringLiteral("PRAGMA quick_check")), QStringLiteral("ok"));
        reader.reset();
        ws.reset();

        // Once the first process lets go, the second can write.
        QProcess again;
        again.start(threadlineBinary(), {QStringLiteral("import"), QStringLiteral("-w"), path, input});
        QVERIFY(again.waitForFinished(60000));
        const QString err2 = QString::fromUtf8(again.readAllStandardError());
        QVERIFY2(!err2.contains(QStringLiteral("open for writing")), qPrintable(err2));
    }

    // What SIGKILL leaves when it lands in QLockFile between creating the lock file and writing
    // the owner's pid into it: an empty lock. Nobody holds it, so it must not lock the user out.
    void emptyLockOfADeadWriterIsTakenOver()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.threadline"));
        Workspace::create(path).reset();
        writeFile(path + QStringLiteral(".lock"), QByteArray());
        auto ws = Workspace::open(path, Workspace::Access::ReadWrite);
        QVERIFY(!ws->isReadOnly());
        QVERIFY(readFile(path + QStringLiteral(".lock"))
                    .startsWith(QByteArray::number(QCoreApplication::applicationPid()) + '\n'));
    }

    // An empty lock whose flock is held belongs to a live owner that has not written its pid yet.
    void emptyLockOfALiveWriterStillRefuses()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.threadline"));
        Workspace::create(path).reset();
        const QString lockPath = path + QStringLiteral(".lock");
        writeFile(lockPath, QByteArray());
        const int fd = ::open(QFile::encodeName(lockPath).constData(), O_RDWR);
        QVERIFY(fd >= 0);
        QCOMPARE(::flock(fd, LOCK_EX | LOCK_NB), 0);
        expectRefused(path, QStringLiteral("open for writing in another process"), Workspace::Access::ReadWrite);
        QVERIFY(Workspace::open(path, Workspace::Access::ReadWriteOrReadOnly)->isReadOnly());
        ::close(fd);
        QVERIFY(QFile::exists(lockPath));
    }

    // What SIGKILL leaves when it lands in the WAL <-> DELETE switch (every open and close does
    // one): uncommitted pages in the file and the originals in a hot rollback journal, which a
    // read-only connection may not roll back. Opening for writing restores the last commit.
    void hotJournalOfADeadWriterIsRolledBack()
    {
        QTemporaryDir dir;
        const QString live = dir.filePath(QStringLiteral("live.threadline"));
        const QString path = dir.filePath(QStringLiteral("crashed.threadline"));
        Workspace::create(live).reset(); // closed in DELETE mode
        {
            SqliteDatabase db(live.toStdString(), SqliteDatabase::OpenMode::ReadWrite);
            db.exec("PRAGMA cache_size = 2"); // spills: changed pages reach the file before the commit
            SqliteTransaction tx(db);
            db.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) "
                    "INSERT INTO meta(key, value) SELECT 'pad' || i, hex(zeroblob(2000)) FROM n");
            // A copy of both files now is the state a kill at this point leaves behind.
            QVERIFY(QFile::copy(live, path));
            QVERIFY(QFile::copy(live + QStringLiteral("-journal"), path + QStringLiteral("-journal")));
        }
        try {
            SqliteDatabase probe(path.toStdString(), SqliteDatabase::OpenMode::ReadOnly);
            probe.queryInt("PRAGMA user_version");
            QFAIL("the copied journal is not hot");
        } catch (const SqliteError &e) {
            QCOMPARE(e.code(), SQLITE_READONLY_ROLLBACK);
        }
        // Reading alone cannot recover it, and says how to.
        expectRefused(path, QStringLiteral("open it for writing once"), Workspace::Access::ReadOnly);

        auto ws = Workspace::open(path, Workspace::Access::ReadWrite);
        QVERIFY(!QFile::exists(path + QStringLiteral("-journal")));
        QCOMPARE(ws->integrityProblems(), QStringList());
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM meta WHERE key LIKE 'pad%'")), 0);
        QVERIFY(ws->meta(QStringLiteral("created_by")).startsWith(QStringLiteral("Threadline")));
    }
};

QTEST_GUILESS_MAIN(TstWorkspace)
#include "tst_workspace.moc"
