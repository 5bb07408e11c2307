#pragma once
#include "DecisionNode.h"

#include <QAbstractItemModel>

#include <memory>
#include <vector>

class Workspace;

// A conversation's decision tree (DecisionTreeBuilder::build) as a Qt tree model. Children
// are exposed in pages through canFetchMore/fetchMore, and each page's item columns (model,
// prompt version, duration, status) are read from the workspace only when it is fetched.
class DecisionTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { StepColumn, ModelColumn, PromptColumn, DurationColumn, StatusColumn, ColumnCount };
    enum Role {
        ItemIdRole = Qt::UserRole + 1,
        NodeRoleRole, // DecisionNode::role: turn, llm, tool, handoff, continuation, ...
        ErrorRole, // non-empty for a broken handoff: the evidence explaining why
        BrokenRole, // bool
        SuggestedRole, // bool: an inferred continuation the user may accept or reject
        EdgeIdRole,
        ConfidenceRole,
        ContinuationItemRole, // for a broken handoff or a suggestion: the item to jump to
        DecisionRole, // accepted / rejected / empty (from annotations)
        StartNsRole,
        KindRole, // items.kind
    };

    explicit DecisionTreeModel(QObject *parent = nullptr);
    ~DecisionTreeModel() override;

    void setWorkspace(Workspace *workspace);
    // Builds the conversation's tree (DecisionTreeBuilder, or a structural fallback while the
    // builder returns nothing) and resets the model.
    void setConversation(qint64 conversationId);
    // Shows a given tree (tests, or a caller that built it already).
    void setTree(std::vector<DecisionNode> roots);
    // A tree built elsewhere (a worker thread) for conversationId; an empty conversation
    // shows nothing. Pages still read their columns from the workspace when fetched.
    void setConversationTree(qint64 conversationId, std::vector<DecisionNode> roots);
    // What setConversation() builds, without touching the model (safe on a worker thread with
    // its own connection).
    static std::vector<DecisionNode> buildTree(const Workspace &workspace, qint64 conversationId);
    void setPageSize(int rows) { m_pageSize = rows > 0 ? rows : 1; }

    // The first node showing itemId, fetching pages as needed; invalid if none.
    QModelIndex indexForItem(qint64 itemId);
    // Records accept/reject of the suggested edge behind `index` as an annotation.
    bool setDecision(const QModelIndex &index, bool accepted, QString *error = nullptr);

    // The tree the builder would return, made from span parentage, findings and suggested edges
    // when DecisionTreeBuilder yields nothing.
    static std::vector<DecisionNode> fallbackTree(const Workspace &workspace, qint64 conversationId);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

private:
    struct Node;
    Node *nodeOf(const QModelIndex &index) const;
    void loadInfo(Node *parent, int from, int to);
    std::vector<Node *> pathTo(Node *node) const;

    Workspace *m_workspace = nullptr;
    qint64 m_conversationId = 0;
    std::unique_ptr<Node> m_root;
    // Set while a reset or an insertion is being announced: a fetch asked for from inside
    // those signals (views, QAbstractItemModelTester) waits instead of nesting insertions.
    bool m_busy = false;
    int m_pageSize = 500;
};
