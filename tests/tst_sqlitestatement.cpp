#include "SqliteDatabase.h"
#include "SqliteError.h"
#include "SqliteStatement.h"

#include <QtTest>

#include <cmath>
#include <cstring>
#include <limits>
#include <sqlite3.h>

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

QString q(const char *s)
{
    return QString::fromUtf8(s);
}

} // namespace

// The importers bind every span field through this class and the views read them back with
// textView(): a value that changes type or length on the way (NULL for '', text cut at a NUL, a
// 64-bit id rounded through a double) corrupts the workspace silently.
class TstSqliteStatement : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_files = 0;
    SqliteDatabase m_db;

    // Inserts into a column without affinity, so typeof() shows what was bound.
    template <typename Bind> SqliteStatement stored(Bind &&bind)
    {
        m_db.exec("DELETE FROM v");
        auto ins = m_db.prepare("INSERT INTO v(x) VALUES(?)");
        bind(ins);
        ins.exec();
        auto sel = m_db.prepare("SELECT x, typeof(x) FROM v");
        if (!sel.step())
            throw std::logic_error("row missing");
        return sel;
    }

private slots:
    void init()
    {
        const QString path = m_dir.filePath(QStringLiteral("%1.db").arg(++m_files));
        m_db = SqliteDatabase(path.toStdString(), SqliteDatabase::OpenMode::Create);
        m_db.exec("CREATE TABLE v(x); CREATE TABLE u(k INTEGER PRIMARY KEY, s TEXT UNIQUE)");
    }
    void cleanup() { m_db.close(); }

    void integers_data()
    {
        QTest::addColumn<qint64>("value");
        QTest::newRow("zero") << qint64(0);
        QTest::newRow("minus one") << qint64(-1);
        QTest::newRow("int64 min") << std::numeric_limits<qint64>::min();
        QTest::newRow("int64 max") << std::numeric_limits<qint64>::max();
        QTest::newRow("2^53 + 1 (not a double)") << (qint64(1) << 53) + 1;
    }
    void integers()
    {
        QFETCH(qint64, value);
        const auto sel = stored([&](SqliteStatement &s) { s.bind(1, int64_t(value)); });
        QCOMPARE(qint64(sel.int64(0)), value);
        QCOMPARE(sel.text(1), std::string("integer"));
        QCOMPARE(sel.text(0), std::to_string(value));
    }

    void reals_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("type");
        QTest::newRow("fraction") << 0.1 << q("real");
        QTest::newRow("negative zero") << -0.0 << q("real");
        QTest::newRow("max") << std::numeric_limits<double>::max() << q("real");
        QTest::newRow("denormal") << std::numeric_limits<double>::denorm_min() << q("real");
        QTest::newRow("infinity") << -std::numeric_limits<double>::infinity() << q("real");
        // SQLite has no NaN: it stores NULL, which real() reads as 0.
        QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN() << q("null");
    }
    void reals()
    {
        QFETCH(double, value);
        QFETCH(QString, type);
        const auto sel = stored([&](SqliteStatement &s) { s.bind(1, value); });
        QCOMPARE(QString::fromStdString(sel.text(1)), type);
        QCOMPARE(sel.isNull(0), std::isnan(value));
        const double back = sel.real(0);
        const double expected = std::isnan(value) ? 0.0 : value;
        QVERIFY2(std::memcmp(&back, &expected, sizeof back) == 0, qPrintable(QString::number(back)));
    }

    void textBytes_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("empty is not NULL") << QByteArray("");
        QTest::newRow("embedded NUL") << QByteArray("a\0b\0", 4);
        QTest::newRow("invalid UTF-8") << QByteArray("\xff\xfe\xc3(\xed\xa0\x80");
        QTest::newRow("four-byte UTF-8") << QByteArray("\xf0\x9f\x98\x80");
        QTest::newRow("1 MiB") << QByteArray(1 << 20, 'x');
    }
    void textBytes()
    {
        QFETCH(QByteArray, bytes);
        const std::string text = bytes.toStdString();
        // The optional binders store non-empty text as the plain ones do; '' is emptyAndNull's.
        for (int binder = 0; binder < (text.empty() ? 2 : 4); ++binder) {
            const auto sel = stored([&](SqliteStatement &s) {
                binder == 0       ? s.bind(1, text)
                    : binder == 1 ? s.bindView(1, text)
                    : binder == 2 ? s.bindOptional(1, text)
                                  : s.bindOptionalView(1, text);
            });
            QCOMPARE(sel.text(1), std::string("text"));
            QCOMPARE(sel.textView(0), std::string_view(text));
            QCOMPARE(sel.text(0), text);
            QCOMPARE(sel.blob(0), std::string_view(text));
        }
    }

    void emptyAndNull_data()
    {
        QTest::addColumn<int>("binder");
        QTest::addColumn<QString>("type");
        QTest::newRow("bind default view") << 0 << q("text");
        QTest::newRow("bindView default view") << 1 << q("text");
        QTest::newRow("bindOptional empty") << 2 << q("null");
        QTest::newRow("bindOptionalView empty") << 3 << q("null");
        QTest::newRow("bindNull") << 4 << q("null");
    }
    void emptyAndNull()
    {
        // bind() stores text whatever the view points at; only the optional binders turn ''
        // into NULL, so NOT NULL columns accept an empty value bound from a default view.
        QFETCH(int, binder);
        QFETCH(QString, type);
        const auto sel = stored([&](SqliteStatement &s) {
            const std::string_view none;
            binder == 0       ? s.bind(1, none)
                : binder == 1 ? s.bindView(1, none)
                : binder == 2 ? s.bindOptional(1, none)
                : binder == 3 ? s.bindOptionalView(1, "")
                              : s.bindNull(1);
        });
        QCOMPARE(QString::fromStdString(sel.text(1)), type);
        QCOMPARE(sel.isNull(0), type == q("null"));
        QVERIFY(sel.textView(0).empty() && sel.text(0).empty());
        QCOMPARE(sel.int64(0), int64_t(0));
    }

    void bindCopiesButBindViewDoesNot()
    {
        // WorkspaceWriter binds temporaries with bind() and long-lived batch strings with
        // bindView(); the view is read at exec(), so it must not be a stale copy either.
        std::string copied = "before", viewed = "before";
        auto ins = m_db.prepare("INSERT INTO v(x) VALUES(?), (?)");
        ins.bind(1, copied).bindView(2, viewed);
        copied[0] = viewed[0] = 'B';
        ins.exec();
        QCOMPARE(m_db.queryText("SELECT group_concat(x, ',') FROM v"), std::string("before,Before"));
    }

    void blobs()
    {
        const char bytes[] = {'\0', '\xff', 'z', '\0'};
        const auto sel = stored([&](SqliteStatement &s) { s.bindBlob(1, bytes, int64_t(sizeof bytes)); });
        QCOMPARE(sel.text(1), std::string("blob"));
        QCOMPARE(sel.blob(0), std::string_view(bytes, sizeof bytes));
        const auto empty = stored([&](SqliteStatement &s) { s.bindBlob(1, bytes, 0); });
        QCOMPARE(empty.text(1), std::string("blob"));
        QVERIFY(!empty.isNull(0) && empty.blob(0).empty());
        // A size computed by subtraction can go negative: SQLite would read on to the next NUL byte.
        const Failure f = failureOf([&] { stored([&](SqliteStatement &s) { s.bindBlob(1, bytes, -1); }); });
        QCOMPARE(f.code, SQLITE_MISUSE);
        QCOMPARE(f.message, q("SQL error: negative blob size -1 for parameter 1 in: INSERT INTO v(x) VALUES(?)"));
    }

    void execResetsAndClearsBindings()
    {
        auto ins = m_db.prepare("INSERT INTO v(x) VALUES(?)");
        for (int64_t i = 1; i <= 3; ++i)
            ins.bind(1, i * 10).exec();
        // A bind forgotten on reuse inserts NULL, never the previous row's value (or a dead view).
        ins.exec();
        QCOMPARE(m_db.queryText("SELECT group_concat(coalesce(x, 'null')) FROM v"), std::string("10,20,30,null"));
        ins.bind(1, 7);
        ins.reset();
        ins.exec();
        QCOMPARE(m_db.queryInt("SELECT count(*) FROM v WHERE x IS NULL"), int64_t(2));
    }

    void stepsOverManyRows()
    {
        auto st = m_db.prepare("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000) "
                               "SELECT i, 'r' || i FROM n");
        QCOMPARE(st.columnCount(), 2);
        int64_t rows = 0, sum = 0;
        while (st.step()) {
            ++rows;
            sum += st.int64(0);
            if (st.text(1) != "r" + std::to_string(rows))
                QFAIL(qPrintable(QString::fromStdString(st.text(1))));
        }
        QCOMPARE(rows, int64_t(10000));
        QCOMPARE(sum, int64_t(50005000));
        // After the last row every column reads as NULL, and so does one past the end.
        QVERIFY(st.isNull(0) && st.textView(1).empty());
        st.reset();
        QVERIFY(st.step());
        QCOMPARE(st.int64(0), int64_t(1));
        QVERIFY(st.isNull(2) && st.isNull(-1) && st.int64(2) == 0 && st.textView(2).empty() && st.blob(2).empty());
    }

    void errorsNameTheStatement_data()
    {
        QTest::addColumn<int>("index");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("index 0") << 0 << SQLITE_RANGE << q("column index out of range");
        QTest::newRow("index past the last") << 3 << SQLITE_RANGE << q("column index out of range");
        QTest::newRow("duplicate key") << 2 << SQLITE_CONSTRAINT_UNIQUE << q("UNIQUE constraint failed: u.s");
    }
    void errorsNameTheStatement()
    {
        QFETCH(int, index);
        QFETCH(int, code);
        QFETCH(QString, message);
        m_db.exec("INSERT INTO u VALUES(1, 'taken')");
        auto ins = m_db.prepare("INSERT INTO u VALUES(?, ?)");
        const Failure f = failureOf([&] { ins.bind(1, 2).bind(index, "taken").exec(); });
        QCOMPARE(f.code, code);
        QCOMPARE(f.message, q("SQL error: ") + message + q(" in: INSERT INTO u VALUES(?, ?)"));
        // The statement is usable again and the failure left no transaction open.
        QVERIFY(!m_db.inTransaction());
        QCOMPARE(failureOf([&] { ins.bind(1, 3).bind(2, "free").exec(); }).code, SQLITE_OK);
        QCOMPARE(m_db.queryInt("SELECT count(*) FROM u"), int64_t(2));
    }

    void failsMidWayAfterRows()
    {
        auto st = m_db.prepare("WITH t(n) AS (VALUES(1), (2), (-9223372036854775807 - 1), (4)) SELECT abs(n) FROM t");
        QVERIFY(st.step() && st.step());
        QCOMPARE(st.int64(0), int64_t(2));
        const Failure f = failureOf([&] { st.step(); });
        QCOMPARE(f.code, SQLITE_ERROR);
        QVERIFY2(f.message.startsWith(q("SQL error: integer overflow in: WITH t(n)")), qPrintable(f.message));
        QVERIFY(st.step());
        QCOMPARE(st.int64(0), int64_t(1));
    }

    void moveKeepsOneOwner()
    {
        const Failure f = failureOf([&] { m_db.prepare("SELECT nope FROM v"); });
        QCOMPARE(f.message, q("SQL prepare failed: no such column: nope in: SELECT nope FROM v"));
        SqliteStatement a = m_db.prepare("SELECT 1");
        SqliteStatement b(std::move(a));
        QVERIFY(a.handle() == nullptr);
        QVERIFY(b.step());
        b = m_db.prepare("SELECT 2");
        QVERIFY(b.step());
        QCOMPARE(b.integer(0), 2);
        // The replaced statement was finalized: only b is left on the connection.
        QCOMPARE(sqlite3_next_stmt(m_db.handle(), nullptr), b.handle());
        QVERIFY(sqlite3_next_stmt(m_db.handle(), b.handle()) == nullptr);
    }
};

QTEST_GUILESS_MAIN(TstSqliteStatement)
#include "tst_sqlitestatement.moc"
