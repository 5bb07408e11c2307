#include "ImportCommand.h"

#include "CliApplication.h"
#include "ImportRunner.h"
#include "ImporterRegistry.h"
#include "Workspace.h"
#include "WorkspaceError.h"

#include <QCommandLineParser>

#include <cstdio>
#include <unistd.h>

namespace ImportCommand {

int run(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Import trace, log, transcript and media files into a workspace."));
    parser.addHelpOption();
    parser.addOption({{QStringLiteral("w"), QStringLiteral("workspace")},
        QStringLiteral("Workspace file (created if missing)."), QStringLiteral("WS")});
    parser.addOption({QStringLiteral("force"), QStringLiteral("Re-import files whose content is unchanged.")});
    parser.addOption({QStringLiteral("format"), QStringLiteral("Skip detection and read every file as FORMAT."),
        QStringLiteral("FORMAT")});
    parser.addOption({QStringLiteral("list-formats"), QStringLiteral("List the formats and exit.")});
    parser.addOption({{QStringLiteral("q"), QStringLiteral("quiet")}, QStringLiteral("Only print errors.")});
    parser.addPositionalArgument(
        QStringLiteral("PATH"), QStringLiteral("Files or folders (recursive)."), QStringLiteral("PATH..."));
    if (!parser.parse(args)) {
        std::fprintf(stderr, "threadline import: %s\n", parser.errorText().toUtf8().constData());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(CliApplication::commandHelpText(parser, "import").toUtf8().constData(), stdout);
        return 0;
    }
    if (parser.isSet(QStringLiteral("list-formats"))) {
        for (const Importer *imp : ImporterRegistry::instance().importers())
            std::printf("%-16s %s\n", imp->format(), imp->description());
        return 0;
    }
    const QString wsPath = parser.value(QStringLiteral("workspace"));
    const QStringList paths = parser.positionalArguments();
    if (wsPath.isEmpty() || paths.isEmpty()) {
        std::fprintf(stderr, "threadline import: need -w WORKSPACE and at least one PATH\n");
        return 2;
    }
    const bool quiet = parser.isSet(QStringLiteral("quiet"));
    try {
        auto ws = Workspace::openOrCreate(wsPath);
        ImportRunner runner(*ws);
        ImportRunner::Options options;
        options.force = parser.isSet(QStringLiteral("force"));
        options.format = parser.value(QStringLiteral("format"));
        const bool tty = isatty(fileno(stderr));
        if (tty && !quiet) {
            options.progress = [](const ImportRunner::Progress &p) {
                const int percent = p.bytesTotal > 0 ? int(100 * p.bytesDone / p.bytesTotal) : 100;
                const QString what = p.finishing ? p.file + QStringLiteral(" (writing indexes)") : p.file;
                std::fprintf(stderr, "\r[%3d%%] %d/%d %-60.60s", percent, std::min(p.fileIndex + 1, p.fileCount),
                    p.fileCount, what.toUtf8().constData());
            };
        }
        const auto results = runner.run(paths, options);
        if (tty && !quiet)
            std::fputs("\r\033[K", stderr);
        int failed = 0, imported = 0;
        qint64 items = 0;
        for (const auto &r : results) {
            using S = ImportRunner::FileResult::Status;
            if (r.status == S::Failed || r.status == S::Cancelled)
                ++failed;
            if (r.status == S::Imported) {
                ++imported;
                items += r.items;
            }
            if (r.status == S::Failed || r.status == S::Cancelled)
                std::fprintf(stderr, "error: %s\n", r.message.toUtf8().constData());
            else if (!quiet && r.status != S::Imported)
                std::fprintf(stderr, "%s\n", r.message.toUtf8().constData());
            else if (!quiet)
                std::fprintf(stderr, "%s: %lld items (%s)\n", r.source.toUtf8().constData(), (long long)r.items,
                    r.format.toUtf8().constData());
            for (const QString &w : r.warnings)
                std::fprintf(stderr, "warning: %s\n", w.toUtf8().constData());
        }
        if (!quiet)
            std::fprintf(stderr, "%d file(s) imported, %lld items; %d failed\n", imported, (long long)items, failed);
        return failed > 0 ? 1 : 0;
    } catch (const WorkspaceError &e) {
        std::fprintf(stderr, "threadline import: %s\n", e.message().toUtf8().constData());
        return 1;
    }
}

} // namespace ImportCommand
