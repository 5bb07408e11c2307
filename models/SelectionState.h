#pragma once
#include <QObject>

// The one shared selection for every view (conversation, item, time cursor, visible window,
// clock-skew correction). Views observe its signals instead of calling each other; setters
// ignore unchanged values so observers that echo a value back cannot loop.
class SelectionState : public QObject
{
    Q_OBJECT
public:
    explicit SelectionState(QObject *parent = nullptr);

    qint64 conversationId() const { return m_conversationId; }
    qint64 itemId() const { return m_itemId; }
    qint64 cursorNs() const { return m_cursorNs; }
    qint64 windowStartNs() const { return m_windowStartNs; }
    qint64 windowEndNs() const { return m_windowEndNs; }
    bool correctClockSkew() const { return m_correctClockSkew; }

public Q_SLOTS:
    // A new conversation clears the item selection and the cursor.
    void setConversation(qint64 conversationId);
    void setItem(qint64 itemId);
    void setCursor(qint64 ns);
    void setWindow(qint64 startNs, qint64 endNs);
    void setCorrectClockSkew(bool on);

Q_SIGNALS:
    void conversationChanged(qint64 conversationId);
    void itemChanged(qint64 itemId);
    void cursorChanged(qint64 ns);
    void windowChanged(qint64 startNs, qint64 endNs);
    void correctClockSkewChanged(bool on);

private:
    qint64 m_conversationId = 0;
    qint64 m_itemId = 0;
    qint64 m_cursorNs = 0;
    qint64 m_windowStartNs = 0;
    qint64 m_windowEndNs = 0;
    bool m_correctClockSkew = true;
};
