#include "ReportBuilder.h"

#include "SqliteError.h"
#include "SqliteText.h"

#include "AnnotationStore.h"
#include "AuditExport.h"
#include "DecisionTreeBuilder.h"
#include "ThreadlineVersion.h"
#include "TimestampParser.h"
#include "Workspace.h"
#include "WorkspaceError.h"

#include <QDateTime>

#include <nlohmann/json.hpp>

namespace {

using json = nlohmann::json;

QString esc(const QString &s)
{
    return ReportBuilder::escape(s);
}

QString iso(int64_t ns)
{
    return ns == 0 ? QStringLiteral("unknown") : QString::fromStdString(TimestampParser::toIso(ns));
}

QString clip(const QString &s, int max)
{
    return s.size() > max ? s.left(max - 1) + QStringLiteral("…") : s;
}

QString duration(int64_t ns)
{
    if (ns <= 0)
        return QStringLiteral("0 s");
    const double s = double(ns) / 1e9;
    if (s < 120)
        return QString::number(s, 'f', s < 10 ? 2 : 1) + QStringLiteral(" s");
    return QStringLiteral("%1 min %2 s").arg(qint64(s) / 60).arg(qint64(s) % 60);
}

QString jsonText(const json &v)
{
    if (v.is_string())
        return QString::fromStdString(v.get<std::string>());
    if (v.is_null())
        return {};
    return QString::fromStdString(v.dump());
}

const json *member(const json &o, const char *name)
{
    if (!o.is_object())
        return nullptr;
    auto it = o.find(name);
    return it == o.end() ? nullptr : &*it;
}

QString section(const QString &title, bool pageBreak = false)
{
    return QStringLiteral("<h2%1>%2</h2>\n")
        .arg(pageBreak ? QStringLiteral(" style=\"page-break-before: always\"") : QString(), esc(title));
}

QString table(const QStringList &headers)
{
    QString h = QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\" width=\"100%\"><tr>");
    for (const QString &c : headers)
        h += QStringLiteral("<th align=\"left\">%1</th>").arg(esc(c));
    return h + QStringLiteral("</tr>\n");
}

QString row(const QStringList &escapedCells)
{
    QString h = QStringLiteral("<tr>");
    for (const QString &c : escapedCells)
        h += QStringLiteral("<td valign=\"top\">%1</td>").arg(c);
    return h + QStringLiteral("</tr>\n");
}

void renderTree(const Workspace &ws, const std::vector<DecisionNode> &nodes, QString &h, int depth)
{
    if (nodes.empty() || depth > 64)
        return;
    h += QStringLiteral("<ul>\n");
    for (const DecisionNode &n : nodes) {
        QString line = QStringLiteral("<b>%1</b> %2")
                           .arg(esc(QString::fromStdString(n.role)), esc(clip(QString::fromStdString(n.label), 300)));
        if (n.broken)
            line += QStringLiteral(" <font color=\"#b00020\"><b>[broken handoff]</b></font>");
        if (n.suggested)
            line += QStringLiteral(" <i>[suggested, confidence %1]</i>").arg(n.confidence, 0, 'f', 2);
        if (n.edgeId > 0) {
            const QString d = AnnotationStore::decision(ws, QStringLiteral("edge"), QString::number(n.edgeId));
            if (!d.isEmpty())
                line += QStringLiteral(" <b>[%1 by the reviewer]</b>").arg(esc(d));
        }
        h += QStringLiteral("<li>%1").arg(line);
        renderTree(ws, n.children, h, depth + 1);
        h += QStringLiteral("</li>\n");
    }
    h += QStringLiteral("</ul>\n");
}

bool imageBytesMatch(const QString &mime, std::string_view bytes)
{
    if (mime == QLatin1String("image/png"))
        return bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8);
    if (mime == QLatin1String("image/jpeg"))
        return bytes.substr(0, 3) == std::string_view("\xff\xd8\xff", 3);
    return false;
}

} // namespace

QString ReportBuilder::escape(const QString &text)
{
    QString s = text.toHtmlEscaped();
    s.replace(QLatin1Char('\''), QStringLiteral("&#39;"));
    return s;
}

QString ReportBuilder::build(const Workspace &workspace, int64_t conversationId, const Options &options)
{
    const SqliteDatabase &db = workspace.db();
    auto conv = db.prepare("SELECT key, coalesce(title, ''), coalesce(user_ids, ''), start_ns, end_ns, item_count, "
                           "coalesce(channels, ''), finding_count, coalesce(worst_severity, '') "
                           "FROM conversations WHERE id = ?");
    conv.bind(1, conversationId);
    if (!conv.step())
        throw WorkspaceError(QStringLiteral("%1 has no conversation %2").arg(workspace.path()).arg(conversationId));
    const QString key = columnText(conv, 0);
    const QString title = columnText(conv, 1).isEmpty() ? key : columnText(conv, 1);

    QString h;
    h += QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
                        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
                        "style-src 'unsafe-inline'\">\n<title>%1</title>\n"
                        "<style>body{font-family:sans-serif;font-size:10pt} h1{font-size:16pt} h2{font-size:13pt;"
                        "margin-top:14pt} th{background:#eeeeee} td,th{font-size:9pt} .muted{color:#666666}"
                        "</style></head><body>\n")
             .arg(esc(QStringLiteral("Incident report: ") + title));
    h += QStringLiteral("<h1>Incident report: %1</h1>\n").arg(esc(title));
    h += QStringLiteral("<p class=\"muted\">Generated %1 by Threadline %2</p>\n")
             .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODate), QStringLiteral(THREADLINE_VERSION));

    // Complaint and summary.
    if (!options.complaint.trimmed().isEmpty()) {
        h += section(QStringLiteral("Complaint"));
        h += QStringLiteral("<blockquote>%1</blockquote>\n")
                 .arg(esc(options.complaint).replace(QLatin1Char('\n'), QStringLiteral("<br>")));
    }
    h += section(QStringLiteral("Conversation summary"));
    h += table({QStringLiteral("Field"), QStringLiteral("Value")});
    h += row({QStringLiteral("Conversation"), esc(key)});
    if (!columnText(conv, 2).isEmpty())
        h += row({QStringLiteral("Users"), esc(columnText(conv, 2))});
    h += row({QStringLiteral("Started"), esc(iso(conv.int64(3)))});
    h += row({QStringLiteral("Ended"), esc(iso(conv.int64(4)))});
    h += row({QStringLiteral("Duration"), esc(duration(conv.int64(4) - conv.int64(3)))});
    h += row({QStringLiteral("Items"), QString::number(conv.int64(5))});
    if (!columnText(conv, 6).isEmpty())
        h += row({QStringLiteral("Channels"), esc(columnText(conv, 6))});
    h += row({QStringLiteral("Findings"),
        QStringLiteral("%1%2")
            .arg(conv.int64(7))
            .arg(columnText(conv, 8).isEmpty() ? QString()
                                               : QStringLiteral(" (worst: %1)").arg(esc(columnText(conv, 8))))});
    h += QStringLiteral("</table>\n");

    h += section(QStringLiteral("Timeline"));
    if (options.timelinePng.startsWith(QByteArray("\x89PNG\r\n\x1a\n", 8)))
        h += QStringLiteral("<p><img src=\"data:image/png;base64,%1\" width=\"640\" alt=\"timeline\"></p>\n")
                 .arg(QString::fromLatin1(options.timelinePng.toBase64()));
    else
        h += QStringLiteral("<p class=\"muted\">No timeline picture was drawn for this report.</p>\n");

    // The analysis: decision tree, findings, attribution.
    h += section(QStringLiteral("Decision tree"), options.pageBreaks);
    const std::vector<DecisionNode> tree = DecisionTreeBuilder::build(workspace, conversationId);
    if (tree.empty())
        h += QStringLiteral("<p class=\"muted\">No decision tree could be built for this conversation; the "
                            "chronology below lists every step.</p>\n");
    else
        renderTree(workspace, tree, h, 0);

    h += section(QStringLiteral("Findings"));
    {
        auto f = db.prepare(
            "SELECT f.severity, f.kind, f.confidence, coalesce(f.offset_ms, 0), f.explanation, coalesce(f.evidence, "
            "''), "
            "coalesce(s.path || '|' || i.ref, ''), coalesce(rs.path || '|' || r.ref, '') FROM findings f "
            "LEFT JOIN items i ON i.id = f.item_id LEFT JOIN sources s ON s.id = i.source_id "
            "LEFT JOIN items r ON r.id = f.related_item_id LEFT JOIN sources rs ON rs.id = r.source_id "
            "WHERE f.conversation_id = ? ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 "
            "END, f.id");
        f.bind(1, conversationId);
        int n = 0;
        QString rows;
        while (f.step()) {
            ++n;
            QString evidence = esc(columnText(f, 5));
            if (!columnText(f, 6).isEmpty())
                evidence += QStringLiteral("<br><span class=\"muted\">at %1</span>").arg(esc(columnText(f, 6)));
            if (!columnText(f, 7).isEmpty())
                evidence += QStringLiteral("<br><span class=\"muted\">related %1</span>").arg(esc(columnText(f, 7)));
            rows += row({esc(columnText(f, 0)), esc(columnText(f, 1)), QString::number(f.real(2), 'f', 2),
                esc(columnText(f, 4)), evidence});
        }
        if (n == 0)
            h += QStringLiteral("<p>No findings.</p>\n");
        else
            h += table({QStringLiteral("Severity"), QStringLiteral("Kind"), QStringLiteral("Confidence"),
                     QStringLiteral("Explanation"), QStringLiteral("Evidence")})
                + rows + QStringLiteral("</table>\n");
    }

    h += section(QStringLiteral("Attribution chain"));
    {
        // What produced the answers: prompt and model versions of each call, the chunks
        // retrieval handed over, the results tools returned.
        auto a = db.prepare(
            "SELECT i.kind, i.start_ns - s.clock_offset_ns, coalesce(i.actor, ''), coalesce(i.name, ''), "
            "coalesce(i.model_requested, ''), coalesce(i.model_served, ''), coalesce(i.prompt_name, ''), "
            "coalesce(i.prompt_version, ''), coalesce(i.input_tokens, -1), coalesce(i.output_tokens, -1), "
            "CASE WHEN length(i.detail) <= 262144 THEN coalesce(i.detail, '') ELSE '' END, s.path, i.ref "
            "FROM conversation_items ci JOIN items i ON i.id = ci.item_id JOIN sources s ON s.id = i.source_id "
            "WHERE ci.conversation_id = ? AND (i.kind IN ('llm', 'retrieval', 'tool') OR i.prompt_name IS NOT NULL "
            "OR i.model_served IS NOT NULL) ORDER BY i.start_ns - s.clock_offset_ns, i.id LIMIT 500");
        a.bind(1, conversationId);
        QString rows;
        int n = 0;
        while (a.step()) {
            ++n;
            const QString kind = columnText(a, 0);
            QStringList what;
            if (!columnText(a, 4).isEmpty() || !columnText(a, 5).isEmpty()) {
                QString model = QStringLiteral("model %1")
                                    .arg(esc(columnText(a, 5).isEmpty() ? columnText(a, 4) : columnText(a, 5)));
                if (!columnText(a, 4).isEmpty() && !columnText(a, 5).isEmpty() && columnText(a, 4) != columnText(a, 5))
                    model += QStringLiteral(" (requested %1)").arg(esc(columnText(a, 4)));
                what << model;
            }
            if (!columnText(a, 6).isEmpty())
                what << QStringLiteral("prompt %1%2")
                            .arg(esc(columnText(a, 6)),
                                columnText(a, 7).isEmpty() ? QString()
                                                           : QStringLiteral(" version ") + esc(columnText(a, 7)));
            if (a.int64(8) >= 0 || a.int64(9) >= 0)
                what << QStringLiteral("tokens %1 in / %2 out").arg(a.int64(8)).arg(a.int64(9));
            const json detail = json::parse(a.textView(10), nullptr, false);
            if (const json *docs = member(detail, "documents"); docs && docs->is_array()) {
                QStringList chunks;
                for (const json &d : *docs) {
                    if (chunks.size() >= 10)
                        break;
                    QString c = esc(jsonText(member(d, "id") ? *member(d, "id") : json()));
                    if (const json *score = member(d, "score"); score && score->is_number())
                        c += QStringLiteral(" (score %1)").arg(score->get<double>(), 0, 'f', 3);
                    if (const json *content = member(d, "content"))
                        c += QStringLiteral(": %1").arg(esc(clip(jsonText(*content), 200)));
                    chunks << c;
                }
                if (!chunks.isEmpty())
                    what << QStringLiteral("chunks: ") + chunks.join(QStringLiteral("; "));
            }
            if (const json *tool = member(detail, "tool"); tool && tool->is_object()) {
                QString t = QStringLiteral("tool %1").arg(
                    esc(jsonText(member(*tool, "name") ? *member(*tool, "name") : json())));
                if (const json *args = member(*tool, "arguments"))
                    t += QStringLiteral(" arguments %1").arg(esc(clip(jsonText(*args), 200)));
                if (const json *res = member(*tool, "result"))
                    t += QStringLiteral(" → result %1").arg(esc(clip(jsonText(*res), 300)));
                what << t;
            }
            rows += row({esc(iso(a.int64(1))), esc(kind), esc(columnText(a, 2)), esc(clip(columnText(a, 3), 120)),
                what.join(QStringLiteral("<br>")),
                QStringLiteral("<span class=\"muted\">%1</span>")
                    .arg(esc(columnText(a, 11) + QLatin1Char('|') + columnText(a, 12)))});
        }
        if (n == 0)
            h += QStringLiteral("<p>No model, retrieval or tool steps in this conversation.</p>\n");
        else
            h += table({QStringLiteral("Time"), QStringLiteral("Step"), QStringLiteral("Actor"), QStringLiteral("Name"),
                     QStringLiteral("Prompt, model, chunks, tool results"), QStringLiteral("Where")})
                + rows + QStringLiteral("</table>\n");
    }

    // The evidence: chronology, pictures, annotations, sources.
    h += section(QStringLiteral("Chronology"), options.pageBreaks);
    {
        const auto list = AuditExport::rows(workspace, conversationId, options.maxChronologyRows + 1);
        h += table({QStringLiteral("Time (corrected)"), QStringLiteral("Source"), QStringLiteral("Actor"),
            QStringLiteral("Kind"), QStringLiteral("What happened"), QStringLiteral("Joined by")});
        for (size_t i = 0; i < list.size() && int(i) < options.maxChronologyRows; ++i) {
            const AuditExport::Row &r = list[i];
            QString when = esc(iso(r.correctedNs));
            if (r.rawNs != r.correctedNs)
                when += QStringLiteral("<br><span class=\"muted\">recorded %1</span>").arg(esc(iso(r.rawNs)));
            QString what = esc(clip(r.what, 400));
            if (r.status == 2)
                what = QStringLiteral("<font color=\"#b00020\">%1</font>").arg(what);
            h += row({when, esc(r.source) + QStringLiteral("<br><span class=\"muted\">%1</span>").arg(esc(r.ref)),
                esc(r.actor), esc(r.kind), what,
                esc(r.joinRule)
                    + (r.joinEvidence.isEmpty() ? QString() : QStringLiteral(": ") + esc(clip(r.joinEvidence, 200)))});
        }
        h += QStringLiteral("</table>\n");
        if (int(list.size()) > options.maxChronologyRows)
            h += QStringLiteral("<p class=\"muted\">Only the first %1 steps are listed; the audit export "
                                "(threadline export) has all of them.</p>\n")
                     .arg(options.maxChronologyRows);
    }

    {
        // Screenshots and other pictures, inline as data: URIs only when they are what they say.
        auto m
            = db.prepare("SELECT m.mime, coalesce(m.file_name, ''), length(m.data), m.id, s.path, i.ref "
                         "FROM media m JOIN conversation_items ci ON ci.item_id = m.item_id "
                         "JOIN items i ON i.id = m.item_id JOIN sources s ON s.id = i.source_id "
                         "WHERE ci.conversation_id = ? AND m.mime LIKE 'image/%' ORDER BY i.start_ns, m.id LIMIT 20");
        m.bind(1, conversationId);
        auto bytes = db.prepare("SELECT data FROM media WHERE id = ?");
        QString pics;
        while (m.step()) {
            const QString mime = columnText(m, 0);
            QString body;
            if (m.int64(2) > 0 && m.int64(2) <= options.maxInlineImageBytes) {
                try {
                    bytes.reset();
                    bytes.bind(1, m.int64(3));
                    if (bytes.step()) {
                        const std::string_view data = bytes.blob(0);
                        if (imageBytesMatch(mime, data))
                            body = QStringLiteral("<img src=\"data:%1;base64,%2\" width=\"320\" alt=\"\">")
                                       .arg(mime,
                                           QString::fromLatin1(
                                               QByteArray(data.data(), qsizetype(data.size())).toBase64()));
                    }
                } catch (const SqliteError &) {
                    // Over the connection's value limit (a file from someone else): listed only.
                }
            }
            if (body.isEmpty())
                body = QStringLiteral("<span class=\"muted\">(not embedded: %1 bytes)</span>").arg(m.int64(2));
            pics += QStringLiteral("<p>%1<br>%2</p>\n")
                        .arg(body,
                            esc(columnText(m, 1).isEmpty() ? columnText(m, 4) + QLatin1Char('|') + columnText(m, 5)
                                                           : columnText(m, 1)));
        }
        if (!pics.isEmpty())
            h += section(QStringLiteral("Pictures")) + pics;
    }

    h += section(QStringLiteral("Annotations"));
    {
        const auto notes = AnnotationStore::forConversation(workspace, conversationId);
        if (notes.empty()) {
            h += QStringLiteral("<p>No annotations.</p>\n");
        } else {
            h += table({QStringLiteral("When"), QStringLiteral("Author"), QStringLiteral("On"), QStringLiteral("Note"),
                QStringLiteral("Tags")});
            for (const auto &a : notes) {
                QString note = esc(a.note);
                if (a.rootCause)
                    note = QStringLiteral("<b>[root cause]</b> ") + note;
                if (!a.decision.isEmpty())
                    note += QStringLiteral(" <b>[%1]</b>").arg(esc(a.decision));
                h += row({esc(a.createdAt.left(19)), esc(a.author), esc(a.targetKind + QStringLiteral(" ") + a.target),
                    note, esc(a.tags.join(QStringLiteral(", ")))});
            }
            h += QStringLiteral("</table>\n");
        }
    }

    h += section(QStringLiteral("Sources"));
    {
        auto s = db.prepare("SELECT s.path, s.format, s.sha256, s.size, count(*), s.clock_offset_ns FROM sources s "
                            "JOIN items i ON i.source_id = s.id JOIN conversation_items ci ON ci.item_id = i.id "
                            "WHERE ci.conversation_id = ? GROUP BY s.id ORDER BY s.path");
        s.bind(1, conversationId);
        h += table({QStringLiteral("File"), QStringLiteral("Format"), QStringLiteral("Items here"),
            QStringLiteral("Clock offset"), QStringLiteral("sha256")});
        while (s.step())
            h += row({esc(columnText(s, 0)), esc(columnText(s, 1)), QString::number(s.int64(4)),
                s.int64(5) == 0 ? QString() : esc(QStringLiteral("%1 ms").arg(s.int64(5) / 1'000'000)),
                QStringLiteral("<font face=\"monospace\">%1</font>").arg(esc(columnText(s, 2)))});
        h += QStringLiteral("</table>\n");
    }
    h += QStringLiteral("</body></html>\n");
    return h;
}
