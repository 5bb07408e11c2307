#include "CliApplication.h"

#include "AnalyzeCommand.h"
#include "CliCommand.h"
#include "DemoCommand.h"
#include "ExportCommand.h"
#include "FindCommand.h"
#include "ImportCommand.h"
#include "ReportCommand.h"
#include "ShareCommand.h"
#include "ThreadlineVersion.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QTextStream>

#include <cstdio>
#include <vector>

namespace {

const std::vector<CliCommand> &commands()
{
    static const std::vector<CliCommand> list = {
        {"demo", "Import, analyze and open the bundled demo case", DemoCommand::available, &DemoCommand::run},
        {"import", "Import files or folders into a workspace (created if missing)", ImportCommand::available,
            &ImportCommand::run},
        {"analyze", "Join conversations, build decision trees and findings; --json for scripts",
            AnalyzeCommand::available, &AnalyzeCommand::run},
        {"find", "Rank conversations for a complaint: --user, --around, --quote", FindCommand::available,
            &FindCommand::run},
        {"share", "Save a self-contained copy for sharing; --redact for personal data and secrets",
            ShareCommand::available, &ShareCommand::run},
        {"report", "Incident report of a conversation: --pdf or --html", ReportCommand::available, &ReportCommand::run},
        {"export", "Audit export of a conversation: one chronological --csv table", ExportCommand::available,
            &ExportCommand::run},
    };
    return list;
}

} // namespace

bool CliApplication::isCliInvocation(const QStringList &args)
{
    if (args.size() < 2)
        return false;
    const QString &first = args.at(1);
    if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("--version")
        || first == QLatin1String("-v") || first == QLatin1String("help"))
        return true;
    for (const CliCommand &c : commands())
        if (first == QLatin1String(c.name))
            return true;
    // A bare word that names no file is a mistyped command, not a workspace: answer it here
    // instead of opening a window that only says the file does not exist.
    return !first.startsWith(QLatin1Char('-')) && !first.contains(QLatin1Char('/')) && !first.contains(QLatin1Char('.'))
        && !QFileInfo::exists(first);
}

QString CliApplication::helpText()
{
    QString text;
    QTextStream out(&text);
    out << "Threadline " THREADLINE_VERSION " - join AI-product evidence into conversations a person can check\n\n"
        << "Usage:\n"
        << "  threadline [WORKSPACE.threadline]       open the GUI (a workspace, or none)\n"
        << "  threadline --screenshot OUT.png [--size WxH] [--conversation ID] [--select REF] WORKSPACE\n"
        << "  threadline <command> [options]\n\n"
        << "Commands:\n";
    for (const CliCommand &c : commands())
        if (c.available)
            out << "  " << QString::fromLatin1(c.name).leftJustified(10) << c.summary << "\n";
    out << "\nOptions:\n"
        << "  -h, --help     show this help (threadline <command> --help for a command's options)\n"
        << "  -v, --version  show the version\n";
    return text;
}

QString CliApplication::commandHelpText(const QCommandLineParser &parser, const char *command)
{
    // QCommandLineParser's usage line names only the executable; copied as printed, it would
    // start the GUI instead of the command.
    QString text = parser.helpText();
    const QString exe = QCoreApplication::arguments().value(0);
    const qsizetype at = exe.isEmpty() ? -1 : text.indexOf(exe);
    if (at >= 0 && at < text.indexOf(QLatin1Char('\n')))
        text.replace(at, exe.size(), QStringLiteral("threadline ") + QLatin1String(command));
    return text;
}

int CliApplication::run(const QStringList &args)
{
    const QString first = args.value(1);
    if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help")) {
        std::fputs(helpText().toUtf8().constData(), stdout);
        return 0;
    }
    if (first == QLatin1String("--version") || first == QLatin1String("-v")) {
        std::fputs("threadline " THREADLINE_VERSION "\n", stdout);
        return 0;
    }
    for (const CliCommand &c : commands()) {
        if (first == QLatin1String(c.name)) {
            if (!c.available) {
                std::fprintf(stderr, "threadline: the %s command is not available in this build yet\n", c.name);
                return 2;
            }
            return c.run(args.mid(1));
        }
    }
    std::fprintf(stderr, "threadline: unknown command \"%s\"; see threadline --help\n", first.toUtf8().constData());
    return 2;
}
