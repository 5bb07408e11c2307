#include "AnnotationStore.h"
#include "ReportBuilder.h"
#include "ShareFixture.h"
#include "TestUtils.h"
#include "Workspace.h"

#include <QRegularExpression>
#include <QtTest>

using namespace TestUtils;

class TstReportBuilder : public QObject
{
    Q_OBJECT

private slots:
    void escapesEverythingFromATraceAndLoadsNothing()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto ids = ShareFixture::build(*ws);
        AnnotationStore::add(*ws,
            {0, QStringLiteral("item"), AnnotationStore::itemTarget(*ws, ids.log1),
                QStringLiteral("ledger <b>rejected</b> it"), QStringLiteral("dana"), {}, {}, {QStringLiteral("ledger")},
                true});
        ws->db().exec(
            "UPDATE items SET actor = '\"><img src=http://evil/a.png onerror=alert(2)>' WHERE ref = 'line:2'");
        ReportBuilder::Options options;
        options.complaint = QStringLiteral("I was charged twice <a href=\"http://phish\">see</a>");
        options.timelinePng = ShareFixture::tinyPng();
        const QString html = ReportBuilder::build(*ws, ids.conversation, options);

        QVERIFY(html.contains(QStringLiteral("&lt;script&gt;alert(1)&lt;/script&gt;")));
        QVERIFY(!html.contains(QStringLiteral("<script"), Qt::CaseInsensitive));
        QVERIFY(!html.contains(
            QRegularExpression(QStringLiteral("<[a-zA-Z][^>]*\\s(src|href)\\s*=\\s*[\"']?\\s*(https?:|//|file:)"),
                QRegularExpression::CaseInsensitiveOption)));
        QVERIFY(!html.contains(QStringLiteral("<img src=http")));
        QVERIFY(!html.contains(QStringLiteral("<a href")));
        QVERIFY(
            html.contains(QStringLiteral("I was charged twice &lt;a href=&quot;http://phish&quot;&gt;see&lt;/a&gt;")));
        QVERIFY(html.contains(QStringLiteral("ledger &lt;b&gt;rejected&lt;/b&gt; it")));
        QVERIFY(
            html.contains(QStringLiteral("the specialist&#39;s trace t2 has no parent; &lt;b&gt;suggested&lt;/b&gt;")));
        // Every picture is inline.
        const QRegularExpression img(QStringLiteral("<img\\s+src=\"([^\"]*)\""));
        int images = 0;
        for (auto it = img.globalMatch(html); it.hasNext(); ++images)
            QVERIFY(it.next().captured(1).startsWith(QStringLiteral("data:image/png;base64,")));
        QCOMPARE(images, 2); // the timeline and the screenshot

        // The content: summary, attribution, findings, annotations, sources.
        for (const char *expected : {"Incident report: Refund for alice@example.com", "conversation:conv-42",
                 "Complaint", "Timeline", "Decision tree", "Findings", "broken_handoff",
                 "handoff to billing_specialist has no callee span under it", "Attribution chain",
                 "model gpt-4o-2024-08-06 (requested gpt-4o)", "prompt refund-triage version 7",
                 "tokens 812 in / 64 out", "tool refund_lookup", "→ result refund pending", "Chronology",
                 "handoff_continuation (suggested)", "Annotations", "[root cause]", "Sources", "aaaa1111", "bbbb2222",
                 "logs/payments.jsonl"})
            QVERIFY2(html.contains(QString::fromUtf8(expected)), expected);
    }

    void missingConversationThrows()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        QVERIFY_THROWS_EXCEPTION(std::exception, ReportBuilder::build(*ws, 99, {}));
    }
};

QTEST_GUILESS_MAIN(TstReportBuilder)
#include "tst_reportbuilder.moc"
