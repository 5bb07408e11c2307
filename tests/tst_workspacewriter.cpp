#include "TestUtils.h"
#include "Workspace.h"
#include "WorkspaceWriter.h"

#include <QtTest>

// WorkspaceWriter writes items on a thread of its own: ids are handed out before the rows
// exist, so these tests check that the ids, the rows and their keys agree, and that a rolled
// back source leaves nothing however much was queued.
class TstWorkspaceWriter : public QObject
{
    Q_OBJECT

    static WorkspaceWriter::SourceInfo source(const std::string &path)
    {
        WorkspaceWriter::SourceInfo info;
        info.path = path;
        info.format = "test";
        info.size = 1;
        info.sha256 = "sha-" + path;
        return info;
    }

    static Item item(int i)
    {
        Item it;
        it.kind = ItemKind::Log;
        it.ref = "line:" + std::to_string(i + 1);
        it.name = "record " + std::to_string(i);
        it.startNs = 1000 + i;
        it.keys.push_back({"order", "A-" + std::to_string(i), "order_id"});
        return it;
    }

private slots:
    void idsMatchRowsAcrossBatches()
    {
        QTemporaryDir dir;
        auto ws = TestUtils::newWorkspace(dir);
        WorkspaceWriter w(*ws);
        w.beginSource(source("a.log"));
        std::vector<int64_t> ids;
        const int n = 1000; // several batches and a partial one
        for (int i = 0; i < n; ++i)
            ids.push_back(i % 2 ? w.addItem(item(i)) : w.addItem(Item(item(i))));
        w.commitSource();
        QCOMPARE(TestUtils::queryInt(*ws, "SELECT count(*) FROM items"), qint64(n));
        for (int i : {0, 255, 256, 257, 511, 999}) {
            const QString where = QStringLiteral(" WHERE id = %1").arg(ids[size_t(i)]);
            QCOMPARE(TestUtils::queryText(*ws, "SELECT ref FROM items" + where), QString("line:%1").arg(i + 1));
            QCOMPARE(TestUtils::queryText(
                         *ws, "SELECT value FROM item_keys WHERE item_id = " + QString::number(ids[size_t(i)])),
                QString("A-%1").arg(i));
        }
        QCOMPARE(TestUtils::queryInt(*ws, "SELECT item_count FROM sources WHERE path = 'a.log'"), qint64(n));
    }

    void largeItemsEndBatchesEarlyAndKeepTheirIds()
    {
        // Items of 300 KB end a batch after a few (the queue is bounded in bytes as well as
        // items); ids, rows and search must come out the same as for small ones.
        QTemporaryDir dir;
        auto ws = TestUtils::newWorkspace(dir);
        WorkspaceWriter w(*ws);
        w.beginSource(source("big-items.log"));
        std::vector<int64_t> ids;
        for (int i = 0; i < 40; ++i) {
            Item it = item(i);
            it.attrsJson = "{\"payload\":\"" + std::string(300000, char('a' + i % 26)) + "\"}";
            it.text = "conversation turn " + std::to_string(i);
            ids.push_back(w.addItem(std::move(it)));
        }
        w.commitSource();
        for (int i = 0; i < 40; ++i) {
            const QString where = QStringLiteral(" WHERE id = %1").arg(ids[size_t(i)]);
            QCOMPARE(TestUtils::queryText(*ws, "SELECT ref FROM items" + where), QString("line:%1").arg(i + 1));
            QCOMPARE(TestUtils::queryInt(*ws, "SELECT length(attrs) FROM items" + where), qint64(300000 + 14));
            QCOMPARE(TestUtils::queryText(*ws, "SELECT substr(attrs, 13, 1) FROM items" + where),
                QString(QChar('a' + i % 26)));
        }
        QCOMPARE(TestUtils::queryInt(*ws, "SELECT count(*) FROM items_fts WHERE items_fts MATCH 'turn'"), qint64(40));
    }

    void everyItemIsSearchableAcrossIndexChunks()
    {
        // The search index is filled in chunks of several batches; the last, partial chunk is
        // written at commit and a mid-source flush (addMedia) must not lose or repeat one.
        QTemporaryDir dir;
        auto ws = TestUtils::newWorkspace(dir);
        WorkspaceWriter w(*ws);
        w.beginSource(source("a.log"));
        const int n = 20000;
        int64_t mid = 0;
        for (int i = 0; i < n; ++i) {
            Item it = item(i);
            it.text = i % 3 == 0 ? "refund delayed" : "shipped";
            const int64_t id = w.addItem(std::move(it));
            if (i == 9000) {
                mid = id;
                Media m;
                m.mime = "image/png";
                m.data = "png";
                w.addMedia(mid, m);
            }
        }
        w.commitSource();
        QCOMPARE(TestUtils::queryInt(*ws, "SELECT count(*) FROM items_fts WHERE items_fts MATCH 'refund'"),
            qint64((n + 2) / 3));
        QCOMPARE(TestUtils::queryInt(*ws, "SELECT count(*) FROM items_fts WHERE items_fts MATCH 'record'"), qint64(n));
        for (int i : {0, 8191, 8192, 9000, 9001, 16383, 16384, n - 1})
            QCOMPARE(TestUtils::queryInt(*ws,
                         QStringLiteral("SELECT count(*) FROM items_fts WHERE items_fts MATCH '\"record %1\"'").arg(i)),
                qint64(1));
        QCOMPARE(
            TestUtils::queryText(*ws,
                "SELECT count(*) FROM items_fts WHERE items_fts MATCH 'delayed' AND rowid = " + QString::number(mid)),
            QString("1"));
        // The index's own consistency check.
        QCOMPARE(TestUtils::queryInt(*ws, "SELECT count(*) FROM items_fts_docsize"), qint64(n));
    }

    void bulkSourceIsWrittenUnderARollbackJournal()
    {
        QTemporaryDir dir;
        auto ws = TestUtils::newWorkspace(dir);
        WorkspaceWriter w(*ws);
        // A small file goes through the WAL.
        w.beginSource(source("small.log"));
        QCOMPARE(TestUtils::queryText(*ws, "PRAGMA journal_mode"), QString("wal"));
        w.addItem(item(0));
        w.commitSource();
        // A large one into a smaller workspace: rollback journal while it is written, WAL after.
        WorkspaceWriter::SourceInfo big = source("big.log");
        big.size = int64_t(64) << 20;
        w.beginSource(big);
        QCOMPARE(TestUtils::queryText(*ws, "PRAGMA journal_mode"), QString("delete"));
        for (int i = 0; i < 600; ++i)
            w.addItem(item(i));
        w.commitSource();
        QCOMPARE(TestUtils::queryText(*ws, "PRAGMA journal_mode"), QString("wal"));
        QCOMPARE(TestUtils::queryInt(*ws, "SELECT count(*) FROM items"), qint64(601));
        // The indexes dropped for it are back.
        QCOMPARE(TestUtils::queryInt(*ws,
                     "SELECT count(*) FROM sqlite_master WHERE name IN ('items_trace', 'items_start', "
                     "'item_keys_value', 'item_keys_item')"),
            qint64(4));
        // And a failed one goes back to WAL too.
        big.path = "big2.log";
        w.beginSource(big);
        QCOMPARE(TestUtils::queryText(*ws, "PRAGMA journal_mode"), QString("delete"));
        w.addItem(item(0));
        w.rollbackSource();
        QCOMPARE(TestUtils::queryText(*ws, "PRAGMA journal_mode"), QString("wal"));
        QCOMPARE(TestUtils::queryInt(*ws, "SELECT count(*) FROM items"), qint64(601));
    }

    void foreignKeysAreOffOnlyForABulkSourcesFirstImport()
    {
        QTemporaryDir dir;
        auto ws = TestUtils::newWorkspace(dir);
        WorkspaceWriter w(*ws);
        WorkspaceWriter::SourceInfo big = source("big.log");
        big.size = int64_t(64) << 20;
        // First import of a bulk source: off while it is written, on again after.
        w.beginSource(big);
        QCOMPARE(TestUtils::queryInt(*ws, "PRAGMA foreign_keys"), qint64(0));
        for (int i = 0; i < 600; ++i)
            w.addItem(item(i));
        w.commitSource();
        QCOMPARE(TestUtils::queryInt(*ws, "PRAGMA foreign_keys"), qint64(1));
        QCOMPARE(TestUtils::queryInt(*ws, "SELECT count(*) FROM item_keys"), qint64(600));
        // Every row it wrote refers to rows that exist.
        QCOMPARE(TestUtils::queryInt(*ws, "SELECT count(*) FROM pragma_foreign_key_check"), qint64(0));
        // Re-importing it keeps them on: the cascade must delete the old items and their keys.
        big.sha256 = "changed";
        w.beginSource(big);
        QCOMPARE(TestUtils::queryInt(*ws, "PRAGMA foreign_keys"), qint64(1));
        for (int i = 0; i < 10; ++i)
            w.addItem(item(i));
        w.commitSource();
        QCOMPARE(TestUtils::queryInt(*ws, "SELECT count(*) FROM items"), qint64(10));
        QCOMPARE(TestUtils::queryInt(*ws, "SELECT count(*) FROM item_keys"), qint64(10));
        // A failed first import turns them back on too.
        WorkspaceWriter::SourceInfo other = big;
        other.path = "other.log";
        w.beginSource(other);
        QCOMPARE(TestUtils::queryInt(*ws, "PRAGMA foreign_keys"), qint64(0));
        w.addItem(item(0));
        w.rollbackSource();
        QCOMPARE(TestUtils::queryInt(*ws, "PRAGMA foreign_keys"), qint64(1));
        // A small source never switches them off.
        w.beginSource(source("small.log"));
        QCOMPARE(TestUtils::queryInt(*ws, "PRAGMA foreign_keys"), qint64(1));
        w.rollbackSource();
    }

    void bulkSourceWidensSearchIndexMergesOnlyWhileItIsWritten()
    {
        QTemporaryDir dir;
        auto ws = TestUtils::newWorkspace(dir);
        const QString automerge = QStringLiteral("SELECT coalesce((SELECT v FROM items_fts_config WHERE k = "
                                                 "'automerge'), 'default')");
        QCOMPARE(TestUtils::queryText(*ws, automerge), QString("default"));
        WorkspaceWriter w(*ws);
        WorkspaceWriter::SourceInfo big = source("big.log");
        big.size = int64_t(64) << 20;
        w.beginSource(big);
        QCOMPARE(TestUtils::queryText(*ws, automerge), QString("16"));
        for (int i = 0; i < 10; ++i) // fewer than a batch: no thread is writing while we read
            w.addItem(item(i));
        w.rollbackSource();
        QCOMPARE(TestUtils::queryText(*ws, automerge), QString("default"));

        w.beginSource(big);
        for (int i = 0; i < 3000; ++i)
            w.addItem(item(i));
        w.commitSource();
        // FTS5's own default again for whatever is written next.
        QCOMPARE(TestUtils::queryText(*ws, automerge), QString("4"));
        QCOMPARE(TestUtils::queryInt(*ws, "SELECT count(*) FROM items_fts WHERE items_fts MATCH '\"record 2999\"'"),
            qint64(1));
        // The index build's small sort runs and worker threads are not left behind.
        QCOMPARE(TestUtils::queryInt(*ws, "PRAGMA cache_size"), qint64(-65536));
        QCOMPARE(TestUtils::queryInt(*ws, "PRAGMA threads"), qint64(0));
        // A small source leaves the setting alone.
        w.beginSource(source("small.log"));
        QCOMPARE(TestUtils::queryText(*ws, automerge), QString("4"));
        w.addItem(item(0));
        w.commitSource();
        QCOMPARE(TestUtils::queryText(*ws, automerge), QString("4"));
    }

    void lateHashIsStoredWithTheSourceAndOnlyOnCommit()
    {
        QTemporaryDir dir;
        auto ws = TestUtils::newWorkspace(dir);
        WorkspaceWriter w(*ws);
        WorkspaceWriter::SourceInfo info = source("late.log");
        info.sha256.clear();
        w.beginSource(info);
        for (int i = 0; i < 700; ++i)
            w.addItem(item(i));
        int calls = 0;
        w.commitSource([&calls] {
            ++calls;
            return std::string("f00d");
        });
        QCOMPARE(calls, 1);
        QCOMPARE(TestUtils::queryText(*ws, "SELECT sha256 FROM sources WHERE path = 'late.log'"), QString("f00d"));
        QCOMPARE(TestUtils::queryInt(*ws, "SELECT item_count FROM sources WHERE path = 'late.log'"), qint64(700));
    }

    void bulkSourceStaysInWalWhileAnotherConnectionReads()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("reading.threadline");
        {
            auto first = Workspace::openOrCreate(path);
            WorkspaceWriter w(*first);
            w.beginSource(source("a.log"));
            w.addItem(item(0));
            w.addItem(item(1));
            w.commitSource();
        }
        auto ws = Workspace::open(path, Workspace::Access::ReadWrite);
        auto reader = Workspace::open(path, Workspace::Access::ReadOnly);
        // A read in progress on the other connection: leaving WAL would have to wait for it.
        auto reading = reader->db().prepare("SELECT id FROM items");
        QVERIFY(reading.step());
        WorkspaceWriter w(*ws);
        WorkspaceWriter::SourceInfo big = source("big.log");
        big.size = int64_t(64) << 20;
        w.beginSource(big);
        QCOMPARE(TestUtils::queryText(*ws, "PRAGMA journal_mode"), QString("wal"));
        for (int i = 0; i < 300; ++i)
            w.addItem(item(i));
        w.commitSource();
        QCOMPARE(TestUtils::queryInt(*ws, "SELECT count(*) FROM items"), qint64(302));
        QVERIFY(reading.step()); // the reader was never blocked
    }

    void secondSourceContinuesTheIds()
    {
        QTemporaryDir dir;
        auto ws = TestUtils::newWorkspace(dir);
        WorkspaceWriter w(*ws);
        w.beginSource(source("a.log"));
        for (int i = 0; i < 300; ++i)
            w.addItem(item(i));
        w.commitSource();
        w.beginSource(source("b.log"));
        const int64_t first = w.addItem(item(0));
        QCOMPARE(first, int64_t(301));
        // A media row needs its item written: addMedia waits for the queue.
        Media m;
        m.mime = "image/png";
        m.data = "png";
        w.addMedia(first, m);
        w.commitSource();
        QCOMPARE(TestUtils::queryInt(*ws,
                     "SELECT count(*) FROM media m JOIN items i ON i.id = m.item_id WHERE i.ref = 'line:1' "
                     "AND i.source_id = (SELECT id FROM sources WHERE path = 'b.log')"),
            qint64(1));
    }

    void rollbackLeavesNothingOfTheSource()
    {
        QTemporaryDir dir;
        auto ws = TestUtils::newWorkspace(dir);
        WorkspaceWriter w(*ws);
        w.beginSource(source("keep.log"));
        w.addItem(item(0));
        w.commitSource();
        w.beginSource(source("drop.log"));
        for (int i = 0; i < 5000; ++i)
            w.addItem(item(i));
        w.rollbackSource();
        QCOMPARE(TestUtils::queryInt(*ws, "SELECT count(*) FROM items"), qint64(1));
        QCOMPARE(TestUtils::queryInt(*ws, "SELECT count(*) FROM item_keys"), qint64(1));
        QCOMPARE(TestUtils::queryInt(*ws, "SELECT count(*) FROM sources"), qint64(1));
        // The writer is usable again after a rollback.
        w.beginSource(source("again.log"));
        QCOMPARE(w.addItem(item(0)), int64_t(2));
        w.commitSource();
        QCOMPARE(TestUtils::queryInt(*ws, "SELECT count(*) FROM items"), qint64(2));
    }

    void largeFileIndexesAreRebuiltAtCommit()
    {
        QTemporaryDir dir;
        auto ws = TestUtils::newWorkspace(dir);
        const QString indexes
            = QStringLiteral("SELECT group_concat(name || ':' || sql, '|') FROM (SELECT name, sql FROM "
                             "sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name)");
        const QString before = TestUtils::queryText(*ws, indexes);
        QVERIFY(before.contains(QStringLiteral("item_keys_value:CREATE INDEX")));
        WorkspaceWriter w(*ws);
        WorkspaceWriter::SourceInfo big = source("big.jsonl");
        big.size = int64_t(200) << 20; // declared size: takes the deferred-index path
        w.beginSource(big);
        for (int i = 0; i < 600; ++i)
            w.addItem(item(i));
        w.rollbackSource();
        QCOMPARE(TestUtils::queryText(*ws, indexes), before);
        w.beginSource(big);
        for (int i = 0; i < 600; ++i)
            w.addItem(item(i));
        w.commitSource();
        QCOMPARE(TestUtils::queryText(*ws, indexes), before);
        // The rebuilt index answers lookups.
        QCOMPARE(
            TestUtils::queryInt(*ws, "SELECT count(*) FROM item_keys INDEXED BY item_keys_value WHERE value = 'A-599'"),
            qint64(1));
        ws.reset();
        // Reopening validates the schema against what the migrations create.
        QVERIFY(Workspace::openUntrusted(dir.filePath(QStringLiteral("t.threadline"))) != nullptr);
    }

    void destroyingMidSourceRollsBack()
    {
        QTemporaryDir dir;
        auto ws = TestUtils::newWorkspace(dir);
        {
            WorkspaceWriter w(*ws);
            w.beginSource(source("half.log"));
            for (int i = 0; i < 2000; ++i)
                w.addItem(item(i));
        }
        QCOMPARE(TestUtils::queryInt(*ws, "SELECT count(*) FROM items"), qint64(0));
        QCOMPARE(TestUtils::queryInt(*ws, "SELECT count(*) FROM sources"), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TstWorkspaceWriter)
#include "tst_workspacewriter.moc"
