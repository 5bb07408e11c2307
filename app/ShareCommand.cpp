#include "ShareCommand.h"

#include "CliApplication.h"
#include "Workspace.h"
#include "WorkspaceError.h"
#include "WorkspaceSharer.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <stdexcept>

namespace ShareCommand {

int run(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Save a workspace for sharing: one self-contained file, no paths of this disk, optionally redacted."));
    parser.addHelpOption();
    parser.addOption({{QStringLiteral("w"), QStringLiteral("workspace")}, QStringLiteral("Workspace to share."),
        QStringLiteral("WS")});
    parser.addOption(
        {{QStringLiteral("o"), QStringLiteral("out")}, QStringLiteral("The copy to write."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("redact"),
        QStringLiteral("Replace emails, phone numbers, card numbers, IBANs, API keys and bearer tokens.")});
    parser.addOption({QStringLiteral("pattern"),
        QStringLiteral("Also redact matches of REGEX (repeatable; implies --redact)."), QStringLiteral("REGEX")});
    parser.addOption({QStringLiteral("force"), QStringLiteral("Overwrite FILE if it exists.")});
    if (!parser.parse(args)) {
        std::fprintf(stderr, "threadline share: %s\n", parser.errorText().toUtf8().constData());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(CliApplication::commandHelpText(parser, "share").toUtf8().constData(), stdout);
        return 0;
    }
    const QString wsPath = parser.value(QStringLiteral("workspace"));
    const QString out = parser.value(QStringLiteral("out"));
    if (wsPath.isEmpty() || out.isEmpty()) {
        std::fprintf(stderr, "threadline share: need -w WORKSPACE and --out FILE\n");
        return 2;
    }
    WorkspaceSharer::Options options;
    options.patterns = parser.values(QStringLiteral("pattern"));
    options.redact = parser.isSet(QStringLiteral("redact")) || !options.patterns.isEmpty();
    options.overwrite = parser.isSet(QStringLiteral("force"));
    try {
        // Sharing only reads the workspace: it may be open for editing elsewhere.
        auto ws = Workspace::open(wsPath, Workspace::Access::ReadOnly);
        const WorkspaceSharer::Result r = WorkspaceSharer::share(*ws, out, options);
        const QJsonObject summary = QJsonDocument::fromJson(r.summaryJson.toUtf8()).object();
        std::printf("wrote %s (%lld bytes): %d source(s), %d items, %d conversations, %d findings, %d annotations, "
                    "%d media\n",
            out.toUtf8().constData(), (long long)r.bytes,
            int(summary.value(QStringLiteral("sources")).toArray().size()),
            summary.value(QStringLiteral("items")).toInt(), summary.value(QStringLiteral("conversations")).toInt(),
            summary.value(QStringLiteral("findings")).toInt(), summary.value(QStringLiteral("annotations")).toInt(),
            summary.value(QStringLiteral("media")).toInt());
        if (r.pathsReduced > 0)
            std::printf("%d value(s) named a path on this disk and now hold only the file name\n", r.pathsReduced);
        if (options.redact)
            std::printf("redaction report:\n%s", r.redactionReport.toUtf8().constData());
        return 0;
    } catch (const WorkspaceError &e) {
        std::fprintf(stderr, "threadline share: %s\n", e.message().toUtf8().constData());
        return 1;
    } catch (const std::invalid_argument &e) {
        std::fprintf(stderr, "threadline share: %s\n", e.what());
        return 2;
    }
}

} // namespace ShareCommand
