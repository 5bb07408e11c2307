#include "GuiLauncher.h"

#include "ImportRunner.h"
#include "MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>
#include <cstring>

namespace GuiLauncher {

namespace {
// The GUI's File › Import, backed by the same runner as `threadline import`.
std::vector<ImportFileReport> runImport(Workspace &workspace, const QStringList &paths,
    const std::function<void(const ImportProgress &)> &progress, const std::atomic_bool *cancel)
{
    ImportRunner runner(workspace);
    ImportRunner::Options options;
    options.cancel = cancel;
    options.progress = [&progress](const ImportRunner::Progress &p) {
        if (progress)
            progress({p.file, p.fileIndex, p.fileCount, p.bytesDone, p.bytesTotal, p.finishing});
    };
    std::vector<ImportFileReport> reports;
    for (const ImportRunner::FileResult &r : runner.run(paths, options))
        reports.push_back({r.source.isEmpty() ? r.absolutePath : r.source,
            QString::fromLatin1(ImportRunner::statusName(r.status)), r.items, r.message, r.warnings});
    return reports;
}
} // namespace

int run(int argc, char **argv)
{
    // --screenshot lays the window out offscreen: no display needed.
    bool screenshot = false;
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--screenshot") == 0 || std::strncmp(argv[i], "--screenshot=", 13) == 0)
            screenshot = true;
    if (screenshot && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Threadline"));
    QApplication::setOrganizationName(QStringLiteral("Threadline"));
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("WORKSPACE"), QStringLiteral("Workspace to open."));
    parser.addOption(
        {QStringLiteral("screenshot"), QStringLiteral("Render offscreen to a PNG and exit."), QStringLiteral("OUT")});
    parser.addOption({QStringLiteral("size"), QStringLiteral("Window size for --screenshot."), QStringLiteral("WxH"),
        QStringLiteral("1600x1000")});
    parser.addOption({QStringLiteral("conversation"), QStringLiteral("Conversation to select."), QStringLiteral("ID")});
    parser.addOption({QStringLiteral("select"), QStringLiteral("Item ref to select."), QStringLiteral("REF")});
    if (!parser.parse(app.arguments())) {
        std::fprintf(stderr, "threadline: %s\n", parser.errorText().toUtf8().constData());
        return 2;
    }
    MainWindow window;
    window.setImportFunction(&runImport);
    const QString ws = parser.positionalArguments().value(0);
    if (!ws.isEmpty() && !window.openWorkspace(ws) && parser.isSet(QStringLiteral("screenshot")))
        return 1;
    if (parser.isSet(QStringLiteral("screenshot"))) {
        const QStringList size = parser.value(QStringLiteral("size")).split(QLatin1Char('x'));
        const int w = size.value(0).toInt(), h = size.value(1).toInt();
        if (w < 200 || h < 200) {
            std::fprintf(stderr, "threadline: --size must be WxH, at least 200x200\n");
            return 2;
        }
        const QString out = parser.value(QStringLiteral("screenshot"));
        if (!window.renderScreenshot(out, QSize(w, h), parser.value(QStringLiteral("conversation")),
                parser.value(QStringLiteral("select")))) {
            std::fprintf(stderr, "threadline: cannot render %s\n", out.toUtf8().constData());
            return 1;
        }
        return 0;
    }
    window.restoreLayout();
    window.show();
    return app.exec();
}

} // namespace GuiLauncher
