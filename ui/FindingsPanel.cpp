#include "FindingsPanel.h"

#include "FindingsModel.h"
#include "KindStyle.h"
#include "SelectionState.h"
#include "TextCut.h"

#include <QHeaderView>
#include <QHelpEvent>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTextDocument>
#include <QToolTip>

namespace {
// A cell shows one line and a tooltip a few: megabytes of an imported explanation would only
// freeze every repaint laying them out.
QString capped(const QString &text)
{
    constexpr qsizetype maxShown = 2000;
    if (text.size() <= maxShown)
        return text;
    return text.left(TextCut::utf16Length(text, maxShown)) + QChar(0x2026);
}

class SeverityDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        option->text = capped(option->text);
        const QString severity = index.data(FindingsModel::SeverityRole).toString();
        if (severity == QLatin1String("error"))
            option->palette.setColor(QPalette::Text, KindStyle::errorColor(option->palette));
        else if (severity == QLatin1String("warning"))
            option->palette.setColor(QPalette::Text, KindStyle::suggestedColor(option->palette));
        if (index.column() == FindingsModel::SeverityColumn && severity == QLatin1String("error")) {
            option->features |= QStyleOptionViewItem::HasDecoration;
            option->icon = KindStyle::brokenIcon();
            option->decorationSize = QSize(14, 14);
        }
    }

    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
        const QModelIndex &index) override
    {
        // The tooltip is the explanation, which quotes imported text; a tooltip would render
        // markup in it as rich text (and load the pictures it names), so it is shown as text.
        const QString text = index.data(Qt::ToolTipRole).toString();
        if (event->type() != QEvent::ToolTip || text.isEmpty())
            return QStyledItemDelegate::helpEvent(event, view, option, index);
        QToolTip::showText(event->globalPos(), Qt::convertFromPlainText(capped(text)), view, option.rect);
        return true;
    }
};
} // namespace

FindingsPanel::FindingsPanel(FindingsModel *model, SelectionState *state, QWidget *parent)
    : QDockWidget(tr("Findings"), parent)
    , m_model(model)
    , m_view(new QTableView(this))
{
    setObjectName(QStringLiteral("findingsDock"));
    m_view->setModel(model);
    m_view->setItemDelegate(new SeverityDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(FindingsModel::ExplanationColumn, QHeaderView::Stretch);
    m_view->setWordWrap(false);
    m_view->setAlternatingRowColors(true);
    setWidget(m_view);
    auto go = [this](const QModelIndex &index) {
        if (!index.isValid())
            return;
        Q_EMIT navigate(index.data(FindingsModel::ConversationIdRole).toLongLong(),
            index.data(FindingsModel::ItemIdRole).toLongLong());
    };
    connect(m_view, &QTableView::clicked, this, go);
    connect(m_view, &QTableView::activated, this, go);
    connect(state, &SelectionState::itemChanged, this, [this](qint64 itemId) {
        const int row = m_model->rowForItem(itemId);
        if (row >= 0 && m_view->currentIndex().row() != row) {
            QSignalBlocker block(m_view->selectionModel());
            m_view->selectRow(row);
        }
    });
    connect(model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first) {
        if (first != 0)
            return;
        for (int c : {FindingsModel::SeverityColumn, FindingsModel::KindColumn, FindingsModel::ConversationColumn,
                 FindingsModel::ConfidenceColumn})
            m_view->resizeColumnToContents(c);
        m_view->setColumnWidth(
            FindingsModel::ConversationColumn, std::min(m_view->columnWidth(FindingsModel::ConversationColumn), 320));
    });
}
