#include "FindingsModel.h"

#include "Workspace.h"

namespace {
QString qs(const SqliteStatement &st, int col)
{
    const std::string_view v = st.textView(col);
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}
} // namespace

FindingsModel::FindingsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void FindingsModel::setWorkspace(const Workspace *workspace)
{
    m_workspace = workspace;
    refresh();
}

void FindingsModel::refresh()
{
    beginResetModel();
    m_busy = true;
    m_rows.clear();
    m_atEnd = m_workspace == nullptr;
    endResetModel();
    m_busy = false;
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

bool FindingsModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd;
}

void FindingsModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || m_atEnd || !m_workspace || m_busy)
        return;
    std::vector<Row> page;
    try {
        SqliteStatement st = m_workspace->db().prepare(
            "SELECT f.id, f.kind, f.severity, coalesce(f.conversation_id, 0), coalesce(c.title, c.key, ''), "
            "coalesce(f.item_id, 0), coalesce(f.related_item_id, 0), f.confidence, f.explanation, "
            "coalesce(s.path, ''), coalesce(f.offset_ms, 0) FROM findings f "
            "LEFT JOIN conversations c ON c.id = f.conversation_id LEFT JOIN sources s ON s.id = f.source_id "
            "WHERE f.id > ? ORDER BY f.id LIMIT ?");
        st.bind(1, static_cast<int64_t>(m_rows.empty() ? 0 : m_rows.back().id));
        st.bind(2, m_pageSize);
        while (st.step()) {
            Row r;
            r.id = st.int64(0);
            r.kind = qs(st, 1);
            r.severity = qs(st, 2);
            r.conversationId = st.int64(3);
            r.conversation = qs(st, 4);
            r.itemId = st.int64(5);
            r.relatedItemId = st.int64(6);
            r.confidence = st.real(7);
            r.explanation = qs(st, 8);
            r.source = qs(st, 9);
            r.offsetMs = st.int64(10);
            page.push_back(std::move(r));
        }
    } catch (const std::exception &e) {
        qWarning("findings query failed: %s", e.what());
    }
    m_atEnd = int(page.size()) < m_pageSize;
    if (page.empty())
        return;
    m_busy = true;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + page.size()) - 1);
    for (Row &r : page)
        m_rows.push_back(std::move(r));
    endInsertRows();
    m_busy = false;
}
