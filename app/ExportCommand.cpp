#include "ExportCommand.h"

#include "AnnotationStore.h"
#include "AuditExport.h"
#include "CliApplication.h"
#include "Workspace.h"
#include "WorkspaceError.h"

#include <QCommandLineParser>

#include <cstdio>

namespace ExportCommand {

int64_t conversationId(const Workspace &workspace, const QString &idOrKey)
{
    if (const int64_t id = AnnotationStore::resolveConversation(workspace, idOrKey))
        return id;
    bool ok = false;
    const qint64 id = idOrKey.toLongLong(&ok);
    if (!ok || id <= 0 || AnnotationStore::conversationTarget(workspace, id).isEmpty())
        return 0;
    return id;
}

int run(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Export a conversation as one chronological CSV table across all sources, with the join "
                       "that put each row there."));
    parser.addHelpOption();
    parser.addOption(
        {{QStringLiteral("w"), QStringLiteral("workspace")}, QStringLiteral("Workspace."), QStringLiteral("WS")});
    parser.addOption({{QStringLiteral("c"), QStringLiteral("conversation")}, QStringLiteral("Conversation id or key."),
        QStringLiteral("ID")});
    parser.addOption({QStringLiteral("csv"), QStringLiteral("CSV file to write."), QStringLiteral("FILE")});
    if (!parser.parse(args)) {
        std::fprintf(stderr, "threadline export: %s\n", parser.errorText().toUtf8().constData());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(CliApplication::commandHelpText(parser, "export").toUtf8().constData(), stdout);
        return 0;
    }
    const QString wsPath = parser.value(QStringLiteral("workspace"));
    const QString conv = parser.value(QStringLiteral("conversation"));
    const QString out = parser.value(QStringLiteral("csv"));
    if (wsPath.isEmpty() || conv.isEmpty() || out.isEmpty()) {
        std::fprintf(stderr, "threadline export: need -w WORKSPACE, --conversation ID and --csv FILE\n");
        return 2;
    }
    try {
        auto ws = Workspace::openUntrusted(wsPath);
        const int64_t id = conversationId(*ws, conv);
        if (id == 0) {
            std::fprintf(stderr, "threadline export: %s has no conversation \"%s\"\n", wsPath.toUtf8().constData(),
                conv.toUtf8().constData());
            return 1;
        }
        const int rows = AuditExport::writeCsv(*ws, id, out);
        std::printf("wrote %s: %d rows\n", out.toUtf8().constData(), rows);
        return 0;
    } catch (const WorkspaceError &e) {
        std::fprintf(stderr, "threadline export: %s\n", e.message().toUtf8().constData());
        return 1;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "threadline export: %s\n", e.what());
        return 1;
    }
}

} // namespace ExportCommand
