#include "AuditExport.h"

#include "SqliteText.h"
#include "TimestampParser.h"
#include "Workspace.h"
#include "WorkspaceError.h"

#include <QFile>
#include <QSaveFile>

#include <unordered_map>

namespace {

QString iso(int64_t ns)
{
    return ns == 0 ? QString() : QString::fromStdString(TimestampParser::toIso(ns));
}

QString oneLine(QString s, int max)
{
    s.replace(QLatin1Char('\n'), QLatin1Char(' ')).replace(QLatin1Char('\r'), QLatin1Char(' '));
    s = s.simplified();
    if (s.size() > max)
        s = s.left(max - 1) + QStringLiteral("…");
    return s;
}

} // namespace

std::vector<AuditExport::Row> AuditExport::rows(const Workspace &workspace, int64_t conversationId, int maxRows)
{
    const SqliteDatabase &db = workspace.db();
    {
        auto exists = db.prepare("SELECT 1 FROM conversations WHERE id = ?");
        exists.bind(1, conversationId);
        if (!exists.step())
            throw WorkspaceError(QStringLiteral("%1 has no conversation %2").arg(workspace.path()).arg(conversationId));
    }
    std::vector<Row> out;
    std::unordered_map<int64_t, size_t> index;
    auto st = db.prepare(
        "SELECT i.id, i.start_ns - s.clock_offset_ns, i.start_ns, i.end_ns, s.path, s.sha256, i.ref, "
        "coalesce(i.actor, ''), i.kind, coalesce(i.name, ''), substr(coalesce(i.text, ''), 1, 2000), i.status, "
        "coalesce(i.status_message, ''), coalesce(i.model_served, i.model_requested, ''), "
        "coalesce(i.prompt_name, ''), coalesce(i.prompt_version, '') "
        "FROM conversation_items ci JOIN items i ON i.id = ci.item_id JOIN sources s ON s.id = i.source_id "
        "WHERE ci.conversation_id = ? ORDER BY i.start_ns - s.clock_offset_ns, i.id LIMIT ?");
    st.bind(1, conversationId).bind(2, maxRows);
    while (st.step()) {
        Row r;
        r.itemId = st.int64(0);
        r.correctedNs = st.int64(1);
        r.rawNs = st.int64(2);
        r.endNs = st.int64(3);
        r.source = columnText(st, 4);
        r.sha256 = columnText(st, 5);
        r.ref = columnText(st, 6);
        r.actor = columnText(st, 7);
        r.kind = columnText(st, 8);
        r.name = columnText(st, 9);
        r.status = st.integer(11);
        QStringList parts;
        if (!r.name.isEmpty())
            parts << r.name;
        if (const QString model = columnText(st, 13); !model.isEmpty())
            parts << QStringLiteral("model %1").arg(model);
        if (const QString prompt = columnText(st, 14); !prompt.isEmpty())
            parts << QStringLiteral("prompt %1%2")
                         .arg(prompt, st.textView(15).empty() ? QString() : QStringLiteral(" v") + columnText(st, 15));
        if (const QString text = columnText(st, 10); !text.isEmpty())
            parts << QStringLiteral("\"%1\"").arg(oneLine(text, 300));
        if (r.status == 2)
            parts << QStringLiteral("error%1").arg(
                st.textView(12).empty() ? QString() : QStringLiteral(": ") + oneLine(columnText(st, 12), 200));
        r.what = parts.join(QStringLiteral("; "));
        index.emplace(r.itemId, out.size());
        out.push_back(std::move(r));
    }

    // The join: the strongest edge reaching the item from another item of the conversation;
    // failing that the strongest leaving it. Items attached by nothing are the seed.
    auto edges = db.prepare("SELECT e.from_item, e.to_item, e.rule, e.weight, e.evidence, e.suggested FROM edges e "
                            "JOIN conversation_items a ON a.item_id = e.from_item AND a.conversation_id = ?1 "
                            "JOIN conversation_items b ON b.item_id = e.to_item AND b.conversation_id = ?1 "
                            "ORDER BY e.weight DESC, e.id");
    edges.bind(1, conversationId);
    std::unordered_map<int64_t, bool> incoming; // item → attached by an incoming edge
    while (edges.step()) {
        const int64_t from = edges.int64(0), to = edges.int64(1);
        const auto apply = [&](int64_t item, int64_t other, bool isIncoming) {
            auto it = index.find(item);
            auto ot = index.find(other);
            if (it == index.end() || ot == index.end())
                return;
            Row &r = out[it->second];
            const bool has = !r.joinRule.isEmpty();
            if (has && (incoming[item] || !isIncoming))
                return;
            r.joinRule = columnText(edges, 2) + (edges.int64(5) ? QStringLiteral(" (suggested)") : QString());
            r.joinWeight = edges.real(3);
            r.joinEvidence = columnText(edges, 4);
            r.joinedTo = out[ot->second].source + QLatin1Char('|') + out[ot->second].ref;
            incoming[item] = isIncoming;
        };
        apply(to, from, true);
        apply(from, to, false);
    }
    for (Row &r : out)
        if (r.joinRule.isEmpty())
            r.joinRule = QStringLiteral("(seed)");
    return out;
}

QString AuditExport::csvCell(const QString &value)
{
    QString v = value;
    // A spreadsheet runs =, +, -, @ (and a leading tab or CR) as a formula.
    if (!v.isEmpty()
        && (v.at(0) == QLatin1Char('=') || v.at(0) == QLatin1Char('+') || v.at(0) == QLatin1Char('-')
            || v.at(0) == QLatin1Char('@') || v.at(0) == QLatin1Char('\t') || v.at(0) == QLatin1Char('\r')))
        v.prepend(QLatin1Char('\''));
    if (v.contains(QLatin1Char('"')) || v.contains(QLatin1Char(',')) || v.contains(QLatin1Char('\n'))
        || v.contains(QLatin1Char('\r'))) {
        v.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        v = QLatin1Char('"') + v + QLatin1Char('"');
    }
    return v;
}

QString AuditExport::csv(const std::vector<Row> &rows)
{
    QString out;
    const auto line = [&out](const QStringList &cells) {
        QStringList quoted;
        for (const QString &c : cells)
            quoted << csvCell(c);
        out += quoted.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    };
    line({QStringLiteral("time_corrected"), QStringLiteral("time_raw"), QStringLiteral("clock_offset_ms"),
        QStringLiteral("source"), QStringLiteral("ref"), QStringLiteral("actor"), QStringLiteral("kind"),
        QStringLiteral("status"), QStringLiteral("what_happened"), QStringLiteral("join_rule"),
        QStringLiteral("join_weight"), QStringLiteral("join_evidence"), QStringLiteral("joined_to"),
        QStringLiteral("source_sha256")});
    for (const Row &r : rows)
        line({iso(r.correctedNs), iso(r.rawNs), QString::number((r.rawNs - r.correctedNs) / 1'000'000), r.source, r.ref,
            r.actor, r.kind,
            r.status == 2       ? QStringLiteral("error")
                : r.status == 1 ? QStringLiteral("ok")
                                : QString(),
            r.what, r.joinRule,
            r.joinRule == QLatin1String("(seed)") ? QString() : QString::number(r.joinWeight, 'f', 2), r.joinEvidence,
            r.joinedTo, r.sha256});
    return out;
}

int AuditExport::writeCsv(const Workspace &workspace, int64_t conversationId, const QString &path)
{
    const std::vector<Row> list = rows(workspace, conversationId);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw WorkspaceError(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    file.write(csv(list).toUtf8());
    if (!file.commit())
        throw WorkspaceError(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return int(list.size());
}
