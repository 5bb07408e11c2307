#include "ConversationListModel.h"
#include "DecisionTreeModel.h"
#include "DecisionTreeView.h"
#include "DetailsPanel.h"
#include "FindingsModel.h"
#include "FindingsPanel.h"
#include "GuiTestWorkspace.h"
#include "MainWindow.h"
#include "SelectionState.h"
#include "TestUtils.h"
#include "TimelineWidget.h"
#include "Workspace.h"

#include <QImage>
#include <QProcess>
#include <QProgressDialog>
#include <QPushButton>
#include <QSemaphore>
#include <QTableView>
#include <QToolButton>
#include <QTreeView>
#include <QtTest>

#include <set>

class TstMainWindow : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_path;
    GuiTestWorkspace::Ids m_ids;

    // A shown window on `path` (the shared workspace when empty); null when it will not open.
    std::unique_ptr<MainWindow> openWindow(const QString &path = QString())
    {
        auto w = std::make_unique<MainWindow>();
        w->resize(1400, 900);
        w->show();
        if (!w->openWorkspace(path.isEmpty() ? m_path : path))
            return nullptr;
        return w;
    }

    // A fresh copy of the shared workspace, for a test that rewrites it; empty if it failed.
    QString copyOfWorkspace(const QString &name)
    {
        const QString copy = m_dir.filePath(name);
        QFile::remove(copy);
        return QFile::copy(m_path, copy) ? copy : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_path = m_dir.filePath(QStringLiteral("gui.threadline"));
        auto ws = Workspace::create(m_path);
        m_ids = GuiTestWorkspace::build(*ws);
    }

    void selectingConversationFillsTreeAndTimeline()
    {
        auto w = openWindow();
        QVERIFY(w);
        QTableView *list = w->conversationView();
        QCOMPARE(list->model()->rowCount(), 2);
        QCOMPARE(w->treeModel()->rowCount(), 0);
        QVERIFY(w->timeline()->data().items.empty());
        const QRect row = list->visualRect(list->model()->index(0, 0));
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, row.center());
        QCOMPARE(w->selection()->conversationId(), m_ids.conversation);
        // Loaded off the GUI thread: the click returns at once, the views fill when it is done.
        QVERIFY(w->isLoading());
        QVERIFY(w->timeline()->data().items.empty());
        QVERIFY(w->waitForConversation(30000));
        QVERIFY(w->treeModel()->rowCount() >= 1);
        QVERIFY(w->treeModel()->indexForItem(m_ids.llm).isValid());
        QVERIFY(w->treeModel()->indexForItem(m_ids.handoff).isValid());
        QCOMPARE(w->timeline()->data().items.size(), size_t(14));
        QCOMPARE(w->timeline()->data().audio.size(), size_t(1));
        // The 50-minute quiet stretch before the follow-up email is compressed, not drawn to scale.
        QCOMPARE(w->timeline()->axis().gaps().size(), size_t(1));
        // Back to the quiet one with the keyboard.
        QTest::keyClick(list->viewport(), Qt::Key_Down);
        QCOMPARE(w->selection()->conversationId(), m_ids.quietConversation);
        QTRY_COMPARE(w->timeline()->data().items.size(), size_t(1));
        QVERIFY(!w->isLoading());
    }

    void selectingTreeNodeMovesCursorAndDetails()
    {
        auto w = openWindow();
        QVERIFY(w);
        w->selectConversation(m_ids.conversation);
        QVERIFY(w->waitForConversation(30000));
        QTreeView *tree = w->treeView()->treeView();
        const QModelIndex llm = w->treeModel()->indexForItem(m_ids.llm);
        QVERIFY(llm.isValid());
        tree->scrollTo(llm);
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(llm).center());
        QCOMPARE(w->selection()->itemId(), m_ids.llm);
        QCOMPARE(w->selection()->cursorNs(), m_ids.t0 + 47'000'000'000LL);
        QCOMPARE(w->details()->details().id, m_ids.llm);
        const QString html = w->details()->html();
        QVERIFY(html.contains(QStringLiteral("gpt-4o-2024-08-06")));
        QVERIFY(html.contains(QStringLiteral("triage")));
        QVERIFY(html.contains(QStringLiteral("I will refund and hand off to billing.")));

        // A skewed log: the cursor lands on its corrected time, and moves back when correction is off.
        w->selection()->setItem(m_ids.paymentsLog);
        const qint64 recorded = m_ids.t0 + 51'600'000'000LL;
        QCOMPARE(w->selection()->cursorNs(), recorded - m_ids.paymentsOffsetNs);
        QVERIFY(w->details()->html().contains(QStringLiteral("410 ms apart after skew correction")));
        w->selection()->setCorrectClockSkew(false);
        w->selection()->setItem(0);
        w->selection()->setItem(m_ids.paymentsLog);
        QCOMPARE(w->selection()->cursorNs(), recorded);
        w->selection()->setCorrectClockSkew(true);
    }

    void clickingTheTimelineSelectsEverywhere()
    {
        auto w = openWindow();
        QVERIFY(w);
        w->selectConversation(m_ids.conversation);
        QVERIFY(w->waitForConversation(30000));
        TimelineWidget *timeline = w->timeline();
        const QPoint p = timeline->pointForItem(m_ids.tool);
        QVERIFY(!p.isNull());
        QTest::mouseClick(timeline, Qt::LeftButton, {}, p);
        QCOMPARE(w->selection()->itemId(), m_ids.tool);
        QCOMPARE(
            w->treeView()->treeView()->currentIndex().data(DecisionTreeModel::ItemIdRole).toLongLong(), m_ids.tool);
        QVERIFY(w->details()->html().contains(QStringLiteral("rf_77")));
        // The time cursor follows the mouse.
        QTest::mouseMove(timeline, p + QPoint(40, 0));
        QVERIFY(w->selection()->cursorNs() > m_ids.t0 + 50'500'000'000LL);
        // F fits the whole conversation.
        QTest::keyClick(timeline, Qt::Key_F);
        QVERIFY(timeline->axis().visibleStartNs() <= m_ids.t0);
        QVERIFY(timeline->axis().visibleEndNs() >= m_ids.t0 + 3000'000'000'000LL);
    }

    void brokenHandoffLeadsToItsContinuation()
    {
        auto w = openWindow();
        QVERIFY(w);
        w->selectConversation(m_ids.conversation);
        QVERIFY(w->waitForConversation(30000));
        const QModelIndex handoff = w->treeModel()->indexForItem(m_ids.handoff);
        QVERIFY(handoff.data(DecisionTreeModel::BrokenRole).toBool());
        QVERIFY(!handoff.data(DecisionTreeModel::ErrorRole).toString().isEmpty());
        QCOMPARE(handoff.data(DecisionTreeModel::ContinuationItemRole).toLongLong(), m_ids.continuation);
        w->selection()->setItem(m_ids.handoff);
        QCOMPARE(w->treeView()->treeView()->currentIndex().siblingAtColumn(0), handoff);
        QToolButton *jump = nullptr;
        for (QToolButton *b : w->treeView()->findChildren<QToolButton *>())
            if (b->text() == QStringLiteral("Jump to continuation"))
                jump = b;
        QVERIFY(jump && jump->isEnabled());
        QTest::mouseClick(jump, Qt::LeftButton);
        QCOMPARE(w->selection()->itemId(), m_ids.continuation);
        const QModelIndex current = w->treeView()->treeView()->currentIndex().siblingAtColumn(0);
        QCOMPARE(current.data(DecisionTreeModel::ItemIdRole).toLongLong(), m_ids.continuation);
        // The step itself when the tree has it, else the suggestion pointing at it.
        QCOMPARE(current, w->treeModel()->indexForItem(m_ids.continuation));
        QVERIFY(w->timeline()->data().items[size_t(w->timeline()->data().indexOf(m_ids.handoff))].broken);
    }

    void findingsNavigate()
    {
        auto w = openWindow();
        QVERIFY(w);
        w->selectConversation(m_ids.quietConversation);
        QTableView *view = w->findingsPanel()->view();
        QCOMPARE(view->model()->rowCount(), 3);
        const QModelIndex email = view->model()->index(1, FindingsModel::KindColumn);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(email).center());
        QCOMPARE(w->selection()->conversationId(), m_ids.conversation);
        QCOMPARE(w->selection()->itemId(), m_ids.email);
        QVERIFY(w->details()->html().contains(QStringLiteral("mailbox full")));
        // The tree follows once the conversation is loaded.
        QVERIFY(w->waitForConversation(30000));
        QCOMPARE(
            w->treeView()->treeView()->currentIndex().siblingAtColumn(0), w->treeModel()->indexForItem(m_ids.email));
    }

    void readOnlyBannerAndImportHook()
    {
        {
            auto holder = Workspace::open(m_path, Workspace::Access::ReadWrite); // another writer
            auto w = openWindow();
            QVERIFY(w);
            QVERIFY(w->workspace()->isReadOnly());
            QPushButton *enable = nullptr;
            for (QPushButton *b : w->findChildren<QPushButton *>())
                if (b->text() == QStringLiteral("Enable editing"))
                    enable = b;
            QVERIFY(enable);
            QVERIFY(enable->isVisible());
        }
        {
            // File › Open: a file from someone else opens read-only (openUntrusted) with the banner;
            // Enable editing reopens it read-write and keeps the selection.
            MainWindow w;
            w.resize(1400, 900);
            w.show();
            QVERIFY(w.openWorkspace(m_path, true));
            QVERIFY(w.workspace()->isReadOnly());
            QVERIFY(w.workspace()->readOnlyReason().contains(QStringLiteral("came from elsewhere")));
            QPushButton *enable = nullptr;
            for (QPushButton *b : w.findChildren<QPushButton *>())
                if (b->text() == QStringLiteral("Enable editing"))
                    enable = b;
            QVERIFY(enable && enable->isVisible());
            w.selectConversation(m_ids.conversation);
            QVERIFY(w.waitForConversation(30000));
            QTest::mouseClick(enable, Qt::LeftButton);
            QVERIFY(!w.workspace()->isReadOnly());
            QVERIFY(!enable->isVisible());
            QCOMPARE(w.selection()->conversationId(), m_ids.conversation);
        }
        // Import and analysis rewrite the workspace: on a copy, so the other tests keep theirs.
        const QString copy = copyOfWorkspace(QStringLiteral("import.threadline"));
        QVERIFY(!copy.isEmpty());
        const auto window = openWindow(copy);
        QVERIFY(window);
        MainWindow &w = *window;
        QVERIFY(!w.workspace()->isReadOnly());
        w.selectConversation(m_ids.conversation);
        QVERIFY(w.waitForConversation(30000));
        QVERIFY(w.treeModel()->rowCount() > 0);
        // The import runs off the GUI thread through the hook app/ supplies, then the correlation;
        // meanwhile no view holds the workspace (the worker owns the connection).
        QThread *worker = nullptr;
        bool viewsDetached = false;
        TimelineWidget *timeline = w.timeline();
        w.setImportFunction([&worker, &viewsDetached, timeline](Workspace &ws, const QStringList &paths,
                                const std::function<void(const ImportProgress &)> &progress, const std::atomic_bool *) {
            worker = QThread::currentThread();
            viewsDetached = timeline->data().items.empty();
            progress({paths.value(0), 0, 1, 5, 10});
            ws.db().exec("INSERT INTO conversations(key, start_ns) VALUES('imported', 9e18)");
            return std::vector<ImportFileReport> {{paths.value(0), QStringLiteral("imported"), 1, {}, {}}};
        });
        QSignalSpy done(&w, &MainWindow::backgroundWorkFinished);
        w.importPaths({QStringLiteral("/tmp/some-evidence.jsonl")});
        QVERIFY(w.isBusy());
        QVERIFY(!w.analyzeAction()->isEnabled());
        QVERIFY(done.wait(60000));
        QVERIFY(worker && worker != QThread::currentThread());
        QVERIFY(viewsDetached);
        QVERIFY(!w.isBusy());
        // The correlation ran after the import: it rebuilt the conversations from the items, so
        // the itemless row the fake import wrote is gone, and the views show the new tables.
        QCOMPARE(TestUtils::queryInt(
                     *w.workspace(), QStringLiteral("SELECT count(*) FROM conversations WHERE key = 'imported'")),
            qint64(0));
        const qint64 conversations
            = TestUtils::queryInt(*w.workspace(), QStringLiteral("SELECT count(*) FROM conversations"));
        QVERIFY(conversations > 0);
        QCOMPARE(w.conversationModel()->rowCount(), int(conversations));
        QVERIFY(TestUtils::queryInt(
                    *w.workspace(), QStringLiteral("SELECT count(*) FROM findings WHERE kind = 'broken_handoff'"))
            > 0);
        // File › Analyze (Ctrl+R) runs it again on its own.
        QCOMPARE(w.analyzeAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_R));
        w.analyzeAction()->trigger();
        QVERIFY(w.isBusy());
        QVERIFY(done.wait(60000));
        QCOMPARE(done.size(), 2);
        QCOMPARE(w.conversationModel()->rowCount(), int(conversations));
    }

    void importDialogSaysWhenIndexesAreWritten()
    {
        const QString copy = copyOfWorkspace(QStringLiteral("finishing.threadline"));
        QVERIFY(!copy.isEmpty());
        const auto window = openWindow(copy);
        QVERIFY(window);
        MainWindow &w = *window;
        // The fake import holds its finishing phase until the dialog has been read.
        QSemaphore reading, finishing;
        // A failed check must not leave the worker waiting (the application would not exit).
        const auto releaseWorker = qScopeGuard([&] {
            reading.release();
            finishing.release();
        });
        w.setImportFunction([&](Workspace &, const QStringList &paths,
                                const std::function<void(const ImportProgress &)> &progress, const std::atomic_bool *) {
            progress({paths.value(0), 0, 1, 4, 10, false});
            reading.acquire();
            progress({paths.value(0), 0, 1, 10, 10, true});
            finishing.acquire();
            return std::vector<ImportFileReport> {{paths.value(0), QStringLiteral("imported"), 1, {}, {}}};
        });
        QSignalSpy done(&w, &MainWindow::backgroundWorkFinished);
        w.importPaths({QStringLiteral("big-trace.jsonl")});
        auto dialog = [&w] { return w.findChild<QProgressDialog *>(); };
        QTRY_VERIFY2(dialog() && dialog()->labelText() == QStringLiteral("Importing big-trace.jsonl (1 of 1)"),
            qPrintable(dialog() ? dialog()->labelText() : QStringLiteral("no dialog")));
        QCOMPARE(dialog()->value(), 400);
        reading.release();
        QTRY_VERIFY(dialog()->labelText() == QStringLiteral("Writing indexes for big-trace.jsonl (1 of 1)"));
        QCOMPARE(dialog()->value(), 1000);
        if (const QString shot = qEnvironmentVariable("THREADLINE_DIALOG_SHOT"); !shot.isEmpty())
            dialog()->grab().save(shot);
        finishing.release();
        QVERIFY(done.wait(60000));
    }

    void screenshotIsRendered()
    {
        const QString out = m_dir.filePath(QStringLiteral("shot.png"));
        QProcess p;
        p.start(TestUtils::threadlineBinary(),
            {QStringLiteral("--screenshot"), out, QStringLiteral("--size"), QStringLiteral("1280x800"), m_path});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const QImage img(out);
        QCOMPARE(img.size(), QSize(1280, 800));
        std::set<QRgb> colours;
        for (int y = 0; y < img.height(); y += 7)
            for (int x = 0; x < img.width(); x += 7)
                colours.insert(img.pixel(x, y));
        QVERIFY2(colours.size() > 40, qPrintable(QString::number(colours.size())));
        // An unknown item ref is an error, not a silent default.
        QProcess bad;
        bad.start(TestUtils::threadlineBinary(),
            {QStringLiteral("--screenshot"), out, QStringLiteral("--select"), QStringLiteral("span:nope/nope"),
                m_path});
        QVERIFY(bad.waitForFinished(60000));
        QCOMPARE(bad.exitCode(), 1);
        if (const QString keep = qEnvironmentVariable("THREADLINE_KEEP_WORKSPACE"); !keep.isEmpty())
            QFile::copy(m_path, keep);
    }
};

QTEST_MAIN(TstMainWindow)
#include "tst_mainwindow.moc"
