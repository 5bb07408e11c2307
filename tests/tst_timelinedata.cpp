#include "TestUtils.h"
#include "TimelineData.h"
#include "TimelineLanes.h"
#include "Workspace.h"

#include <QtTest>

#include <cstring>
#include <limits>

using namespace TestUtils;

// The timeline draws exactly what load() returns, so a wrong item set, order or lane shows as a
// wrong picture; these build tiny workspaces by hand to pin each column and each hostile row.
class TstTimelineData : public QObject
{
    Q_OBJECT
    static constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    int m_files = 0;

    void exec(const QString &sql) { m_ws->db().exec(sql.toStdString()); }
    // An item of source `source` in conversation `conv` (0: in none).
    int64_t item(int64_t conv, const QString &columns, const QString &values, int source = 1)
    {
        exec(QStringLiteral("INSERT INTO items(source_id, ref, %1) VALUES(%2, 'r', %3)")
                 .arg(columns)
                 .arg(source)
                 .arg(values));
        const int64_t id = m_ws->db().lastInsertRowId();
        if (conv)
            exec(QStringLiteral("INSERT INTO conversation_items VALUES(%1, %2)").arg(conv).arg(id));
        return id;
    }
    void media(int64_t itemId, const QByteArray &peaks, bool nullPeaks = false, int64_t durationNs = 0)
    {
        auto st
            = m_ws->db().prepare("INSERT INTO media(item_id, mime, duration_ns, peaks) VALUES(?, 'audio/wav', ?, ?)");
        st.bind(1, itemId).bind(2, durationNs);
        if (nullPeaks)
            st.bindNull(3);
        else
            st.bindBlob(3, peaks.constData(), peaks.size()); // non-null pointer: an empty blob, not NULL
        st.exec();
    }
    static QList<qint64> ids(const TimelineData &d)
    {
        QList<qint64> out;
        for (const TimelineItem &it : d.items)
            out.append(it.id);
        return out;
    }

private slots:
    void init()
    {
        m_ws = newWorkspace(m_dir, QStringLiteral("%1.threadline").arg(++m_files));
        exec(q("INSERT INTO sources(path, format, sha256, imported_at, clock_offset_ns) VALUES"
               "('a.jsonl', 'jsonl', 'x', 'now', 0), ('b.jsonl', 'jsonl', 'y', 'now', 250)"));
        exec(q("INSERT INTO conversations(id, key) VALUES(1, 'one'), (2, 'two')"));
    }
    void cleanup() { m_ws.reset(); }

    void loadsExactlyTheConversationSortedByRecordedStart()
    {
        const int64_t llm
            = item(1, q("kind, name, actor, start_ns, end_ns, status"), q("'llm', 'chat', 'planner', 200, 900, 1"));
        const int64_t tool = item(1, q("kind, start_ns, end_ns"), q("'tool', 100, 150"), 2);
        const int64_t asr = item(1, q("kind, start_ns, status, text"), q("'asr', 100, 2, 'hello'"));
        item(2, q("kind, start_ns"), q("'image', 150")); // another conversation's item between them
        item(0, q("kind, start_ns"), q("'log', 120")); // in no conversation
        const TimelineData d = TimelineData::load(*m_ws, 1);
        // Equal starts tie-break on id, so a reload never reshuffles the lane rows.
        QCOMPARE(ids(d), QList<qint64>({tool, asr, llm}));
        QCOMPARE(d.items[0].clockOffsetNs, int64_t(250));
        QCOMPARE(d.items[0].start(true), int64_t(-150)); // corrected = recorded - offset
        QCOMPARE(d.items[0].lane, int(TimelineLanes::Tool));
        QCOMPARE(d.items[1].lane, int(TimelineLanes::Audio));
        QCOMPARE(d.items[1].status, 2);
        QCOMPARE(d.items[1].text, QStringLiteral("hello"));
        QCOMPARE(d.items[2].lane, int(TimelineLanes::Llm));
        QCOMPARE(
            QStringList({d.items[2].kind, d.items[2].name, d.items[2].actor}), QStringList({"llm", "chat", "planner"}));
        QCOMPARE(QList<qint64>({d.items[2].startNs, d.items[2].endNs, d.items[2].clockOffsetNs}),
            QList<qint64>({200, 900, 0}));
        QCOMPARE(d.indexOf(llm), 2);
        QCOMPARE(d.indexOf(asr), 1);
        QCOMPARE(ids(TimelineData::load(*m_ws, 2)).size(), 1);
    }

    void unknownConversationIsEmpty_data()
    {
        QTest::addColumn<qint64>("conversation");
        QTest::newRow("zero") << qint64(0);
        QTest::newRow("negative") << qint64(-1);
        QTest::newRow("missing") << qint64(999);
        QTest::newRow("max") << qint64(kMax);
        QTest::newRow("min") << qint64(std::numeric_limits<int64_t>::min());
    }
    void unknownConversationIsEmpty()
    {
        QFETCH(qint64, conversation);
        const int64_t id = item(1, q("kind"), q("'llm'"));
        media(id, QByteArray(8, '\0'));
        const TimelineData d = TimelineData::load(*m_ws, conversation);
        QVERIFY(d.items.empty());
        QVERIFY(d.audio.empty());
        QCOMPARE(d.indexOf(id), -1);
        QCOMPARE(d.audioFor(id), nullptr);
    }

    void handoffLaneAndBrokenMarks()
    {
        const int64_t transfer
            = item(1, q("kind, start_ns, detail"), q("'agent', 1, '{\"handoff\":{\"to\":\"billing\"}}'"));
        const int64_t plain = item(1, q("kind, start_ns, detail"), q("'agent', 2, '{\"other\":1}'"));
        const int64_t junk = item(1, q("kind, start_ns, detail"), q("'agent', 3, '{not json'"));
        const int64_t broken = item(1, q("kind, start_ns"), q("'llm', 4"));
        const int64_t orphan = item(1, q("kind, start_ns"), q("'tool', 5"));
        const int64_t next = item(1, q("kind, start_ns"), q("'llm', 6"));
        const int64_t elsewhere = item(2, q("kind, start_ns"), q("'llm', 7"));
        exec(QStringLiteral(
            "INSERT INTO findings(kind, severity, conversation_id, item_id, related_item_id, explanation) "
            "VALUES('broken_handoff', 'error', 1, %1, %2, 'x'), ('broken_handoff', 'error', 1, %3, NULL, 'x'), "
            "('broken_handoff', 'error', 2, %4, NULL, 'x'), ('slow', 'warning', 1, %5, NULL, 'x'), "
            "('broken_handoff', 'error', 1, %6, NULL, 'x')")
                 .arg(broken)
                 .arg(next)
                 .arg(orphan)
                 .arg(next) // a finding of conversation 2 must not mark conversation 1's item
                 .arg(plain) // another finding kind is no broken handoff
                 .arg(elsewhere)); // names an item outside the conversation: skipped
        const TimelineData d = TimelineData::load(*m_ws, 1);
        QCOMPARE(d.items.size(), size_t(6));
        const auto at = [&](int64_t id) { return d.items[size_t(d.indexOf(id))]; };
        QCOMPARE(at(transfer).lane, int(TimelineLanes::Handoff));
        QCOMPARE(at(plain).lane, int(TimelineLanes::Llm));
        QCOMPARE(at(junk).lane, int(TimelineLanes::Llm)); // malformed detail must not throw
        QVERIFY(at(broken).broken);
        QCOMPARE(at(broken).lane, int(TimelineLanes::Handoff));
        QCOMPARE(at(broken).continuationId, next);
        QVERIFY(at(orphan).broken);
        QCOMPARE(at(orphan).continuationId, int64_t(0));
        QVERIFY(!at(next).broken && !at(plain).broken && !at(transfer).broken);
        QCOMPARE(at(next).lane, int(TimelineLanes::Llm));
    }

    void hostileRows()
    {
        const int64_t nulls = item(1, q("kind, name, actor, text, detail"), q("'llm', NULL, NULL, NULL, NULL"));
        const int64_t unknown = item(1, q("kind, start_ns, end_ns"), q("'teleport', 10, 5"));
        const int64_t empty = item(1, q("kind, start_ns"), q("'', 20"));
        const int64_t late = item(1, q("kind, start_ns, end_ns"), QStringLiteral("'email', %1, %1").arg(kMax), 2);
        const TimelineData d = TimelineData::load(*m_ws, 1);
        QCOMPARE(ids(d), QList<qint64>({nulls, unknown, empty, late}));
        QVERIFY(d.items[0].name.isEmpty() && d.items[0].actor.isEmpty() && d.items[0].text.isEmpty());
        QCOMPARE(d.items[0].startNs, int64_t(0));
        QCOMPARE(d.items[1].lane, int(TimelineLanes::Logs)); // unknown kinds fall back to the log lane
        QCOMPARE(d.items[2].lane, int(TimelineLanes::Logs));
        QCOMPARE(d.items[1].endNs, int64_t(5)); // stored as is; end() clamps for drawing
        QCOMPARE(d.items[1].end(false), int64_t(10));
        QCOMPARE(d.items[3].startNs, kMax);
        QCOMPARE(d.items[3].start(true), kMax - 250);
    }

    void tooltipTextIsCutByKind()
    {
        // Speech keeps enough text for the transcript strip; other kinds only a tooltip's worth.
        const QString longText = QString(3000, QLatin1Char('a'));
        item(1, q("kind, start_ns, text"), QStringLiteral("'speech', 1, '%1'").arg(longText));
        item(1, q("kind, start_ns, text"), QStringLiteral("'llm', 2, '%1'").arg(longText));
        const TimelineData d = TimelineData::load(*m_ws, 1);
        QCOMPARE(d.items[0].text.size(), 2000);
        QCOMPARE(d.items[1].text.size(), 200);
    }

    void audioPeaks_data()
    {
        QTest::addColumn<int>("bytes");
        QTest::addColumn<int>("floats");
        QTest::newRow("empty") << 0 << 0;
        QTest::newRow("short") << 3 << 0;
        QTest::newRow("exact") << 12 << 3;
        QTest::newRow("odd") << 13 << 3; // a trailing partial float is dropped, not read past
    }
    void audioPeaks()
    {
        QFETCH(int, bytes);
        QFETCH(int, floats);
        const float values[] = {0.25f, -1.0f, 0.5f, 0.75f};
        QByteArray blob(reinterpret_cast<const char *>(values), sizeof(values));
        blob.resize(bytes);
        const int64_t a = item(1, q("kind"), q("'audio'"));
        const int64_t silent = item(1, q("kind"), q("'audio'"));
        const int64_t other = item(2, q("kind"), q("'audio'"));
        media(a, blob, false, 3'000'000'000);
        media(silent, {}, true); // NULL peaks: an image or undecoded audio, no track
        media(other, blob);
        const TimelineData d = TimelineData::load(*m_ws, 1);
        QCOMPARE(d.audio.size(), size_t(1));
        const TimelineData::AudioTrack *t = d.audioFor(a);
        QVERIFY(t);
        QCOMPARE(t->durationNs, int64_t(3'000'000'000));
        QCOMPARE(int(t->peaks.size()), floats);
        for (int i = 0; i < floats; ++i)
            QCOMPARE(t->peaks[size_t(i)], values[i]);
        QCOMPARE(d.audioFor(silent), nullptr);
        QCOMPARE(d.audioFor(other), nullptr);
    }

    void thousandsKeepOrderAndIndex()
    {
        exec(q("BEGIN"));
        for (int i = 0; i < 5000; ++i) // starts repeat and run backwards, so only the sort orders them
            item(1 + i % 2, q("kind, start_ns"), QStringLiteral("'log', %1").arg((7919 * i) % 1000));
        exec(q("COMMIT"));
        const TimelineData d = TimelineData::load(*m_ws, 1);
        QCOMPARE(d.items.size(), size_t(2500));
        for (size_t i = 1; i < d.items.size(); ++i) {
            const TimelineItem &a = d.items[i - 1], &b = d.items[i];
            QVERIFY2(a.startNs < b.startNs || (a.startNs == b.startNs && a.id < b.id), qPrintable(QString::number(i)));
        }
        for (size_t i = 0; i < d.items.size(); ++i)
            QCOMPARE(d.indexOf(d.items[i].id), int(i));
        QCOMPARE(d.indexOf(d.items.back().id + 1), -1); // conversation 2's item
    }

    void mediaBytesFirstRowOnly()
    {
        const int64_t id = item(1, q("kind"), q("'image'"));
        exec(QStringLiteral("INSERT INTO media(item_id, mime, data) VALUES(%1, 'image/png', x'0102'), "
                            "(%1, 'image/jpeg', x'03')")
                 .arg(id));
        QString mime;
        QCOMPARE(TimelineData::mediaBytes(*m_ws, id, &mime), QByteArray("\x01\x02", 2));
        QCOMPARE(mime, QStringLiteral("image/png"));
        mime = QStringLiteral("keep");
        QVERIFY(TimelineData::mediaBytes(*m_ws, id + 1, &mime).isEmpty());
        QCOMPARE(mime, QStringLiteral("keep")); // untouched when there is no media
    }
};

QTEST_GUILESS_MAIN(TstTimelineData)
#include "tst_timelinedata.moc"
