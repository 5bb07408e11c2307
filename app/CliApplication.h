#pragma once
#include <QStringList>

class QCommandLineParser;

// Dispatches the command line: --help, --version, the subcommands; everything else is the GUI.
class CliApplication
{
public:
    // True when argv asks for a subcommand or a flag the CLI answers without a display.
    static bool isCliInvocation(const QStringList &args);
    // Runs it; returns the process exit code. Errors go to stderr.
    static int run(const QStringList &args);
    static QString helpText();
    // A subcommand's --help: the parser's text with the usage line naming `threadline <command>`.
    static QString commandHelpText(const QCommandLineParser &parser, const char *command);
};
