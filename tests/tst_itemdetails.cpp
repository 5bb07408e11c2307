#include "ItemDetails.h"
#include "TestUtils.h"
#include "Workspace.h"

#include <QtTest>

#include <limits>

using namespace TestUtils;

// The details panel renders whatever load() returns: id 0 means "nothing selected", tokens of
// -1 mean "not recorded" (0 is a real count), attrs/detail arrive as the stored text for the
// panel to parse leniently, and findByRef() resolves the main window's selection by ref.
class TstItemDetails : public QObject
{
    Q_OBJECT
    static constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
    static constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    int m_files = 0;

    void exec(const QString &sql) { m_ws->db().exec(sql.toStdString()); }
    int64_t item(const QString &columns, const QString &values)
    {
        exec(QStringLiteral("INSERT INTO items(source_id, ref, kind, %1) VALUES(1, %2)").arg(columns, values));
        return m_ws->db().lastInsertRowId();
    }
    int64_t itemWithBytes(const QByteArray &text, const QByteArray &attrs, const QByteArray &detail)
    {
        auto st = m_ws->db().prepare("INSERT INTO items(source_id, ref, kind, text, attrs, detail) "
                                     "VALUES(1, 'b', 'log', ?, ?, ?)");
        st.bind(1, text.toStdString()).bind(2, attrs.toStdString()).bind(3, detail.toStdString()).exec();
        return m_ws->db().lastInsertRowId();
    }

private slots:
    void init()
    {
        // One file per test function and data row: init() runs for each row.
        m_ws = newWorkspace(m_dir, QStringLiteral("%1.threadline").arg(++m_files));
        exec(q("INSERT INTO sources(path, format, sha256, imported_at, clock_offset_ns) "
               "VALUES('logs/app.jsonl', 'jsonl', 'x', '2026-01-01', -250)"));
    }
    void cleanup() { m_ws.reset(); }

    void missingItemIsEmpty()
    {
        item(q("name"), q("'r1', 'llm', 'x'"));
        for (const int64_t id : {int64_t(0), int64_t(2), int64_t(-1), kMin, kMax}) {
            const ItemDetails d = ItemDetails::load(*m_ws, id);
            QCOMPARE(d.id, int64_t(0));
            QCOMPARE(d.inputTokens, int64_t(-1));
            QVERIFY(d.kind.isEmpty() && d.keys.empty() && d.edges.empty() && d.findings.empty() && !d.hasMedia);
        }
    }

    void readsEveryColumn()
    {
        const int64_t id = item(q("name, actor, start_ns, end_ns, status, status_message, trace_id, span_id, "
                                  "parent_span_id, model_requested, model_served, prompt_name, prompt_version, "
                                  "input_tokens, output_tokens, text, attrs, detail"),
            q("'span:1', 'llm', 'chat', 'planner', 100, 900, 2, 'rate limited', 'T1', 'S1', 'P0', 'gpt-4o', "
              "'gpt-4o-mini', 'support', 'v12', 0, 42, 'héllo', '{\"a\":1}', '{\"prompt\":{}}'"));
        const ItemDetails d = ItemDetails::load(*m_ws, id);
        QCOMPARE(d.id, id);
        QCOMPARE(QStringList({d.ref, d.kind, d.name, d.actor, d.source, d.format}),
            QStringList({"span:1", "llm", "chat", "planner", "logs/app.jsonl", "jsonl"}));
        QCOMPARE(QList<qint64>({d.startNs, d.endNs, d.clockOffsetNs}), QList<qint64>({100, 900, -250}));
        QCOMPARE(d.status, 2);
        QCOMPARE(QStringList({d.statusMessage, d.traceId, d.spanId, d.parentSpanId}),
            QStringList({"rate limited", "T1", "S1", "P0"}));
        QCOMPARE(QStringList({d.modelRequested, d.modelServed, d.promptName, d.promptVersion}),
            QStringList({"gpt-4o", "gpt-4o-mini", "support", "v12"}));
        QCOMPARE(d.inputTokens, int64_t(0)); // a real zero, not "unknown"
        QCOMPARE(d.outputTokens, int64_t(42));
        QCOMPARE(d.text, QStringLiteral("héllo"));
        QCOMPARE(d.attrsJson, QStringLiteral("{\"a\":1}"));
        QCOMPARE(d.detailJson, QStringLiteral("{\"prompt\":{}}"));
    }

    void nullColumnsReadAsDefaults()
    {
        const ItemDetails d = ItemDetails::load(*m_ws, item(q("name"), q("'r', 'log', NULL")));
        QVERIFY(d.id > 0);
        QVERIFY(d.name.isEmpty() && d.actor.isEmpty() && d.traceId.isEmpty() && d.text.isEmpty());
        QVERIFY(d.attrsJson.isEmpty() && d.detailJson.isEmpty());
        QCOMPARE(d.inputTokens, int64_t(-1));
        QCOMPARE(d.outputTokens, int64_t(-1));
        QVERIFY(d.logs.empty()); // no span, no log lookup
    }

    void int64Extremes()
    {
        // Bound, not written as SQL literals: -9223372036854775808 in SQL text is a REAL.
        auto src = m_ws->db().prepare("UPDATE sources SET clock_offset_ns = ?");
        src.bind(1, kMin).exec();
        auto st = m_ws->db().prepare("INSERT INTO items(source_id, ref, kind, start_ns, end_ns, input_tokens, "
                                     "output_tokens) VALUES(1, 'r', 'llm', ?, ?, ?, ?)");
        st.bind(1, kMin).bind(2, kMax).bind(3, kMax).bind(4, kMin).exec();
        const int64_t id = m_ws->db().lastInsertRowId();
        auto media = m_ws->db().prepare("INSERT INTO media(item_id, mime, duration_ns) VALUES(?, 'audio/wav', ?)");
        media.bind(1, id).bind(2, kMax).exec();
        const ItemDetails d = ItemDetails::load(*m_ws, id);
        QCOMPARE(d.startNs, kMin);
        QCOMPARE(d.endNs, kMax);
        QCOMPARE(d.clockOffsetNs, kMin);
        QCOMPARE(d.inputTokens, kMax);
        QCOMPARE(d.outputTokens, kMin);
        QCOMPARE(d.mediaDurationNs, kMax);
        QCOMPARE(d.mediaMime, QStringLiteral("audio/wav"));
    }

    void storedTextIsPassedOn_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("malformed json") << QByteArray("{\"a\":") << QStringLiteral("{\"a\":");
        QTest::newRow("wrong type") << QByteArray("[1,\"x\",null]") << QStringLiteral("[1,\"x\",null]");
        QTest::newRow("utf-8") << QByteArray("{\"q\":\"\xe6\x97\xa5\xe6\x9c\xac\"}")
                               << QStringLiteral("{\"q\":\"日本\"}");
        // Invalid bytes become U+FFFD, the rest of the value survives.
        QTest::newRow("invalid utf-8") << QByteArray("ok \xff\xfe end") << QStringLiteral("ok \uFFFD\uFFFD end");
        QTest::newRow("long") << QByteArray(1 << 20, 'x') << QString(1 << 20, QLatin1Char('x'));
    }
    void storedTextIsPassedOn()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const ItemDetails d = ItemDetails::load(*m_ws, itemWithBytes(bytes, bytes, bytes));
        QCOMPARE(d.text, expected);
        QCOMPARE(d.attrsJson, expected);
        QCOMPARE(d.detailJson, expected);
    }

    void keysEdgesAndFindings()
    {
        const int64_t a = item(q("name"), q("'a', 'llm', 'call'"));
        const int64_t b = item(q("name"), q("'b', 'tool', NULL"));
        const int64_t c = item(q("name"), q("'c', 'log', 'line'"));
        exec(QStringLiteral("INSERT INTO item_keys VALUES(%1, 'user', 'ana', 'user.id'), (%1, 'order', 'A12', NULL)")
                 .arg(a));
        exec(QStringLiteral("INSERT INTO edges(from_item, to_item, rule, weight, evidence, suggested) VALUES"
                            "(%1, %2, 'trace', 0.5, 'same span', 0), (%3, %1, 'content', 0.9, 'same words', 1), "
                            "(%2, %3, 'trace', 1, 'unrelated', 0)")
                 .arg(a)
                 .arg(b)
                 .arg(c));
        exec(QStringLiteral("INSERT INTO findings(kind, severity, item_id, related_item_id, confidence, explanation) "
                            "VALUES('broken_handoff', 'error', %1, %2, 0.7, 'lost'), "
                            "('model_swap', 'warning', %3, %1, 1, 'other'), ('x', 'info', %3, NULL, 1, 'not ours')")
                 .arg(a)
                 .arg(b)
                 .arg(c));
        const ItemDetails d = ItemDetails::load(*m_ws, a);
        QCOMPARE(d.keys.size(), size_t(2));
        QCOMPARE(
            QStringList({d.keys[0].kind, d.keys[0].value, d.keys[0].field}), QStringList({"user", "ana", "user.id"}));
        QVERIFY(d.keys[1].field.isEmpty());
        // Strongest evidence first, seen from this item's side.
        QCOMPARE(d.edges.size(), size_t(2));
        QCOMPARE(d.edges[0].otherItemId, c);
        QVERIFY(!d.edges[0].outgoing && d.edges[0].suggested);
        QCOMPARE(d.edges[0].weight, 0.9);
        QCOMPARE(d.edges[0].otherLabel, QStringLiteral("line (logs/app.jsonl c)"));
        QCOMPARE(d.edges[1].otherItemId, b);
        QVERIFY(d.edges[1].outgoing && !d.edges[1].suggested);
        QCOMPARE(d.edges[1].otherLabel, QStringLiteral("tool (logs/app.jsonl b)")); // unnamed: its kind
        QCOMPARE(QStringList({d.edges[1].rule, d.edges[1].evidence}), QStringList({"trace", "same span"}));
        QCOMPARE(d.findings.size(), size_t(2));
        for (const ItemDetails::Finding &f : d.findings)
            QCOMPARE(f.relatedItemId, f.kind == QLatin1String("broken_handoff") ? b : a);
        for (const ItemDetails::Finding &f : ItemDetails::load(*m_ws, c).findings)
            QCOMPARE(f.relatedItemId, f.kind == QLatin1String("x") ? int64_t(0) : a);
    }

    void logLinesOfTheSpan()
    {
        const int64_t span = item(q("trace_id, span_id"), q("'s', 'llm', 'T', 'S'"));
        const int64_t late
            = item(q("trace_id, parent_span_id, start_ns, text"), q("'l1', 'log', 'T', 'S', 20, 'second'"));
        const int64_t early
            = item(q("trace_id, parent_span_id, span_id, start_ns, name"), q("'l2', 'log', 'T', 'S', '', 10, 'first'"));
        item(q("trace_id, parent_span_id, span_id"), q("'child', 'llm', 'T', 'S', 'S2'")); // a child span, not a log
        item(q("trace_id, parent_span_id"), q("'other', 'log', 'U', 'S'")); // same span id, other trace
        const ItemDetails d = ItemDetails::load(*m_ws, span);
        QCOMPARE(d.logs.size(), size_t(2));
        QCOMPARE(d.logs[0].itemId, early);
        QCOMPARE(d.logs[0].text, QStringLiteral("first")); // no text: the name
        QCOMPARE(d.logs[1].itemId, late);
        QCOMPARE(d.logs[1].startNs, int64_t(20));
    }

    void mediaShape()
    {
        const int64_t id = item(q("name"), q("'m', 'image', 'shot'"));
        exec(QStringLiteral(
            "INSERT INTO media(item_id, mime, width, height, data) VALUES(%1, 'image/png', 640, 480, x'00'),"
            " (%1, 'image/jpeg', NULL, NULL, NULL)")
                 .arg(id));
        const ItemDetails d = ItemDetails::load(*m_ws, id);
        QVERIFY(d.hasMedia);
        QCOMPARE(d.mediaMime, QStringLiteral("image/png")); // the first one
        QCOMPARE(d.mediaWidth, 640);
        QCOMPARE(d.mediaHeight, 480);
        exec(QStringLiteral("DELETE FROM media WHERE mime = 'image/png'"));
        const ItemDetails unsized = ItemDetails::load(*m_ws, id);
        QVERIFY(unsized.hasMedia);
        QCOMPARE(unsized.mediaWidth, 0);
        QCOMPARE(unsized.mediaDurationNs, int64_t(0));
    }

    void findByRef()
    {
        exec(q("INSERT INTO sources(path, format, sha256, imported_at) VALUES('b.jsonl', 'jsonl', 'y', '2026-01-01')"));
        const int64_t first = item(q("name"), q("'line:7', 'log', 'a'"));
        exec(q("INSERT INTO items(source_id, ref, kind) VALUES(2, 'line:7', 'log')"));
        const int64_t second = m_ws->db().lastInsertRowId();
        const int64_t unicode = item(q("name"), q("'msg:ñ', 'message', 'u'"));
        exec(q("INSERT INTO conversations(key) VALUES('c1')"));
        exec(QStringLiteral("INSERT INTO conversation_items VALUES(1, %1)").arg(second));
        // The same ref in two sources: the one in the conversation wins, else the lowest id.
        QCOMPARE(ItemDetails::findByRef(*m_ws, QStringLiteral("line:7"), 1), second);
        QCOMPARE(ItemDetails::findByRef(*m_ws, QStringLiteral("line:7"), 0), first);
        QCOMPARE(ItemDetails::findByRef(*m_ws, QStringLiteral("line:7"), kMax), first);
        QCOMPARE(ItemDetails::findByRef(*m_ws, QStringLiteral("msg:ñ"), kMin), unicode);
        QCOMPARE(ItemDetails::findByRef(*m_ws, QStringLiteral("line:8"), 1), int64_t(0));
        QCOMPARE(ItemDetails::findByRef(*m_ws, QString(), 1), int64_t(0));
    }
};

QTEST_GUILESS_MAIN(TstItemDetails)
#include "tst_itemdetails.moc"
