#include "AnalyzeCommand.h"

#include "AnalysisJson.h"
#include "CliApplication.h"
#include "Correlator.h"
#include "ImportRunner.h"
#include "SqliteDatabase.h"
#include "SqliteError.h"
#include "TimestampParser.h"
#include "Workspace.h"
#include "WorkspaceError.h"

#include <QCommandLineParser>
#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <unistd.h>

namespace AnalyzeCommand {

namespace {

void printSummary(Workspace &ws, const Correlator::Result &r)
{
    std::printf("%lld items, %lld conversations (%lld items joined), %lld evidence edges, %lld findings, %.2f s\n",
        static_cast<long long>(r.items), static_cast<long long>(r.conversations),
        static_cast<long long>(r.attachedItems), static_cast<long long>(r.edges), static_cast<long long>(r.findings),
        r.seconds);
    for (const auto &a : r.anchored)
        std::printf("anchored %s at %s\n", a.first.c_str(), TimestampParser::toIso(a.second).c_str());
    auto convs
        = ws.db().prepare("SELECT key, coalesce(title,''), start_ns, item_count, coalesce(channels,'[]'), "
                          "finding_count, coalesce(worst_severity,'') FROM conversations ORDER BY start_ns LIMIT 50");
    std::printf("\nConversations:\n");
    while (convs.step()) {
        std::printf("  %s  %s  %lld items %s", TimestampParser::toIso(convs.int64(2)).c_str(), convs.text(0).c_str(),
            static_cast<long long>(convs.int64(3)), convs.text(4).c_str());
        if (convs.int64(5) > 0)
            std::printf("  %lld finding(s), worst %s", static_cast<long long>(convs.int64(5)), convs.text(6).c_str());
        std::printf("\n      %s\n", convs.text(1).c_str());
    }
    const int64_t total = ws.db().queryInt("SELECT count(*) FROM conversations");
    if (total > 50)
        std::printf("  ... and %lld more\n", static_cast<long long>(total - 50));
    auto findings = ws.db().prepare("SELECT severity, kind, explanation FROM findings WHERE kind <> 'dangling_parent' "
                                    "ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, id "
                                    "LIMIT 50");
    std::printf("\nFindings:\n");
    while (findings.step())
        std::printf("  [%s] %s: %s\n", findings.text(0).c_str(), findings.text(1).c_str(), findings.text(2).c_str());
}

} // namespace

int run(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Join the evidence into conversations and report findings."));
    parser.addHelpOption();
    parser.addOption(
        {{QStringLiteral("w"), QStringLiteral("workspace")}, QStringLiteral("Workspace file."), QStringLiteral("WS")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print the analysis as JSON.")});
    parser.addOption({QStringLiteral("trees"), QStringLiteral("Include each conversation's decision tree (JSON).")});
    parser.addPositionalArgument(QStringLiteral("PATH"),
        QStringLiteral("Files or folders to analyze through a temporary workspace (instead of -w)."),
        QStringLiteral("[PATH...]"));
    if (!parser.parse(args)) {
        std::fprintf(stderr, "threadline analyze: %s\n", parser.errorText().toUtf8().constData());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(CliApplication::commandHelpText(parser, "analyze").toUtf8().constData(), stdout);
        return 0;
    }
    const QString wsPath = parser.value(QStringLiteral("workspace"));
    const QStringList paths = parser.positionalArguments();
    if (wsPath.isEmpty() == paths.isEmpty()) {
        std::fprintf(stderr, "threadline analyze: give either -w WORKSPACE or PATH..., not both\n");
        return 2;
    }
    const bool asJson = parser.isSet(QStringLiteral("json"));
    const bool trees = parser.isSet(QStringLiteral("trees"));
    try {
        QTemporaryDir tmp; // outlives the workspace (and its lock file) inside it
        std::unique_ptr<Workspace> ws;
        if (!paths.isEmpty()) {
            if (!tmp.isValid()) {
                std::fprintf(stderr, "threadline analyze: cannot create a temporary folder\n");
                return 1;
            }
            ws = Workspace::create(tmp.filePath(QStringLiteral("analyze.threadline")));
            ImportRunner runner(*ws);
            int failed = 0, imported = 0;
            for (const auto &r : runner.run(paths, {})) {
                using S = ImportRunner::FileResult::Status;
                if (r.status == S::Failed || r.status == S::Cancelled) {
                    ++failed;
                    std::fprintf(stderr, "error: %s\n", r.message.toUtf8().constData());
                } else if (r.status == S::Imported) {
                    ++imported;
                } else if (!r.message.isEmpty()) {
                    std::fprintf(stderr, "%s\n", r.message.toUtf8().constData());
                }
            }
            if (imported == 0) {
                std::fprintf(stderr, "threadline analyze: nothing could be imported from the given paths\n");
                return 1;
            }
            (void)failed;
        } else {
            ws = Workspace::open(wsPath, Workspace::Access::ReadWrite);
        }
        Correlator::Options options;
        const bool tty = isatty(fileno(stderr));
        if (tty && !asJson)
            options.progress = [](const char *stage) { std::fprintf(stderr, "\r%-40s", stage); };
        const Correlator::Result result = Correlator(*ws).run(options);
        if (tty && !asJson)
            std::fputs("\r\033[K", stderr);
        if (asJson || trees) {
            AnalysisJson::Options jo;
            jo.trees = trees;
            const std::string out
                = AnalysisJson::build(*ws, jo).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
            std::fwrite(out.data(), 1, out.size(), stdout);
            std::fputc('\n', stdout);
        } else {
            printSummary(*ws, result);
        }
        return 0;
    } catch (const WorkspaceError &e) {
        std::fprintf(stderr, "threadline analyze: %s\n", e.message().toUtf8().constData());
    } catch (const SqliteError &e) {
        std::fprintf(stderr, "threadline analyze: database error: %s\n", e.what());
    } catch (const std::exception &e) {
        std::fprintf(stderr, "threadline analyze: %s\n", e.what());
    }
    return 1;
}

} // namespace AnalyzeCommand
