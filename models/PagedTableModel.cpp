#include "PagedTableModel.h"

PagedTableModel::PagedTableModel(int pageSize, QObject *parent)
    : QAbstractTableModel(parent)
    , m_pageSize(pageSize)
{
}

void PagedTableModel::setWorkspace(const Workspace *workspace)
{
    m_workspace = workspace;
    refresh();
}

void PagedTableModel::refresh()
{
    beginResetModel();
    m_busy = true;
    clearRows();
    m_atEnd = m_workspace == nullptr;
    endResetModel();
    m_busy = false;
}

bool PagedTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd;
}
