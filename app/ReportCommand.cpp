#include "ReportCommand.h"

#include "CliApplication.h"
#include "ExportCommand.h"
#include "ReportBuilder.h"
#include "ReportRenderer.h"
#include "Workspace.h"
#include "WorkspaceError.h"

#include <QCommandLineParser>
#include <QSaveFile>

#include <cstdio>

namespace ReportCommand {

int run(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Write the incident report of one conversation (PDF or HTML)."));
    parser.addHelpOption();
    parser.addOption(
        {{QStringLiteral("w"), QStringLiteral("workspace")}, QStringLiteral("Workspace."), QStringLiteral("WS")});
    parser.addOption({{QStringLiteral("c"), QStringLiteral("conversation")}, QStringLiteral("Conversation id or key."),
        QStringLiteral("ID")});
    parser.addOption({QStringLiteral("pdf"), QStringLiteral("PDF file to write."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("html"), QStringLiteral("HTML file to write."), QStringLiteral("FILE")});
    parser.addOption(
        {QStringLiteral("complaint"), QStringLiteral("What the customer reported."), QStringLiteral("TEXT")});
    if (!parser.parse(args)) {
        std::fprintf(stderr, "threadline report: %s\n", parser.errorText().toUtf8().constData());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(CliApplication::commandHelpText(parser, "report").toUtf8().constData(), stdout);
        return 0;
    }
    const QString wsPath = parser.value(QStringLiteral("workspace"));
    const QString conv = parser.value(QStringLiteral("conversation"));
    const QString pdf = parser.value(QStringLiteral("pdf")), html = parser.value(QStringLiteral("html"));
    if (wsPath.isEmpty() || conv.isEmpty() || (pdf.isEmpty() && html.isEmpty())) {
        std::fprintf(stderr, "threadline report: need -w WORKSPACE, --conversation ID and --pdf or --html FILE\n");
        return 2;
    }
    try {
        // A report is often made from a file someone sent: never write to it.
        auto ws = Workspace::openUntrusted(wsPath);
        const int64_t id = ExportCommand::conversationId(*ws, conv);
        if (id == 0) {
            std::fprintf(stderr, "threadline report: %s has no conversation \"%s\"\n", wsPath.toUtf8().constData(),
                conv.toUtf8().constData());
            return 1;
        }
        ReportBuilder::Options options;
        options.complaint = parser.value(QStringLiteral("complaint"));
        options.timelinePng = ReportRenderer::png(ReportRenderer::timeline(*ws, id));
        if (!html.isEmpty()) {
            options.pageBreaks = false;
            const QString text = ReportBuilder::build(*ws, id, options);
            QSaveFile file(html);
            if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit()) {
                std::fprintf(stderr, "threadline report: cannot write %s: %s\n", html.toUtf8().constData(),
                    file.errorString().toUtf8().constData());
                return 1;
            }
            std::printf("wrote %s\n", html.toUtf8().constData());
        }
        if (!pdf.isEmpty()) {
            options.pageBreaks = true;
            const QString error = ReportRenderer::writePdf(
                ReportBuilder::build(*ws, id, options), pdf, QStringLiteral("Incident report %1").arg(conv));
            if (!error.isEmpty()) {
                std::fprintf(stderr, "threadline report: %s\n", error.toUtf8().constData());
                return 1;
            }
            std::printf("wrote %s\n", pdf.toUtf8().constData());
        }
        return 0;
    } catch (const WorkspaceError &e) {
        std::fprintf(stderr, "threadline report: %s\n", e.message().toUtf8().constData());
        return 1;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "threadline report: %s\n", e.what());
        return 1;
    }
}

} // namespace ReportCommand
