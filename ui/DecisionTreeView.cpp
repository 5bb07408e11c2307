#include "DecisionTreeView.h"

#include "DecisionTreeModel.h"
#include "KindStyle.h"
#include "SelectionState.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace {
class DecisionDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const bool broken = index.data(DecisionTreeModel::BrokenRole).toBool();
        const bool suggested = index.data(DecisionTreeModel::SuggestedRole).toBool();
        if (index.column() == DecisionTreeModel::StepColumn) {
            option->features |= QStyleOptionViewItem::HasDecoration;
            option->icon = broken ? KindStyle::brokenIcon()
                                  : KindStyle::kindIcon(index.data(DecisionTreeModel::NodeRoleRole).toString());
            option->decorationSize = QSize(16, 16);
        }
        if (broken) {
            const QColor c = KindStyle::errorColor(option->palette);
            option->palette.setColor(QPalette::Text, c);
            option->palette.setColor(QPalette::HighlightedText, option->palette.color(QPalette::HighlightedText));
            option->font.setBold(true);
        } else if (suggested) {
            option->font.setItalic(true);
            option->palette.setColor(QPalette::Text, KindStyle::suggestedColor(option->palette));
        } else if (index.column() == DecisionTreeModel::StatusColumn
            && index.data().toString() == QLatin1String("error")) {
            option->palette.setColor(QPalette::Text, KindStyle::errorColor(option->palette));
        }
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::paint(painter, option, index);
        if (index.data(DecisionTreeModel::SuggestedRole).toBool()) {
            // A dashed frame marks an inferred (not recorded) link.
            painter->save();
            painter->setPen(QPen(KindStyle::suggestedColor(option.palette), 1, Qt::DashLine));
            const QRect r = option.rect.adjusted(0, 1, -1, -2);
            painter->drawLine(r.topLeft(), r.topRight());
            painter->drawLine(r.bottomLeft(), r.bottomRight());
            if (index.column() == 0)
                painter->drawLine(r.topLeft(), r.bottomLeft());
            if (index.column() == index.model()->columnCount(index.parent()) - 1)
                painter->drawLine(r.topRight(), r.bottomRight());
            painter->restore();
        }
    }
};
} // namespace

DecisionTreeView::DecisionTreeView(DecisionTreeModel *model, SelectionState *state, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_state(state)
    , m_tree(new QTreeView(this))
    , m_accept(new QToolButton(this))
    , m_reject(new QToolButton(this))
    , m_jump(new QToolButton(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 0);
    auto *title = new QLabel(tr("<b>Decision tree</b>"), this);
    bar->addWidget(title);
    bar->addStretch();
    m_accept->setText(tr("Accept"));
    m_accept->setToolTip(tr("Accept the suggested continuation (recorded as an annotation) — A"));
    m_accept->setShortcut(QKeySequence(Qt::Key_A));
    m_reject->setText(tr("Reject"));
    m_reject->setToolTip(tr("Reject the suggested continuation (recorded as an annotation) — R"));
    m_reject->setShortcut(QKeySequence(Qt::Key_R));
    m_jump->setText(tr("Jump to continuation"));
    m_jump->setToolTip(tr("Select the step where the broken handoff most likely continued — J"));
    m_jump->setShortcut(QKeySequence(Qt::Key_J));
    for (QToolButton *b : {m_accept, m_reject, m_jump}) {
        b->setAutoRaise(false);
        bar->addWidget(b);
    }
    layout->addLayout(bar);
    layout->addWidget(m_tree);

    m_tree->setModel(model);
    m_tree->setItemDelegate(new DecisionDelegate(m_tree));
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(DecisionTreeModel::StepColumn, QHeaderView::Stretch);
    for (int c = 1; c < DecisionTreeModel::ColumnCount; ++c)
        m_tree->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);

    connect(m_accept, &QToolButton::clicked, this, &DecisionTreeView::acceptSuggestion);
    connect(m_reject, &QToolButton::clicked, this, &DecisionTreeView::rejectSuggestion);
    connect(m_jump, &QToolButton::clicked, this, &DecisionTreeView::jumpToContinuation);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex &current) { onCurrentChanged(current); });
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        updateButtons();
        // The model refuses to fetch children while it announces the reset, so expanding here
        // left the turn open but empty; expand once the reset is over.
        // expandToDepth folds what lies deeper, so the node selected meanwhile (a finding
        // clicked, --select) is revealed again.
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_tree->expandToDepth(2);
                if (m_tree->currentIndex().isValid())
                    m_tree->scrollTo(m_tree->currentIndex());
            },
            Qt::QueuedConnection);
    });
    connect(model, &QAbstractItemModel::dataChanged, this, &DecisionTreeView::updateButtons);
    connect(state, &SelectionState::itemChanged, this, &DecisionTreeView::onItemChanged);
    connect(m_tree, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex idx = m_tree->indexAt(pos);
        if (!idx.isValid())
            return;
        QMenu menu(this);
        const QModelIndex first = idx.siblingAtColumn(0);
        if (first.data(DecisionTreeModel::SuggestedRole).toBool()) {
            menu.addAction(tr("Accept suggestion"), this, &DecisionTreeView::acceptSuggestion);
            menu.addAction(tr("Reject suggestion"), this, &DecisionTreeView::rejectSuggestion);
        }
        if (first.data(DecisionTreeModel::ContinuationItemRole).toLongLong() > 0)
            menu.addAction(tr("Jump to continuation"), this, &DecisionTreeView::jumpToContinuation);
        if (!menu.isEmpty())
            menu.exec(m_tree->viewport()->mapToGlobal(pos));
    });
    updateButtons();
}

void DecisionTreeView::onCurrentChanged(const QModelIndex &current)
{
    updateButtons();
    if (m_syncing || !current.isValid())
        return;
    const qint64 item = current.siblingAtColumn(0).data(DecisionTreeModel::ItemIdRole).toLongLong();
    if (item > 0)
        m_state->setItem(item);
}

void DecisionTreeView::onItemChanged(qint64 itemId)
{
    const QModelIndex idx = m_model->indexForItem(itemId);
    const QModelIndex current = m_tree->currentIndex().siblingAtColumn(0);
    if (idx == current)
        return;
    m_syncing = true;
    if (idx.isValid()) {
        m_tree->setCurrentIndex(idx);
        m_tree->scrollTo(idx);
    } else {
        // Also forget the current row: clicking it again must publish it again.
        m_tree->selectionModel()->clearCurrentIndex();
        m_tree->clearSelection();
    }
    m_syncing = false;
    updateButtons();
}

void DecisionTreeView::updateButtons()
{
    const QModelIndex idx = m_tree->currentIndex().siblingAtColumn(0);
    const bool suggested = idx.isValid() && idx.data(DecisionTreeModel::SuggestedRole).toBool()
        && idx.data(DecisionTreeModel::EdgeIdRole).toLongLong() > 0;
    m_accept->setEnabled(suggested);
    m_reject->setEnabled(suggested);
    m_jump->setEnabled(idx.isValid() && idx.data(DecisionTreeModel::ContinuationItemRole).toLongLong() > 0);
}

void DecisionTreeView::decide(bool accepted)
{
    QString error;
    if (!m_model->setDecision(m_tree->currentIndex().siblingAtColumn(0), accepted, &error))
        QMessageBox::information(this, tr("Cannot record the decision"), error);
}

void DecisionTreeView::acceptSuggestion()
{
    decide(true);
}

void DecisionTreeView::rejectSuggestion()
{
    decide(false);
}

void DecisionTreeView::jumpToContinuation()
{
    const qint64 target
        = m_tree->currentIndex().siblingAtColumn(0).data(DecisionTreeModel::ContinuationItemRole).toLongLong();
    if (target > 0)
        m_state->setItem(target);
}
