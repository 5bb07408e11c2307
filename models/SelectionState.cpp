#include "SelectionState.h"

SelectionState::SelectionState(QObject *parent)
    : QObject(parent)
{
}

void SelectionState::setConversation(qint64 conversationId)
{
    if (conversationId == m_conversationId)
        return;
    m_conversationId = conversationId;
    m_itemId = 0;
    m_cursorNs = 0;
    Q_EMIT conversationChanged(conversationId);
    Q_EMIT itemChanged(0);
    Q_EMIT cursorChanged(0);
}

void SelectionState::setItem(qint64 itemId)
{
    if (itemId == m_itemId)
        return;
    m_itemId = itemId;
    Q_EMIT itemChanged(itemId);
}

void SelectionState::setCursor(qint64 ns)
{
    if (ns == m_cursorNs)
        return;
    m_cursorNs = ns;
    Q_EMIT cursorChanged(ns);
}

void SelectionState::setWindow(qint64 startNs, qint64 endNs)
{
    if (startNs == m_windowStartNs && endNs == m_windowEndNs)
        return;
    m_windowStartNs = startNs;
    m_windowEndNs = endNs;
    Q_EMIT windowChanged(startNs, endNs);
}

void SelectionState::setCorrectClockSkew(bool on)
{
    if (on == m_correctClockSkew)
        return;
    m_correctClockSkew = on;
    Q_EMIT correctClockSkewChanged(on);
}
