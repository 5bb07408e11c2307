#include "CliApplication.h"
#include "GuiLauncher.h"

#include <QCoreApplication>

int main(int argc, char **argv)
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    if (CliApplication::isCliInvocation(args)) {
        // No QGuiApplication: the CLI must run on a machine with no display at all.
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("threadline"));
        return CliApplication::run(args);
    }
    return GuiLauncher::run(argc, argv);
}
