#pragma once
#include <QDockWidget>

class FindingsModel;
class QTableView;
class SelectionState;

// Dockable list of every finding in the workspace; clicking one navigates to its
// conversation and item, and the current item's finding is highlighted when selected elsewhere.
class FindingsPanel : public QDockWidget
{
    Q_OBJECT
public:
    FindingsPanel(FindingsModel *model, SelectionState *state, QWidget *parent = nullptr);
    QTableView *view() const { return m_view; }

Q_SIGNALS:
    void navigate(qint64 conversationId, qint64 itemId);

private:
    FindingsModel *m_model;
    QTableView *m_view;
};
