#include "FindingsModel.h"

#include "SqliteText.h"
#include "Workspace.h"

FindingsModel::FindingsModel(QObject *parent)
    : PagedTableModel(500, parent)
{
}

int FindingsModel::rowForItem(qint64 itemId) const
{
    for (size_t i = 0; i < m_rows.size(); ++i)
        if (itemId != 0 && m_rows[i].itemId == itemId)
            return int(i);
    return -1;
}

int FindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FindingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FindingsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn:
            return r.severity;
        case KindColumn:
            return QString(r.kind).replace(QLatin1Char('_'), QLatin1Char(' '));
        case ConversationColumn:
            return r.conversation.isEmpty() ? r.source : r.conversation;
        case ExplanationColumn:
            return r.explanation;
        case ConfidenceColumn:
            return QStringLiteral("%1%").arg(qRound(r.confidence * 100));
        }
        return {};
    case Qt::ToolTipRole:
        return r.explanation;
    case FindingIdRole:
        return r.id;
    case ConversationIdRole:
        return r.conversationId;
    case ItemIdRole:
        return r.itemId;
    case RelatedItemIdRole:
        return r.relatedItemId;
    case SeverityRole:
        return r.severity;
    case KindRole:
        return r.kind;
    }
    return {};
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityColumn:
        return tr("Severity");
    case KindColumn:
        return tr("Finding");
    case ConversationColumn:
        return tr("Conversation / source");
    case ExplanationColumn:
        return tr("Explanation");
    case ConfidenceColumn:
        return tr("Confidence");
    }
    return {};
}

void FindingsModel::fetchMore(const QModelIndex &parent)
{
    if (!mayFetch(parent))
        return;
    std::vector<Row> page;
    try {
        SqliteStatement st = workspace()->db().prepare(
            "SELECT f.id, f.kind, f.severity, coalesce(f.conversation_id, 0), coalesce(c.title, c.key, ''), "
            "coalesce(f.item_id, 0), coalesce(f.related_item_id, 0), f.confidence, f.explanation, "
            "coalesce(s.path, ''), coalesce(f.offset_ms, 0) FROM findings f "
            "LEFT JOIN conversations c ON c.id = f.conversation_id LEFT JOIN sources s ON s.id = f.source_id "
            "WHERE f.id > ? ORDER BY f.id LIMIT ?");
        st.bind(1, static_cast<int64_t>(m_rows.empty() ? 0 : m_rows.back().id));
        st.bind(2, pageSize());
        while (st.step()) {
            Row r;
            r.id = st.int64(0);
            r.kind = columnText(st, 1);
            r.severity = columnText(st, 2);
            r.conversationId = st.int64(3);
            r.conversation = columnText(st, 4);
            r.itemId = st.int64(5);
            r.relatedItemId = st.int64(6);
            r.confidence = st.real(7);
            r.explanation = columnText(st, 8);
            r.source = columnText(st, 9);
            r.offsetMs = st.int64(10);
            page.push_back(std::move(r));
        }
    } catch (const std::exception &e) {
        qWarning("findings query failed: %s", e.what());
    }
    appendPage(m_rows, page);
}
