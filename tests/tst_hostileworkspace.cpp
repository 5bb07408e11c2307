#include "ReportBuilder.h"
#include "ShareFixture.h"
#include "SqliteError.h"
#include "TestUtils.h"
#include "Workspace.h"
#include "WorkspaceError.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QtTest>

using namespace TestUtils;

namespace {

// Every file under `dir` with its size: what must not change when a hostile file is opened.
QStringList listing(const QString &dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        out << it.filePath() + QLatin1Char(' ') + QString::number(it.fileInfo().size());
    }
    out.sort();
    return out;
}

QByteArray sha(const QString &path)
{
    return QCryptographicHash::hash(readFile(path), QCryptographicHash::Sha256).toHex();
}

// A valid workspace with the shared case in it, closed (rollback journal, no WAL).
void makeCase(const QString &path)
{
    auto ws = Workspace::create(path);
    ShareFixture::build(*ws);
}

// Raw SQL on the file, as an attacker with the sqlite3 shell would write it.
void tamper(const QString &path, const std::string &sql)
{
    SqliteDatabase db(path.toStdString(), SqliteDatabase::OpenMode::ReadWrite);
    db.exec("PRAGMA journal_mode = DELETE");
    db.exec(sql);
}

} // namespace

class TstHostileWorkspace : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_root;
    QString m_cases; // m_root/inner/cases: the ../../ of a media name would land in m_root

    QString craft(const QString &name)
    {
        const QString path = m_cases + QLatin1Char('/') + name + QStringLiteral(".threadline");
        makeCase(path);
        return path;
    }

    // Opens with the library (read-only, as a file from someone else) and with the CLI;
    // both must refuse with `reason`, and nothing on disk may change.
    void expectRefused(const QString &path, const QString &reason, bool alsoForWriting = true)
    {
        const QByteArray before = sha(path);
        const QStringList filesBefore = listing(m_root.path());
        QString message;
        try {
            auto ws = Workspace::openUntrusted(path);
            QFAIL("opened a hostile file");
        } catch (const WorkspaceError &e) {
            message = e.message();
        }
        QVERIFY2(message.contains(reason), qPrintable(message));
        // Damage only integrity_check sees is looked for on files from others, not on every
        // open of one's own workspace.
        try {
            if (!alsoForWriting)
                throw WorkspaceError(reason);
            auto ws = Workspace::open(path, Workspace::Access::ReadWrite);
            QFAIL("opened a hostile file for writing");
        } catch (const WorkspaceError &e) {
            QVERIFY2(e.message().contains(reason), qPrintable(e.message()));
        }
        for (const char *command : {"report", "export"}) {
            const QString out = m_root.filePath(QStringLiteral("out.") + QLatin1String(command));
            QProcess p;
            p.start(threadlineBinary(),
                {QLatin1String(command), QStringLiteral("-w"), path, QStringLiteral("--conversation"),
                    QStringLiteral("1"),
                    QLatin1String(command) == QLatin1String("report") ? QStringLiteral("--html")
                                                                      : QStringLiteral("--csv"),
                    out});
            QVERIFY(p.waitForFinished(60000));
            QCOMPARE(p.exitStatus(), QProcess::NormalExit);
            QCOMPARE(p.exitCode(), 1);
            const QString err = QString::fromUtf8(p.readAllStandardError());
            QVERIFY2(err.contains(reason), qPrintable(err));
            QVERIFY(!QFileInfo::exists(out));
        }
        QCOMPARE(sha(path), before);
        QCOMPARE(listing(m_root.path()), filesBefore);
    }

private slots:
    void initTestCase()
    {
        m_cases = m_root.filePath(QStringLiteral("inner/cases"));
        QVERIFY(QDir().mkpath(m_cases));
    }

    void wrongSchema()
    {
        const QString path = craft(QStringLiteral("wrong-schema"));
        tamper(path, "DROP TABLE bookmarks");
        expectRefused(path, QStringLiteral("the table \"bookmarks\" is missing"));
    }

    void triggerOnRead()
    {
        const QString path = craft(QStringLiteral("trigger"));
        tamper(path, "CREATE TRIGGER meta_au AFTER UPDATE ON meta BEGIN DELETE FROM items; END;");
        expectRefused(path, QStringLiteral("trigger named \"meta_au\""));
    }

    void viewNamedLikeOurTable()
    {
        const QString path = craft(QStringLiteral("view"));
        tamper(path,
            "DROP TABLE bookmarks; CREATE VIEW bookmarks AS SELECT id, 'item' AS target_kind, "
            "readfile('/etc/passwd') AS target, '' AS label, '' AS created_at FROM items");
        expectRefused(path, QStringLiteral("view named \"bookmarks\""));
    }

    void tableNamedLikeOursWithOtherColumns()
    {
        const QString path = craft(QStringLiteral("columns"));
        tamper(path,
            "DROP TABLE annotations; CREATE TABLE annotations (id INTEGER PRIMARY KEY, target_kind TEXT, "
            "target TEXT, note TEXT, tags TEXT, author TEXT, created_at TEXT, root_cause INTEGER, decision "
            "TEXT, payload BLOB); CREATE INDEX annotations_target ON annotations(target_kind, target);");
        expectRefused(path, QStringLiteral("table \"annotations\" is not defined the way Threadline defines it"));
    }

    void indexWithAnExpression()
    {
        // An expression index runs SQL on every write: same name as ours, other definition.
        const QString path = craft(QStringLiteral("index"));
        tamper(path, "DROP INDEX items_start; CREATE INDEX items_start ON items(abs(start_ns))");
        expectRefused(path, QStringLiteral("index \"items_start\" is not defined"));
    }

    void newerUserVersion()
    {
        const QString path = craft(QStringLiteral("newer"));
        tamper(path, "PRAGMA user_version = 99");
        expectRefused(path, QStringLiteral("newer Threadline"));
    }

    void integrityFailure()
    {
        const QString path = craft(QStringLiteral("damaged"));
        {
            // Enough rows for several pages, then noise over a page in the middle: the header
            // and the schema page stay valid, so only integrity_check can tell.
            SqliteDatabase db(path.toStdString(), SqliteDatabase::OpenMode::ReadWrite);
            db.exec("PRAGMA journal_mode = DELETE");
            db.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
                    "INSERT INTO items(source_id, ref, kind, start_ns, text) SELECT 1, 'line:' || (100 + i), 'log', "
                    "i, 'padding text ' || i FROM n");
        }
        QByteArray bytes = readFile(path);
        const int pageSize = Workspace::PageSize;
        QVERIFY(bytes.size() > 40 * pageSize);
        const int page = int(bytes.size() / pageSize) / 2;
        for (int i = 8; i < 200; ++i)
            bytes[page * pageSize + i] = char(0xA5 ^ i);
        writeFile(path, bytes);
        expectRefused(path, QStringLiteral("damaged"), false);
    }

    void mediaNamesArePlainText()
    {
        // Media has no path column: a file name like /etc/passwd or ../../x is only ever shown.
        const QString path = craft(QStringLiteral("media-paths"));
        tamper(path,
            "INSERT INTO media(item_id, mime, file_name, data) VALUES(1, 'image/png', '/etc/passwd', NULL);"
            "INSERT INTO media(item_id, mime, file_name, data) VALUES(2, 'image/png', '../../x', x'00');"
            "INSERT INTO media(item_id, mime, file_name, data) VALUES(3, 'image/png', "
            "'<img src=\"http://evil/x.png\">', x'89504E470D0A1A0A00');"
            "UPDATE sources SET path = '../../x' WHERE id = 2;");
        const QByteArray before = sha(path);
        const QStringList filesBefore = listing(m_root.path());
        const QString html = m_root.filePath(QStringLiteral("media.html"));
        QProcess p;
        p.start(threadlineBinary(),
            {QStringLiteral("report"), QStringLiteral("-w"), path, QStringLiteral("--conversation"),
                QStringLiteral("1"), QStringLiteral("--html"), html});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const QString text = QString::fromUtf8(readFile(html));
        QVERIFY(text.contains(QStringLiteral("/etc/passwd")));
        QVERIFY(!text.contains(QStringLiteral("root:x:0:0")));
        QVERIFY(text.contains(QStringLiteral("&lt;img src=&quot;http://evil/x.png&quot;&gt;")));
        QVERIFY(!text.contains(QStringLiteral("src=\"http")));
        QVERIFY(!QFileInfo::exists(m_root.filePath(QStringLiteral("x"))));
        QVERIFY(!QFileInfo::exists(m_root.filePath(QStringLiteral("inner/x"))));
        QVERIFY(QFile::remove(html));
        QCOMPARE(sha(path), before);
        QCOMPARE(listing(m_root.path()), filesBefore);
    }

    void hugeValuesAreBounded()
    {
        const QString path = craft(QStringLiteral("huge"));
        tamper(path,
            "INSERT INTO media(item_id, mime, file_name, data) VALUES(5, 'image/png', 'big.png', "
            "zeroblob(3000000));"
            "UPDATE items SET detail = '{\"documents\":[{\"id\":\"' || hex(zeroblob(400000)) || '\"}]}' "
            "WHERE id = 1;");
        // The library: a value over the limit fails to load instead of being allocated.
        {
            Workspace::Limits limits;
            limits.maxValueBytes = 1024 * 1024;
            auto ws = Workspace::openUntrusted(path, limits);
            QVERIFY(ws->isReadOnly());
            QVERIFY(ws->readOnlyReason().contains(QStringLiteral("enable editing")));
            QVERIFY_THROWS_EXCEPTION(
                SqliteError, ws->db().queryText("SELECT data FROM media WHERE file_name = 'big.png'"));
            QCOMPARE(ws->db().queryInt("SELECT length(data) FROM media WHERE file_name = 'big.png'"), 3000000);
            // The report embeds no picture over its own limit and skips oversized detail.
            const QString html = ReportBuilder::build(*ws, 1, {});
            QVERIFY(html.contains(QStringLiteral("not embedded: 3000000 bytes")));
            QVERIFY(html.size() < 200000);
        }
        // The CLI on the same file finishes and stays small.
        const QString csv = m_root.filePath(QStringLiteral("huge.csv"));
        QProcess p;
        p.start(threadlineBinary(),
            {QStringLiteral("export"), QStringLiteral("-w"), path, QStringLiteral("--conversation"),
                QStringLiteral("1"), QStringLiteral("--csv"), csv});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(QFileInfo(csv).size() < 100000);
        QFile::remove(csv);
    }
};

QTEST_GUILESS_MAIN(TstHostileWorkspace)
#include "tst_hostileworkspace.moc"
