#include "AnnotationStore.h"
#include "ShareFixture.h"
#include "TestUtils.h"
#include "Workspace.h"
#include "WorkspaceError.h"
#include "WorkspaceSharer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace TestUtils;

class TstWorkspaceSharer : public QObject
{
    Q_OBJECT

private slots:
    void reducePathsKeepsUrlsAndRelativePaths()
    {
        QCOMPARE(WorkspaceSharer::reducePaths(QStringLiteral("read /home/dana/cases/42/call.wav ok")),
            QStringLiteral("read call.wav ok"));
        QCOMPARE(WorkspaceSharer::reducePaths(QStringLiteral(R"({"file":"C:\\Users\\dana\\rec.wav"})")),
            QStringLiteral(R"({"file":"rec.wav"})"));
        QCOMPARE(WorkspaceSharer::reducePaths(QStringLiteral("file:///tmp/x/y.png")), QStringLiteral("y.png"));
        QCOMPARE(WorkspaceSharer::reducePaths(QStringLiteral("GET https://api.example.com/home/v1/refunds")),
            QStringLiteral("GET https://api.example.com/home/v1/refunds"));
        QCOMPARE(WorkspaceSharer::reducePaths(QStringLiteral("route /v1/refunds/{id} logs/app.jsonl")),
            QStringLiteral("route /v1/refunds/{id} logs/app.jsonl"));
        QCOMPARE(WorkspaceSharer::reducePaths(QStringLiteral("/cases/a/b.json"), {QStringLiteral("/cases/a")}),
            QStringLiteral("b.json"));
    }

    void roundTripKeepsAnnotationsAndMediaAndNoAbsolutePath()
    {
        QTemporaryDir dir;
        const QString original = dir.filePath(QStringLiteral("case.threadline"));
        const QByteArray absDir = QFileInfo(dir.path()).absoluteFilePath().toUtf8();
        ShareFixture::Ids ids;
        QByteArray originalBytes;
        {
            auto ws = Workspace::create(original);
            ids = ShareFixture::build(*ws);
            // Absolute paths of this disk in every place they can hide.
            const std::string abs = absDir.toStdString();
            ws->db().exec("INSERT INTO sources(path, format, sha256, imported_at, warnings) VALUES('" + abs
                + "/inbox/extra.log', 'jsonl-log', 'cc', '2026-01-01', 'line 3: skipped in " + abs
                + "/inbox/extra.log')");
            ws->db().exec("UPDATE items SET attrs = '{\"log.file.path\":\"" + abs
                + "/logs/payments.jsonl\"}', "
                  "detail = '{\"source\":\"file://"
                + abs + "/logs/payments.jsonl\"}' WHERE id = " + std::to_string(ids.log2));
            ws->setMeta(QStringLiteral("last_import_root"), QString::fromUtf8(absDir) + QStringLiteral("/inbox"));
            AnnotationStore::add(*ws,
                {0, QStringLiteral("item"), AnnotationStore::itemTarget(*ws, ids.log1),
                    QStringLiteral("see ") + QString::fromUtf8(absDir) + QStringLiteral("/notes.txt"),
                    QStringLiteral("dana"), {}, {}, {QStringLiteral("ledger")}, true});
            AnnotationStore::add(*ws,
                {0, QStringLiteral("edge"), AnnotationStore::edgeTarget(*ws, ids.suggestedEdge),
                    QStringLiteral("same customer"), QStringLiteral("dana"), {}, QStringLiteral("accepted"), {},
                    false});
            AnnotationStore::addBookmark(*ws, QStringLiteral("conversation"), QStringLiteral("conversation:conv-42"),
                QStringLiteral("escalated"));

            const QString out = dir.filePath(QStringLiteral("out/copy.threadline"));
            QDir().mkpath(dir.filePath(QStringLiteral("out")));
            originalBytes = readFile(original);
            const auto r = WorkspaceSharer::share(*ws, out, {});
            QVERIFY(r.pathsReduced >= 5);
            QCOMPARE(readFile(original), originalBytes); // the open workspace is only read
            QVERIFY_THROWS_EXCEPTION(WorkspaceError, WorkspaceSharer::share(*ws, out, {}));
        }
        const QString out = dir.filePath(QStringLiteral("out/copy.threadline"));
        QVERIFY(!QFileInfo::exists(out + QStringLiteral(".part")));
        QVERIFY(!QFileInfo::exists(out + QStringLiteral("-wal")));

        // Another machine: move it elsewhere, delete the original.
        QTemporaryDir elsewhere;
        const QString moved = elsewhere.filePath(QStringLiteral("received.threadline"));
        QVERIFY(QFile::rename(out, moved));
        QVERIFY(QFile::remove(original));
        const QByteArray raw = readFile(moved);
        QVERIFY(raw.size() > 4096);
        QVERIFY2(!raw.contains(absDir), "an absolute path of the sender's disk is left in the file");
        QVERIFY(!raw.contains("/inbox/"));
        // Self-contained: the header says rollback journal (not WAL), so no -wal file is needed.
        QCOMPARE(int(raw.at(18)), 1);
        QCOMPARE(int(raw.at(19)), 1);

        auto ws = Workspace::openUntrusted(moved);
        QVERIFY(ws->isReadOnly());
        QCOMPARE(
            queryText(*ws, QStringLiteral("SELECT path FROM sources WHERE format = 'jsonl-log' AND sha256 = 'cc'")),
            QStringLiteral("extra.log"));
        QCOMPARE(queryText(*ws, QStringLiteral("SELECT path FROM sources WHERE sha256 = 'aaaa1111'")),
            QStringLiteral("traces/planner.json")); // relative paths stay
        QCOMPARE(queryText(*ws, QStringLiteral("SELECT attrs FROM items WHERE ref = 'line:2'")),
            QStringLiteral("{\"log.file.path\":\"payments.jsonl\"}"));
        QCOMPARE(ws->meta(QStringLiteral("last_import_root")), QStringLiteral("inbox"));

        // Annotations resolve against the copy; media bytes are intact.
        const auto notes = AnnotationStore::forConversation(*ws, ids.conversation);
        QCOMPARE(notes.size(), size_t(2));
        QCOMPARE(AnnotationStore::resolveItem(*ws, notes.at(0).target), ids.log1);
        QCOMPARE(notes.at(0).note, QStringLiteral("see notes.txt"));
        QVERIFY(notes.at(0).rootCause);
        QCOMPARE(AnnotationStore::decision(*ws, QStringLiteral("edge"), QString::number(ids.suggestedEdge)),
            QStringLiteral("accepted"));
        QCOMPARE(AnnotationStore::bookmarks(*ws).size(), size_t(1));
        auto st = ws->db().prepare("SELECT data, file_name FROM media");
        QVERIFY(st.step());
        const std::string_view blob = st.blob(0);
        QCOMPARE(QByteArray(blob.data(), qsizetype(blob.size())), ShareFixture::tinyPng());
        QCOMPARE(QString::fromStdString(st.text(1)), QStringLiteral("screenshot.png"));

        // The summary says what is inside.
        const QJsonObject summary
            = QJsonDocument::fromJson(ws->meta(QStringLiteral("share_summary")).toUtf8()).object();
        QCOMPARE(summary.value(QStringLiteral("items")).toInt(), 7);
        QCOMPARE(summary.value(QStringLiteral("conversations")).toInt(), 1);
        QCOMPARE(summary.value(QStringLiteral("findings")).toInt(), 1);
        QCOMPARE(summary.value(QStringLiteral("annotations")).toInt(), 2);
        QCOMPARE(summary.value(QStringLiteral("media")).toInt(), 1);
        QCOMPARE(summary.value(QStringLiteral("sources")).toArray().size(), 3);
        QCOMPARE(summary.value(QStringLiteral("redacted")).toBool(), false);
        // Search still works on the copy (the index was rebuilt).
        QCOMPARE(
            queryInt(*ws, QStringLiteral("SELECT count(*) FROM items_fts WHERE items_fts MATCH 'refund_lookup'")), 1);
    }

    void cliSharesAndRefusesToOverwrite()
    {
        QTemporaryDir dir;
        const QString original = dir.filePath(QStringLiteral("case.threadline"));
        {
            auto ws = Workspace::create(original);
            ShareFixture::build(*ws);
        }
        const QString out = dir.filePath(QStringLiteral("copy.threadline"));
        QProcess p;
        p.start(threadlineBinary(),
            {QStringLiteral("share"), QStringLiteral("-w"), original, QStringLiteral("--out"), out,
                QStringLiteral("--redact")});
        QVERIFY(p.waitForFinished(60000));
        const QString stdoutText = QString::fromUtf8(p.readAllStandardOutput());
        QCOMPARE(p.exitCode(), 0);
        QVERIFY2(stdoutText.contains(QStringLiteral("7 items")), qPrintable(stdoutText));
        QVERIFY2(stdoutText.contains(QStringLiteral("email: ")), qPrintable(stdoutText));
        QVERIFY(!readFile(out).contains("alice@example.com"));
        p.start(threadlineBinary(),
            {QStringLiteral("share"), QStringLiteral("-w"), original, QStringLiteral("--out"), out});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains(QStringLiteral("already exists")));
        p.start(threadlineBinary(),
            {QStringLiteral("share"), QStringLiteral("-w"), original, QStringLiteral("--out"),
                dir.filePath(QStringLiteral("x.threadline")), QStringLiteral("--pattern"),
                QStringLiteral("(unclosed")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("x.threadline"))));
    }
};

QTEST_GUILESS_MAIN(TstWorkspaceSharer)
#include "tst_workspacesharer.moc"
