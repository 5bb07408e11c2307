#include "AnnotationStore.h"
#include "DecisionTreeModel.h"
#include "GuiTestWorkspace.h"
#include "TestUtils.h"
#include "Workspace.h"

#include <QAbstractItemModelTester>
#include <QtTest>

class TstDecisionTreeModel : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    GuiTestWorkspace::Ids m_ids;

    static DecisionNode node(const char *role, int64_t item, const char *label)
    {
        DecisionNode n;
        n.role = role;
        n.itemId = item;
        n.label = label;
        return n;
    }

    // turn → planner → {retrieval, llm, tool, handoff(broken) → continuation(suggested)}
    std::vector<DecisionNode> tree() const
    {
        DecisionNode turn = node("turn", 0, "Turn 1: the fix did not work");
        DecisionNode planner = node("agent", m_ids.planner, "planner");
        planner.children.push_back(node("retrieval", m_ids.retrieval, "retrieve policy docs"));
        planner.children.push_back(node("llm", m_ids.llm, "chat gpt-4o"));
        planner.children.push_back(node("tool", m_ids.tool, "refund"));
        DecisionNode handoff = node("handoff", m_ids.handoff, "handoff to billing-specialist");
        handoff.broken = true;
        DecisionNode cont = node("continuation", m_ids.continuation, "billing-specialist (suggested)");
        cont.suggested = true;
        cont.confidence = 0.9;
        cont.edgeId = m_ids.suggestedEdge;
        handoff.children.push_back(cont);
        planner.children.push_back(handoff);
        turn.children.push_back(planner);
        return {turn};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_ws = TestUtils::newWorkspace(m_dir);
        m_ids = GuiTestWorkspace::build(*m_ws);
    }

    void showsColumnsAndRoles()
    {
        DecisionTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setWorkspace(m_ws.get());
        model.setTree(tree());
        QCOMPARE(model.rowCount(), 1);
        const QModelIndex turn = model.index(0, 0);
        QCOMPARE(turn.data().toString(), QStringLiteral("Turn 1: the fix did not work"));
        QCOMPARE(turn.data(DecisionTreeModel::ItemIdRole).toLongLong(), 0);
        // Children are paged in.
        QVERIFY(model.hasChildren(turn));
        QCOMPARE(model.rowCount(turn), 0);
        QVERIFY(model.canFetchMore(turn));
        model.fetchMore(turn);
        const QModelIndex planner = model.index(0, 0, turn);
        model.fetchMore(planner);
        QCOMPARE(model.rowCount(planner), 4);

        const QModelIndex llm = model.index(1, 0, planner);
        QCOMPARE(llm.data(DecisionTreeModel::ItemIdRole).toLongLong(), m_ids.llm);
        QCOMPARE(llm.siblingAtColumn(DecisionTreeModel::ModelColumn).data().toString(),
            QStringLiteral("gpt-4o → gpt-4o-2024-08-06"));
        QCOMPARE(llm.siblingAtColumn(DecisionTreeModel::PromptColumn).data().toString(), QStringLiteral("triage@v3"));
        QCOMPARE(llm.siblingAtColumn(DecisionTreeModel::DurationColumn).data().toString(), QStringLiteral("3.00 s"));
        QCOMPARE(llm.siblingAtColumn(DecisionTreeModel::StatusColumn).data().toString(), QStringLiteral("ok"));
        QCOMPARE(llm.data(DecisionTreeModel::ErrorRole).toString(), QString());
        QCOMPARE(llm.data(DecisionTreeModel::StartNsRole).toLongLong(), m_ids.t0 + 47'000'000'000LL);

        const QModelIndex handoff = model.index(3, 0, planner);
        QVERIFY(handoff.data(DecisionTreeModel::BrokenRole).toBool());
        QVERIFY(
            handoff.data(DecisionTreeModel::ErrorRole).toString().contains(QStringLiteral("no span of it appears")));
        QVERIFY(handoff.data(Qt::ToolTipRole).toString().contains(QStringLiteral("rootless billing-specialist")));
        QCOMPARE(handoff.data(DecisionTreeModel::ContinuationItemRole).toLongLong(), m_ids.continuation);
        QCOMPARE(handoff.siblingAtColumn(DecisionTreeModel::StatusColumn).data().toString(),
            QStringLiteral("broken handoff"));

        model.fetchMore(handoff);
        const QModelIndex cont = model.index(0, 0, handoff);
        QVERIFY(cont.data(DecisionTreeModel::SuggestedRole).toBool());
        QCOMPARE(cont.data(DecisionTreeModel::EdgeIdRole).toLongLong(), m_ids.suggestedEdge);
        QCOMPARE(
            cont.siblingAtColumn(DecisionTreeModel::StatusColumn).data().toString(), QStringLiteral("suggested 90%"));
        QCOMPARE(cont.data(DecisionTreeModel::ContinuationItemRole).toLongLong(), m_ids.continuation);
    }

    void findsItemsAndRecordsDecisions()
    {
        DecisionTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setWorkspace(m_ws.get());
        model.setTree(tree());
        const QModelIndex tool = model.indexForItem(m_ids.tool);
        QVERIFY(tool.isValid());
        QCOMPARE(tool.data().toString(), QStringLiteral("refund"));
        QCOMPARE(model.indexForItem(424242), QModelIndex());

        const QModelIndex cont = model.indexForItem(m_ids.continuation);
        QVERIFY(cont.data(DecisionTreeModel::SuggestedRole).toBool());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(model.setDecision(cont, true));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(cont.data(DecisionTreeModel::DecisionRole).toString(), QStringLiteral("accepted"));
        // Stored under the stable "<from source|ref>→<to source|ref>" target, not the row id.
        const QString target = AnnotationStore::edgeTarget(*m_ws, m_ids.suggestedEdge);
        QVERIFY(target.contains(QStringLiteral("→")));
        QVERIFY(target.contains(QLatin1Char('|')));
        QCOMPARE(AnnotationStore::decision(*m_ws, QStringLiteral("edge"), target), QStringLiteral("accepted"));
        QCOMPARE(TestUtils::queryText(*m_ws,
                     QStringLiteral("SELECT target FROM annotations WHERE target_kind = 'edge' ORDER BY id LIMIT 1")),
            target);
        QCOMPARE(AnnotationStore::resolveEdge(*m_ws, target), m_ids.suggestedEdge);
        QVERIFY(model.setDecision(cont, false));
        QStringList decisions;
        for (const auto &a : AnnotationStore::list(*m_ws, QStringLiteral("edge"), target))
            decisions << a.decision;
        QCOMPARE(decisions, QStringList({QStringLiteral("accepted"), QStringLiteral("rejected")}));
        QCOMPARE(
            TestUtils::queryInt(*m_ws, QStringLiteral("SELECT count(*) FROM annotations WHERE target_kind = 'edge'")),
            2);
        QString error;
        QVERIFY(!model.setDecision(tool, true, &error)); // no edge behind a plain step
        QVERIFY(!error.isEmpty());
    }

    void fallbackTreeFromTheWorkspace()
    {
        // The structural fallback (used while DecisionTreeBuilder yields nothing): span parentage,
        // broken handoffs from findings, their continuation as a suggested child.
        const auto fallback = DecisionTreeModel::fallbackTree(*m_ws, m_ids.conversation);
        QCOMPARE(fallback.size(), size_t(8)); // planner's 4 steps nest under it, the log under the tool
        DecisionTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setWorkspace(m_ws.get());
        model.setTree(fallback);
        const QModelIndex handoff = model.indexForItem(m_ids.handoff);
        QVERIFY(handoff.isValid());
        QVERIFY(handoff.data(DecisionTreeModel::BrokenRole).toBool());
        QCOMPARE(handoff.data(DecisionTreeModel::ContinuationItemRole).toLongLong(), m_ids.continuation);
        // A step wins over the suggestion pointing at it.
        const QModelIndex cont = model.indexForItem(m_ids.continuation);
        QVERIFY(cont.isValid());
        QVERIFY(!cont.data(DecisionTreeModel::SuggestedRole).toBool());
        // Whatever tree the builder makes, the conversation's broken handoff is in it.
        model.setConversation(m_ids.conversation);
        QVERIFY(model.rowCount() >= 1);
        QVERIFY(model.indexForItem(m_ids.handoff).data(DecisionTreeModel::BrokenRole).toBool());
        model.setConversation(m_ids.quietConversation);
        QVERIFY(model.rowCount() >= 1);
        model.setConversation(0);
        QCOMPARE(model.rowCount(), 0);
    }

    void pagesWideLevels()
    {
        DecisionTreeModel model; // no tester: it would fetch every page
        model.setPageSize(100);
        std::vector<DecisionNode> roots(250, node("log", 0, "line"));
        roots[249].itemId = m_ids.paymentsLog;
        model.setWorkspace(m_ws.get());
        model.setTree(roots);
        QCOMPARE(model.rowCount(), 100);
        const QModelIndex last = model.indexForItem(m_ids.paymentsLog);
        QCOMPARE(last.row(), 249);
        QCOMPARE(model.rowCount(), 250);
    }
};

QTEST_GUILESS_MAIN(TstDecisionTreeModel)
#include "tst_decisiontreemodel.moc"
