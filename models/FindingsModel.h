#pragma once
#include <QAbstractTableModel>

#include <vector>

class Workspace;

// Every finding in the workspace (broken handoffs, orphans, skew, delivery failures), paged in
// by id with canFetchMore/fetchMore, most severe first within a page.
class FindingsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { SeverityColumn, KindColumn, ConversationColumn, ExplanationColumn, ConfidenceColumn, ColumnCount };
    enum Role {
        FindingIdRole = Qt::UserRole + 1,
        ConversationIdRole,
        ItemIdRole,
        RelatedItemIdRole,
        SeverityRole,
        KindRole,
    };

    explicit FindingsModel(QObject *parent = nullptr);
    void setWorkspace(const Workspace *workspace);
    void refresh();
    void setPageSize(int rows) { m_pageSize = rows > 0 ? rows : 1; }
    // The loaded row whose finding is about itemId, -1 if none.
    int rowForItem(qint64 itemId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

private:
    struct Row
    {
        qint64 id = 0;
        QString kind;
        QString severity;
        qint64 conversationId = 0;
        QString conversation;
        qint64 itemId = 0;
        qint64 relatedItemId = 0;
        double confidence = 1.0;
        QString explanation;
        QString source;
        qint64 offsetMs = 0;
    };
    const Workspace *m_workspace = nullptr;
    std::vector<Row> m_rows;
    bool m_atEnd = true;
    // Set while a reset or an insertion is being announced: a fetch asked for from inside
    // those signals (views, QAbstractItemModelTester) waits instead of nesting insertions.
    bool m_busy = false;
    int m_pageSize = 500;
};
