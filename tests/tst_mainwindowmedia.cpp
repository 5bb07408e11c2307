// The parts of the main window that touch the platform: File dialogs (Qt's own, driven by
// QTest, since a native dialog cannot be) and the recording's player → time cursor →
// transcript caption path. Deterministic under ctest (offscreen); also meant to be run on a
// real X server, see README › Developing › Manual checks:
//     xvfb-run -a env -u QT_QPA_PLATFORM THREADLINE_TEST_PLAYBACK=1 build/tests/tst_mainwindowmedia
// THREADLINE_TEST_PLAYBACK=1 also plays the recording through QtMultimedia, which needs a media
// backend and an audio device, so it is not part of the ctest run.
#include "ConversationListModel.h"
#include "DetailsPanel.h"
#include "GuiTestWorkspace.h"
#include "MainWindow.h"
#include "SelectionState.h"
#include "TimelineData.h"
#include "TimelineWidget.h"
#include "Workspace.h"

#include <QFileDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSlider>
#include <QTimer>
#include <QtTest>

#ifdef THREADLINE_WITH_MULTIMEDIA
#include <QMediaPlayer>
#endif

class TstMainWindowMedia : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_path;
    GuiTestWorkspace::Ids m_ids;

    static QAction *action(MainWindow &w, const QString &text)
    {
        for (QAction *a : w.findChildren<QAction *>())
            if (a->text() == text)
                return a;
        return nullptr;
    }

    // Triggers `a` (which opens a modal file dialog) and, once the dialog is up, types `path`
    // into its file name box and accepts it. Returns the dialog's title ("" if none came up).
    static QString chooseInDialog(QAction *a, const QString &path)
    {
        QString title;
        // Polled: on a real display the dialog is up only after the window system mapped it.
        QTimer poll;
        poll.setInterval(20);
        QObject::connect(&poll, &QTimer::timeout, [&] {
            QFileDialog *dialog = nullptr;
            for (QWidget *top : QApplication::topLevelWidgets())
                if (auto *d = qobject_cast<QFileDialog *>(top); d && d->isVisible())
                    dialog = d;
            if (!dialog)
                return;
            poll.stop();
            title = dialog->windowTitle();
            auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
            if (!name) {
                dialog->reject();
                return;
            }
            name->setText(path);
            QTest::keyClick(name, Qt::Key_Return);
        });
        poll.start();
        a->trigger();
        poll.stop();
        return title;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_path = m_dir.filePath(QStringLiteral("media.threadline"));
        auto ws = Workspace::create(m_path);
        m_ids = GuiTestWorkspace::build(*ws);
    }

    void importAndOpenThroughTheFileDialogs()
    {
        // Import rewrites the workspace: on a copy.
        const QString copy = m_dir.filePath(QStringLiteral("import.threadline"));
        QVERIFY(QFile::copy(m_path, copy));
        const QString evidence = m_dir.filePath(QStringLiteral("evidence.jsonl"));
        {
            QFile f(evidence);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{\"msg\":\"hello\"}\n");
        }
        MainWindow w;
        w.setNativeFileDialogs(false);
        w.resize(1400, 900);
        w.show();
        QVERIFY(w.openWorkspace(copy));
        QStringList imported;
        w.setImportFunction([&imported](Workspace &, const QStringList &paths,
                                const std::function<void(const ImportProgress &)> &, const std::atomic_bool *) {
            imported = paths;
            return std::vector<ImportFileReport> {{paths.value(0), QStringLiteral("jsonl-log"), 1, {}, {}}};
        });
        QSignalSpy done(&w, &MainWindow::backgroundWorkFinished);
        QAction *importFiles = action(w, QStringLiteral("&Import Files…"));
        QVERIFY(importFiles);
        QCOMPARE(chooseInDialog(importFiles, evidence), QStringLiteral("Import Evidence Files"));
        // On a real display a report box may follow the import (offscreen it goes to the status
        // bar): close it like a user would.
        QTimer closeBoxes;
        QObject::connect(&closeBoxes, &QTimer::timeout, [] {
            for (QWidget *top : QApplication::topLevelWidgets())
                if (auto *box = qobject_cast<QMessageBox *>(top); box && box->isVisible())
                    box->accept();
        });
        closeBoxes.start(50);
        QVERIFY(done.wait(60000));
        QTRY_VERIFY(!QApplication::activeModalWidget());
        closeBoxes.stop();
        QCOMPARE(imported, QStringList {evidence});

        // File › Open: the picked workspace opens read-only (it may come from anyone).
        QAction *open = action(w, QStringLiteral("&Open Workspace…"));
        QVERIFY(open);
        QCOMPARE(chooseInDialog(open, m_path), QStringLiteral("Open Workspace"));
        QVERIFY(w.workspace());
        QCOMPARE(QFileInfo(w.workspace()->path()).fileName(), QStringLiteral("media.threadline"));
        QVERIFY(w.workspace()->isReadOnly());
        QCOMPARE(w.conversationModel()->rowCount(), 2);
    }

    void playheadMovesTheCursorAndHighlightsTheCaption()
    {
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(w.openWorkspace(m_path));
        w.selectConversation(m_ids.conversation);
        QVERIFY(w.waitForConversation(30000));
        w.selection()->setItem(m_ids.audio);
        DetailsPanel *details = w.findChild<DetailsPanel *>();
        QVERIFY(details);
        QPushButton *play = nullptr;
        for (QPushButton *b : details->findChildren<QPushButton *>())
            if (b->text() == QStringLiteral("Play"))
                play = b;
        QVERIFY(play && play->isVisible());
        auto *seek = details->findChild<QSlider *>();
        QVERIFY(seek);
        // A playhead position (what QMediaPlayer::positionChanged and the seek slider deliver):
        // 6.5 s into the call is inside the first transcript segment (5–12 s).
        emit seek->sliderMoved(6500);
        QCOMPARE(w.selection()->cursorNs(), m_ids.t0 + 6'500'000'000LL);
        QCOMPARE(w.timeline()->captionAtCursor(), m_ids.asr1);
        emit seek->sliderMoved(25000);
        QCOMPARE(w.timeline()->captionAtCursor(), m_ids.asr2);
        emit seek->sliderMoved(15000); // between the segments
        QCOMPARE(w.timeline()->captionAtCursor(), qint64(0));

        if (qEnvironmentVariableIntValue("THREADLINE_TEST_PLAYBACK") != 1)
            QSKIP("playback through QtMultimedia only with THREADLINE_TEST_PLAYBACK=1 (README › Manual checks)");
#ifdef THREADLINE_WITH_MULTIMEDIA
        QTest::mouseClick(play, Qt::LeftButton);
        auto *player = details->findChild<QMediaPlayer *>();
        QVERIFY(player);
        // The player reads the recording's bytes from the workspace, not a file.
        QVERIFY(player->sourceDevice());
        QCOMPARE(player->sourceDevice()->size(), TimelineData::mediaBytes(*w.workspace(), m_ids.audio).size());
        QSignalSpy errors(player, &QMediaPlayer::errorOccurred);
        // Playing moves the cursor past the start of the call (or the backend reports why not).
        QTRY_VERIFY_WITH_TIMEOUT(w.selection()->cursorNs() > m_ids.t0 || !errors.isEmpty(), 15000);
        if (!errors.isEmpty())
            QFAIL(qPrintable(QStringLiteral("media backend: %1").arg(player->errorString())));
        QCOMPARE(play->text(), QStringLiteral("Pause"));
#else
        QSKIP("built without QtMultimedia");
#endif
    }
};

QTEST_MAIN(TstMainWindowMedia)
#include "tst_mainwindowmedia.moc"
