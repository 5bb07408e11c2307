#include "SqliteDatabase.h"
#include "TestUtils.h"
#include "Workspace.h"
#include "WorkspaceError.h"
#include "WorkspaceSchema.h"
#include "WorkspaceWriter.h"

#include <QProcess>
#include <QtTest>

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
};

QTEST_GUILESS_MAIN(TstWorkspace)
#include "tst_workspace.moc"
