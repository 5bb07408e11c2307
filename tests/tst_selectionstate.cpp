// SelectionState is the one selection every panel follows. Its promises: each setter announces a
// change exactly once with the new value, an unchanged value is silent (so a panel that echoes
// a value back cannot loop), and a new conversation clears the item and the cursor before any
// observer of those hears about it.
#include "SelectionState.h"

#include <QSignalSpy>
#include <QtTest>

#include <limits>

class TstSelectionState : public QObject
{
    Q_OBJECT

    static constexpr qint64 Min = std::numeric_limits<qint64>::min();
    static constexpr qint64 Max = std::numeric_limits<qint64>::max();

    static void addValues()
    {
        QTest::addColumn<qint64>("value");
        QTest::newRow("one") << qint64(1);
        QTest::newRow("negative") << qint64(-1);
        // Beyond 32 bits: a signal or member narrowed to int would lose these.
        QTest::newRow("2^40 + 1") << (qint64(1) << 40) + 1;
        QTest::newRow("max") << Max;
        QTest::newRow("min") << Min;
    }

private slots:
    void defaults()
    {
        SelectionState s;
        QCOMPARE(s.conversationId(), qint64(0));
        QCOMPARE(s.itemId(), qint64(0));
        QCOMPARE(s.cursorNs(), qint64(0));
        QCOMPARE(s.windowStartNs(), qint64(0));
        QCOMPARE(s.windowEndNs(), qint64(0));
        QCOMPARE(s.correctClockSkew(), true);
    }

    void itemEmitsOnceAndOnlyOnChange_data() { addValues(); }

    void itemEmitsOnceAndOnlyOnChange()
    {
        QFETCH(qint64, value);
        SelectionState s;
        QSignalSpy spy(&s, &SelectionState::itemChanged);
        s.setItem(value);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toLongLong(), value);
        QCOMPARE(s.itemId(), value);
        s.setItem(value);
        QCOMPARE(spy.count(), 1);
        s.setItem(0); // clearing is a change like any other
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.at(1).at(0).toLongLong(), qint64(0));
        QCOMPARE(s.itemId(), qint64(0));
    }

    void cursorEmitsOnceAndOnlyOnChange_data() { addValues(); }

    void cursorEmitsOnceAndOnlyOnChange()
    {
        QFETCH(qint64, value);
        SelectionState s;
        QSignalSpy spy(&s, &SelectionState::cursorChanged);
        s.setCursor(0);
        QCOMPARE(spy.count(), 0);
        s.setCursor(value);
        s.setCursor(value);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toLongLong(), value);
        QCOMPARE(s.cursorNs(), value);
    }

    void windowEmitsOnceAndOnlyOnChange()
    {
        SelectionState s;
        QSignalSpy spy(&s, &SelectionState::windowChanged);
        s.setWindow(0, 0);
        QCOMPARE(spy.count(), 0);
        s.setWindow(100, 200);
        s.setWindow(100, 200);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toLongLong(), qint64(100));
        QCOMPARE(spy.at(0).at(1).toLongLong(), qint64(200));
        // Either edge alone is a change: a pan that keeps one edge still moves the window.
        s.setWindow(150, 200);
        s.setWindow(150, 300);
        QCOMPARE(spy.count(), 3);
        QCOMPARE(spy.at(1).at(0).toLongLong(), qint64(150));
        QCOMPARE(spy.at(2).at(1).toLongLong(), qint64(300));
        QCOMPARE(s.windowStartNs(), qint64(150));
        QCOMPARE(s.windowEndNs(), qint64(300));
    }

    void windowKeepsInt64Extremes()
    {
        SelectionState s;
        QSignalSpy spy(&s, &SelectionState::windowChanged);
        s.setWindow(Min, Max);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toLongLong(), Min);
        QCOMPARE(spy.at(0).at(1).toLongLong(), Max);
        QCOMPARE(s.windowStartNs(), Min);
        QCOMPARE(s.windowEndNs(), Max);
        // The state stores the window as given; the timeline owns ordering and clamping.
        s.setWindow(Max, Min);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(s.windowStartNs(), Max);
        QCOMPARE(s.windowEndNs(), Min);
    }

    void clockSkewEmitsOnceAndOnlyOnChange()
    {
        SelectionState s;
        QSignalSpy spy(&s, &SelectionState::correctClockSkewChanged);
        s.setCorrectClockSkew(true); // already the default
        QCOMPARE(spy.count(), 0);
        s.setCorrectClockSkew(false);
        s.setCorrectClockSkew(false);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toBool(), false);
        QCOMPARE(s.correctClockSkew(), false);
        s.setCorrectClockSkew(true);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.at(1).at(0).toBool(), true);
    }

    void newConversationClearsItemAndCursor()
    {
        SelectionState s;
        s.setWindow(10, 20);
        s.setItem(7);
        s.setCursor(Max);
        QSignalSpy conversations(&s, &SelectionState::conversationChanged);
        QSignalSpy items(&s, &SelectionState::itemChanged);
        QSignalSpy cursors(&s, &SelectionState::cursorChanged);
        QSignalSpy windows(&s, &SelectionState::windowChanged);
        // An item observer that looks the item up must already see the new conversation.
        qint64 conversationSeenByItemObserver = -1;
        connect(&s, &SelectionState::itemChanged, this, [&] { conversationSeenByItemObserver = s.conversationId(); });

        s.setConversation(Min);
        QCOMPARE(conversations.count(), 1);
        QCOMPARE(conversations.at(0).at(0).toLongLong(), Min);
        QCOMPARE(items.count(), 1);
        QCOMPARE(items.at(0).at(0).toLongLong(), qint64(0));
        QCOMPARE(cursors.count(), 1);
        QCOMPARE(cursors.at(0).at(0).toLongLong(), qint64(0));
        QCOMPARE(conversationSeenByItemObserver, Min);
        QCOMPARE(s.itemId(), qint64(0));
        QCOMPARE(s.cursorNs(), qint64(0));
        // The visible window is the view's zoom, not part of the selection: it stays.
        QCOMPARE(windows.count(), 0);
        QCOMPARE(s.windowStartNs(), qint64(10));
        QCOMPARE(s.windowEndNs(), qint64(20));
    }

    void sameConversationKeepsItemAndCursor()
    {
        SelectionState s;
        s.setConversation(3);
        s.setItem(9);
        s.setCursor(1234);
        QSignalSpy conversations(&s, &SelectionState::conversationChanged);
        QSignalSpy items(&s, &SelectionState::itemChanged);
        QSignalSpy cursors(&s, &SelectionState::cursorChanged);
        // A list that re-announces its current row must not wipe what the user picked in it.
        s.setConversation(3);
        QCOMPARE(conversations.count(), 0);
        QCOMPARE(items.count(), 0);
        QCOMPARE(cursors.count(), 0);
        QCOMPARE(s.itemId(), qint64(9));
        QCOMPARE(s.cursorNs(), qint64(1234));
    }

    void observerEchoingTheValueBackDoesNotLoop()
    {
        SelectionState s;
        int calls = 0;
        // Two panels bound to each other through the state, each writing back what it heard.
        connect(&s, &SelectionState::itemChanged, this, [&](qint64 id) {
            ++calls;
            s.setItem(id);
        });
        connect(&s, &SelectionState::windowChanged, this, [&](qint64 a, qint64 b) {
            ++calls;
            s.setWindow(a, b);
        });
        s.setItem(42);
        s.setWindow(1, 2);
        QCOMPARE(calls, 2);
        QCOMPARE(s.itemId(), qint64(42));
    }
};

QTEST_GUILESS_MAIN(TstSelectionState)
#include "tst_selectionstate.moc"
