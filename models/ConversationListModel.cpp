#include "ConversationListModel.h"

#include "SqliteText.h"
#include "TimelineAxis.h"
#include "TimestampParser.h"
#include "Workspace.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <string>

namespace {
// A bound parameter, kept as text or integer.
struct Param
{
    bool isInt = false;
    qint64 i = 0;
    std::string s;
};
} // namespace

ConversationListModel::ConversationListModel(QObject *parent)
    : PagedTableModel(200, parent)
{
}

void ConversationListModel::setFilter(const Filter &filter)
{
    m_filter = filter;
    refresh();
}

QString ConversationListModel::formatTime(qint64 ns)
{
    if (ns == 0)
        return QString();
    return QDateTime::fromMSecsSinceEpoch(ns / 1000000, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QStringList ConversationListModel::parseList(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return {};
    if (t.startsWith(QLatin1Char('['))) {
        QStringList out;
        for (const QJsonValue &v : QJsonDocument::fromJson(t.toUtf8()).array())
            if (!v.toString().isEmpty())
                out << v.toString();
        return out;
    }
    QStringList out;
    for (const QString &part : t.split(QLatin1Char(','), Qt::SkipEmptyParts))
        out << part.trimmed();
    return out;
}

int ConversationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConversationListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

qint64 ConversationListModel::conversationAt(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? m_rows[size_t(row)].id : 0;
}

QVariant ConversationListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case UserColumn:
            if (!r.users.isEmpty())
                return r.users.join(QStringLiteral(", "));
            return r.title.isEmpty() ? r.key : r.title;
        case StartColumn:
            return formatTime(r.startNs);
        case DurationColumn:
            return r.endNs > r.startNs ? TimelineAxis::formatDuration(r.endNs - r.startNs) : QString();
        case ChannelsColumn:
            return r.channels.join(QStringLiteral(", "));
        case FindingsColumn:
            return r.findingCount > 0 ? QString::number(r.findingCount) : QString();
        }
        return {};
    case Qt::ToolTipRole:
        return QStringLiteral("%1\n%2\n%3 items, %4 findings%5")
            .arg(r.title.isEmpty() ? r.key : r.title, r.key)
            .arg(r.itemCount)
            .arg(r.findingCount)
            .arg(r.findingKinds.isEmpty() ? QString()
                                          : QStringLiteral(": ") + r.findingKinds.join(QStringLiteral(", ")));
    case ConversationIdRole:
        return r.id;
    case KeyRole:
        return r.key;
    case StartNsRole:
        return r.startNs;
    case EndNsRole:
        return r.endNs;
    case ChannelsRole:
        return r.channels;
    case FindingKindsRole:
        return r.findingKinds;
    case WorstSeverityRole:
        return r.worstSeverity;
    case FindingCountRole:
        return r.findingCount;
    }
    return {};
}

QVariant ConversationListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case UserColumn:
        return tr("User");
    case StartColumn:
        return tr("Start (UTC)");
    case DurationColumn:
        return tr("Duration");
    case ChannelsColumn:
        return tr("Channels");
    case FindingsColumn:
        return tr("Findings");
    }
    return {};
}

void ConversationListModel::fetchMore(const QModelIndex &parent)
{
    if (!mayFetch(parent))
        return;
    std::string sql = "SELECT c.id, c.key, coalesce(c.title, ''), coalesce(c.user_ids, ''), c.start_ns, c.end_ns, "
                      "c.item_count, coalesce(c.channels, ''), c.finding_count, coalesce(c.worst_severity, ''), "
                      "(SELECT group_concat(kind) FROM (SELECT DISTINCT kind FROM findings f WHERE "
                      "f.conversation_id = c.id)) FROM conversations c WHERE 1";
    std::vector<Param> params;
    auto addText = [&](const QString &v) {
        Param p;
        p.s = v.toStdString();
        params.push_back(p);
    };
    auto addInt = [&](qint64 v) {
        Param p;
        p.isInt = true;
        p.i = v;
        params.push_back(p);
    };
    const QString text = m_filter.text.trimmed();
    if (!text.isEmpty()) {
        const bool quoted = text.size() >= 2 && text.startsWith(QLatin1Char('"')) && text.endsWith(QLatin1Char('"'));
        const QString inner = quoted ? text.mid(1, text.size() - 2) : text;
        QString phrase = inner;
        phrase.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        phrase = QLatin1Char('"') + phrase + QLatin1Char('"');
        if (quoted) {
            sql += " AND c.id IN (SELECT ci.conversation_id FROM conversation_items ci WHERE ci.item_id IN "
                   "(SELECT rowid FROM items_fts WHERE items_fts MATCH ?))";
            addText(phrase);
        } else {
            sql += " AND (c.key = ? OR c.user_ids LIKE ? OR c.title LIKE ? OR c.id IN (SELECT ci.conversation_id "
                   "FROM conversation_items ci WHERE ci.item_id IN (SELECT item_id FROM item_keys WHERE value IN (?, "
                   "?)) "
                   "OR ci.item_id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?) OR ci.item_id IN "
                   "(SELECT id FROM items WHERE trace_id = ? OR span_id = ?))";
            const QString like = QLatin1Char('%') + inner + QLatin1Char('%');
            addText(inner);
            addText(like);
            addText(like);
            addText(inner);
            addText(inner.toLower());
            addText(phrase);
            addText(inner.toLower());
            addText(inner.toLower());
            bool isNumber = false;
            const qint64 asId = inner.toLongLong(&isNumber);
            if (isNumber) {
                sql += " OR c.id = ?";
                addInt(asId);
            }
            // A time: the conversations running within five minutes of it.
            if (!isNumber) {
                if (const auto t = TimestampParser::parseText(inner.toStdString())) {
                    sql += " OR (c.start_ns <= ? AND c.end_ns >= ?)";
                    addInt(*t + 300'000'000'000LL);
                    addInt(*t - 300'000'000'000LL);
                }
            }
            sql += ")";
        }
    }
    if (!m_filter.findingKind.isEmpty()) {
        sql += " AND c.id IN (SELECT conversation_id FROM findings WHERE kind = ?)";
        addText(m_filter.findingKind);
    }
    if (m_filter.withFindingsOnly)
        sql += " AND c.finding_count > 0";
    if (m_filter.fromNs != 0) {
        sql += " AND c.end_ns >= ?";
        addInt(m_filter.fromNs);
    }
    if (m_filter.toNs != 0) {
        sql += " AND c.start_ns <= ?";
        addInt(m_filter.toNs);
    }
    if (!m_rows.empty()) {
        sql += " AND (c.start_ns > ? OR (c.start_ns = ? AND c.id > ?))";
        addInt(m_rows.back().startNs);
        addInt(m_rows.back().startNs);
        addInt(m_rows.back().id);
    }
    sql += " ORDER BY c.start_ns, c.id LIMIT ?";
    addInt(pageSize());

    std::vector<Row> page;
    try {
        SqliteStatement st = workspace()->db().prepare(sql);
        for (size_t i = 0; i < params.size(); ++i) {
            if (params[i].isInt)
                st.bind(int(i + 1), static_cast<int64_t>(params[i].i));
            else
                st.bind(int(i + 1), params[i].s);
        }
        while (st.step()) {
            Row r;
            r.id = st.int64(0);
            r.key = columnText(st, 1);
            r.title = columnText(st, 2);
            r.users = parseList(columnText(st, 3));
            r.startNs = st.int64(4);
            r.endNs = st.int64(5);
            r.itemCount = st.int64(6);
            r.channels = parseList(columnText(st, 7));
            r.findingCount = st.int64(8);
            r.worstSeverity = columnText(st, 9);
            r.findingKinds = columnText(st, 10).split(QLatin1Char(','), Qt::SkipEmptyParts);
            page.push_back(std::move(r));
        }
    } catch (const std::exception &e) {
        // A malformed search (FTS syntax) shows an empty list rather than failing.
        qWarning("conversation query failed: %s", e.what());
    }
    appendPage(m_rows, page);
}

int ConversationListModel::rowForConversation(qint64 id, int maxRows)
{
    size_t scanned = 0;
    for (;;) {
        for (; scanned < m_rows.size(); ++scanned)
            if (m_rows[scanned].id == id)
                return int(scanned);
        if (atEnd() || int(m_rows.size()) >= maxRows)
            return -1;
        fetchMore({});
        if (scanned == m_rows.size())
            return -1; // no progress (a fetch deferred during a reset)
    }
}
