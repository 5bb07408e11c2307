#include "AnnotationStore.h"
#include "ShareFixture.h"
#include "TestUtils.h"
#include "Workspace.h"

#include <QtTest>

using namespace TestUtils;

class TstAnnotationStore : public QObject
{
    Q_OBJECT

private slots:
    void stableTargets()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto ids = ShareFixture::build(*ws);
        QCOMPARE(AnnotationStore::itemTarget(*ws, ids.tool), QStringLiteral("traces/planner.json|span:t1/s2"));
        QCOMPARE(AnnotationStore::conversationTarget(*ws, ids.conversation), QStringLiteral("conversation:conv-42"));
        QCOMPARE(AnnotationStore::edgeTarget(*ws, ids.suggestedEdge),
            QStringLiteral("traces/planner.json|span:t1/s3→traces/planner.json|span:t2/r1"));
        QCOMPARE(AnnotationStore::resolveItem(*ws, QStringLiteral("logs/payments.jsonl|line:2")), ids.log2);
        QCOMPARE(
            AnnotationStore::resolveEdge(*ws, AnnotationStore::edgeTarget(*ws, ids.suggestedEdge)), ids.suggestedEdge);
        QCOMPARE(AnnotationStore::resolveItem(*ws, QStringLiteral("logs/payments.jsonl|line:99")), 0);
        QCOMPARE(AnnotationStore::itemTarget(*ws, 424242), QString());
    }

    void addUpdateDeleteAndSearch()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto ids = ShareFixture::build(*ws);
        AnnotationStore::Annotation a;
        a.targetKind = QStringLiteral("item");
        a.target = AnnotationStore::itemTarget(*ws, ids.log1);
        a.note = QStringLiteral("Ledger rejected the refund: 100% the cause");
        a.tags = {QStringLiteral("ledger"), QStringLiteral("p1")};
        a.rootCause = true;
        qputenv("USER", "support-dana");
        const int64_t id = AnnotationStore::add(*ws, a);
        auto got = AnnotationStore::get(*ws, id);
        QVERIFY(got);
        QCOMPARE(got->author, QStringLiteral("support-dana"));
        QCOMPARE(got->tags, QStringList({QStringLiteral("ledger"), QStringLiteral("p1")}));
        QVERIFY(got->rootCause);
        QVERIFY(QDateTime::fromString(got->createdAt, Qt::ISODateWithMs).isValid());

        got->note = QStringLiteral("Ledger rejected it twice");
        got->author = QStringLiteral("Dana R.");
        got->rootCause = false;
        got->tags = {QStringLiteral("ledger")};
        QVERIFY(AnnotationStore::update(*ws, *got));
        const auto updated = AnnotationStore::get(*ws, id);
        QCOMPARE(updated->note, QStringLiteral("Ledger rejected it twice"));
        QCOMPARE(updated->author, QStringLiteral("Dana R."));
        QVERIFY(!updated->rootCause);

        AnnotationStore::add(*ws, QStringLiteral("conversation"), QStringLiteral("conversation:conv-42"),
            QStringLiteral("customer called twice"));
        // Search: note text (case-insensitive), tags, author; % is literal, not a wildcard.
        QCOMPARE(AnnotationStore::search(*ws, QStringLiteral("TWICE")).size(), size_t(2));
        QCOMPARE(AnnotationStore::search(*ws, QStringLiteral("ledger")).size(), size_t(1));
        QCOMPARE(AnnotationStore::search(*ws, QStringLiteral("%")).size(), size_t(0));
        QCOMPARE(AnnotationStore::forConversation(*ws, ids.conversation).size(), size_t(2));

        QVERIFY(AnnotationStore::remove(*ws, id));
        QVERIFY(!AnnotationStore::remove(*ws, id));
        QVERIFY(!AnnotationStore::get(*ws, id));
        QCOMPARE(AnnotationStore::all(*ws).size(), size_t(1));

        const int64_t b = AnnotationStore::addBookmark(
            *ws, QStringLiteral("item"), AnnotationStore::itemTarget(*ws, ids.handoff), QStringLiteral("the gap"));
        QVERIFY(AnnotationStore::renameBookmark(*ws, b, QStringLiteral("the broken handoff")));
        QCOMPARE(AnnotationStore::bookmarks(*ws).at(0).label, QStringLiteral("the broken handoff"));
        QVERIFY(AnnotationStore::removeBookmark(*ws, b));
        QVERIFY(AnnotationStore::bookmarks(*ws).empty());
    }

    void rowIdApiFindsStableAnnotations()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto ids = ShareFixture::build(*ws);
        AnnotationStore::Annotation a;
        a.targetKind = QStringLiteral("edge");
        a.target = AnnotationStore::edgeTarget(*ws, ids.suggestedEdge);
        a.decision = QStringLiteral("accepted");
        AnnotationStore::add(*ws, a);
        // The views ask by row id.
        QCOMPARE(AnnotationStore::decision(*ws, QStringLiteral("edge"), QString::number(ids.suggestedEdge)),
            QStringLiteral("accepted"));
        QCOMPARE(
            AnnotationStore::list(*ws, QStringLiteral("edge"), QString::number(ids.suggestedEdge)).size(), size_t(1));
        QCOMPARE(AnnotationStore::decision(*ws, QStringLiteral("edge"), QString::number(ids.traceEdge)), QString());
    }

    void survivesDeletingAndReimportingASource()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        ShareFixture::Ids ids = ShareFixture::build(*ws);
        const QString itemTarget = AnnotationStore::itemTarget(*ws, ids.log1);
        const QString edgeTarget = AnnotationStore::edgeTarget(*ws, ids.suggestedEdge);
        AnnotationStore::add(*ws,
            {0, QStringLiteral("item"), itemTarget, QStringLiteral("root cause: ledger"), {}, {}, {},
                {QStringLiteral("ledger")}, true});
        AnnotationStore::add(*ws,
            {0, QStringLiteral("edge"), edgeTarget, QStringLiteral("yes, same customer"), {}, {},
                QStringLiteral("accepted"), {}, false});
        const int64_t oldLog1 = ids.log1;

        // Delete the log source entirely: the annotation stays, its target resolves to nothing.
        ws->db().exec("DELETE FROM sources WHERE path = 'logs/payments.jsonl'");
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT count(*) FROM annotations")), 2);
        QCOMPARE(AnnotationStore::resolveItem(*ws, itemTarget), 0);

        // Another file imported in between, so the re-imported rows get new ids.
        {
            WorkspaceWriter w(*ws);
            w.beginSource({"other.jsonl", "jsonl-log", 0, "ee"});
            for (int i = 1; i <= 10; ++i)
                w.addItem(ShareFixture::item("line:" + std::to_string(i), ItemKind::Log, "x", "y", ShareFixture::T0));
            w.commitSource();
        }
        // Re-import both sources (new row ids) and re-run "analysis" (new edge ids).
        ws->db().exec("DELETE FROM sources WHERE path = 'traces/planner.json'");
        ShareFixture::Ids again;
        ShareFixture::writeSources(*ws, again);
        ShareFixture::writeConversation(*ws, again);
        QVERIFY(again.log1 != oldLog1);
        QCOMPARE(AnnotationStore::resolveItem(*ws, itemTarget), again.log1);
        QCOMPARE(AnnotationStore::resolveEdge(*ws, edgeTarget), again.suggestedEdge);
        const auto onItem = AnnotationStore::list(*ws, QStringLiteral("item"), QString::number(again.log1));
        QCOMPARE(onItem.size(), size_t(1));
        QVERIFY(onItem.front().rootCause);
        QCOMPARE(AnnotationStore::decision(*ws, QStringLiteral("edge"), QString::number(again.suggestedEdge)),
            QStringLiteral("accepted"));
        QCOMPARE(AnnotationStore::forConversation(*ws, again.conversation).size(), size_t(2));
    }

    void readOnlyWorkspaceRefusesWrites()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ro.threadline"));
        {
            auto ws = Workspace::create(path);
            ShareFixture::build(*ws);
        }
        auto ro = Workspace::open(path, Workspace::Access::ReadOnly);
        QVERIFY_THROWS_EXCEPTION(std::exception,
            AnnotationStore::add(*ro, QStringLiteral("item"), QStringLiteral("x|line:1"), QStringLiteral("n")));
    }
};

QTEST_GUILESS_MAIN(TstAnnotationStore)
#include "tst_annotationstore.moc"
