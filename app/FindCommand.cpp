#include "FindCommand.h"

#include "CliApplication.h"
#include "ComplaintFinder.h"
#include "SqliteError.h"
#include "TimestampParser.h"
#include "Workspace.h"
#include "WorkspaceError.h"

#include <QCommandLineParser>
#include <QRegularExpression>

#include <nlohmann/json.hpp>

#include <cstdio>

namespace FindCommand {

namespace {

// "2h", "90m", "30s", "1d", or plain seconds.
bool parseDuration(const QString &text, int64_t &ns)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d+(?:\\.\\d+)?)\\s*([smhd]?)\\s*$"));
    const auto m = re.match(text);
    if (!m.hasMatch())
        return false;
    double v = m.captured(1).toDouble();
    const QString unit = m.captured(2);
    if (unit == QLatin1String("m"))
        v *= 60;
    else if (unit == QLatin1String("h"))
        v *= 3600;
    else if (unit == QLatin1String("d"))
        v *= 86400;
    ns = static_cast<int64_t>(v * 1e9);
    return true;
}

} // namespace

int run(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Rank the conversations a complaint is about."));
    parser.addHelpOption();
    parser.addOption({{QStringLiteral("w"), QStringLiteral("workspace")}, QStringLiteral("Workspace file (analyzed)."),
        QStringLiteral("WS")});
    parser.addOption({QStringLiteral("user"), QStringLiteral("User id, email or phone."), QStringLiteral("U")});
    parser.addOption({QStringLiteral("around"), QStringLiteral("A time (ISO-8601 or epoch)."), QStringLiteral("TIME")});
    parser.addOption({QStringLiteral("window"), QStringLiteral("How far from --around (default 2h)."),
        QStringLiteral("DURATION"), QStringLiteral("2h")});
    parser.addOption(
        {QStringLiteral("quote"), QStringLiteral("Words the user or the assistant said."), QStringLiteral("TEXT")});
    parser.addOption({QStringLiteral("limit"), QStringLiteral("Most hits to print (default 20)."), QStringLiteral("N"),
        QStringLiteral("20")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    if (!parser.parse(args)) {
        std::fprintf(stderr, "threadline find: %s\n", parser.errorText().toUtf8().constData());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(CliApplication::commandHelpText(parser, "find").toUtf8().constData(), stdout);
        return 0;
    }
    const QString wsPath = parser.value(QStringLiteral("workspace"));
    if (wsPath.isEmpty()) {
        std::fprintf(stderr, "threadline find: need -w WORKSPACE\n");
        return 2;
    }
    ComplaintFinder::Query q;
    q.user = parser.value(QStringLiteral("user")).toStdString();
    q.quote = parser.value(QStringLiteral("quote")).toStdString();
    q.limit = size_t(std::max(1, parser.value(QStringLiteral("limit")).toInt()));
    if (parser.isSet(QStringLiteral("around"))) {
        const auto t = TimestampParser::parseText(parser.value(QStringLiteral("around")).toStdString());
        if (!t) {
            std::fprintf(stderr, "threadline find: --around: not a time: %s\n",
                parser.value(QStringLiteral("around")).toUtf8().constData());
            return 2;
        }
        q.aroundNs = *t;
    }
    if (!parseDuration(parser.value(QStringLiteral("window")), q.windowNs)) {
        std::fprintf(stderr, "threadline find: --window: not a duration (use 30m, 2h, 1d)\n");
        return 2;
    }
    if (q.user.empty() && q.quote.empty() && !q.aroundNs) {
        std::fprintf(stderr, "threadline find: give at least one of --user, --around, --quote\n");
        return 2;
    }
    try {
        auto ws = Workspace::open(wsPath, Workspace::Access::ReadOnly);
        if (ws->db().queryInt("SELECT count(*) FROM conversations") == 0)
            std::fprintf(stderr,
                "threadline find: the workspace has no conversations yet; run threadline analyze -w %s\n",
                wsPath.toUtf8().constData());
        const auto hits = ComplaintFinder::find(*ws, q);
        if (parser.isSet(QStringLiteral("json"))) {
            nlohmann::json out = nlohmann::json::array();
            for (const auto &h : hits)
                out.push_back({{"id", h.key}, {"title", h.title}, {"start", TimestampParser::toIso(h.startNs)},
                    {"end", TimestampParser::toIso(h.endNs)}, {"score", std::round(h.score * 100) / 100},
                    {"reasons", h.reasons}});
            const std::string s = out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
            std::printf("%s\n", s.c_str());
        } else {
            if (hits.empty())
                std::printf("no conversation matches\n");
            for (const auto &h : hits) {
                std::printf("%.2f  %s  %s  %s\n", h.score, TimestampParser::toIso(h.startNs).c_str(), h.key.c_str(),
                    h.title.c_str());
                for (const std::string &r : h.reasons)
                    std::printf("        - %s\n", r.c_str());
            }
        }
        return hits.empty() ? 1 : 0;
    } catch (const WorkspaceError &e) {
        std::fprintf(stderr, "threadline find: %s\n", e.message().toUtf8().constData());
    } catch (const SqliteError &e) {
        std::fprintf(stderr, "threadline find: database error: %s\n", e.what());
    }
    return 1;
}

} // namespace FindCommand
