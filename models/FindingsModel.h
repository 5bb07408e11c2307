#pragma once
#include "PagedTableModel.h"

#include <vector>

// Every finding in the workspace (broken handoffs, orphans, skew, delivery failures), paged in
// by id with canFetchMore/fetchMore; the correlator writes errors first, then warnings, then
// notes, so the list reads most severe first.
class FindingsModel : public PagedTableModel
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
    // The loaded row whose finding is about itemId, -1 if none.
    int rowForItem(qint64 itemId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void fetchMore(const QModelIndex &parent) override;

private:
    void clearRows() override { m_rows.clear(); }

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
    std::vector<Row> m_rows;
};
