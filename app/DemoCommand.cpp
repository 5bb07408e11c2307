#include "DemoCommand.h"

#include "AnalyzeCommand.h"
#include "ImportRunner.h"
#include "Workspace.h"
#include "WorkspaceError.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <cstdio>
#include <unistd.h>

namespace DemoCommand {

QString demoDirectory()
{
    const QString installed = QCoreApplication::applicationDirPath() + QStringLiteral("/../share/threadline/demo");
    if (QFileInfo(installed).isDir())
        return QDir(installed).canonicalPath();
    return QStringLiteral(THREADLINE_RESOURCES_DIR "/demo");
}

int run(const QStringList &args)
{
    if (args.contains(QStringLiteral("--help")) || args.contains(QStringLiteral("-h"))) {
        std::puts("Usage: threadline demo [--no-gui]\n\nImports the bundled demo case into a fresh workspace, "
                  "analyzes it and opens it.\nWithout a display (or with --no-gui) prints the analysis instead.");
        return 0;
    }
    const QString source = demoDirectory();
    if (!QFileInfo(source).isDir()) {
        std::fprintf(stderr, "threadline demo: the demo files are missing (looked in %s)\n", qPrintable(source));
        return 1;
    }
    const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dataDir);
    const QString path = dataDir + QStringLiteral("/demo.threadline");
    // A fresh copy each time: the demo is for looking, and a stale one would hide what changed.
    for (const char *suffix : {"", "-wal", "-shm", ".lock"})
        QFile::remove(path + QLatin1String(suffix));
    try {
        auto ws = Workspace::create(path);
        ImportRunner runner(*ws);
        int failed = 0;
        for (const auto &r : runner.run({source}, ImportRunner::Options())) {
            if (r.status == ImportRunner::FileResult::Status::Failed) {
                ++failed;
                std::fprintf(stderr, "error: %s\n", qPrintable(r.message));
            }
        }
        if (failed)
            return 1;
    } catch (const WorkspaceError &e) {
        std::fprintf(stderr, "threadline demo: %s\n", qPrintable(e.message()));
        return 1;
    }
    std::fprintf(stderr, "Demo case imported from %s into %s\n\n", qPrintable(source), qPrintable(path));
    const int analyzed = AnalyzeCommand::run({QStringLiteral("analyze"), QStringLiteral("-w"), path});
    if (analyzed != 0)
        return analyzed;

    const bool display = !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
    const QString self = QCoreApplication::applicationFilePath();
    if (!display || args.contains(QStringLiteral("--no-gui"))) {
        std::printf(
            "\nNo display here, so this is the headless analysis. To investigate in the window:\n"
            "  %s %s\n(on a desktop, or over ssh -X; `threadline --screenshot out.png %s` renders it to a PNG)\n",
            qPrintable(self), qPrintable(path), qPrintable(path));
        return 0;
    }
    std::fflush(stdout);
    // The window needs a QApplication, and this process already has a QCoreApplication: become the GUI.
    const QByteArray exe = self.toLocal8Bit();
    const QByteArray ws = path.toLocal8Bit();
    execl(exe.constData(), exe.constData(), ws.constData(), static_cast<char *>(nullptr));
    std::fprintf(stderr, "threadline demo: cannot start the window; run %s %s\n", exe.constData(), ws.constData());
    return 1;
}

} // namespace DemoCommand
