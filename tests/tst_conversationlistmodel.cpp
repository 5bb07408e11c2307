#include "ConversationListModel.h"
#include "GuiTestWorkspace.h"
#include "TestUtils.h"
#include "Workspace.h"

#include <QAbstractItemModelTester>
#include <QtTest>

class TstConversationListModel : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    GuiTestWorkspace::Ids m_ids;

    QList<qint64> idsFor(const ConversationListModel::Filter &filter)
    {
        ConversationListModel model;
        model.setWorkspace(m_ws.get());
        model.setFilter(filter);
        while (model.canFetchMore({}))
            model.fetchMore({});
        QList<qint64> out;
        for (int r = 0; r < model.rowCount(); ++r)
            out << model.conversationAt(r);
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_ws = TestUtils::newWorkspace(m_dir);
        m_ids = GuiTestWorkspace::build(*m_ws);
        // 40 more to page through.
        for (int i = 0; i < 40; ++i)
            m_ws->db().exec("INSERT INTO conversations(key, start_ns, end_ns) VALUES('extra-" + std::to_string(i)
                + "', " + std::to_string(m_ids.t0 + 7200'000'000'000LL + i) + ", 0)");
    }

    void pagesLazily()
    {
        ConversationListModel model; // no tester here: it fetches every page on each insert
        model.setPageSize(15);
        model.setWorkspace(m_ws.get());
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(model.canFetchMore({}));
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 15);
        model.fetchMore({});
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 42);
        QVERIFY(!model.canFetchMore({}));
        // Ordered by start: the conversation with findings first, the quiet one second.
        QCOMPARE(model.conversationAt(0), m_ids.conversation);
        QCOMPARE(model.conversationAt(1), m_ids.quietConversation);
        QCOMPARE(model.data(model.index(0, ConversationListModel::UserColumn)).toString(), QStringLiteral("usr_123"));
        QCOMPARE(model.data(model.index(0, ConversationListModel::StartColumn)).toString(),
            QStringLiteral("2025-02-07 01:50:00"));
        QCOMPARE(
            model.data(model.index(0, ConversationListModel::DurationColumn)).toString(), QStringLiteral("50 min 0 s"));
        QCOMPARE(model.data(model.index(0, 0), ConversationListModel::ChannelsRole).toStringList(),
            QStringList(
                {QStringLiteral("voice"), QStringLiteral("image"), QStringLiteral("chat"), QStringLiteral("email")}));
        QStringList kinds = model.data(model.index(0, 0), ConversationListModel::FindingKindsRole).toStringList();
        kinds.sort();
        QCOMPARE(kinds,
            QStringList(
                {QStringLiteral("broken_handoff"), QStringLiteral("clock_skew"), QStringLiteral("delivery_failure")}));
        QCOMPARE(model.data(model.index(1, ConversationListModel::UserColumn)).toString(), QStringLiteral("usr_456"));
        QCOMPARE(model.rowForConversation(m_ids.quietConversation), 1);
        model.refresh();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.rowForConversation(m_ids.quietConversation), 1); // pages back in
    }

    void passesTheModelTester()
    {
        ConversationListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(7);
        model.setWorkspace(m_ws.get());
        while (model.canFetchMore({}))
            model.fetchMore({});
        QCOMPARE(model.rowCount(), 42);
        ConversationListModel::Filter f;
        f.text = QStringLiteral("usr_123");
        model.setFilter(f);
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 1);
        model.setWorkspace(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    void filtersByAnyId()
    {
        ConversationListModel::Filter f;
        f.text = QStringLiteral("ana@example.com"); // an email key
        QCOMPARE(idsFor(f), QList<qint64> {m_ids.conversation});
        f.text = QStringLiteral("call_1"); // a tool call id
        QCOMPARE(idsFor(f), QList<qint64> {m_ids.conversation});
        f.text = QStringLiteral("usr_456"); // a user id
        QCOMPARE(idsFor(f), QList<qint64> {m_ids.quietConversation});
        f.text = QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736"); // a trace id
        QCOMPARE(idsFor(f), QList<qint64> {m_ids.conversation});
        f.text = QStringLiteral("conv_faq"); // the conversation key
        QCOMPARE(idsFor(f), QList<qint64> {m_ids.quietConversation});
        f.text = QStringLiteral("nobody@nowhere");
        QVERIFY(idsFor(f).isEmpty());
    }

    void filtersByText()
    {
        ConversationListModel::Filter f;
        f.text = QStringLiteral("\"opening hours\""); // quoted: full-text only
        QCOMPARE(idsFor(f), QList<qint64> {m_ids.quietConversation});
        f.text = QStringLiteral("\"email never arrived\"");
        QCOMPARE(idsFor(f), QList<qint64> {m_ids.conversation});
        f.text = QStringLiteral("\"unbalanced \" quote\""); // never an FTS syntax error
        QVERIFY(idsFor(f).isEmpty());
    }

    void filtersByTimeAndFinding()
    {
        ConversationListModel::Filter f;
        f.text = QStringLiteral("2025-02-07T02:51:00Z"); // a time: within 5 minutes of the quiet one
        QCOMPARE(idsFor(f), QList<qint64> {m_ids.quietConversation});
        f = {};
        f.findingKind = QStringLiteral("broken_handoff");
        QCOMPARE(idsFor(f), QList<qint64> {m_ids.conversation});
        f = {};
        f.withFindingsOnly = true;
        QCOMPARE(idsFor(f), QList<qint64> {m_ids.conversation});
        f = {};
        f.fromNs = m_ids.t0 + 3100'000'000'000LL; // after the first one ends
        f.toNs = m_ids.t0 + 4000'000'000'000LL;
        QCOMPARE(idsFor(f), QList<qint64> {m_ids.quietConversation});
    }
};

QTEST_GUILESS_MAIN(TstConversationListModel)
#include "tst_conversationlistmodel.moc"
