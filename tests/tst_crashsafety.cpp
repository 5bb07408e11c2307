// Crash safety of the CLI: the real `threadline` binary is killed with SIGKILL at seeded
// pseudo-random points of an import, an analysis and a share, and the files it leaves must
// be whole: the workspace opens, passes integrity_check, holds every file that committed
// (with all its items) and nothing of the one in flight; an analysis is the previous one or
// none; a shared copy is absent or complete. Disk full (RLIMIT_FSIZE) must give a clear
// error and leave the workspace as it was.
#include "SqliteDatabase.h"
#include "TestUtils.h"
#include "Workspace.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QtTest>

#include <algorithm>
#include <csignal>
#include <functional>
#include <sys/resource.h>

using namespace TestUtils;

namespace {

constexpr int kFiles = 16;
constexpr int kLinesPerFile = 400;

// One JSON-lines log file per "service"; every line names a conversation, so analysis has
// real work to do.
void writeInputs(const QString &folder)
{
    QDir().mkpath(folder);
    for (int f = 0; f < kFiles; ++f) {
        QByteArray text;
        for (int i = 0; i < kLinesPerFile; ++i) {
            const int conv = (f * 7 + i) % 400;
            text += QStringLiteral("{\"ts\":\"2026-03-01T10:%1:%2.%3Z\",\"level\":\"info\",\"service\":\"svc%4\","
                                   "\"conversation_id\":\"conv_%5\",\"user_id\":\"user_%6\",\"msg\":\"step %7 of "
                                   "file %4 handled the request and answered\"}\n")
                        .arg(i / 60 % 60, 2, 10, QLatin1Char('0'))
                        .arg(i % 60, 2, 10, QLatin1Char('0'))
                        .arg(f, 3, 10, QLatin1Char('0'))
                        .arg(f)
                        .arg(conv)
                        .arg(conv % 97)
                        .arg(i)
                        .toUtf8();
        }
        writeFile(QStringLiteral("%1/svc%2.jsonl").arg(folder).arg(f, 2, 10, QLatin1Char('0')), text);
    }
}

struct Run
{
    bool killed = false; // still running when the kill came
    int exitCode = -1;
    QString stderrText;
    qint64 ms = 0;
};

// Runs the CLI; SIGKILLs it as soon as killNow() says so, unless it has ended by then. The
// process is polled every few milliseconds by waiting on it, so nothing sleeps.
Run runCli(const QStringList &args, const std::function<bool(qint64 elapsedMs)> &killNow = nullptr,
    const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::SeparateChannels);
    QElapsedTimer clock;
    clock.start();
    p.start(threadlineBinary(), args);
    Run r;
    if (!p.waitForStarted(30000))
        return r;
    if (!killNow) {
        p.waitForFinished(120000);
    } else {
        while (p.state() != QProcess::NotRunning) {
            if (killNow(clock.elapsed())) {
                p.kill(); // SIGKILL
                r.killed = true;
                p.waitForFinished(30000);
                break;
            }
            p.waitForFinished(3);
        }
    }
    r.ms = clock.elapsed();
    if (!r.killed)
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.stderrText = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// Kills once `ms` have passed.
std::function<bool(qint64)> after(qint64 ms)
{
    return [ms](qint64 elapsed) { return elapsed >= ms; };
}

// Kills once the workspace and its write-ahead log together hold `bytes`: progress of an
// import measured by what it wrote, whatever the machine's speed.
std::function<bool(qint64)> afterWriting(const QString &workspace, qint64 bytes)
{
    return [workspace, bytes](qint64) {
        return QFileInfo(workspace).size() + QFileInfo(workspace + QStringLiteral("-wal")).size() >= bytes;
    };
}

// Fractions of a reference run (duration, bytes written) at which to kill: a fixed seed, so every run of the
// test kills at the same relative points.
std::vector<double> killFractions(quint32 seed, int count)
{
    QRandomGenerator rng(seed);
    std::vector<double> out;
    for (int i = 0; i < count; ++i)
        out.push_back(0.1 + 0.8 * rng.generateDouble());
    return out;
}

} // namespace

class TstCrashSafety : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_inputs;

    // The invariants every kill must leave: opens (the dead writer's lock is stale), sound,
    // every source whole, nothing orphaned. Returns the number of sources.
    static qint64 checkWhole(const QString &path, int &failures)
    {
        auto ws = Workspace::open(path, Workspace::Access::ReadWrite);
        const QStringList problems = ws->integrityProblems();
        if (!problems.isEmpty()) {
            qWarning() << "integrity:" << problems;
            ++failures;
        }
        // Each file's item_count equals the items stored for it and the lines it has.
        const qint64 partial = queryInt(*ws,
            q("SELECT count(*) FROM sources s WHERE s.item_count <> (SELECT count(*) FROM items i WHERE "
              "i.source_id = s.id) OR s.item_count <> ")
                + QString::number(kLinesPerFile));
        const qint64 orphanItems
            = queryInt(*ws, q("SELECT count(*) FROM items WHERE source_id NOT IN (SELECT id FROM sources)"));
        const qint64 orphanKeys
            = queryInt(*ws, q("SELECT count(*) FROM item_keys WHERE item_id NOT IN (SELECT id FROM items)"));
        if (partial != 0 || orphanItems != 0 || orphanKeys != 0) {
            qWarning() << "partial sources" << partial << "orphan items" << orphanItems << "orphan keys" << orphanKeys;
            ++failures;
        }
        // The search index's own structure (its text is name + text, so not compared to items).
        try {
            ws->db().exec("INSERT INTO items_fts(items_fts) VALUES('integrity-check')");
        } catch (const std::exception &e) {
            qWarning() << "full-text index:" << e.what();
            ++failures;
        }
        return queryInt(*ws, q("SELECT count(*) FROM sources"));
    }

    struct AnalysisCounts
    {
        qint64 conversations = 0, links = 0, edges = 0, findings = 0;
        bool operator==(const AnalysisCounts &o) const
        {
            return conversations == o.conversations && links == o.links && edges == o.edges && findings == o.findings;
        }
    };

    static AnalysisCounts analysisOf(Workspace &ws)
    {
        return {queryInt(ws, q("SELECT count(*) FROM conversations")),
            queryInt(ws, q("SELECT count(*) FROM conversation_items")), queryInt(ws, q("SELECT count(*) FROM edges")),
            queryInt(ws, q("SELECT count(*) FROM findings"))};
    }

    // A workspace with every input imported, copied from the reference (files only, closed).
    QString importedCopy(const QString &name)
    {
        const QString path = m_dir.filePath(name);
        QFile::remove(path);
        if (!QFile::copy(m_dir.filePath(QStringLiteral("reference.threadline")), path))
            return QString();
        return path;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QFileInfo::exists(threadlineBinary()));
        m_inputs = m_dir.filePath(QStringLiteral("in"));
        writeInputs(m_inputs);
    }

    void importKilledAtRandomPointsLeavesWholeFiles()
    {
        // Reference: an import that runs to the end, for its duration and final state.
        const QString reference = m_dir.filePath(QStringLiteral("reference.threadline"));
        const Run full
            = runCli({QStringLiteral("import"), QStringLiteral("-q"), QStringLiteral("-w"), reference, m_inputs});
        QCOMPARE(full.exitCode, 0);
        int failures = 0;
        QCOMPARE(checkWhole(reference, failures), qint64(kFiles));
        QCOMPARE(failures, 0);
        {
            auto ws = Workspace::open(reference, Workspace::Access::ReadWrite);
            ws->checkpoint(); // one self-contained file that the later tests copy
        }
        const qint64 fullBytes = QFileInfo(reference).size();

        const QString path = m_dir.filePath(QStringLiteral("killed.threadline"));
        int midway = 0; // kills that left some but not all files
        int killed = 0;
        for (double fraction : killFractions(20260301, 5)) {
            // Each round starts empty, so every kill point falls into a full-length import.
            for (const char *suffix : {"", "-wal", "-shm"})
                QFile::remove(path + QLatin1String(suffix));
            const Run r = runCli({QStringLiteral("import"), QStringLiteral("-q"), QStringLiteral("-w"), path, m_inputs},
                afterWriting(path, qint64(fraction * fullBytes)));
            killed += r.killed ? 1 : 0;
            const qint64 sources = checkWhole(path, failures);
            QVERIFY2(failures == 0, qPrintable(QStringLiteral("after a kill at %1 of the import").arg(fraction)));
            if (r.killed && sources > 0 && sources < kFiles)
                ++midway;
            qInfo("import killed at %.2f of the bytes: %lld of %d files", fraction, sources, kFiles);
        }
        QVERIFY2(killed >= 3, "most kills must land while the import runs");
        QVERIFY2(midway >= 1, "at least one kill must land between two files' commits");

        // Resuming after the last kill completes the workspace: every file once, all items.
        const Run resume
            = runCli({QStringLiteral("import"), QStringLiteral("-q"), QStringLiteral("-w"), path, m_inputs});
        QCOMPARE(resume.exitCode, 0);
        QCOMPARE(checkWhole(path, failures), qint64(kFiles));
        QCOMPARE(failures, 0);
        auto ws = Workspace::open(path, Workspace::Access::ReadOnly);
        QCOMPARE(queryInt(*ws, q("SELECT count(*) FROM items")), qint64(kFiles) * kLinesPerFile);
    }

    void bulkImportKilledLeavesNothingOfTheFile()
    {
        // One file large for its workspace takes the bulk path (rollback journal, indexes built
        // at commit); the variable lowers the threshold so a small file does. A kill anywhere
        // must leave the workspace openable, sound, in WAL mode, with the file whole or absent.
        const QString folder = m_dir.filePath(QStringLiteral("bulk-in"));
        QDir().mkpath(folder);
        QByteArray all;
        for (int f = 0; f < kFiles; ++f)
            all += readFile(QStringLiteral("%1/svc%2.jsonl").arg(m_inputs).arg(f, 2, 10, QLatin1Char('0')));
        writeFile(folder + QStringLiteral("/all.jsonl"), all);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("THREADLINE_BULK_MIN_BYTES"), QStringLiteral("1"));
        const QString path = m_dir.filePath(QStringLiteral("bulk.threadline"));
        const auto fresh = [&path] {
            for (const char *suffix : {"", "-wal", "-shm", "-journal"})
                QFile::remove(path + QLatin1String(suffix));
        };
        const QStringList args {QStringLiteral("import"), QStringLiteral("-q"), QStringLiteral("-w"), path, folder};
        qint64 fullMs = 0;
        for (int i = 0; i < 3; ++i) {
            fresh();
            const Run full = runCli(args, nullptr, env);
            QCOMPARE(full.exitCode, 0);
            fullMs = i == 0 ? full.ms : std::min(fullMs, full.ms);
        }
        const qint64 items = qint64(kFiles) * kLinesPerFile;
        int killed = 0;
        for (double fraction : killFractions(31, 5)) {
            fresh();
            const Run r = runCli(args, after(qint64(fraction * fullMs)), env);
            killed += r.killed ? 1 : 0;
            if (!QFileInfo::exists(path))
                continue; // killed before the workspace was created
            try {
                auto ws = Workspace::open(path, Workspace::Access::ReadWrite);
                QVERIFY(ws->integrityProblems().isEmpty());
                QCOMPARE(queryText(*ws, q("PRAGMA journal_mode")), QStringLiteral("wal"));
                const qint64 sources = queryInt(*ws, q("SELECT count(*) FROM sources"));
                QVERIFY(sources <= 1);
                QCOMPARE(queryInt(*ws, q("SELECT count(*) FROM items")), sources * items);
                QCOMPARE(
                    queryInt(*ws, q("SELECT count(*) FROM sources WHERE item_count <> ") + QString::number(items)), 0);
                // The four indexes the bulk path drops inside its transaction are all there.
                QCOMPARE(queryInt(*ws,
                             q("SELECT count(*) FROM sqlite_master WHERE name IN ('items_trace', 'items_start', "
                               "'item_keys_value', 'item_keys_item')")),
                    4);
                ws->db().exec("INSERT INTO items_fts(items_fts) VALUES('integrity-check')");
                qInfo("bulk import killed at %.2f of the run: %lld source(s)", fraction, sources);
            } catch (const std::exception &e) {
                QFAIL(qPrintable(QStringLiteral("after a kill at %1 of the bulk import: %2")
                                     .arg(fraction)
                                     .arg(QString::fromUtf8(e.what()))));
            }
            QVERIFY(!QFileInfo::exists(path + QStringLiteral("-journal")));
        }
        QVERIFY2(killed >= 2, "most kills must land while the import runs");
    }

    void analysisKilledIsThePreviousOrNone()
    {
        const QString path = importedCopy(QStringLiteral("analyze.threadline"));
        QVERIFY(!path.isEmpty());
        const QString done = importedCopy(QStringLiteral("analyzed.threadline"));
        // Kill points are fractions of the fastest of three runs: under load one run can take
        // three times as long as the next, and a slow base puts the late points after the end.
        qint64 fullMs = 0;
        for (int i = 0; i < 3; ++i) {
            const Run full = runCli({QStringLiteral("analyze"), QStringLiteral("-w"), done});
            QVERIFY2(full.exitCode == 0, qPrintable(full.stderrText));
            fullMs = i == 0 ? full.ms : std::min(fullMs, full.ms);
        }
        AnalysisCounts complete;
        {
            auto ws = Workspace::open(done, Workspace::Access::ReadOnly);
            complete = analysisOf(*ws);
        }
        QVERIFY(complete.conversations > 0);
        QVERIFY(complete.links > 0);

        int killed = 0, none = 0;
        for (double fraction : killFractions(7, 4)) {
            const Run r
                = runCli({QStringLiteral("analyze"), QStringLiteral("-w"), path}, after(qint64(fraction * fullMs)));
            killed += r.killed ? 1 : 0;
            // An exception (opening the workspace after the kill) fails with its text, not as
            // an anonymous "unhandled exception".
            try {
                int failures = 0;
                QCOMPARE(checkWhole(path, failures), qint64(kFiles));
                QCOMPARE(failures, 0);
                auto ws = Workspace::open(path, Workspace::Access::ReadOnly);
                const AnalysisCounts now = analysisOf(*ws);
                // Before the first analysis commits there is none; after it, every rerun that is
                // killed leaves the previous one (the same input gives the same analysis).
                if (now.conversations == 0) {
                    QCOMPARE(now.links + now.edges + now.findings, 0);
                    ++none;
                } else {
                    QVERIFY2(now == complete,
                        qPrintable(QStringLiteral("%1 conversations, %2 links, %3 edges, %4 findings")
                                       .arg(now.conversations)
                                       .arg(now.links)
                                       .arg(now.edges)
                                       .arg(now.findings)));
                }
                // Each conversation's item_count is what it links to.
                QCOMPARE(queryInt(*ws,
                             q("SELECT count(*) FROM conversations c WHERE c.item_count <> (SELECT count(*) FROM "
                               "conversation_items ci WHERE ci.conversation_id = c.id)")),
                    0);
            } catch (const std::exception &e) {
                QFAIL(qPrintable(QStringLiteral("after a kill at %1 of the run: %2")
                                     .arg(fraction)
                                     .arg(QString::fromUtf8(e.what()))));
            }
        }
        QVERIFY2(killed >= 2, "most kills must land while the analysis runs");
    }

    void shareKilledLeavesNoHalfCopy()
    {
        const QString path = importedCopy(QStringLiteral("share.threadline"));
        QVERIFY(!path.isEmpty());
        const QByteArray before = readFile(path);
        const QString out = m_dir.filePath(QStringLiteral("copy.threadline"));
        const Run full = runCli({QStringLiteral("share"), QStringLiteral("-w"), path, QStringLiteral("-o"), out,
            QStringLiteral("--redact")});
        QVERIFY2(full.exitCode == 0, qPrintable(full.stderrText));
        const qint64 items = qint64(kFiles) * kLinesPerFile;

        int killed = 0;
        for (double fraction : killFractions(99, 4)) {
            QFile::remove(out);
            const Run r = runCli({QStringLiteral("share"), QStringLiteral("-w"), path, QStringLiteral("-o"), out,
                                     QStringLiteral("--redact")},
                after(qint64(fraction * full.ms)));
            killed += r.killed ? 1 : 0;
            // The original is untouched: sharing only reads it.
            QCOMPARE(readFile(path), before);
            // The copy is absent or complete, never a half file under the destination's name.
            if (QFileInfo::exists(out)) {
                auto copy = Workspace::openUntrusted(out);
                QVERIFY(copy->integrityProblems().isEmpty());
                QCOMPARE(queryInt(*copy, q("SELECT count(*) FROM items")), items);
                QCOMPARE(queryInt(*copy, q("SELECT count(*) FROM sources")), qint64(kFiles));
            }
        }
        QVERIFY2(killed >= 2, "most kills must land while the share runs");
        // A leftover .part from a killed run does not stand in the way of the next share.
        QFile::remove(out);
        const Run again = runCli({QStringLiteral("share"), QStringLiteral("-w"), path, QStringLiteral("-o"), out});
        QVERIFY2(again.exitCode == 0, qPrintable(again.stderrText));
        QVERIFY(!QFileInfo::exists(out + QStringLiteral(".part")));
    }

    void diskFullIsAClearErrorAndLeavesTheWorkspace()
    {
        // A small workspace, then a file too big for the space left: RLIMIT_FSIZE in the child
        // (SIGXFSZ ignored) makes every write past the limit fail with EFBIG, as a full disk would.
        const QString path = m_dir.filePath(QStringLiteral("full.threadline"));
        const Run first = runCli({QStringLiteral("import"), QStringLiteral("-q"), QStringLiteral("-w"), path,
            m_inputs + QStringLiteral("/svc00.jsonl"), m_inputs + QStringLiteral("/svc01.jsonl")});
        QCOMPARE(first.exitCode, 0);
        QFile::remove(path + QStringLiteral("-wal"));
        const qint64 limit = QFileInfo(path).size() + 256 * 1024;
        const QString big = m_dir.filePath(QStringLiteral("big.jsonl"));
        {
            QByteArray all;
            for (int f = 2; f < kFiles; ++f)
                all += readFile(QStringLiteral("%1/svc%2.jsonl").arg(m_inputs).arg(f, 2, 10, QLatin1Char('0')));
            writeFile(big, all);
        }

        QProcess p;
        p.setChildProcessModifier([limit] {
            std::signal(SIGXFSZ, SIG_IGN);
            const rlimit rl {rlim_t(limit), rlim_t(limit)};
            setrlimit(RLIMIT_FSIZE, &rl);
        });
        p.start(threadlineBinary(), {QStringLiteral("import"), QStringLiteral("-w"), path, big});
        QVERIFY(p.waitForFinished(120000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 1);
        QVERIFY2(err.contains(QStringLiteral("big.jsonl")), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("nothing of it was kept")), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("full.threadline")), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("reached the file size limit of %1 bytes").arg(limit)), qPrintable(err));

        int failures = 0;
        QCOMPARE(checkWhole(path, failures), qint64(2));
        QCOMPARE(failures, 0);
        auto ws = Workspace::open(path, Workspace::Access::ReadOnly);
        QCOMPARE(queryInt(*ws, q("SELECT count(*) FROM items")), qint64(2) * kLinesPerFile);
        QCOMPARE(queryInt(*ws, q("SELECT count(*) FROM sources WHERE path = 'big.jsonl'")), 0);
    }
};

QTEST_GUILESS_MAIN(TstCrashSafety)
#include "tst_crashsafety.moc"
