#include "Correlator.h"
#include "TestUtils.h"
#include "Workspace.h"
#include "WorkspaceWriter.h"
#include "scenario/ScenarioHarness.h"

#include <QtTest>

using namespace TestUtils;

namespace {

Item span(const std::string &trace, const std::string &id, const std::string &parent, ItemKind kind, int64_t start,
    std::vector<ItemKey> keys = {}, const std::string &actor = "planner")
{
    Item it;
    it.ref = "span:" + trace + "/" + id;
    it.kind = kind;
    it.name = itemKindName(kind);
    it.actor = actor;
    it.startNs = start;
    it.endNs = start + 1000000000;
    it.traceId = trace;
    it.spanId = id;
    it.parentSpanId = parent;
    it.keys = std::move(keys);
    return it;
}

Item line(int n, int64_t start, std::vector<ItemKey> keys, const std::string &text = {}, ItemKind kind = ItemKind::Log)
{
    Item it;
    it.ref = "line:" + std::to_string(n);
    it.kind = kind;
    it.startNs = start;
    it.text = text;
    it.keys = std::move(keys);
    return it;
}

constexpr int64_t T0 = 1780000000000000000;
constexpr int64_t S = 1000000000;

} // namespace

class TstCorrelator : public QObject
{
    Q_OBJECT

private slots:
    void weakEvidenceNeverMergesDifferentConversationIds()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        {
            WorkspaceWriter w(*ws);
            w.beginSource({"a.jsonl", "test", 0, "a"});
            // Same words, same account and amount, but two different conversation ids.
            w.addItem(line(1, T0, {{"conversation", "conv_aaa111", "conversationId"}, {"account", "ACC-1", "account"}},
                "my refund of 12.50 never arrived at the blue harbor branch", ItemKind::Log));
            w.commitSource();
            w.beginSource({"b.jsonl", "test", 0, "b"});
            w.addItem(
                line(1, T0 + S, {{"conversation", "conv_bbb222", "conversationId"}, {"account", "ACC-1", "account"}},
                    "my refund of 12.50 never arrived at the blue harbor branch", ItemKind::Log));
            w.commitSource();
        }
        const auto r = Correlator(*ws).run();
        QCOMPARE(r.conversations, 2);
        QCOMPARE(queryInt(*ws, "SELECT count(*) FROM edges WHERE rule = 'content'"), 0);
    }

    void sharedIdsJoinAndCommonValuesDoNot()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        {
            WorkspaceWriter w(*ws);
            w.beginSource({"trace.json", "test", 0, "t"});
            // 100 traces, each with its own conversation id, all tagged with one "environment" id.
            for (int i = 0; i < 100; ++i)
                w.addItem(span("t" + std::to_string(i), "s1", "", ItemKind::Llm, T0 + i * 60 * S,
                    {{"conversation", "conv_" + std::to_string(1000 + i), "gen_ai.conversation.id"},
                        {"session", "proj_0001", "langsmith.session_id"}}));
            w.commitSource();
            w.beginSource({"chat.jsonl", "test", 0, "c"});
            for (int i = 0; i < 100; ++i)
                w.addItem(
                    line(i + 1, T0 + i * 60 * S + S, {{"conversation", "conv_" + std::to_string(1000 + i), "conv"}}));
            w.commitSource();
        }
        const auto r = Correlator(*ws).run();
        QCOMPARE(r.conversations, 100);
        QCOMPARE(queryInt(*ws, "SELECT max(item_count) FROM conversations"), 2);
        QCOMPARE(queryText(*ws, "SELECT evidence FROM edges WHERE rule='shared_id' LIMIT 1").left(5), QString("same "));
        QVERIFY(
            queryText(*ws, "SELECT key FROM conversations ORDER BY id LIMIT 1").startsWith("conversation:conv_1000"));
    }

    void anchorsRelativeSourceIdempotently()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        {
            WorkspaceWriter w(*ws);
            w.beginSource({"telephony.jsonl", "test", 0, "t"});
            Item started = line(1, T0 + 500000000, {{"call", "CAabc12345", "CallSid"}}, "recording.started");
            started.name = "recording.started";
            started.attrsJson = "{\"event\":\"recording.started\",\"CallSid\":\"CAabc12345\"}";
            w.addItem(started);
            Item init = line(2, T0, {{"call", "CAabc12345", "CallSid"}}, "call.initiated");
            init.attrsJson = "{\"event\":\"call.initiated\"}";
            w.addItem(init);
            w.commitSource();
            w.beginSource({"asr/call_CAabc12345.json", "test", 0, "a"});
            w.setRelativeTimes(0);
            Item seg;
            seg.ref = "segment:0";
            seg.kind = ItemKind::Asr;
            seg.startNs = 2 * S;
            seg.endNs = 3 * S;
            seg.text = "hello I have a problem with my bill";
            w.addItem(seg);
            w.commitSource();
        }
        Correlator c(*ws);
        c.run();
        const qint64 first = queryInt(*ws, "SELECT start_ns FROM items WHERE ref='segment:0'");
        QCOMPARE(first, T0 + 500000000 + 2 * S);
        QCOMPARE(queryInt(*ws, "SELECT time_base_ns FROM sources WHERE path LIKE 'asr/%'"), T0 + 500000000);
        QVERIFY(queryText(*ws, "SELECT anchor_evidence FROM sources WHERE path LIKE 'asr/%'")
                    .contains("recording.started"));
        c.run();
        QCOMPARE(queryInt(*ws, "SELECT start_ns FROM items WHERE ref='segment:0'"), first);
        QCOMPARE(queryInt(*ws, "SELECT count(*) FROM conversations"), 1);
        QCOMPARE(queryInt(*ws, "SELECT item_count FROM conversations"), 3);
    }

    void reanalysisKeepsAnnotationsAndKeys()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        {
            WorkspaceWriter w(*ws);
            w.beginSource({"trace.json", "test", 0, "t"});
            w.addItem(
                span("t1", "s1", "", ItemKind::Llm, T0, {{"conversation", "conv_keep1", "gen_ai.conversation.id"}}));
            w.addItem(span("t2", "s2", "", ItemKind::Llm, T0 + 600 * S));
            w.commitSource();
        }
        Correlator(*ws).run();
        const QString keys
            = queryText(*ws, "SELECT group_concat(key, ',') FROM (SELECT key FROM conversations ORDER BY key)");
        ws->db().exec("INSERT INTO annotations(target_kind, target, note, created_at) VALUES('conversation', "
                      "'conversation:conv_keep1', 'customer called twice', '2026-01-01')");
        Correlator(*ws).run();
        QCOMPARE(
            queryText(*ws, "SELECT group_concat(key, ',') FROM (SELECT key FROM conversations ORDER BY key)"), keys);
        QCOMPARE(queryInt(*ws, "SELECT count(*) FROM annotations"), 1);
        QVERIFY(keys.contains("item:"));
    }

    void clockSkewFromManyPairs()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const int64_t skew = 412000000;
        {
            WorkspaceWriter w(*ws);
            w.beginSource({"trace.json", "test", 0, "t"});
            for (int i = 0; i < 12; ++i) {
                Item tool = span("tr" + std::to_string(i), "s", "", ItemKind::Tool, T0 + i * 120 * S,
                    {{"account", "ACC-" + std::to_string(5000 + i), "arguments.account"},
                        {"conversation", "conv_x" + std::to_string(i), "gen_ai.conversation.id"}});
                tool.detailJson = "{\"tool\":{\"arguments\":{\"amount\":" + std::to_string(10 + i) + ".25}}}";
                w.addItem(tool);
            }
            w.commitSource();
            w.beginSource({"api.jsonl", "test", 0, "a"});
            for (int i = 0; i < 12; ++i) {
                Item l = line(i + 1, T0 + i * 120 * S + skew + (i % 3) * 10000000,
                    {{"account", "ACC-" + std::to_string(5000 + i), "account"},
                        {"correlation", "req-" + std::to_string(9000 + i), "corrId"}});
                l.attrsJson = "{\"amount\":\"" + std::to_string(10 + i) + ".25\"}";
                w.addItem(l);
            }
            w.commitSource();
        }
        const auto r = Correlator(*ws).run();
        QCOMPARE(r.skew.size(), size_t(1));
        QVERIFY(std::abs(r.skew.at("api.jsonl").offsetNs - skew) <= 20000000);
        QCOMPARE(queryInt(*ws, "SELECT offset_ms FROM findings WHERE kind='clock_skew'"), 422);
        QCOMPARE(r.conversations, 12);
        QCOMPARE(queryInt(*ws, "SELECT max(item_count) FROM conversations"), 2);
        QVERIFY(queryText(*ws, "SELECT evidence FROM edges WHERE rule='rare_values' LIMIT 1")
                    .contains("after skew correction"));
    }

    void worlds_data()
    {
        QTest::addColumn<int>("seed");
        QTest::addColumn<QString>("spelling");
        QTest::addColumn<QString>("planner");
        QTest::newRow("seed1-snake-otlp") << 1 << "snake"
                                          << "otlp";
        QTest::newRow("seed2-camel-agents") << 2 << "camel"
                                            << "agents";
        QTest::newRow("seed3-nested-otlp") << 3 << "nested"
                                           << "otlp";
        QTest::newRow("seed4-kebab-agents") << 4 << "kebab"
                                            << "agents";
    }

    void worlds()
    {
        QFETCH(int, seed);
        QFETCH(QString, spelling);
        QFETCH(QString, planner);
        QTemporaryDir dir;
        const Scenario::World world = Scenario::generate(dir, QStringLiteral("world"), seed, 250, spelling, planner);
        auto ws = newWorkspace(dir);
        const QString mode = Scenario::load(*ws, world);
        const auto r = Correlator(*ws).run();
        const Scenario::Score s = Scenario::score(*ws, world);
        qInfo(
            "%s [%s]: items %lld, conversations %lld, B3 P %.3f R %.3f F1 %.3f; noise %d attached %d; broken truth %d "
            "found %d correct %d right-continuation %d; skew %s; %.2f s",
            QTest::currentDataTag(), qPrintable(mode), static_cast<long long>(r.items),
            static_cast<long long>(r.conversations), s.precision, s.recall, s.f1, s.noise, s.noiseAttached,
            s.brokenTruth, s.brokenFound, s.brokenCorrect, s.brokenRightContinuation, qPrintable(s.skewDetail),
            r.seconds);
        QVERIFY2(s.missingItems * 20 <= s.truthItems, "most truth items must exist in the workspace");
        QVERIFY2(s.f1 >= 0.95, qPrintable(QString::number(s.f1)));
        QVERIFY(s.brokenTruth > 10);
        const double precision = s.brokenFound ? double(s.brokenRightContinuation) / s.brokenFound : 0;
        const double recall = double(s.brokenRightContinuation) / s.brokenTruth;
        QVERIFY2(precision >= 0.9, qPrintable(QString::number(precision)));
        QVERIFY2(recall >= 0.9, qPrintable(QString::number(recall)));
        QVERIFY2(s.maxSkewErrorMs <= 100, qPrintable(s.skewDetail));
        QVERIFY2(s.noiseAttached * 100 <= s.noise, qPrintable(QString::number(s.noiseAttached)));
    }
};

QTEST_GUILESS_MAIN(TstCorrelator)
#include "tst_correlator.moc"
