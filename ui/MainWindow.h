#pragma once
#include "ImportHook.h"

#include <QFileDialog>
#include <QMainWindow>

#include <memory>

class ConversationListModel;
class DecisionTreeModel;
class DecisionTreeView;
class DetailsPanel;
class FindingsModel;
class FindingsPanel;
class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QSplitter;
class QTableView;
class SelectionState;
class TimelineWidget;
class Workspace;

// The one window: conversations (left), timeline (centre top), decision tree (centre bottom),
// details (right), findings (dock). Every view observes one SelectionState.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Shows a message box (or stderr when offscreen) and returns false on failure. `untrusted`
    // (File › Open, a dropped file): Workspace::openUntrusted — read-only, integrity-checked,
    // value sizes capped — with the "Enable editing" banner; otherwise read-write when possible.
    bool openWorkspace(const QString &path, bool untrusted = false);
    void closeWorkspace();
    Workspace *workspace() const { return m_workspace.get(); }
    // Lays the window out at `size` offscreen, selects as asked and writes a PNG.
    bool renderScreenshot(
        const QString &outPath, const QSize &size, const QString &conversation, const QString &selectRef);
    // app/ supplies the importer (ui/ never links importers/).
    void setImportFunction(ImportFunction function) { m_importFunction = std::move(function); }
    // Interactive runs only: window geometry, splitters and dock from QSettings.
    void restoreLayout();
    // Off: File dialogs are Qt's own widgets (QFileDialog::DontUseNativeDialog), which tests
    // can drive; on (the default) the platform's dialog where there is one.
    void setNativeFileDialogs(bool on) { m_nativeFileDialogs = on; }

    void selectConversation(qint64 conversationId);
    // Conversation given as id or key, item as ref or numeric id. False when not found.
    bool selectByText(const QString &conversation, const QString &selectRef);
    void importPaths(const QStringList &paths);
    // Runs the correlation again (File › Analyze, Ctrl+R) off the GUI thread.
    void analyze();
    bool isBusy() const { return m_busy; }
    // A selected conversation's timeline and tree are being read off the GUI thread.
    bool isLoading() const { return m_loading; }
    // Spins the event loop until the selected conversation is shown; false on timeout.
    bool waitForConversation(int timeoutMs);
    QAction *analyzeAction() const { return m_analyzeAction; }

Q_SIGNALS:
    // An import or analysis finished and the views show its result.
    void backgroundWorkFinished();
    // The selected conversation's timeline and tree are shown.
    void conversationLoaded(qint64 conversationId);

public:
    SelectionState *selection() const { return m_state; }
    ConversationListModel *conversationModel() const { return m_conversationModel; }
    DecisionTreeModel *treeModel() const { return m_treeModel; }
    FindingsModel *findingsModel() const { return m_findingsModel; }
    QTableView *conversationView() const { return m_conversationView; }
    DecisionTreeView *treeView() const { return m_treeView; }
    TimelineWidget *timeline() const { return m_timeline; }
    DetailsPanel *details() const { return m_details; }
    FindingsPanel *findingsPanel() const { return m_findingsPanel; }

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createMenus();
    QWidget *createConversationPanel();
    void applyFilter();
    void attachModels();
    void setViewsWorkspace(Workspace *ws);
    void runInBackground(const QString &title, const QStringList &paths);
    void setWorkspaceActionsEnabled(bool enabled);
    void updateBanner();
    void addRecent(const QString &path);
    void rebuildRecentMenu();
    void newWorkspace();
    void openWorkspaceDialog();
    void saveWorkspace();
    void saveWorkspaceAs();
    void enableEditing();
    void importFilesDialog();
    void importFolderDialog();
    QFileDialog::Options fileDialogOptions() const;
    void onConversationChanged(qint64 id);
    void onItemChanged(qint64 id);
    void startConversationLoad(qint64 id);
    void setLoading(bool on);

    std::unique_ptr<Workspace> m_workspace;
    ImportFunction m_importFunction;
    SelectionState *m_state;
    ConversationListModel *m_conversationModel;
    DecisionTreeModel *m_treeModel;
    FindingsModel *m_findingsModel;
    QLineEdit *m_search = nullptr;
    QComboBox *m_findingKind = nullptr;
    QLineEdit *m_timeRange = nullptr;
    QTableView *m_conversationView = nullptr;
    TimelineWidget *m_timeline = nullptr;
    DecisionTreeView *m_treeView = nullptr;
    DetailsPanel *m_details = nullptr;
    FindingsPanel *m_findingsPanel = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_centreSplitter = nullptr;
    QWidget *m_banner = nullptr;
    QLabel *m_bannerText = nullptr;
    QMenu *m_recentMenu = nullptr;
    QAction *m_skewAction = nullptr;
    QLabel *m_statusSelection = nullptr;
    bool m_syncingList = false;
    bool m_busy = false; // a worker thread owns the workspace connection
    bool m_loading = false;
    quint64 m_loadGeneration = 0;
    QProgressBar *m_loadingBar = nullptr;
    QAction *m_analyzeAction = nullptr;
    QList<QAction *> m_workspaceActions;
    bool m_nativeFileDialogs = true;
};
