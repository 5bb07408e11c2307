#pragma once
#include <QAbstractTableModel>

#include <utility>
#include <vector>

class Workspace;

// A table model over a workspace query whose rows are paged in with canFetchMore/fetchMore: the
// reset and insertion bookkeeping the list models share. Subclasses read a page and hand it to appendPage.
class PagedTableModel : public QAbstractTableModel
{
public:
    explicit PagedTableModel(int pageSize, QObject *parent = nullptr);

    void setWorkspace(const Workspace *workspace);
    void setPageSize(int rows) { m_pageSize = rows > 0 ? rows : 1; }
    // Drops the loaded rows; the view fetches the first page again.
    void refresh();

    bool canFetchMore(const QModelIndex &parent) const override;

protected:
    // Drops every loaded row; called inside the model reset.
    virtual void clearRows() = 0;

    // Whether fetchMore may read a page now: there is a workspace and more rows, and no reset or
    // insertion is being announced (a fetch asked for from inside those signals, by views or
    // QAbstractItemModelTester, waits instead of nesting insertions).
    bool mayFetch(const QModelIndex &parent) const { return !parent.isValid() && !m_atEnd && m_workspace && !m_busy; }

    // Moves a freshly read page to the end of `rows`, announcing the insertion; a short page
    // means the query has no more rows.
    template <class Row> void appendPage(std::vector<Row> &rows, std::vector<Row> &page)
    {
        m_atEnd = int(page.size()) < m_pageSize;
        if (page.empty())
            return;
        m_busy = true;
        beginInsertRows({}, int(rows.size()), int(rows.size() + page.size()) - 1);
        for (Row &r : page)
            rows.push_back(std::move(r));
        endInsertRows();
        m_busy = false;
    }

    const Workspace *workspace() const { return m_workspace; }
    int pageSize() const { return m_pageSize; }
    bool atEnd() const { return m_atEnd; }

private:
    const Workspace *m_workspace = nullptr;
    bool m_atEnd = true;
    bool m_busy = false;
    int m_pageSize;
};
