#pragma once
#include "PagedTableModel.h"

#include <QStringList>

#include <vector>

// The conversations table, paged in with canFetchMore/fetchMore (keyset paging on start time,
// never all rows), filtered by text (any id via item_keys, user, email, phone, a time,
// "quoted text" via items_fts), finding kind and time range.
class ConversationListModel : public PagedTableModel
{
    Q_OBJECT
public:
    enum Column { UserColumn, StartColumn, DurationColumn, ChannelsColumn, FindingsColumn, ColumnCount };
    enum Role {
        ConversationIdRole = Qt::UserRole + 1,
        KeyRole,
        StartNsRole,
        EndNsRole,
        ChannelsRole, // QStringList: voice, image, email, chat ...
        FindingKindsRole, // QStringList
        WorstSeverityRole,
        FindingCountRole,
    };
    struct Filter
    {
        QString text;
        QString findingKind; // empty: any
        qint64 fromNs = 0; // 0: open
        qint64 toNs = 0;
        bool withFindingsOnly = false;
    };

    explicit ConversationListModel(QObject *parent = nullptr);

    void setFilter(const Filter &filter);
    const Filter &filter() const { return m_filter; }

    // The row of a conversation, paging further in (up to maxRows) until it is found; -1 if not.
    int rowForConversation(qint64 id, int maxRows = 20000);
    qint64 conversationAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void fetchMore(const QModelIndex &parent) override;

    // "2025-02-07 01:53:41" (UTC), shared with the other views.
    static QString formatTime(qint64 ns);
    // A JSON array or a comma-separated list, as stored in conversations.user_ids / channels.
    static QStringList parseList(const QString &text);

private:
    void clearRows() override { m_rows.clear(); }

    struct Row
    {
        qint64 id = 0;
        QString key;
        QString title;
        QStringList users;
        qint64 startNs = 0;
        qint64 endNs = 0;
        qint64 itemCount = 0;
        QStringList channels;
        qint64 findingCount = 0;
        QString worstSeverity;
        QStringList findingKinds;
    };

    Filter m_filter;
    std::vector<Row> m_rows;
};
