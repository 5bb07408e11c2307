#include "ImportContext.h"
#include "ImportInput.h"
#include "SpanGraphAudit.h"
#include "TestUtils.h"
#include "Workspace.h"
#include "WorkspaceWriter.h"

#include <QtTest>

// SpanGraphAudit reports what a span tree cannot show: reused span ids and parent loops. The
// warnings it leaves on the source are what these tests read.
class TstSpanGraphAudit : public QObject
{
    Q_OBJECT

    struct Fixture
    {
        QTemporaryDir dir;
        std::unique_ptr<Workspace> ws = TestUtils::newWorkspace(dir);
        WorkspaceWriter writer {*ws};
        std::string file = TestUtils::writeTemp(dir, QStringLiteral("t.jsonl"), "{}\n").toStdString();
        ImportInput input {file};
        ImportContext ctx {input, writer, "t.jsonl", file};

        Fixture()
        {
            WorkspaceWriter::SourceInfo info;
            info.path = "t.jsonl";
            info.format = "test";
            info.sha256 = "x";
            writer.beginSource(info);
        }
        QStringList warnings()
        {
            writer.commitSource();
            return TestUtils::queryText(*ws, QStringLiteral("SELECT warnings FROM sources"))
                .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        }
    };

private slots:
    void duplicatesAreNumbered()
    {
        Fixture f;
        SpanGraphAudit audit;
        QCOMPARE(audit.add(f.ctx, "t1", "a", "", "line 1"), 1);
        QCOMPARE(audit.add(f.ctx, "t1", "b", "a", "line 2"), 1);
        QCOMPARE(audit.add(f.ctx, "t1", "a", "", "line 3"), 2);
        QCOMPARE(audit.add(f.ctx, "t1", "a", "", "line 4"), 3);
        QCOMPARE(audit.add(f.ctx, "t2", "a", "", "line 5"), 1); // same span id, other trace
        audit.finish(f.ctx);
        QCOMPARE(audit.duplicateCount(), 2);
        QCOMPARE(audit.cycleCount(), 0);
        const QStringList w = f.warnings();
        QCOMPARE(w.size(), 2);
        QVERIFY2(w[0].startsWith(QStringLiteral("line 3: duplicate span id a in trace t1")), qPrintable(w[0]));
        QVERIFY2(w[1].contains(QStringLiteral("…#3")), qPrintable(w[1]));
    }

    void eachCycleIsReportedOnceWithItsSpans()
    {
        Fixture f;
        SpanGraphAudit audit;
        // a → b → c → a, and d hangs off the loop; e → e; f's parent is not in the file.
        audit.add(f.ctx, "t", "a", "c", "");
        audit.add(f.ctx, "t", "b", "a", "");
        audit.add(f.ctx, "t", "c", "b", "");
        audit.add(f.ctx, "t", "d", "b", "");
        audit.add(f.ctx, "t", "e", "e", "");
        audit.add(f.ctx, "t", "f", "missing", "");
        audit.finish(f.ctx);
        QCOMPARE(audit.cycleCount(), 2);
        const QStringList w = f.warnings();
        QCOMPARE(w.size(), 2);
        for (const QString &line : w)
            QVERIFY2(line.startsWith(QStringLiteral("parent cycle: ")), qPrintable(line));
        const QString three = w.filter(QStringLiteral("t/a")).value(0);
        QVERIFY2(three.contains(QStringLiteral("t/b")) && three.contains(QStringLiteral("t/c")), qPrintable(three));
        QVERIFY(!three.contains(QStringLiteral("t/d")));
        QVERIFY(w.filter(QStringLiteral("t/e")).size() == 1);
    }

    void cyclesAreReportedInFileOrderFromTheirFirstSpan()
    {
        Fixture f;
        SpanGraphAudit audit;
        // Enough spans before them that the lookup table has grown a few times.
        for (int i = 0; i < 5000; ++i)
            audit.add(f.ctx, "t", "n" + std::to_string(i), i ? "n" + std::to_string(i - 1) : std::string(), "");
        audit.add(f.ctx, "t", "x", "z", "");
        audit.add(f.ctx, "t", "e", "e", "");
        audit.add(f.ctx, "t", "y", "x", "");
        audit.add(f.ctx, "t", "z", "y", "");
        audit.finish(f.ctx);
        QCOMPARE(audit.cycleCount(), 2);
        const QStringList w = f.warnings();
        QCOMPARE(w.size(), 2);
        QCOMPARE(w[0], QStringLiteral("parent cycle: t/x → t/z → t/y → back to the first (imported as recorded)"));
        QCOMPARE(w[1], QStringLiteral("parent cycle: t/e → back to the first (imported as recorded)"));
    }

    void longChainsAreWalkedWithoutRecursion()
    {
        Fixture f;
        SpanGraphAudit audit;
        const int n = 200000;
        for (int i = 0; i < n; ++i)
            audit.add(f.ctx, "t", std::to_string(i), i ? std::to_string(i - 1) : std::string(), "");
        audit.add(f.ctx, "t", "0", std::to_string(n - 1), ""); // a copy of the root closes no loop
        audit.finish(f.ctx);
        QCOMPARE(audit.cycleCount(), 0);
        QCOMPARE(audit.duplicateCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TstSpanGraphAudit)
#include "tst_spangraphaudit.moc"
