#include "DecisionTreeModel.h"

#include "AnnotationStore.h"
#include "DecisionTreeBuilder.h"
#include "SqliteText.h"
#include "TimelineAxis.h"
#include "Workspace.h"

#include <QHash>

#include <functional>
#include <map>

namespace {
QString roleForKind(const QString &kind)
{
    static const QStringList direct = {QStringLiteral("agent"), QStringLiteral("retrieval"), QStringLiteral("llm"),
        QStringLiteral("tool"), QStringLiteral("handoff"), QStringLiteral("log"), QStringLiteral("email")};
    if (direct.contains(kind))
        return kind;
    if (kind == QLatin1String("image") || kind == QLatin1String("audio") || kind == QLatin1String("asr")
        || kind == QLatin1String("speech"))
        return QStringLiteral("media");
    if (kind == QLatin1String("http"))
        return QStringLiteral("tool");
    return QStringLiteral("other");
}
} // namespace

struct DecisionTreeModel::Node
{
    DecisionNode node; // children moved out into `children`
    Node *parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<Node>> children;
    int fetched = 0;
    bool infoLoaded = false;
    // From the items row.
    QString kind;
    QString modelRequested;
    QString modelServed;
    QString promptVersion;
    qint64 startNs = 0;
    qint64 endNs = 0;
    int status = 0;
    QString statusMessage;
    QString evidence; // finding explanation (broken) or edge evidence (suggested)
    qint64 continuationId = 0;
    QString decision;
};

DecisionTreeModel::DecisionTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{
}

DecisionTreeModel::~DecisionTreeModel() = default;

void DecisionTreeModel::setWorkspace(Workspace *workspace)
{
    m_workspace = workspace;
    m_conversationId = 0;
    setTree({});
}

std::vector<DecisionNode> DecisionTreeModel::buildTree(const Workspace &workspace, qint64 conversationId)
{
    std::vector<DecisionNode> roots;
    if (conversationId <= 0)
        return roots;
    try {
        roots = DecisionTreeBuilder::build(workspace, conversationId);
        if (roots.empty())
            roots = fallbackTree(workspace, conversationId);
    } catch (const std::exception &e) {
        qWarning("decision tree for conversation %lld failed: %s", static_cast<long long>(conversationId), e.what());
    }
    return roots;
}

void DecisionTreeModel::setConversation(qint64 conversationId)
{
    setConversationTree(
        conversationId, m_workspace ? buildTree(*m_workspace, conversationId) : std::vector<DecisionNode>());
}

void DecisionTreeModel::setConversationTree(qint64 conversationId, std::vector<DecisionNode> roots)
{
    m_conversationId = conversationId;
    setTree(std::move(roots));
}

void DecisionTreeModel::setTree(std::vector<DecisionNode> roots)
{
    beginResetModel();
    m_busy = true;
    m_root = std::make_unique<Node>();
    std::function<void(Node *, std::vector<DecisionNode> &)> adopt
        = [&](Node *parent, std::vector<DecisionNode> &list) {
              parent->children.reserve(list.size());
              for (DecisionNode &d : list) {
                  auto n = std::make_unique<Node>();
                  std::vector<DecisionNode> kids = std::move(d.children);
                  d.children.clear();
                  n->node = std::move(d);
                  n->parent = parent;
                  n->row = int(parent->children.size());
                  adopt(n.get(), kids);
                  parent->children.push_back(std::move(n));
              }
          };
    adopt(m_root.get(), roots);
    // The first page of top-level nodes is visible at once.
    m_root->fetched = std::min<int>(m_pageSize, int(m_root->children.size()));
    loadInfo(m_root.get(), 0, m_root->fetched);
    endResetModel();
    m_busy = false;
}

void DecisionTreeModel::loadInfo(Node *parent, int from, int to)
{
    if (!m_workspace)
        return;
    try {
        SqliteStatement item = m_workspace->db().prepare(
            "SELECT kind, coalesce(model_requested, ''), coalesce(model_served, ''), coalesce(prompt_name, ''), "
            "coalesce(prompt_version, ''), start_ns, end_ns, status, coalesce(status_message, '') FROM items WHERE id "
            "= ?");
        SqliteStatement finding = m_workspace->db().prepare(
            "SELECT explanation, coalesce(evidence, ''), coalesce(related_item_id, 0) FROM findings "
            "WHERE item_id = ? AND kind = 'broken_handoff' ORDER BY confidence DESC LIMIT 1");
        SqliteStatement edge
            = m_workspace->db().prepare("SELECT evidence, rule, weight, to_item, from_item FROM edges WHERE id = ?");
        for (int i = from; i < to; ++i) {
            Node *n = parent->children[size_t(i)].get();
            if (n->infoLoaded)
                continue;
            n->infoLoaded = true;
            if (n->node.itemId > 0) {
                item.reset();
                item.bind(1, static_cast<int64_t>(n->node.itemId));
                if (item.step()) {
                    n->kind = columnText(item, 0);
                    n->modelRequested = columnText(item, 1);
                    n->modelServed = columnText(item, 2);
                    const QString promptName = columnText(item, 3), promptVersion = columnText(item, 4);
                    n->promptVersion = promptName.isEmpty() ? promptVersion
                        : promptVersion.isEmpty()           ? promptName
                                                            : promptName + QLatin1Char('@') + promptVersion;
                    n->startNs = item.int64(5);
                    n->endNs = item.int64(6);
                    n->status = item.integer(7);
                    n->statusMessage = columnText(item, 8);
                }
            }
            if (n->node.broken && n->node.itemId > 0) {
                finding.reset();
                finding.bind(1, static_cast<int64_t>(n->node.itemId));
                if (finding.step()) {
                    n->evidence = columnText(finding, 0);
                    const QString more = columnText(finding, 1);
                    if (!more.isEmpty() && more != n->evidence)
                        n->evidence += QLatin1Char('\n') + more;
                    n->continuationId = finding.int64(2);
                }
                if (n->evidence.isEmpty())
                    n->evidence = tr("The callee never appeared under this handoff.");
            }
            if (n->node.edgeId > 0) {
                edge.reset();
                edge.bind(1, static_cast<int64_t>(n->node.edgeId));
                if (edge.step()) {
                    if (n->evidence.isEmpty())
                        n->evidence = QStringLiteral("%1 (%2, weight %3)")
                                          .arg(columnText(edge, 0), columnText(edge, 1))
                                          .arg(edge.real(2), 0, 'f', 2);
                    if (n->node.suggested && n->continuationId == 0)
                        n->continuationId = n->node.itemId > 0 ? n->node.itemId : edge.int64(3);
                }
                // Decisions live on the stable edge target, which survives re-import and re-analysis.
                const QString target = AnnotationStore::edgeTarget(*m_workspace, n->node.edgeId);
                n->decision = target.isEmpty()
                    ? QString()
                    : AnnotationStore::decision(*m_workspace, QStringLiteral("edge"), target);
            }
            if (n->node.broken && n->continuationId == 0) {
                // The builder may have hung the suggested continuation under the handoff.
                for (const auto &c : n->children)
                    if (c->node.suggested && c->node.itemId > 0) {
                        n->continuationId = c->node.itemId;
                        break;
                    }
            }
        }
    } catch (const std::exception &e) {
        qWarning("decision tree details failed: %s", e.what());
    }
}

DecisionTreeModel::Node *DecisionTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex DecisionTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    Node *p = nodeOf(parent);
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex DecisionTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    Node *p = nodeOf(child)->parent;
    if (!p || p == m_root.get())
        return {};
    return createIndex(p->row, 0, p);
}

int DecisionTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return nodeOf(parent)->fetched;
}

int DecisionTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool DecisionTreeModel::hasChildren(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return false;
    return !nodeOf(parent)->children.empty();
}

bool DecisionTreeModel::canFetchMore(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return false;
    const Node *n = nodeOf(parent);
    return n->fetched < int(n->children.size());
}

void DecisionTreeModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent) || m_busy)
        return;
    Node *n = nodeOf(parent);
    const int from = n->fetched;
    const int to = std::min<int>(from + m_pageSize, int(n->children.size()));
    loadInfo(n, from, to);
    m_busy = true;
    beginInsertRows(parent, from, to - 1);
    n->fetched = to;
    endInsertRows();
    m_busy = false;
}

QVariant DecisionTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node *n = nodeOf(index);
    const DecisionNode &d = n->node;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case StepColumn:
            return QString::fromStdString(d.label);
        case ModelColumn:
            if (n->modelRequested.isEmpty() || n->modelServed.isEmpty() || n->modelRequested == n->modelServed)
                return n->modelServed.isEmpty() ? n->modelRequested : n->modelServed;
            return QStringLiteral("%1 → %2").arg(n->modelRequested, n->modelServed);
        case PromptColumn:
            return n->promptVersion;
        case DurationColumn:
            return n->endNs > n->startNs ? TimelineAxis::formatDuration(n->endNs - n->startNs) : QString();
        case StatusColumn:
            if (d.broken)
                return tr("broken handoff");
            if (d.suggested) {
                const QString s = tr("suggested %1%").arg(qRound(d.confidence * 100));
                return n->decision.isEmpty() ? s : s + QStringLiteral(" · ") + n->decision;
            }
            return n->status == 2 ? tr("error") : n->status == 1 ? tr("ok") : QString();
        }
        return {};
    case Qt::ToolTipRole: {
        QString tip = QString::fromStdString(d.label);
        if (!n->evidence.isEmpty())
            tip += QLatin1Char('\n') + n->evidence;
        if (!n->statusMessage.isEmpty())
            tip += QLatin1Char('\n') + n->statusMessage;
        if (d.suggested)
            tip += QLatin1Char('\n') + tr("Suggested continuation, confidence %1%").arg(qRound(d.confidence * 100));
        return tip;
    }
    case ItemIdRole:
        return qint64(d.itemId);
    case NodeRoleRole:
        return QString::fromStdString(d.role);
    case ErrorRole:
        return d.broken ? (n->evidence.isEmpty() ? tr("broken handoff") : n->evidence) : QString();
    case BrokenRole:
        return d.broken;
    case SuggestedRole:
        return d.suggested;
    case EdgeIdRole:
        return qint64(d.edgeId);
    case ConfidenceRole:
        return d.confidence;
    case ContinuationItemRole:
        return n->continuationId;
    case DecisionRole:
        return n->decision;
    case StartNsRole:
        return n->startNs;
    case KindRole:
        return n->kind;
    }
    return {};
}

QVariant DecisionTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StepColumn:
        return tr("Step");
    case ModelColumn:
        return tr("Model (asked → served)");
    case PromptColumn:
        return tr("Prompt");
    case DurationColumn:
        return tr("Duration");
    case StatusColumn:
        return tr("Status");
    }
    return {};
}

std::vector<DecisionTreeModel::Node *> DecisionTreeModel::pathTo(Node *node) const
{
    std::vector<Node *> path;
    for (Node *n = node; n && n != m_root.get(); n = n->parent)
        path.insert(path.begin(), n);
    return path;
}

QModelIndex DecisionTreeModel::indexForItem(qint64 itemId)
{
    if (itemId <= 0)
        return {};
    // Depth-first over the whole tree (fetched or not), then fetch along the path.
    // A step itself wins over a suggestion pointing at it.
    Node *found = nullptr;
    Node *suggestion = nullptr;
    std::function<void(Node *)> visit = [&](Node *n) {
        for (const auto &c : n->children) {
            if (found)
                return;
            if (c->node.itemId == itemId) {
                if (!c->node.suggested) {
                    found = c.get();
                    return;
                }
                if (!suggestion)
                    suggestion = c.get();
            }
            visit(c.get());
        }
    };
    visit(m_root.get());
    if (!found)
        found = suggestion;
    if (!found)
        return {};
    QModelIndex parentIndex;
    for (Node *n : pathTo(found)) {
        while (n->row >= rowCount(parentIndex) && canFetchMore(parentIndex)) {
            const int before = rowCount(parentIndex);
            fetchMore(parentIndex);
            if (rowCount(parentIndex) == before)
                return {};
        }
        parentIndex = index(n->row, 0, parentIndex);
    }
    return parentIndex;
}

bool DecisionTreeModel::setDecision(const QModelIndex &index, bool accepted, QString *error)
{
    Node *n = index.isValid() ? nodeOf(index) : nullptr;
    if (!n || !m_workspace || n->node.edgeId <= 0) {
        if (error)
            *error = tr("This step has no suggested edge to decide on.");
        return false;
    }
    if (m_workspace->isReadOnly()) {
        if (error)
            *error = tr("The workspace is read-only.");
        return false;
    }
    const QString decision = accepted ? QStringLiteral("accepted") : QStringLiteral("rejected");
    try {
        const QString target = AnnotationStore::edgeTarget(*m_workspace, n->node.edgeId);
        if (target.isEmpty()) {
            if (error)
                *error = tr("The edge behind this step is gone; analyze again.");
            return false;
        }
        AnnotationStore::add(*m_workspace, QStringLiteral("edge"), target,
            accepted ? tr("Accepted suggested continuation") : tr("Rejected suggested continuation"), decision);
    } catch (const std::exception &e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
    n->decision = decision;
    const QModelIndex first = createIndex(n->row, 0, n), last = createIndex(n->row, ColumnCount - 1, n);
    Q_EMIT dataChanged(first, last);
    return true;
}

std::vector<DecisionNode> DecisionTreeModel::fallbackTree(const Workspace &workspace, qint64 conversationId)
{
    struct Row
    {
        int64_t id;
        QString kind, name, trace, span, parentSpan;
    };
    std::vector<Row> rows;
    SqliteStatement st = workspace.db().prepare(
        "SELECT i.id, i.kind, coalesce(i.name, ''), coalesce(i.trace_id, ''), coalesce(i.span_id, ''), "
        "coalesce(i.parent_span_id, '') FROM conversation_items ci JOIN items i ON i.id = ci.item_id "
        "WHERE ci.conversation_id = ? ORDER BY i.start_ns, i.id");
    st.bind(1, static_cast<int64_t>(conversationId));
    while (st.step())
        rows.push_back({st.int64(0), columnText(st, 1), columnText(st, 2), columnText(st, 3), columnText(st, 4),
            columnText(st, 5)});

    QHash<int64_t, std::pair<int64_t, double>> brokenTo; // handoff → (continuation, confidence)
    SqliteStatement f = workspace.db().prepare("SELECT item_id, coalesce(related_item_id, 0), confidence FROM findings "
                                               "WHERE conversation_id = ? AND kind = 'broken_handoff'");
    f.bind(1, static_cast<int64_t>(conversationId));
    while (f.step())
        brokenTo.insert(f.int64(0), {f.int64(1), f.real(2)});

    // Parent of each item: the span it names (same trace), otherwise a root.
    QHash<QString, int> bySpan;
    for (size_t i = 0; i < rows.size(); ++i)
        if (!rows[i].span.isEmpty())
            bySpan.insert(rows[i].trace + QLatin1Char('/') + rows[i].span, int(i));
    std::vector<int> parentOf(rows.size(), -1);
    std::vector<std::vector<int>> kids(rows.size());
    std::vector<int> roots;
    for (size_t i = 0; i < rows.size(); ++i) {
        const QString parentKey = rows[i].trace + QLatin1Char('/') + rows[i].parentSpan;
        const int p = rows[i].parentSpan.isEmpty() ? -1 : bySpan.value(parentKey, -1);
        if (p >= 0 && p != int(i)) {
            parentOf[i] = p;
            kids[size_t(p)].push_back(int(i));
        } else {
            roots.push_back(int(i));
        }
    }
    SqliteStatement edge = workspace.db().prepare("SELECT id, weight FROM edges WHERE from_item = ? AND to_item = ? "
                                                  "AND suggested = 1 ORDER BY weight DESC LIMIT 1");
    std::function<DecisionNode(int)> make = [&](int i) {
        const Row &r = rows[size_t(i)];
        DecisionNode d;
        d.itemId = r.id;
        d.role = roleForKind(r.kind).toStdString();
        d.label = (r.name.isEmpty() ? r.kind : r.name).toStdString();
        for (int k : kids[size_t(i)])
            d.children.push_back(make(k));
        if (brokenTo.contains(r.id)) {
            d.broken = true;
            const auto [cont, confidence] = brokenTo.value(r.id);
            if (cont > 0) {
                DecisionNode c;
                c.role = "continuation";
                c.itemId = cont;
                c.suggested = true;
                c.confidence = confidence;
                edge.reset();
                edge.bind(1, r.id);
                edge.bind(2, cont);
                if (edge.step()) {
                    c.edgeId = edge.int64(0);
                }
                for (const Row &other : rows)
                    if (other.id == cont)
                        c.label = ("continues in " + (other.name.isEmpty() ? other.kind : other.name)).toStdString();
                if (c.label.empty())
                    c.label = "continuation";
                d.children.push_back(std::move(c));
            }
        }
        return d;
    };
    std::vector<DecisionNode> out;
    for (int r : roots)
        out.push_back(make(r));
    return out;
}
