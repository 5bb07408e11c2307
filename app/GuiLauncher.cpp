#include "GuiLauncher.h"

#include "MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>

namespace GuiLauncher {

int run(int argc, char **argv)
{
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
            std::fprintf(stderr, "threadline: cannot write %s\n", out.toUtf8().constData());
            return 1;
        }
        return 0;
    }
    window.show();
    return app.exec();
}

} // namespace GuiLauncher
