#pragma once
#include <QWidget>

class DecisionTreeModel;
class QTreeView;
class QToolButton;
class SelectionState;
class QModelIndex;

// The decision tree: a QTreeView over DecisionTreeModel with a delegate that marks broken
// handoffs (error colour, icon, evidence tooltip) and suggested continuations (dashed,
// italic), plus Accept / Reject / Jump to continuation for the current node.
class DecisionTreeView : public QWidget
{
    Q_OBJECT
public:
    DecisionTreeView(DecisionTreeModel *model, SelectionState *state, QWidget *parent = nullptr);
    QTreeView *treeView() const { return m_tree; }

public Q_SLOTS:
    // Selects the node of itemId (also after the tree was replaced under a kept selection).
    void onItemChanged(qint64 itemId);
    void acceptSuggestion();
    void rejectSuggestion();
    void jumpToContinuation();

private:
    void onCurrentChanged(const QModelIndex &current);
    void updateButtons();
    void decide(bool accepted);

    DecisionTreeModel *m_model;
    SelectionState *m_state;
    QTreeView *m_tree;
    QToolButton *m_accept;
    QToolButton *m_reject;
    QToolButton *m_jump;
    bool m_syncing = false;
};
