#include "AuditExport.h"
#include "ShareFixture.h"
#include "TestUtils.h"
#include "Workspace.h"

#include <QtTest>

using namespace TestUtils;

namespace {

// RFC 4180 reader for the test: quoted fields, doubled quotes, CRLF records.
QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            record << field;
            field.clear();
        } else if (c == QLatin1Char('\r') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n')) {
            record << field;
            field.clear();
            records << record;
            record.clear();
            ++i;
        } else {
            field += c;
        }
    }
    return records;
}

} // namespace

class TstAuditExport : public QObject
{
    Q_OBJECT

private slots:
    void cellsAreQuotedAndDefused()
    {
        QCOMPARE(AuditExport::csvCell(QStringLiteral("plain")), QStringLiteral("plain"));
        QCOMPARE(AuditExport::csvCell(QStringLiteral("=1+1")), QStringLiteral("'=1+1"));
        QCOMPARE(AuditExport::csvCell(QStringLiteral("+SUM(A1)")), QStringLiteral("'+SUM(A1)"));
        QCOMPARE(AuditExport::csvCell(QStringLiteral("-2")), QStringLiteral("'-2"));
        QCOMPARE(AuditExport::csvCell(QStringLiteral("@cmd")), QStringLiteral("'@cmd"));
        QCOMPARE(AuditExport::csvCell(QStringLiteral("a,b")), QStringLiteral("\"a,b\""));
        QCOMPARE(AuditExport::csvCell(QStringLiteral("say \"hi\"")), QStringLiteral("\"say \"\"hi\"\"\""));
        QCOMPARE(AuditExport::csvCell(QStringLiteral("=HYPERLINK(\"x\",\"y\")")),
            QStringLiteral("\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""));
        QCOMPARE(AuditExport::csvCell(QStringLiteral("two\nlines")), QStringLiteral("\"two\nlines\""));
    }

    void chronologicalRowsWithTheirJoins()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto ids = ShareFixture::build(*ws);
        // The log source's clock runs 2.5 s fast: corrected times put its lines before the image.
        ws->db().exec("UPDATE sources SET clock_offset_ns = 2500000000 WHERE path = 'logs/payments.jsonl'");
        ws->db().exec("UPDATE items SET name = '=cmd|'' /C calc''!A0' WHERE ref = 'line:2'");
        const auto rows = AuditExport::rows(*ws, ids.conversation);
        QCOMPARE(rows.size(), size_t(7));
        QStringList order;
        for (const auto &r : rows)
            order << r.ref;
        QCOMPARE(order,
            QStringList({"span:t1/s1", "span:t1/s2", "span:t1/s3", "line:1", "span:t2/r1", "line:2", "record:0"}));
        const auto &log1 = rows.at(3);
        QCOMPARE(log1.rawNs, ShareFixture::T0 + 5 * ShareFixture::S);
        QCOMPARE(log1.correctedNs, ShareFixture::T0 + 5 * ShareFixture::S / 2);
        QCOMPARE(log1.joinRule, QStringLiteral("shared_id"));
        QCOMPARE(log1.joinEvidence, QStringLiteral("both name alice@example.com (email)"));
        QCOMPARE(log1.joinedTo, QStringLiteral("traces/planner.json|span:t1/s1"));
        QVERIFY(log1.what.contains(QStringLiteral("error: ledger said no")));
        QCOMPARE(rows.at(4).joinRule, QStringLiteral("handoff_continuation (suggested)"));
        QCOMPARE(rows.at(0).joinRule, QStringLiteral("trace_parent")); // the root: its strongest join
        QCOMPARE(rows.at(0).what,
            QStringLiteral("chat gpt-4o; model gpt-4o-2024-08-06; prompt refund-triage v7; \"Customer "
                           "alice@example.com asked for a refund\""));

        const QString csvPath = dir.filePath(QStringLiteral("audit.csv"));
        QCOMPARE(AuditExport::writeCsv(*ws, ids.conversation, csvPath), 7);
        const QString text = QString::fromUtf8(readFile(csvPath));
        const auto records = parseCsv(text);
        QCOMPARE(records.size(), 8);
        QCOMPARE(records.at(0).first(), QStringLiteral("time_corrected"));
        for (const QStringList &r : records)
            QCOMPARE(r.size(), records.at(0).size());
        QVERIFY2(
            records.at(4).at(0).startsWith(QStringLiteral("2026-05-28T20:26:42.5")), qPrintable(records.at(4).at(0)));
        QVERIFY(records.at(4).at(1).startsWith(QStringLiteral("2026-05-28T20:26:45")));
        QCOMPARE(records.at(4).at(2), QStringLiteral("2500"));
        QCOMPARE(records.at(4).at(3), QStringLiteral("logs/payments.jsonl"));
        QCOMPARE(records.at(4).at(9), QStringLiteral("shared_id"));
        QVERIFY(records.at(6).at(8).startsWith(QStringLiteral("'=cmd|")));
        // No cell starts a formula.
        for (const QStringList &r : records)
            for (const QString &cell : r)
                QVERIFY2(cell.isEmpty() || !QStringLiteral("=+-@").contains(cell.at(0)), qPrintable(cell));

        // The CLI writes the same file.
        const QString cliPath = dir.filePath(QStringLiteral("cli.csv"));
        ws.reset();
        QProcess p;
        p.start(threadlineBinary(),
            {QStringLiteral("export"), QStringLiteral("-w"), dir.filePath(QStringLiteral("t.threadline")),
                QStringLiteral("--conversation"), QStringLiteral("conversation:conv-42"), QStringLiteral("--csv"),
                cliPath});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QCOMPARE(readFile(cliPath), readFile(csvPath));
    }
};

QTEST_GUILESS_MAIN(TstAuditExport)
#include "tst_auditexport.moc"
