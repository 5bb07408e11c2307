#include "FindingsModel.h"
#include "GuiTestWorkspace.h"
#include "TestUtils.h"
#include "Workspace.h"

#include <QAbstractItemModelTester>
#include <QtTest>

class TstFindingsModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void listsEveryFinding()
    {
        QTemporaryDir dir;
        auto ws = TestUtils::newWorkspace(dir);
        const auto ids = GuiTestWorkspace::build(*ws);
        FindingsModel model;
        model.setPageSize(2);
        model.setWorkspace(ws.get());
        QCOMPARE(model.rowCount(), 0);
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(model.canFetchMore({}));
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 3);
        model.fetchMore({});
        QVERIFY(!model.canFetchMore({}));

        const QModelIndex broken = model.index(0, FindingsModel::KindColumn);
        QCOMPARE(broken.data().toString(), QStringLiteral("broken handoff"));
        QCOMPARE(broken.data(FindingsModel::KindRole).toString(), QStringLiteral("broken_handoff"));
        QCOMPARE(broken.data(FindingsModel::ItemIdRole).toLongLong(), ids.handoff);
        QCOMPARE(broken.data(FindingsModel::RelatedItemIdRole).toLongLong(), ids.continuation);
        QCOMPARE(broken.data(FindingsModel::ConversationIdRole).toLongLong(), ids.conversation);
        QCOMPARE(model.index(0, FindingsModel::ConfidenceColumn).data().toString(), QStringLiteral("90%"));
        QCOMPARE(model.index(0, FindingsModel::ConversationColumn).data().toString(),
            QStringLiteral("Refund did not work, email never arrived"));
        QCOMPARE(model.index(1, FindingsModel::SeverityColumn).data().toString(), QStringLiteral("error"));
        QCOMPARE(model.index(1, 0).data(FindingsModel::ItemIdRole).toLongLong(), ids.email);
        QCOMPARE(model.index(2, FindingsModel::KindColumn).data().toString(), QStringLiteral("clock skew"));
        QCOMPARE(model.index(2, 0).data(FindingsModel::ItemIdRole).toLongLong(), 0);
        QCOMPARE(model.rowForItem(ids.email), 1);
        QCOMPARE(model.rowForItem(ids.llm), -1);

        FindingsModel tested;
        QAbstractItemModelTester tester(&tested, QAbstractItemModelTester::FailureReportingMode::QtTest);
        tested.setPageSize(1);
        tested.setWorkspace(ws.get());
        while (tested.canFetchMore({}))
            tested.fetchMore({});
        QCOMPARE(tested.rowCount(), 3);
        tested.refresh();
        tested.setWorkspace(nullptr);
        QCOMPARE(tested.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TstFindingsModel)
#include "tst_findingsmodel.moc"
