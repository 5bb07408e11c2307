#include "SqliteDatabase.h"
#include "SqliteError.h"
#include "TestUtils.h"

#include <QElapsedTimer>
#include <QtTest>

#include <sqlite3.h>

using namespace TestUtils;

namespace {

struct Failure
{
    int code = SQLITE_OK; // SQLITE_OK: nothing was thrown
    QString message;
};

template <typename F> Failure failureOf(F &&f)
{
    try {
        f();
    } catch (const SqliteError &e) {
        return {e.code(), QString::fromStdString(e.what())};
    }
    return {};
}

int liveStatements(const SqliteDatabase &db)
{
    int n = 0;
    for (sqlite3_stmt *s = sqlite3_next_stmt(db.handle(), nullptr); s; s = sqlite3_next_stmt(db.handle(), s))
        ++n;
    return n;
}

} // namespace

// Every workspace read and write goes through this wrapper: callers show SqliteError::what() to
// the user, branch on code() (ImportRunner tells a full disk by it), and rely on a transaction
// that is not committed leaving nothing behind.
class TstSqliteDatabase : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_files = 0;

    std::string newPath() { return m_dir.filePath(QStringLiteral("%1.db").arg(++m_files)).toStdString(); }
    SqliteDatabase newDb(const char *schema = "CREATE TABLE t(k INTEGER PRIMARY KEY, v TEXT NOT NULL)")
    {
        SqliteDatabase db(newPath(), SqliteDatabase::OpenMode::Create);
        db.exec(schema);
        return db;
    }

private slots:
    void openMissingFile_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("code");
        QTest::newRow("read-only") << int(SqliteDatabase::OpenMode::ReadOnly) << SQLITE_CANTOPEN;
        QTest::newRow("read-write does not create") << int(SqliteDatabase::OpenMode::ReadWrite) << SQLITE_CANTOPEN;
        QTest::newRow("create") << int(SqliteDatabase::OpenMode::Create) << SQLITE_OK;
    }
    void openMissingFile()
    {
        QFETCH(int, mode);
        QFETCH(int, code);
        const std::string path = newPath();
        const Failure f = failureOf([&] { SqliteDatabase(path, SqliteDatabase::OpenMode(mode)); });
        QCOMPARE(f.code, code);
        QCOMPARE(QFileInfo::exists(QString::fromStdString(path)), code == SQLITE_OK);
        if (code != SQLITE_OK)
            QCOMPARE(f.message, QString::fromStdString("cannot open " + path + ": unable to open database file"));
    }

    void readOnlyRefusesWrites()
    {
        std::string path;
        {
            SqliteDatabase db = newDb();
            db.exec("INSERT INTO t(v) VALUES('a')");
            path = sqlite3_db_filename(db.handle(), "main");
        }
        SqliteDatabase ro(path, SqliteDatabase::OpenMode::ReadOnly);
        const Failure f = failureOf([&] { ro.exec("INSERT INTO t(v) VALUES('b')"); });
        QCOMPARE(f.code, SQLITE_READONLY);
        QCOMPARE(f.message, q("SQL error: attempt to write a readonly database in: INSERT INTO t(v) VALUES('b')"));
        QCOMPARE(ro.queryInt("SELECT count(*) FROM t"), int64_t(1));
    }

    void notADatabase_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QByteArray noise(8192, '\0');
        for (int i = 0; i < noise.size(); ++i)
            noise[i] = char((i * 131 + 7) % 251);
        QTest::newRow("binary noise") << noise;
        QTest::newRow("short text") << QByteArray("hello\n");
        QTest::newRow("json lines") << QByteArray("{\"a\":1}\n").repeated(300);
    }
    void notADatabase()
    {
        // SQLite reads the header lazily: the open succeeds, the first statement must fail with
        // NOTADB, not read garbage as an empty schema.
        QFETCH(QByteArray, bytes);
        const QString path = writeTemp(m_dir, QStringLiteral("junk%1").arg(++m_files), bytes);
        SqliteDatabase db(path.toStdString(), SqliteDatabase::OpenMode::ReadWrite);
        const Failure f = failureOf([&] { db.queryInt("SELECT count(*) FROM sqlite_schema"); });
        QCOMPARE(f.code, SQLITE_NOTADB);
        QVERIFY2(f.message.contains(q("file is not a database")), qPrintable(f.message));
        QCOMPARE(readFile(path), bytes);
    }

    void execRunsEveryStatementUntilTheFirstError()
    {
        SqliteDatabase db = newDb("CREATE TABLE t(x); INSERT INTO t VALUES(1); INSERT INTO t VALUES(2)");
        QCOMPARE(db.queryInt("SELECT sum(x) FROM t"), int64_t(3));
        const Failure f = failureOf(
            [&] { db.exec("INSERT INTO t VALUES(4); INSERT INTO nope VALUES(8); INSERT INTO t VALUES(16)"); });
        QCOMPARE(f.code, SQLITE_ERROR);
        QVERIFY2(f.message.startsWith(q("SQL error: no such table: nope in: INSERT INTO t VALUES(4);")),
            qPrintable(f.message));
        // Outside a transaction the statements before the failing one stay: callers wrap scripts.
        QCOMPARE(db.queryInt("SELECT sum(x) FROM t"), int64_t(7));
    }

    void errorsCarryExtendedCodes_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("reason");
        QTest::newRow("unique") << q("INSERT INTO t VALUES(1, 'dup')") << SQLITE_CONSTRAINT_PRIMARYKEY
                                << q("UNIQUE constraint failed: t.k");
        QTest::newRow("not null") << q("INSERT INTO t VALUES(2, NULL)") << SQLITE_CONSTRAINT_NOTNULL
                                  << q("NOT NULL constraint failed: t.v");
        QTest::newRow("syntax") << q("INSRT INTO t VALUES(3, 'x')") << SQLITE_ERROR << q("syntax error");
    }
    void errorsCarryExtendedCodes()
    {
        QFETCH(QString, sql);
        QFETCH(int, code);
        QFETCH(QString, reason);
        SqliteDatabase db = newDb();
        db.exec("INSERT INTO t VALUES(1, 'one')");
        const Failure f = failureOf([&] { db.exec(sql.toStdString()); });
        QCOMPARE(f.code, code);
        QVERIFY2(f.message.contains(reason), qPrintable(f.message));
        QVERIFY2(f.message.endsWith(q(" in: ") + sql), qPrintable(f.message));
        QCOMPARE(db.queryInt("SELECT count(*) FROM t"), int64_t(1));
    }

    void queryHelpers_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<qint64>("integer");
        QTest::addColumn<QString>("text");
        QTest::newRow("value") << q("SELECT 42") << qint64(42) << q("42");
        QTest::newRow("int64 max") << q("SELECT 9223372036854775807") << qint64(INT64_MAX) << q("9223372036854775807");
        QTest::newRow("first row only") << q("VALUES(3),(1)") << qint64(3) << q("3");
        QTest::newRow("no row: fallback") << q("SELECT 1 WHERE 0") << qint64(-7) << QString();
        QTest::newRow("NULL: fallback") << q("SELECT NULL") << qint64(-7) << QString();
        QTest::newRow("aggregate of nothing") << q("SELECT max(k) FROM t") << qint64(-7) << QString();
        QTest::newRow("zero is not NULL") << q("SELECT 0") << qint64(0) << q("0");
        QTest::newRow("empty text") << q("SELECT ''") << qint64(0) << QString();
    }
    void queryHelpers()
    {
        QFETCH(QString, sql);
        QFETCH(qint64, integer);
        QFETCH(QString, text);
        const SqliteDatabase db = newDb();
        QCOMPARE(qint64(db.queryInt(sql.toStdString(), -7)), integer);
        QCOMPARE(QString::fromStdString(db.queryText(sql.toStdString())), text);
        QCOMPARE(liveStatements(db), 0);
    }

    void failedQueryThrowsAndFinalizes()
    {
        // A failure must not read as the fallback (a count of 0 would look like an empty workspace).
        const SqliteDatabase db = newDb();
        Failure f = failureOf([&] { db.queryInt("SELECT abs(-9223372036854775807 - 1)", 5); });
        QCOMPARE(f.code, SQLITE_ERROR);
        f = failureOf([&] { db.queryText("SELECT v FROM missing"); });
        QCOMPARE(f.message, q("SQL prepare failed: no such table: missing in: SELECT v FROM missing"));
        QCOMPARE(liveStatements(db), 0);
    }

    void lastInsertRowIdAndChanges()
    {
        SqliteDatabase db = newDb();
        QCOMPARE(db.lastInsertRowId(), int64_t(0));
        db.exec("INSERT INTO t VALUES(9223372036854775806, 'a'); INSERT INTO t(v) VALUES('b')");
        QCOMPARE(db.lastInsertRowId(), INT64_MAX);
        QCOMPARE(failureOf([&] { db.exec("INSERT INTO t VALUES(5, NULL)"); }).code, SQLITE_CONSTRAINT_NOTNULL);
        QCOMPARE(db.lastInsertRowId(), INT64_MAX);
        db.exec("UPDATE t SET v = 'c'");
        QCOMPARE(db.changes(), 2);
    }

    void moveTransfersTheConnection()
    {
        SqliteDatabase a = newDb();
        const std::string path = sqlite3_db_filename(a.handle(), "main");
        a.exec("BEGIN IMMEDIATE");
        SqliteDatabase b(std::move(a));
        QVERIFY(!a.isOpen() && !a.inTransaction());
        QVERIFY(b.inTransaction());
        SqliteDatabase &alias = b;
        b = std::move(alias);
        QVERIFY(b.isOpen());
        // Assigning over b closes its connection, which rolls back and releases the write lock:
        // otherwise the second writer below would wait out the busy timeout and fail.
        b = SqliteDatabase(path, SqliteDatabase::OpenMode::ReadWrite);
        SqliteDatabase other(path, SqliteDatabase::OpenMode::ReadWrite);
        QCOMPARE(
            failureOf([&] { other.exec("BEGIN IMMEDIATE; INSERT INTO t(v) VALUES('x'); COMMIT"); }).code, SQLITE_OK);
        QCOMPARE(b.queryInt("SELECT count(*) FROM t"), int64_t(1));
    }

    void transactionCommitsOrRollsBack()
    {
        SqliteDatabase db = newDb();
        {
            SqliteTransaction tx(db);
            db.exec("INSERT INTO t(v) VALUES('kept')");
            tx.commit();
        }
        QVERIFY(!db.inTransaction());
        {
            SqliteTransaction tx(db);
            db.exec("INSERT INTO t(v) VALUES('dropped by destructor')");
            // Nesting is refused without ending the outer transaction.
            QCOMPARE(failureOf([&] { SqliteTransaction inner(db); }).message,
                q("SQL error: cannot start a transaction within a transaction in: BEGIN IMMEDIATE"));
            QVERIFY(db.inTransaction());
        }
        {
            SqliteTransaction tx(db, false);
            db.exec("INSERT INTO t(v) VALUES('dropped by rollback')");
            tx.rollback();
            QVERIFY(!db.inTransaction());
            tx.rollback(); // a second rollback (or the destructor) must not throw
        }
        QCOMPARE(db.queryText("SELECT group_concat(v) FROM t"), std::string("kept"));
    }

    void failedCommitRollsBackOnDestruction()
    {
        SqliteDatabase db = newDb("PRAGMA foreign_keys = ON; CREATE TABLE p(id INTEGER PRIMARY KEY); "
                                  "CREATE TABLE c(pid REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED)");
        {
            SqliteTransaction tx(db);
            db.exec("INSERT INTO c VALUES(5)");
            QCOMPARE(failureOf([&] { tx.commit(); }).code, SQLITE_CONSTRAINT_FOREIGNKEY);
            QVERIFY(db.inTransaction());
        }
        QVERIFY(!db.inTransaction());
        QCOMPARE(db.queryInt("SELECT count(*) FROM c", -1), int64_t(0));
    }

    void secondWriterWaitsThenFailsBusy()
    {
        SqliteDatabase first = newDb();
        const std::string path = sqlite3_db_filename(first.handle(), "main");
        SqliteDatabase second(path, SqliteDatabase::OpenMode::ReadWrite);
        {
            // A deferred transaction takes no write lock until it writes.
            SqliteTransaction reading(first, false);
            QCOMPARE(failureOf([&] { SqliteTransaction(second).commit(); }).code, SQLITE_OK);
        }
        SqliteTransaction tx(first);
        QElapsedTimer timer;
        timer.start();
        const Failure f = failureOf([&] { SqliteTransaction blocked(second); });
        // The connection promises a 2 s busy timeout: a brief lock by another process is waited out.
        QVERIFY2(timer.elapsed() >= 1500, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(f.code, SQLITE_BUSY);
        QCOMPARE(f.message, q("SQL error: database is locked in: BEGIN IMMEDIATE"));
        QVERIFY(!second.inTransaction());
    }
};

QTEST_GUILESS_MAIN(TstSqliteDatabase)
#include "tst_sqlitedatabase.moc"
