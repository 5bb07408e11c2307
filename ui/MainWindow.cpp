#include "MainWindow.h"

#include "Workspace.h"
#include "WorkspaceError.h"

#include <QApplication>
#include <QLabel>
#include <QMessageBox>
#include <QPixmap>
#include <QStatusBar>

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("Threadline"));
    auto *label = new QLabel(tr("Open a workspace (File › Open) or import evidence files."), this);
    label->setAlignment(Qt::AlignCenter);
    setCentralWidget(label);
    statusBar()->showMessage(tr("No workspace"));
}

MainWindow::~MainWindow() = default;

bool MainWindow::openWorkspace(const QString &path)
{
    try {
        m_workspace = Workspace::open(path, Workspace::Access::ReadWriteOrReadOnly);
    } catch (const WorkspaceError &e) {
        if (QGuiApplication::platformName() == QLatin1String("offscreen"))
            qWarning("%s", qPrintable(e.message()));
        else
            QMessageBox::critical(this, tr("Cannot open workspace"), e.message());
        return false;
    }
    setWindowTitle(QStringLiteral("%1 — Threadline").arg(path));
    statusBar()->showMessage(m_workspace->isReadOnly() ? m_workspace->readOnlyReason() : path);
    return true;
}

bool MainWindow::renderScreenshot(const QString &outPath, const QSize &size, const QString &, const QString &)
{
    resize(size);
    show();
    QApplication::processEvents();
    return grab().save(outPath, "PNG");
}
