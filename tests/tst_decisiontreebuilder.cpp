// Decision trees and attribution chains on the bundled demo case.
#include "AttributionChain.h"
#include "Correlator.h"
#include "DecisionTreeBuilder.h"
#include "TestUtils.h"
#include "Workspace.h"

#include <QtTest>

#include <functional>

using namespace TestUtils;

namespace {

const DecisionNode *findNode(
    const std::vector<DecisionNode> &nodes, const std::function<bool(const DecisionNode &)> &pred)
{
    for (const DecisionNode &n : nodes) {
        if (pred(n))
            return &n;
        if (const DecisionNode *c = findNode(n.children, pred))
            return c;
    }
    return nullptr;
}

} // namespace

class TstDecisionTreeBuilder : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    qint64 m_call = 0;

private slots:
    void initTestCase()
    {
        m_ws = newWorkspace(m_dir);
        import(*m_ws, {demoDir()});
        Correlator(*m_ws).run();
        m_call = queryInt(*m_ws, "SELECT id FROM conversations WHERE key = 'conversation:conv_8f2a61'");
        QVERIFY(m_call > 0);
    }

    void turnsModelCallsAndTools()
    {
        const auto tree = DecisionTreeBuilder::build(*m_ws, m_call);
        int turns = 0;
        for (const DecisionNode &n : tree)
            turns += n.role == "turn";
        QCOMPARE(turns, 5); // one per planner model call
        const DecisionNode *llm = findNode(tree, [](const DecisionNode &n) { return n.role == "llm"; });
        QVERIFY(llm);
        QVERIFY2(QString::fromStdString(llm->label).contains("gpt-4o-2024-11-20"), llm->label.c_str());
        QVERIFY2(QString::fromStdString(llm->label).contains("v12"), llm->label.c_str());
        const DecisionNode *tool = findNode(tree, [](const DecisionNode &n) {
            return n.role == "tool" && n.label.find("reset_router") != std::string::npos;
        });
        QVERIFY(tool);
        const DecisionNode *turn = findNode(tree, [](const DecisionNode &n) {
            return n.role == "turn" && n.label.find("charged twice") != std::string::npos;
        });
        QVERIFY(turn);
    }

    void brokenHandoffWithSuggestedContinuation()
    {
        const auto tree = DecisionTreeBuilder::build(*m_ws, m_call);
        const DecisionNode *handoff = findNode(tree, [](const DecisionNode &n) { return n.role == "handoff"; });
        QVERIFY(handoff);
        QVERIFY(handoff->broken);
        QCOMPARE(handoff->children.size() >= 1, true);
        const DecisionNode *cont
            = findNode(handoff->children, [](const DecisionNode &n) { return n.role == "continuation"; });
        QVERIFY(cont);
        QVERIFY(cont->suggested);
        QVERIFY(cont->edgeId > 0);
        QCOMPARE(queryInt(*m_ws, QStringLiteral("SELECT suggested FROM edges WHERE id = %1").arg(cont->edgeId)), 1);
        // The specialist's refund call carries the payments API line it caused, and that line the ledger's.
        const DecisionNode *refund = findNode(cont->children, [](const DecisionNode &n) {
            return n.role == "tool" && n.label.find("issue_refund") != std::string::npos;
        });
        QVERIFY(refund);
        const DecisionNode *api = findNode(refund->children, [&](const DecisionNode &n) {
            return queryText(*m_ws,
                       QStringLiteral("SELECT s.path FROM items i JOIN sources s ON s.id=i.source_id WHERE i.id=%1")
                           .arg(n.itemId))
                == QLatin1String("logs/payments-api.jsonl");
        });
        QVERIFY(api);
    }

    void attributionOfTheLastAnswer()
    {
        const qint64 last = queryInt(*m_ws,
            QStringLiteral("SELECT i.id FROM items i JOIN conversation_items ci ON ci.item_id = i.id WHERE "
                           "ci.conversation_id = %1 AND i.kind = 'llm' AND i.trace_id LIKE 'bacbb07b%' ORDER BY "
                           "i.start_ns DESC LIMIT 1")
                .arg(m_call));
        const auto chain = AttributionChain::build(*m_ws, last);
        QVERIFY(chain.size() >= 3);
        QCOMPARE(chain[0].role, std::string("output"));
        bool prompt = false, model = false;
        for (const auto &l : chain) {
            prompt = prompt || (l.role == "prompt" && l.label.find("v12") != std::string::npos);
            model = model || (l.role == "model" && l.label.find("gpt-4o-2024-11-20") != std::string::npos);
        }
        QVERIFY(prompt);
        QVERIFY(model);
        // The retrieval before the third model call is part of its chain, with its score.
        const qint64 third = queryInt(*m_ws,
            QStringLiteral(
                "SELECT i.id FROM items i WHERE i.kind = 'llm' AND i.trace_id LIKE 'bacbb07b%' ORDER BY i.start_ns "
                "LIMIT 1 OFFSET 1"));
        bool doc = false;
        for (const auto &l : AttributionChain::build(*m_ws, third))
            doc = doc || (l.role == "document" && l.score > 0.8);
        QVERIFY(doc);
        QVERIFY(AttributionChain::build(*m_ws, 999999).empty());
    }
};

QTEST_GUILESS_MAIN(TstDecisionTreeBuilder)
#include "tst_decisiontreebuilder.moc"
