#include "MainWindow.h"

#include "ConversationListModel.h"
#include "Correlator.h"
#include "DecisionTreeModel.h"
#include "DecisionTreeView.h"
#include "DetailsPanel.h"
#include "FindingsModel.h"
#include "FindingsPanel.h"
#include "ItemDetails.h"
#include "KindStyle.h"
#include "SelectionState.h"
#include "TimelineAxis.h"
#include "TimelineData.h"
#include "TimelineWidget.h"
#include "TimestampParser.h"
#include "Workspace.h"
#include "WorkspaceError.h"

#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QPixmap>
#include <QProgressBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <atomic>

namespace {
bool isOffscreen()
{
    return QGuiApplication::platformName() == QLatin1String("offscreen");
}

QString shortFindingName(const QString &kind)
{
    if (kind == QLatin1String("broken_handoff"))
        return QStringLiteral("handoff");
    if (kind == QLatin1String("delivery_failure"))
        return QStringLiteral("delivery");
    if (kind == QLatin1String("clock_skew"))
        return QStringLiteral("skew");
    QString s = kind;
    return s.replace(QLatin1Char('_'), QLatin1Char(' '));
}

// Channel icons and finding badges in the conversation list.
class ConversationDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        if (index.column() != ConversationListModel::FindingsColumn
            && index.column() != ConversationListModel::ChannelsColumn) {
            QStyledItemDelegate::paint(p, option, index);
            return;
        }
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        opt.text.clear();
        opt.widget->style()->drawControl(QStyle::CE_ItemViewItem, &opt, p, opt.widget);
        p->save();
        p->setRenderHint(QPainter::Antialiasing);
        QFont f = option.font;
        f.setPointSizeF(f.pointSizeF() * 0.85);
        f.setBold(true);
        p->setFont(f);
        const QFontMetrics fm(f);
        int x = option.rect.left() + 3;
        const int h = fm.height() + 2;
        const int y = option.rect.center().y() - h / 2;
        auto chip = [&](const QString &text, const QColor &bg) {
            const int w = fm.horizontalAdvance(text) + 10;
            if (x + w > option.rect.right())
                return;
            p->setPen(Qt::NoPen);
            p->setBrush(bg);
            p->drawRoundedRect(QRect(x, y, w, h), h / 2.0, h / 2.0);
            p->setPen(Qt::white);
            p->drawText(QRect(x, y, w, h), Qt::AlignCenter, text);
            x += w + 3;
        };
        if (index.column() == ConversationListModel::ChannelsColumn) {
            // One round icon per channel, its initial on the lane colour.
            for (const QString &c : index.data(ConversationListModel::ChannelsRole).toStringList()) {
                const QString kind = c == QLatin1String("voice") ? QStringLiteral("audio")
                    : c == QLatin1String("chat")                 ? QStringLiteral("llm")
                                                                 : c;
                const int size = std::min(15, option.rect.height() - 2);
                if (x + size > option.rect.right())
                    break;
                KindStyle::kindIcon(kind).paint(p, QRect(x, option.rect.center().y() - size / 2, size, size));
                x += size + 1;
            }
        } else {
            // Errors first, in short words.
            QStringList kinds = index.data(ConversationListModel::FindingKindsRole).toStringList();
            auto isError = [](const QString &k) {
                return k == QLatin1String("broken_handoff") || k.contains(QLatin1String("fail"))
                    || k.contains(QLatin1String("error"));
            };
            std::stable_sort(kinds.begin(), kinds.end(),
                [&](const QString &a, const QString &b) { return isError(a) && !isError(b); });
            for (const QString &k : kinds)
                chip(shortFindingName(k), isError(k) ? QColor(0xc6, 0x28, 0x28) : QColor(0xb2, 0x6a, 0x00));
        }
        p->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize s = QStyledItemDelegate::sizeHint(option, index);
        if (index.column() == ConversationListModel::FindingsColumn) {
            int w = 6;
            for (const QString &k : index.data(ConversationListModel::FindingKindsRole).toStringList())
                w += option.fontMetrics.horizontalAdvance(shortFindingName(k)) + 12;
            s.setWidth(std::max(s.width(), w));
        } else if (index.column() == ConversationListModel::ChannelsColumn) {
            // Icons, not the comma-separated text the model displays.
            const int n = int(index.data(ConversationListModel::ChannelsRole).toStringList().size());
            s.setWidth(8 + n * 16);
        }
        return s;
    }
};
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_state(new SelectionState(this))
    , m_conversationModel(new ConversationListModel(this))
    , m_treeModel(new DecisionTreeModel(this))
    , m_findingsModel(new FindingsModel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("Threadline"));
    setAcceptDrops(true);

    m_timeline = new TimelineWidget(m_state, this);
    m_timeline->setAutoLoad(false); // loaded off the GUI thread, see startConversationLoad()
    m_treeView = new DecisionTreeView(m_treeModel, m_state, this);
    m_details = new DetailsPanel(m_state, this);

    m_centreSplitter = new QSplitter(Qt::Vertical, this);
    m_centreSplitter->setObjectName(QStringLiteral("centreSplitter"));
    m_centreSplitter->addWidget(m_timeline);
    m_centreSplitter->addWidget(m_treeView);
    m_centreSplitter->setStretchFactor(0, 5);
    m_centreSplitter->setStretchFactor(1, 4);

    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->addWidget(createConversationPanel());
    m_mainSplitter->addWidget(m_centreSplitter);
    m_mainSplitter->addWidget(m_details);
    m_mainSplitter->setStretchFactor(0, 2);
    m_mainSplitter->setStretchFactor(1, 5);
    m_mainSplitter->setStretchFactor(2, 2);

    // Read-only banner above everything.
    m_banner = new QWidget(this);
    m_banner->setAutoFillBackground(true);
    QPalette bp = m_banner->palette();
    bp.setColor(QPalette::Window, KindStyle::isDark(palette()) ? QColor(0x5d, 0x4a, 0x00) : QColor(0xff, 0xf3, 0xc4));
    bp.setColor(QPalette::WindowText, KindStyle::isDark(palette()) ? Qt::white : Qt::black);
    m_banner->setPalette(bp);
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(8, 4, 8, 4);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setWordWrap(true);
    auto *enable = new QPushButton(tr("Enable editing"), m_banner);
    connect(enable, &QPushButton::clicked, this, &MainWindow::enableEditing);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(enable);
    m_banner->hide();

    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_banner);
    centralLayout->addWidget(m_mainSplitter, 1);
    setCentralWidget(central);

    m_findingsPanel = new FindingsPanel(m_findingsModel, m_state, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_findingsPanel);
    connect(m_findingsPanel, &FindingsPanel::navigate, this, [this](qint64 conversation, qint64 item) {
        if (conversation > 0)
            selectConversation(conversation);
        if (item > 0)
            m_state->setItem(item);
    });

    m_statusSelection = new QLabel(this);
    statusBar()->addPermanentWidget(m_statusSelection);
    m_loadingBar = new QProgressBar(this);
    m_loadingBar->setRange(0, 0); // busy
    m_loadingBar->setMaximumWidth(160);
    m_loadingBar->setFormat(tr("loading"));
    m_loadingBar->hide();
    statusBar()->addPermanentWidget(m_loadingBar);
    statusBar()->showMessage(tr("No workspace — File › Open, or drop evidence files here to import them"));

    connect(m_state, &SelectionState::conversationChanged, this, &MainWindow::onConversationChanged);
    connect(m_state, &SelectionState::itemChanged, this, &MainWindow::onItemChanged);
    connect(m_state, &SelectionState::cursorChanged, this, [this](qint64 ns) {
        if (ns != 0)
            m_statusSelection->setText(tr("cursor %1").arg(TimelineAxis::formatTimeOfDay(ns, 1000000)));
    });
    createMenus();
}

MainWindow::~MainWindow()
{
    // Views must drop their workspace pointers before it closes.
    m_conversationModel->setWorkspace(nullptr);
    m_findingsModel->setWorkspace(nullptr);
    m_treeModel->setWorkspace(nullptr);
}

QWidget *MainWindow::createConversationPanel()
{
    auto *panel = new QWidget(this);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(4, 4, 0, 0);
    layout->setSpacing(4);
    auto *title = new QLabel(tr("<b>Conversations</b>"), panel);
    layout->addWidget(title);
    m_search = new QLineEdit(panel);
    m_search->setObjectName(QStringLiteral("conversationSearch"));
    m_search->setPlaceholderText(tr("User, email, phone, any id, a time, or \"quoted text\""));
    m_search->setClearButtonEnabled(true);
    layout->addWidget(m_search);
    auto *filters = new QHBoxLayout;
    m_findingKind = new QComboBox(panel);
    m_findingKind->addItem(tr("All conversations"), QString());
    m_findingKind->addItem(tr("With findings"), QStringLiteral("*"));
    filters->addWidget(m_findingKind, 1);
    m_timeRange = new QLineEdit(panel);
    m_timeRange->setPlaceholderText(tr("from .. to (time range)"));
    m_timeRange->setClearButtonEnabled(true);
    filters->addWidget(m_timeRange, 1);
    layout->addLayout(filters);
    m_conversationView = new QTableView(panel);
    m_conversationView->setObjectName(QStringLiteral("conversationView"));
    m_conversationView->setModel(m_conversationModel);
    m_conversationView->setItemDelegate(new ConversationDelegate(m_conversationView));
    m_conversationView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_conversationView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_conversationView->verticalHeader()->hide();
    m_conversationView->verticalHeader()->setDefaultSectionSize(m_conversationView->fontMetrics().height() + 8);
    m_conversationView->setWordWrap(false);
    m_conversationView->horizontalHeader()->setStretchLastSection(true);
    m_conversationView->setAlternatingRowColors(true);
    // Findings before channels: the badges matter more when the panel is narrow.
    m_conversationView->horizontalHeader()->moveSection(
        ConversationListModel::FindingsColumn, ConversationListModel::ChannelsColumn);
    layout->addWidget(m_conversationView, 1);

    // Search as you type, without a query per keystroke.
    auto *debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(250);
    connect(debounce, &QTimer::timeout, this, &MainWindow::applyFilter);
    connect(m_search, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(m_timeRange, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, &MainWindow::applyFilter);
    connect(m_findingKind, qOverload<int>(&QComboBox::currentIndexChanged), this, &MainWindow::applyFilter);
    connect(m_conversationView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) {
            if (m_syncingList || !current.isValid())
                return;
            m_state->setConversation(m_conversationModel->conversationAt(current.row()));
        });
    // Size columns once the first page is in (a reset has no rows yet).
    connect(m_conversationModel, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first) {
        if (first == 0)
            m_conversationView->resizeColumnsToContents();
    });
    return panel;
}

void MainWindow::applyFilter()
{
    ConversationListModel::Filter f;
    f.text = m_search->text();
    const QString kind = m_findingKind->currentData().toString();
    f.withFindingsOnly = kind == QLatin1String("*");
    if (!f.withFindingsOnly)
        f.findingKind = kind;
    const QStringList range = m_timeRange->text().split(QStringLiteral(".."));
    if (range.size() == 2) {
        if (auto a = TimestampParser::parseText(range[0].trimmed().toStdString()))
            f.fromNs = *a;
        if (auto b = TimestampParser::parseText(range[1].trimmed().toStdString()))
            f.toNs = *b;
    }
    m_conversationModel->setFilter(f);
    statusBar()->showMessage(tr("%1 conversations shown%2")
                                 .arg(m_conversationModel->rowCount())
                                 .arg(m_conversationModel->canFetchMore({}) ? tr(" (more on scroll)") : QString()));
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    // Everything that opens, closes or writes the workspace waits while a worker uses it.
    m_workspaceActions << file->addAction(tr("&New Workspace…"), QKeySequence::New, this, &MainWindow::newWorkspace);
    m_workspaceActions << file->addAction(
        tr("&Open Workspace…"), QKeySequence::Open, this, &MainWindow::openWorkspaceDialog);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_workspaceActions << m_recentMenu->menuAction();
    m_workspaceActions << file->addAction(tr("&Save"), QKeySequence::Save, this, &MainWindow::saveWorkspace);
    m_workspaceActions << file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, &MainWindow::saveWorkspaceAs);
    file->addSeparator();
    m_workspaceActions << file->addAction(
        tr("&Import Files…"), QKeySequence(Qt::CTRL | Qt::Key_I), this, &MainWindow::importFilesDialog);
    m_workspaceActions << file->addAction(
        tr("Import &Folder…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I), this, &MainWindow::importFolderDialog);
    m_analyzeAction = file->addAction(tr("&Analyze"), QKeySequence(Qt::CTRL | Qt::Key_R), this, &MainWindow::analyze);
    m_analyzeAction->setToolTip(tr("Join the evidence into conversations and look for broken handoffs again"));
    m_workspaceActions << m_analyzeAction;
    file->addSeparator();
    m_workspaceActions << file->addAction(
        tr("&Close Workspace"), QKeySequence::Close, this, &MainWindow::closeWorkspace);
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    rebuildRecentMenu();

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Find Conversation"), QKeySequence::Find, this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    view->addAction(tr("&Fit Timeline"), QKeySequence(Qt::CTRL | Qt::Key_0), m_timeline, &TimelineWidget::fitAll);
    m_skewAction = view->addAction(tr("&Correct Clock Skew"));
    m_skewAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_skewAction->setCheckable(true);
    m_skewAction->setChecked(m_state->correctClockSkew());
    m_skewAction->setToolTip(tr("Shift items from skewed sources by their estimated clock offset"));
    connect(m_skewAction, &QAction::toggled, m_state, &SelectionState::setCorrectClockSkew);
    view->addSeparator();
    view->addAction(m_findingsPanel->toggleViewAction());
    m_findingsPanel->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_4));

    QMenu *go = menuBar()->addMenu(tr("&Go"));
    go->addAction(tr("Focus &Timeline"), QKeySequence(Qt::CTRL | Qt::Key_1), this, [this] { m_timeline->setFocus(); });
    go->addAction(tr("Focus &Decision Tree"), QKeySequence(Qt::CTRL | Qt::Key_2), this,
        [this] { m_treeView->treeView()->setFocus(); });
    go->addAction(tr("Focus &Conversations"), QKeySequence(Qt::CTRL | Qt::Key_3), this,
        [this] { m_conversationView->setFocus(); });
    go->addAction(tr("Jump to &Continuation"), QKeySequence(Qt::CTRL | Qt::Key_J), m_treeView,
        &DecisionTreeView::jumpToContinuation);
}

void MainWindow::restoreLayout()
{
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    m_mainSplitter->restoreState(s.value(QStringLiteral("window/mainSplitter")).toByteArray());
    m_centreSplitter->restoreState(s.value(QStringLiteral("window/centreSplitter")).toByteArray());
    m_skewAction->setChecked(s.value(QStringLiteral("view/correctClockSkew"), true).toBool());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!isOffscreen()) {
        QSettings s;
        s.setValue(QStringLiteral("window/geometry"), saveGeometry());
        s.setValue(QStringLiteral("window/state"), saveState());
        s.setValue(QStringLiteral("window/mainSplitter"), m_mainSplitter->saveState());
        s.setValue(QStringLiteral("window/centreSplitter"), m_centreSplitter->saveState());
        s.setValue(QStringLiteral("view/correctClockSkew"), m_skewAction->isChecked());
    }
    event->accept();
}

void MainWindow::setViewsWorkspace(Workspace *ws)
{
    m_conversationModel->setWorkspace(ws);
    m_findingsModel->setWorkspace(ws);
    m_treeModel->setWorkspace(ws);
    m_timeline->setWorkspace(ws);
    m_details->setWorkspace(ws);
}

void MainWindow::attachModels()
{
    m_state->setConversation(0);
    setViewsWorkspace(m_workspace.get());
    // Finding kinds present in this workspace.
    while (m_findingKind->count() > 2)
        m_findingKind->removeItem(2);
    if (m_workspace) {
        try {
            SqliteStatement st = m_workspace->db().prepare("SELECT DISTINCT kind FROM findings ORDER BY kind");
            while (st.step()) {
                const QString k = QString::fromStdString(st.text(0));
                m_findingKind->addItem(QString(k).replace(QLatin1Char('_'), QLatin1Char(' ')), k);
            }
        } catch (const std::exception &) {
        }
    }
    if (m_conversationModel->canFetchMore({}))
        m_conversationModel->fetchMore({});
    if (m_findingsModel->canFetchMore({}))
        m_findingsModel->fetchMore({});
    updateBanner();
}

bool MainWindow::openWorkspace(const QString &path, bool untrusted)
{
    if (m_busy)
        return false;
    std::unique_ptr<Workspace> ws;
    try {
        ws = untrusted ? Workspace::openUntrusted(path) : Workspace::open(path, Workspace::Access::ReadWriteOrReadOnly);
    } catch (const WorkspaceError &e) {
        if (isOffscreen())
            qWarning("%s", qPrintable(e.message()));
        else
            QMessageBox::critical(this, tr("Cannot open workspace"), e.message());
        return false;
    }
    closeWorkspace();
    m_workspace = std::move(ws);
    attachModels();
    setWindowTitle(QStringLiteral("%1 — Threadline").arg(QFileInfo(path).fileName()));
    qint64 conversations = 0, items = 0, findings = 0;
    try {
        conversations = m_workspace->db().queryInt("SELECT count(*) FROM conversations");
        items = m_workspace->db().queryInt("SELECT max(id) FROM items");
        findings = m_workspace->db().queryInt("SELECT count(*) FROM findings");
    } catch (const std::exception &) {
    }
    statusBar()->showMessage(tr("%1 — %2 conversations, ~%3 items, %4 findings%5")
                                 .arg(QDir::toNativeSeparators(path))
                                 .arg(conversations)
                                 .arg(items)
                                 .arg(findings)
                                 .arg(m_workspace->isReadOnly() ? tr(" — read-only") : QString()));
    if (!isOffscreen())
        addRecent(QFileInfo(path).absoluteFilePath());
    return true;
}

void MainWindow::closeWorkspace()
{
    if (!m_workspace)
        return;
    std::unique_ptr<Workspace> old = std::move(m_workspace);
    attachModels(); // detaches every view from the old workspace
    setWindowTitle(QStringLiteral("Threadline"));
}

void MainWindow::updateBanner()
{
    const bool ro = m_workspace && m_workspace->isReadOnly();
    m_banner->setVisible(ro);
    if (ro)
        m_bannerText->setText(tr("<b>Read-only:</b> %1").arg(m_workspace->readOnlyReason().toHtmlEscaped()));
}

void MainWindow::enableEditing()
{
    if (!m_workspace || m_busy)
        return;
    const QString path = m_workspace->path();
    const qint64 conversation = m_state->conversationId(), item = m_state->itemId();
    std::unique_ptr<Workspace> rw;
    closeWorkspace(); // releases our read-only connection first
    try {
        rw = Workspace::open(path, Workspace::Access::ReadWrite);
    } catch (const WorkspaceError &e) {
        QMessageBox::warning(this, tr("Cannot enable editing"), e.message());
        openWorkspace(path);
        return;
    }
    m_workspace = std::move(rw);
    attachModels();
    selectConversation(conversation);
    m_state->setItem(item);
}

void MainWindow::addRecent(const QString &path)
{
    QSettings s;
    QStringList recent = s.value(QStringLiteral("recentFiles")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > 10)
        recent.removeLast();
    s.setValue(QStringLiteral("recentFiles"), recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (int i = 0; i < recent.size(); ++i) {
        QAction *a
            = m_recentMenu->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(QDir::toNativeSeparators(recent[i])));
        const QString path = recent[i];
        connect(a, &QAction::triggered, this, [this, path] { openWorkspace(path); });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

QFileDialog::Options MainWindow::fileDialogOptions() const
{
    return m_nativeFileDialogs ? QFileDialog::Options() : QFileDialog::DontUseNativeDialog;
}

void MainWindow::newWorkspace()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("New Workspace"), QString(), tr("Threadline workspaces (*.threadline)"), nullptr, fileDialogOptions());
    if (path.isEmpty())
        return;
    try {
        Workspace::create(path);
    } catch (const WorkspaceError &e) {
        QMessageBox::critical(this, tr("Cannot create workspace"), e.message());
        return;
    }
    openWorkspace(path);
}

void MainWindow::openWorkspaceDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Workspace"), QString(),
        tr("Threadline workspaces (*.threadline);;All files (*)"), nullptr, fileDialogOptions());
    // A file picked here may come from anyone: read-only until the user enables editing.
    if (!path.isEmpty())
        openWorkspace(path, true);
}

void MainWindow::saveWorkspace()
{
    // Every change is already in the file; a checkpoint makes it complete on its own.
    if (!m_workspace || m_workspace->isReadOnly())
        return;
    try {
        m_workspace->checkpoint();
        statusBar()->showMessage(tr("Saved %1").arg(m_workspace->path()), 4000);
    } catch (const std::exception &e) {
        QMessageBox::warning(this, tr("Cannot save"), QString::fromUtf8(e.what()));
    }
}

void MainWindow::saveWorkspaceAs()
{
    if (!m_workspace)
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Workspace As"), QString(),
        tr("Threadline workspaces (*.threadline)"), nullptr, fileDialogOptions());
    if (path.isEmpty())
        return;
    const QString from = m_workspace->path();
    try {
        if (!m_workspace->isReadOnly())
            m_workspace->checkpoint();
    } catch (const std::exception &) {
    }
    QFile::remove(path);
    if (!QFile::copy(from, path)) {
        QMessageBox::warning(this, tr("Cannot save"), tr("Could not copy the workspace to %1").arg(path));
        return;
    }
    openWorkspace(path);
}

void MainWindow::importFilesDialog()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Import Evidence Files"), QString(), QString(), nullptr, fileDialogOptions());
    if (!files.isEmpty())
        importPaths(files);
}

void MainWindow::importFolderDialog()
{
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Import Evidence Folder"), QString(), fileDialogOptions() | QFileDialog::ShowDirsOnly);
    if (!dir.isEmpty())
        importPaths({dir});
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList paths;
    for (const QUrl &url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    if (paths.size() == 1 && paths.front().endsWith(QLatin1String(".threadline"))) {
        openWorkspace(paths.front(), true);
        return;
    }
    if (!paths.isEmpty())
        importPaths(paths);
    event->acceptProposedAction();
}

void MainWindow::importPaths(const QStringList &paths)
{
    if (m_busy)
        return;
    if (!m_importFunction) {
        QMessageBox::information(this, tr("Import"), tr("This build has no importer attached."));
        return;
    }
    if (!m_workspace) {
        newWorkspace();
        if (!m_workspace)
            return;
    }
    if (m_workspace->isReadOnly()) {
        QMessageBox::information(this, tr("Import"), tr("The workspace is read-only. Enable editing first."));
        return;
    }
    runInBackground(tr("Importing…"), paths);
}

void MainWindow::analyze()
{
    if (m_busy || !m_workspace)
        return;
    if (m_workspace->isReadOnly()) {
        QMessageBox::information(this, tr("Analyze"), tr("The workspace is read-only. Enable editing first."));
        return;
    }
    runInBackground(tr("Analyzing…"), {});
}

// Import (when `paths` is not empty) and then correlation, on a worker thread.
//
// Design: the worker uses the window's own connection — a second read-write connection would
// need the workspace lock this window holds, and a SQLite connection must not run statements
// from two threads at once. So for as long as the worker runs it is the connection's only
// user: every view is detached from the workspace (setWorkspace(nullptr): no lazy fetch, no
// tree expansion, no details query can reach SQLite), the window's own queries check m_busy,
// and a window-modal progress dialog keeps the user out. When the worker is done the views
// re-attach, reload, and the conversation that was selected is found again by its stable key.
void MainWindow::runInBackground(const QString &title, const QStringList &paths)
{
    QString conversationKey;
    const qint64 itemId = m_state->itemId();
    try {
        if (m_state->conversationId() > 0) {
            SqliteStatement st = m_workspace->db().prepare("SELECT key FROM conversations WHERE id = ?");
            st.bind(1, static_cast<int64_t>(m_state->conversationId()));
            if (st.step())
                conversationKey = QString::fromStdString(st.text(0));
        }
    } catch (const std::exception &) {
    }
    m_busy = true;
    setWorkspaceActionsEnabled(false);
    m_state->setConversation(0);
    setViewsWorkspace(nullptr);

    auto cancel = std::make_shared<std::atomic_bool>(false);
    auto *dialog = new QProgressDialog(title, tr("Cancel"), 0, paths.isEmpty() ? 0 : 1000, this);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setMinimumDuration(0);
    dialog->setAutoClose(false);
    dialog->setAutoReset(false);
    connect(dialog, &QProgressDialog::canceled, this, [cancel] { *cancel = true; });
    Workspace *ws = m_workspace.get();
    ImportFunction fn = m_importFunction;
    QPointer<QProgressDialog> guard(dialog);
    auto post = [guard](std::function<void(QProgressDialog *)> f) {
        QMetaObject::invokeMethod(
            guard.data(),
            [guard, f] {
                if (guard)
                    f(guard.data());
            },
            Qt::QueuedConnection);
    };
    auto progress = [post](const ImportProgress &p) {
        post([p](QProgressDialog *d) {
            d->setLabelText((p.finishing ? tr("Writing indexes for %1 (%2 of %3)") : tr("Importing %1 (%2 of %3)"))
                                .arg(p.file)
                                .arg(p.fileIndex + 1)
                                .arg(p.fileCount));
            if (p.bytesTotal > 0)
                d->setValue(int(1000 * p.bytesDone / p.bytesTotal));
        });
    };
    struct Outcome
    {
        std::vector<ImportFileReport> reports;
        QString analysis; // summary or error of the correlation, empty when it did not run
        bool analysisFailed = false;
    };
    auto *watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, dialog, conversationKey, itemId, paths] {
        const Outcome outcome = watcher->result();
        watcher->deleteLater();
        dialog->deleteLater();
        int imported = 0, failed = 0;
        QString details;
        for (const ImportFileReport &r : outcome.reports) {
            if (r.status == QLatin1String("imported"))
                ++imported;
            if (r.status == QLatin1String("failed"))
                ++failed;
            if (!r.message.isEmpty() || !r.warnings.isEmpty() || r.status != QLatin1String("imported"))
                details += QStringLiteral("%1: %2 %3\n").arg(r.path, r.status, r.message);
            for (const QString &w : r.warnings)
                details += QStringLiteral("    %1\n").arg(w);
        }
        m_busy = false;
        setWorkspaceActionsEnabled(true);
        attachModels();
        // Conversation ids change on re-analysis, keys do not; item ids survive it.
        qint64 conversation = 0;
        try {
            if (!conversationKey.isEmpty()) {
                SqliteStatement st = m_workspace->db().prepare("SELECT id FROM conversations WHERE key = ?");
                st.bind(1, conversationKey.toStdString());
                if (st.step())
                    conversation = st.int64(0);
            }
        } catch (const std::exception &) {
        }
        if (conversation > 0) {
            selectConversation(conversation);
            if (itemId > 0)
                m_state->setItem(itemId);
        }
        QString summary = paths.isEmpty()
            ? QString()
            : tr("%1 of %2 files imported, %3 failed.").arg(imported).arg(outcome.reports.size()).arg(failed);
        if (!outcome.analysis.isEmpty())
            summary += (summary.isEmpty() ? QString() : QStringLiteral(" ")) + outcome.analysis;
        statusBar()->showMessage(summary, 8000);
        if (outcome.analysisFailed)
            details += tr("Analysis: %1\n").arg(outcome.analysis);
        Q_EMIT backgroundWorkFinished();
        if (!details.isEmpty() && !isOffscreen()) {
            QMessageBox box(QMessageBox::Information, tr("Import finished"), summary, QMessageBox::Ok, this);
            box.setDetailedText(details);
            box.exec();
        }
    });
    const QStringList list = paths;
    watcher->setFuture(QtConcurrent::run([fn, ws, list, progress, post, cancel] {
        Outcome out;
        if (!list.isEmpty()) {
            try {
                out.reports = fn(*ws, list, progress, cancel.get());
            } catch (const std::exception &e) {
                ImportFileReport r;
                r.path = list.join(QStringLiteral(", "));
                r.status = QStringLiteral("failed");
                r.message = QString::fromUtf8(e.what());
                out.reports = {r};
            }
            bool changed = false;
            for (const ImportFileReport &r : out.reports)
                changed = changed || r.status == QLatin1String("imported");
            if (!changed || *cancel)
                return out;
        }
        try {
            post([](QProgressDialog *d) {
                d->setLabelText(tr("Analyzing — joining conversations, finding broken handoffs…"));
                d->setRange(0, 0);
            });
            Correlator::Options options;
            options.progress = [post](const char *stage) {
                const QString s = QString::fromUtf8(stage);
                post([s](QProgressDialog *d) { d->setLabelText(tr("Analyzing: %1").arg(s)); });
            };
            const Correlator::Result r = Correlator(*ws).run(options);
            out.analysis = tr("Analysis: %1 conversations, %2 findings (%3 broken handoffs).")
                               .arg(r.conversations)
                               .arg(r.findings)
                               .arg(r.brokenHandoffs);
        } catch (const std::exception &e) {
            out.analysis = QString::fromUtf8(e.what());
            out.analysisFailed = true;
        }
        return out;
    }));
    dialog->show();
}

void MainWindow::setWorkspaceActionsEnabled(bool enabled)
{
    for (QAction *a : std::as_const(m_workspaceActions))
        a->setEnabled(enabled);
}

void MainWindow::selectConversation(qint64 conversationId)
{
    m_state->setConversation(conversationId);
}

// Selecting a conversation reads its whole timeline and builds its decision tree — 1.5 s for
// 100 k items — so that runs on a worker with its OWN read-only connection (this window's
// connection is NOMUTEX and stays on the GUI thread; a read-only open needs no lock and sees
// everything committed). The views show "Loading…" until the result arrives; a result for a
// conversation that is no longer selected (m_loadGeneration moved on) is dropped.
void MainWindow::startConversationLoad(qint64 id)
{
    const quint64 generation = ++m_loadGeneration;
    m_treeModel->setConversationTree(0, {});
    m_timeline->setData({});
    if (id <= 0 || !m_workspace || m_busy) {
        setLoading(false);
        return;
    }
    setLoading(true);
    const QString path = m_workspace->path();
    struct Loaded
    {
        TimelineData timeline;
        std::vector<DecisionNode> tree;
        QString error;
    };
    auto *watcher = new QFutureWatcher<Loaded>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, id] {
        Loaded loaded = watcher->result();
        watcher->deleteLater();
        if (generation != m_loadGeneration)
            return; // another conversation was selected meanwhile
        setLoading(false);
        if (!loaded.error.isEmpty())
            statusBar()->showMessage(tr("Cannot load the conversation: %1").arg(loaded.error), 8000);
        m_treeModel->setConversationTree(id, std::move(loaded.tree));
        m_timeline->setData(std::move(loaded.timeline));
        // An item selected while loading (a finding, --select) is shown now.
        if (m_state->itemId() > 0)
            m_treeView->onItemChanged(m_state->itemId());
        Q_EMIT conversationLoaded(id);
    });
    watcher->setFuture(QtConcurrent::run([path, id] {
        Loaded out;
        try {
            std::unique_ptr<Workspace> ws = Workspace::open(path, Workspace::Access::ReadOnly);
            ws->setMaxValueBytes(Workspace::Limits().maxValueBytes); // as for a file from someone else
            out.timeline = TimelineData::load(*ws, id);
            out.tree = DecisionTreeModel::buildTree(*ws, id);
        } catch (const std::exception &e) {
            out.error = QString::fromUtf8(e.what());
        }
        return out;
    }));
}

void MainWindow::setLoading(bool on)
{
    m_loading = on;
    m_timeline->setLoading(on);
    m_loadingBar->setVisible(on);
}

void MainWindow::onConversationChanged(qint64 id)
{
    startConversationLoad(id);
    const int row = id > 0 ? m_conversationModel->rowForConversation(id) : -1;
    m_syncingList = true;
    if (row >= 0) {
        m_conversationView->selectRow(row);
        m_conversationView->scrollTo(m_conversationModel->index(row, 0));
    } else {
        m_conversationView->clearSelection();
    }
    m_syncingList = false;
}

void MainWindow::onItemChanged(qint64 id)
{
    if (id <= 0 || !m_workspace || m_busy)
        return;
    // An item from another conversation (a finding, a link) brings its conversation along.
    try {
        SqliteStatement st = m_workspace->db().prepare("SELECT conversation_id FROM conversation_items WHERE item_id = "
                                                       "? ORDER BY conversation_id = ? DESC LIMIT 1");
        st.bind(1, static_cast<int64_t>(id));
        st.bind(2, static_cast<int64_t>(m_state->conversationId()));
        if (st.step() && st.int64(0) != m_state->conversationId()) {
            m_state->setConversation(st.int64(0));
            m_state->setItem(id);
        }
    } catch (const std::exception &) {
    }
}

bool MainWindow::selectByText(const QString &conversation, const QString &selectRef)
{
    if (!m_workspace || m_busy)
        return false;
    qint64 conv = 0, item = 0;
    try {
        if (!conversation.isEmpty()) {
            SqliteStatement st
                = m_workspace->db().prepare("SELECT id FROM conversations WHERE key = ? OR id = ? LIMIT 1");
            st.bind(1, conversation.toStdString());
            bool ok = false;
            const qint64 asId = conversation.toLongLong(&ok);
            st.bind(2, static_cast<int64_t>(ok ? asId : -1));
            if (st.step())
                conv = st.int64(0);
            if (conv == 0)
                return false;
        } else {
            // Default: the first conversation with a finding, errors first, at its finding's item.
            SqliteStatement st = m_workspace->db().prepare(
                "SELECT f.conversation_id, coalesce(f.item_id, 0) FROM findings f JOIN conversations c ON c.id = "
                "f.conversation_id ORDER BY f.severity = 'error' DESC, c.start_ns, f.id LIMIT 1");
            if (st.step()) {
                conv = st.int64(0);
                if (selectRef.isEmpty())
                    item = st.int64(1);
            } else {
                conv = m_workspace->db().queryInt("SELECT id FROM conversations ORDER BY start_ns, id LIMIT 1");
            }
        }
        if (!selectRef.isEmpty()) {
            bool ok = false;
            item = selectRef.toLongLong(&ok);
            if (!ok)
                item = ItemDetails::findByRef(*m_workspace, selectRef, conv);
            if (item == 0)
                return false;
        }
    } catch (const std::exception &e) {
        qWarning("selection failed: %s", e.what());
        return false;
    }
    if (conv > 0)
        selectConversation(conv);
    if (item > 0)
        m_state->setItem(item);
    return true;
}

bool MainWindow::waitForConversation(int timeoutMs)
{
    if (!m_loading)
        return true;
    QEventLoop loop;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    connect(this, &MainWindow::conversationLoaded, &loop, &QEventLoop::quit);
    loop.exec();
    return !m_loading;
}

bool MainWindow::renderScreenshot(
    const QString &outPath, const QSize &size, const QString &conversation, const QString &selectRef)
{
    resize(size);
    show();
    const int w = size.width();
    // The list needs ~470 px for user, full start time, duration, two badges and four channel icons.
    m_mainSplitter->setSizes({w * 30 / 100, w * 49 / 100, w * 21 / 100});
    m_centreSplitter->setSizes({size.height() * 55 / 100, size.height() * 45 / 100});
    resizeDocks({m_findingsPanel}, {size.height() / 6}, Qt::Vertical);
    QApplication::processEvents();
    if (m_workspace && !selectByText(conversation, selectRef)) {
        qWarning("nothing matches --conversation %s --select %s", qPrintable(conversation), qPrintable(selectRef));
        return false;
    }
    waitForConversation(30000);
    for (int i = 0; i < 3; ++i)
        QApplication::processEvents();
    return grab().save(outPath, "PNG");
}
