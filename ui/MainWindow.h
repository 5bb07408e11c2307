#pragma once
#include <QMainWindow>

#include <memory>

class Workspace;

// The one window: conversations, timeline, decision tree, details, findings.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Shows a message box (or stderr when offscreen) and returns false on failure.
    bool openWorkspace(const QString &path);
    // Lays the window out at `size` offscreen, selects as asked and writes a PNG.
    bool renderScreenshot(
        const QString &outPath, const QSize &size, const QString &conversation, const QString &selectRef);

private:
    std::unique_ptr<Workspace> m_workspace;
};
