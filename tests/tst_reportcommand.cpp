#include "Correlator.h"
#include "ShareFixture.h"
#include "TestUtils.h"
#include "Workspace.h"

#include <QStandardPaths>
#include <QtTest>

using namespace TestUtils;

class TstReportCommand : public QObject
{
    Q_OBJECT

private:
    QString pdftotext(const QString &pdf, int first = 0, int last = 0, bool layout = true)
    {
        QStringList args;
        if (first > 0)
            args << QStringLiteral("-f") << QString::number(first) << QStringLiteral("-l") << QString::number(last);
        if (layout)
            args << QStringLiteral("-layout");
        args << pdf << QStringLiteral("-");
        QProcess p;
        p.start(QStringLiteral("pdftotext"), args);
        if (!p.waitForFinished(60000) || p.exitCode() != 0)
            return {};
        return QString::fromUtf8(p.readAllStandardOutput());
    }

private slots:
    void demoConversationRendersToPdf()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty())
            QSKIP("pdftotext (poppler-utils) is not installed");
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("demo.threadline"));
        qint64 conversation = 0;
        QString source, sha;
        {
            auto ws = Workspace::create(path);
            const auto results = import(*ws, {demoDir()});
            QVERIFY(results.size() >= 5);
            Correlator(*ws).run();
            conversation
                = queryInt(*ws, QStringLiteral("SELECT id FROM conversations ORDER BY item_count DESC, id LIMIT 1"));
            QVERIFY2(conversation > 0, "the correlator found no conversation in the demo");
            QVERIFY(
                queryInt(*ws, QStringLiteral("SELECT item_count FROM conversations WHERE id = %1").arg(conversation))
                >= 10);
            source = queryText(*ws,
                QStringLiteral("SELECT s.path FROM sources s JOIN items i ON i.source_id = s.id "
                               "JOIN conversation_items ci ON ci.item_id = i.id WHERE "
                               "ci.conversation_id = %1 ORDER BY s.path LIMIT 1")
                    .arg(conversation));
            sha = queryText(*ws, QStringLiteral("SELECT sha256 FROM sources WHERE path = '%1'").arg(source));
        }
        const QByteArray before = readFile(path);
        const QString pdf = dir.filePath(QStringLiteral("report.pdf"));
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("QT_QPA_PLATFORM")); // the command picks offscreen itself
        env.remove(QStringLiteral("DISPLAY"));
        p.setProcessEnvironment(env);
        p.start(threadlineBinary(),
            {QStringLiteral("report"), QStringLiteral("-w"), path, QStringLiteral("--conversation"),
                QString::number(conversation), QStringLiteral("--pdf"), pdf, QStringLiteral("--complaint"),
                QStringLiteral("My refund <never> arrived")});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        QCOMPARE(readFile(path), before); // a report never writes to the workspace
        QVERIFY(readFile(pdf).startsWith("%PDF-"));

        const QString all = pdftotext(pdf);
        const int pages = int(all.count(QLatin1Char('\f')));
        QVERIFY2(pages >= 3, qPrintable(QStringLiteral("%1 pages").arg(pages)));
        // Page 1: the case; page 2: the analysis; then the evidence.
        const QString first = pdftotext(pdf, 1, 1);
        QVERIFY2(first.contains(QStringLiteral("Incident report")), qPrintable(first));
        QVERIFY(first.contains(QStringLiteral("My refund <never> arrived")));
        QVERIFY(first.contains(QStringLiteral("Conversation summary")));
        QVERIFY(first.contains(QStringLiteral("Timeline")));
        const QString second = pdftotext(pdf, 2, 2);
        QVERIFY2(second.contains(QStringLiteral("Decision tree")), qPrintable(second));
        QVERIFY(all.contains(QStringLiteral("Findings")));
        QVERIFY(all.contains(QStringLiteral("Attribution chain")));
        QVERIFY(all.contains(QStringLiteral("Chronology")));
        QVERIFY(all.contains(QStringLiteral("Sources")));
        // Table cells wrap long names: compare without white space.
        const QString compact = pdftotext(pdf, 0, 0, false).remove(QRegularExpression(QStringLiteral("\\s")));
        QVERIFY2(compact.contains(source), qPrintable(source));
        QVERIFY2(compact.contains(sha), qPrintable(sha));
    }

    void htmlOutputAndErrors()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("case.threadline"));
        {
            auto ws = Workspace::create(path);
            ShareFixture::build(*ws);
        }
        const QString html = dir.filePath(QStringLiteral("r.html"));
        QProcess p;
        p.start(threadlineBinary(),
            {QStringLiteral("report"), QStringLiteral("-w"), path, QStringLiteral("--conversation"),
                QStringLiteral("conversation:conv-42"), QStringLiteral("--html"), html});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const QString text = QString::fromUtf8(readFile(html));
        QVERIFY(text.contains(QStringLiteral("data:image/png;base64,"))); // the timeline picture
        QVERIFY(!text.contains(QStringLiteral("<script")));
        p.start(threadlineBinary(),
            {QStringLiteral("report"), QStringLiteral("-w"), path, QStringLiteral("--conversation"),
                QStringLiteral("nope"), QStringLiteral("--html"), html});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains(QStringLiteral("no conversation \"nope\"")));
        p.start(threadlineBinary(), {QStringLiteral("report"), QStringLiteral("-w"), path});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
    }
};

QTEST_GUILESS_MAIN(TstReportCommand)
#include "tst_reportcommand.moc"
