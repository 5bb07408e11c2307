#include "ImportRunner.h"
#include "TestUtils.h"
#include "Workspace.h"

#include <QCryptographicHash>
#include <QtTest>

using Status = ImportRunner::FileResult::Status;

// ImportRunner decides per file whether to import at all: an unchanged file (same sha256 as
// the import stored under its path) is a no-op unless forced. A first import hashes the file
// only after parsing it (ImportRunner.cpp), so these tests check the stored hash is the file's.
class TstImportRunner : public QObject
{
    Q_OBJECT

    static QByteArray lines(int from, int count)
    {
        QByteArray bytes;
        for (int i = from; i < from + count; ++i)
            bytes += QByteArray(R"({"timestamp":"2026-01-02T10:00:00Z","msg":"record )") + QByteArray::number(i)
                + R"(","order_id":"A-)" + QByteArray::number(i) + "\"}\n";
        return bytes;
    }

    static QString sha256(const QString &path)
    {
        return QString::fromLatin1(
            QCryptographicHash::hash(TestUtils::readFile(path), QCryptographicHash::Sha256).toHex());
    }

    // The hash the workspace holds for the source stored as app.jsonl.
    static QString storedHash(Workspace &ws)
    {
        return TestUtils::queryText(ws, QStringLiteral("SELECT sha256 FROM sources WHERE path = 'app.jsonl'"));
    }

    static ImportRunner::FileResult run(Workspace &ws, const QString &path, bool force)
    {
        ImportRunner::Options options;
        options.force = force;
        const auto results = ImportRunner(ws).run({path}, options);
        return results.empty() ? ImportRunner::FileResult() : results.front();
    }

private slots:
    void firstImportStoresTheFilesHash()
    {
        QTemporaryDir dir;
        auto ws = TestUtils::newWorkspace(dir);
        const QString path = TestUtils::writeTemp(dir, QStringLiteral("app.jsonl"), lines(0, 3000));
        const auto r = run(*ws, path, false);
        QCOMPARE(r.status, Status::Imported);
        QCOMPARE(r.items, qint64(3000));
        QCOMPARE(storedHash(*ws), sha256(path));
    }

    void unchangedFileIsANoOpUnlessForced()
    {
        QTemporaryDir dir;
        auto ws = TestUtils::newWorkspace(dir);
        const QString path = TestUtils::writeTemp(dir, QStringLiteral("app.jsonl"), lines(0, 10));
        QCOMPARE(run(*ws, path, false).status, Status::Imported);
        const QString importedAt
            = TestUtils::queryText(*ws, QStringLiteral("SELECT imported_at FROM sources WHERE path = 'app.jsonl'"));

        const auto again = run(*ws, path, false);
        QCOMPARE(again.status, Status::Unchanged);
        QVERIFY2(again.message.contains(QStringLiteral("--force")), qPrintable(again.message));
        QCOMPARE(TestUtils::queryText(*ws, QStringLiteral("SELECT imported_at FROM sources WHERE path = 'app.jsonl'")),
            importedAt);
        QCOMPARE(TestUtils::queryInt(*ws, QStringLiteral("SELECT count(*) FROM items")), qint64(10));

        // Forced: imported again, replacing the rows, with the same hash stored.
        const auto forced = run(*ws, path, true);
        QCOMPARE(forced.status, Status::Imported);
        QCOMPARE(TestUtils::queryInt(*ws, QStringLiteral("SELECT count(*) FROM items")), qint64(10));
        QCOMPARE(storedHash(*ws), sha256(path));
    }

    void changedFileIsImportedAgainWithItsNewHash()
    {
        QTemporaryDir dir;
        auto ws = TestUtils::newWorkspace(dir);
        const QString path = TestUtils::writeTemp(dir, QStringLiteral("app.jsonl"), lines(0, 10));
        QCOMPARE(run(*ws, path, false).status, Status::Imported);
        const QString before = sha256(path);
        TestUtils::writeFile(path, lines(0, 12));
        const auto r = run(*ws, path, false);
        QCOMPARE(r.status, Status::Imported);
        QCOMPARE(TestUtils::queryInt(*ws, QStringLiteral("SELECT count(*) FROM items")), qint64(12));
        const QString after = storedHash(*ws);
        QCOMPARE(after, sha256(path));
        QVERIFY(after != before);
        // And now that version is the unchanged one.
        QCOMPARE(run(*ws, path, false).status, Status::Unchanged);
    }

    void progressSaysWhenAFileIsReadAndBeingFinished()
    {
        QTemporaryDir dir;
        auto ws = TestUtils::newWorkspace(dir);
        const QString a = TestUtils::writeTemp(dir, QStringLiteral("a.jsonl"), lines(0, 2000));
        const QString b = TestUtils::writeTemp(dir, QStringLiteral("b.jsonl"), lines(0, 5));
        const qint64 sizeA = QFileInfo(a).size(), sizeB = QFileInfo(b).size();
        std::vector<ImportRunner::Progress> seen;
        ImportRunner::Options options;
        options.progress = [&seen](const ImportRunner::Progress &p) { seen.push_back(p); };
        const auto results = ImportRunner(*ws).run({a, b}, options);
        QCOMPARE(int(results.size()), 2);
        std::vector<ImportRunner::Progress> finishing;
        for (const auto &p : seen)
            if (p.finishing)
                finishing.push_back(p);
        // Once per file, with all of its bytes counted, after every report of reading it.
        QCOMPARE(int(finishing.size()), 2);
        QCOMPARE(finishing[0].file, QString("a.jsonl"));
        QCOMPARE(finishing[0].bytesDone, sizeA);
        QCOMPARE(finishing[1].file, QString("b.jsonl"));
        QCOMPARE(finishing[1].bytesDone, sizeA + sizeB);
        QCOMPARE(finishing[1].bytesTotal, sizeA + sizeB);
        bool finishedA = false;
        for (const auto &p : seen) {
            if (p.finishing && p.file == QLatin1String("a.jsonl"))
                finishedA = true;
            else if (finishedA && p.file == QLatin1String("a.jsonl"))
                QFAIL("a report of reading a.jsonl came after its finishing report");
        }

        // An unchanged file is not read, so it is not finished either.
        seen.clear();
        ImportRunner(*ws).run({a}, options);
        for (const auto &p : seen)
            QVERIFY(!p.finishing);
    }

    void failedFirstImportLeavesNoSourceToCompareWith()
    {
        QTemporaryDir dir;
        auto ws = TestUtils::newWorkspace(dir);
        // An OTLP request cut off mid-line: the file fails as a whole.
        const QString path = TestUtils::writeTemp(dir, QStringLiteral("cut.otlp.jsonl"),
            QByteArray(R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c")"));
        QCOMPARE(run(*ws, path, false).status, Status::Failed);
        QCOMPARE(TestUtils::queryInt(*ws, QStringLiteral("SELECT count(*) FROM sources")), qint64(0));
        // The same bytes fail again rather than being taken for an unchanged import.
        QCOMPARE(run(*ws, path, false).status, Status::Failed);
    }
};

QTEST_GUILESS_MAIN(TstImportRunner)
#include "tst_importrunner.moc"
