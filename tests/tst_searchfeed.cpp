// SearchFeed: the texts the writer hands to the search index must reach SQL exactly as the
// index's delete path rebuilds them, and only for as long as the feed exists.
#include "SearchFeed.h"
#include "SqliteDatabase.h"
#include "SqliteError.h"

#include <QtTest>

#include <sqlite3.h>

class TstSearchFeed : public QObject
{
    Q_OBJECT

    static QString rows(SqliteDatabase &db, const SearchFeed &feed)
    {
        auto st = db.prepare("SELECT id, text FROM " + feed.tableName());
        QStringList out;
        while (st.step())
            out << QString::number(st.int64(0)) + "=" + QString::fromStdString(st.text(1));
        return out.join('|');
    }

private slots:
    void searchTextJoinsNameAndText()
    {
        std::string s;
        SearchFeed::appendSearchText(s, "chat gpt-4o", "where is my refund");
        QCOMPARE(s, std::string("chat gpt-4o where is my refund"));
        s.clear();
        SearchFeed::appendSearchText(s, "", "only text");
        QCOMPARE(s, std::string("only text"));
        s.clear();
        SearchFeed::appendSearchText(s, "only name", "");
        QCOMPARE(s, std::string("only name"));
    }

    void rowsReachSqlInOrder()
    {
        SqliteDatabase db(":memory:", SqliteDatabase::OpenMode::Create);
        SearchFeed feed(db.handle());
        QCOMPARE(rows(db, feed), QString());
        feed.add(7, "name", "text");
        feed.add(8, "", ""); // nothing to index: no row
        feed.add(9, "", "é ünïcode");
        feed.add(10, "tool", "");
        QCOMPARE(feed.size(), size_t(3));
        QCOMPARE(rows(db, feed), QStringLiteral("7=name text|9=é ünïcode|10=tool"));
        // Read by a full-text insert, which is what it is for.
        db.exec("CREATE VIRTUAL TABLE f USING fts5(text)");
        db.exec("INSERT INTO f(rowid, text) SELECT id, text FROM " + feed.tableName());
        QCOMPARE(db.queryInt("SELECT rowid FROM f WHERE f MATCH 'unicode'"), int64_t(9));
        feed.clear();
        QVERIFY(feed.empty());
        QCOMPARE(rows(db, feed), QString());
        feed.add(11, "again", "");
        QCOMPARE(rows(db, feed), QStringLiteral("11=again"));
    }

    void feedsOnOneConnectionStayApart()
    {
        SqliteDatabase db(":memory:", SqliteDatabase::OpenMode::Create);
        std::string firstName;
        {
            SearchFeed first(db.handle());
            firstName = first.tableName();
            first.add(1, "first", "");
            {
                SearchFeed second(db.handle());
                QVERIFY(second.tableName() != first.tableName());
                second.add(2, "second", "");
                QCOMPARE(rows(db, second), QStringLiteral("2=second"));
                QCOMPARE(rows(db, first), QStringLiteral("1=first"));
            }
            QCOMPARE(rows(db, first), QStringLiteral("1=first"));
        }
        // Gone with its feed: no statement can read a feed that no longer exists.
        QVERIFY_THROWS_EXCEPTION(SqliteError, db.prepare("SELECT * FROM " + firstName));
    }

    void notUsableFromTheSchema()
    {
        // A shared workspace's views and triggers must not reach into the importing process.
        SqliteDatabase db(":memory:", SqliteDatabase::OpenMode::Create);
        SearchFeed feed(db.handle());
        feed.add(1, "x", "");
        db.exec("CREATE VIEW v AS SELECT * FROM " + feed.tableName());
        QVERIFY_THROWS_EXCEPTION(SqliteError, db.queryInt("SELECT count(*) FROM v"));
    }
};

QTEST_GUILESS_MAIN(TstSearchFeed)
#include "tst_searchfeed.moc"
