// The command line as a user meets it: the built binary run as a child process, since app/ is
// compiled only into the executable. The README's CLI section is the contract checked here:
// exit code 2 for usage errors, 1 for a file or workspace that could not be processed, errors
// on stderr naming what is wrong, and the help listing exactly the documented commands.
#include "TestUtils.h"
#include "ThreadlineVersion.h"

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <set>

using namespace TestUtils;
using json = nlohmann::json;

class TstCliApplication : public QObject
{
    Q_OBJECT

    struct Run
    {
        int code = -1;
        QString out, err;
    };

    // Never a display: a regression that falls through to the GUI must fail, not open a window.
    static Run run(const QStringList &args, const QString &cwd = QString())
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        p.setProcessEnvironment(env);
        if (!cwd.isEmpty())
            p.setWorkingDirectory(cwd);
        p.start(threadlineBinary(), args);
        Run r;
        if (!p.waitForFinished(30000)) {
            p.kill();
            p.waitForFinished();
            r.err = QStringLiteral("did not finish (the GUI started?)");
            return r;
        }
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err += QString::fromUtf8(p.readAllStandardError());
        return r;
    }

    // Two lines sharing a conversation id and a user: enough for analyze to form one conversation.
    static QString goodLog(const QTemporaryDir &dir)
    {
        return writeTemp(dir, QStringLiteral("good.jsonl"),
            "{\"timestamp\":\"2026-01-02T10:00:00Z\",\"msg\":\"hello\",\"conversation_id\":\"conv-7\","
            "\"user_id\":\"u-1\"}\n"
            "{\"timestamp\":\"2026-01-02T10:00:05Z\",\"msg\":\"refund issued\",\"conversation_id\":\"conv-7\","
            "\"user_id\":\"u-1\"}\n");
    }

    static std::set<QString> words(const QString &text, const QString &pattern)
    {
        std::set<QString> out;
        auto it = QRegularExpression(pattern, QRegularExpression::MultilineOption).globalMatch(text);
        while (it.hasNext())
            out.insert(it.next().captured(1));
        return out;
    }

private slots:
    void commandHelp_data()
    {
        QTest::addColumn<QString>("command");
        for (const char *c : {"demo", "import", "analyze", "find", "share", "report", "export"})
            QTest::newRow(c) << QString::fromLatin1(c);
    }

    void commandHelp()
    {
        QFETCH(QString, command);
        const Run r = run({command, QStringLiteral("--help")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        // The usage line must be runnable as printed: it names the subcommand, not only the binary.
        const QString usage = r.out.section(QLatin1Char('\n'), 0, 0);
        QVERIFY2(usage.startsWith(QStringLiteral("Usage: threadline ") + command), qPrintable(usage));
    }

    void topLevelHelpListsTheReadmeCommands()
    {
        const QString readme = QString::fromUtf8(readFile(testData(QStringLiteral("../../README.md"))));
        const QString section
            = readme.section(QStringLiteral("## The command line"), 1).section(QStringLiteral("\n## "), 0, 0);
        const auto documented = words(section, QStringLiteral("^threadline +([a-z]+)\\b"));
        QVERIFY2(documented.size() >= 7, qPrintable(section));

        const Run r = run({QStringLiteral("--help")});
        QCOMPARE(r.code, 0);
        const QString commands = r.out.section(QStringLiteral("Commands:\n"), 1).section(QStringLiteral("\n\n"), 0, 0);
        const auto listed = words(commands, QStringLiteral("^  ([a-z]+) "));
        QCOMPARE(QStringList(listed.begin(), listed.end()), QStringList(documented.begin(), documented.end()));
        QCOMPARE(run({QStringLiteral("-h")}).out, r.out);
    }

    void versionIsTheBuildsVersion()
    {
        const Run r = run({QStringLiteral("--version")});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, QStringLiteral("threadline " THREADLINE_VERSION "\n"));
    }

    void unknownCommandIsAUsageError()
    {
        QTemporaryDir dir;
        const Run r = run({QStringLiteral("analyse")}, dir.path());
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("unknown command \"analyse\"")), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
        QVERIFY(QDir(dir.path()).isEmpty());
    }

    void unknownOption_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("word");
        QTest::newRow("import") << QStringList {QStringLiteral("import"), QStringLiteral("--bogus")}
                                << QStringLiteral("bogus");
        QTest::newRow("analyze") << QStringList {QStringLiteral("analyze"), QStringLiteral("--jsn")}
                                 << QStringLiteral("jsn");
        QTest::newRow("find") << QStringList {QStringLiteral("find"), QStringLiteral("--usr"), QStringLiteral("u")}
                              << QStringLiteral("usr");
        QTest::newRow("top level") << QStringList {QStringLiteral("--frobnicate")} << QStringLiteral("frobnicate");
    }

    void unknownOption()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, word);
        QTemporaryDir dir;
        const QString ws = dir.filePath(QStringLiteral("case.threadline"));
        if (args.size() > 1)
            args << QStringLiteral("-w") << ws << goodLog(dir);
        const Run r = run(args, dir.path());
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(word), qPrintable(r.err));
        QVERIFY2(!QFileInfo::exists(ws), "a refused command created the workspace");
    }

    void workspaceProblems_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("workspace"); // relative to the temporary folder
        QTest::addColumn<bool>("withPath");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("import without PATH") << "import"
                                             << "case.threadline" << false << 2 << "PATH";
        QTest::newRow("import into a missing folder")
            << "import"
            << "nodir/case.threadline" << true << 1 << "the folder %1/nodir does not exist";
        QTest::newRow("import into a text file")
            << "import"
            << "notes.txt" << true << 1 << "notes.txt is not a Threadline workspace";
        QTest::newRow("analyze a text file") << "analyze"
                                             << "notes.txt" << false << 1 << "notes.txt is not a Threadline workspace";
        QTest::newRow("find in a missing workspace")
            << "find"
            << "gone.threadline" << false << 1 << "gone.threadline does not exist";
    }

    void workspaceProblems()
    {
        QFETCH(QString, command);
        QFETCH(QString, workspace);
        QFETCH(bool, withPath);
        QFETCH(int, code);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QByteArray notes = "not a database\n";
        writeTemp(dir, QStringLiteral("notes.txt"), notes);
        QStringList args {command, QStringLiteral("-w"), dir.filePath(workspace)};
        if (withPath)
            args << goodLog(dir);
        if (command == QLatin1String("find"))
            args << QStringLiteral("--user") << QStringLiteral("u-1");
        const Run r = run(args, dir.path());
        QCOMPARE(r.code, code);
        message.replace(QStringLiteral("%1"), dir.path());
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QCOMPARE(readFile(dir.filePath(QStringLiteral("notes.txt"))), notes); // a refused file is never written
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("case.threadline"))));
    }

    void importKeepsTheGoodFileAndAnalyzePrintsJson()
    {
        QTemporaryDir dir;
        const QString ws = dir.filePath(QStringLiteral("case.threadline"));
        const QString bad = writeTemp(dir, QStringLiteral("bad.json"), "{\"resourceSpans\":[{\"scopeSpans\":[");
        const Run imported = run({QStringLiteral("import"), QStringLiteral("-w"), ws, goodLog(dir), bad});
        QCOMPARE(imported.code, 1); // any failed file makes the run fail ...
        QVERIFY2(imported.err.contains(QStringLiteral("error: bad.json")), qPrintable(imported.err));
        QVERIFY2(
            imported.err.contains(QStringLiteral("1 file(s) imported, 2 items; 1 failed")), qPrintable(imported.err));

        // ... but what imported cleanly stays: the next command sees it.
        const Run analyzed = run({QStringLiteral("analyze"), QStringLiteral("-w"), ws, QStringLiteral("--json")});
        QVERIFY2(analyzed.code == 0, qPrintable(analyzed.err));
        const json a = json::parse(analyzed.out.toStdString(), nullptr, false);
        QVERIFY2(!a.is_discarded(), qPrintable(analyzed.out));
        std::set<std::string> keys;
        for (const auto &member : a.items())
            keys.insert(member.key());
        QCOMPARE(keys, (std::set<std::string> {"conversations", "findings"}));
        QVERIFY(a["findings"].is_array());
        QCOMPARE(a["conversations"].size(), size_t(1));
        const json &c = a["conversations"][0];
        for (const char *k : {"id", "title", "user_ids", "start", "end", "items"})
            QVERIFY2(c.contains(k), k);
        QCOMPARE(c["id"], json("conversation:conv-7"));
        QCOMPARE(c["user_ids"], json::array({"u-1"}));
        QCOMPARE(c["start"], json("2026-01-02T10:00:00.000Z"));
        QCOMPARE(c["items"],
            json::parse(R"([{"source":"good.jsonl","ref":"line:1"},{"source":"good.jsonl","ref":"line:2"}])"));
    }
};

QTEST_GUILESS_MAIN(TstCliApplication)
#include "tst_cliapplication.moc"
