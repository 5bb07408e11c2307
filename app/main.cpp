#include "CliApplication.h"
#include "GuiLauncher.h"

#include <QCoreApplication>
#include <QGuiApplication>

int main(int argc, char **argv)
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    if (args.value(1) == QLatin1String("report")) {
        // The report draws a picture and prints a PDF: that needs fonts, not a display.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QGuiApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("threadline"));
        return CliApplication::run(args);
    }
    if (CliApplication::isCliInvocation(args)) {
        // No QGuiApplication: the CLI must run on a machine with no display at all.
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("threadline"));
        return CliApplication::run(args);
    }
    return GuiLauncher::run(argc, argv);
}
