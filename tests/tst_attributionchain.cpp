#include "AttributionChain.h"
#include "TestUtils.h"
#include "Workspace.h"

#include <QtTest>

#include <limits>

using namespace TestUtils;

// The chain answers "what was this answer built from": which model call is picked (content
// edge, itself, else the last earlier call on the corrected clock), which retrievals and tool
// results fall in its window (since the previous call of its trace) and the links' order.
class TstAttributionChain : public QObject
{
    Q_OBJECT
    using Link = AttributionChain::Link;
    static constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
    static constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    int m_files = 0;
    int64_t m_source = 0, m_conversation = 0;

    int64_t addSource(const std::string &path, int64_t offset)
    {
        auto st = m_ws->db().prepare("INSERT INTO sources(path, format, sha256, imported_at, clock_offset_ns) "
                                     "VALUES(?, 'test', 'x', '2026-01-01', ?)");
        st.bind(1, path).bind(2, offset).exec();
        return m_ws->db().lastInsertRowId();
    }
    int64_t add(const std::string &kind, const std::string &name, int64_t start, const std::string &detail = {},
        const std::string &text = {}, int64_t source = 0, const std::string &trace = "T")
    {
        auto st = m_ws->db().prepare("INSERT INTO items(source_id, ref, kind, name, start_ns, trace_id, text, detail) "
                                     "VALUES(?, 'r', ?, ?, ?, ?, ?, ?)");
        st.bind(1, source ? source : m_source).bind(2, kind).bindOptional(3, name).bind(4, start);
        st.bindOptional(5, trace).bindOptional(6, text).bindOptional(7, detail).exec();
        const int64_t id = m_ws->db().lastInsertRowId();
        m_ws->db().exec("INSERT INTO conversation_items VALUES(" + std::to_string(m_conversation) + ", "
            + std::to_string(id) + ")");
        return id;
    }
    // "" leaves a column NULL.
    void setModel(int64_t id, const char *req, const char *served, const char *prompt, const char *version)
    {
        auto st = m_ws->db().prepare("UPDATE items SET model_requested = ?, model_served = ?, prompt_name = ?, "
                                     "prompt_version = ? WHERE id = ?");
        st.bindOptional(1, req).bindOptional(2, served).bindOptional(3, prompt).bindOptional(4, version);
        st.bind(5, id).exec();
    }
    static QStringList render(const std::vector<Link> &chain)
    {
        QStringList out;
        for (const Link &l : chain)
            out << QStringLiteral("%1 %2 %3 %4")
                       .arg(QString::fromStdString(l.role))
                       .arg(l.itemId)
                       .arg(QString::fromStdString(l.label))
                       .arg(l.score);
        return out;
    }
    static QString line(const char *role, int64_t id, const QString &label, double score = -1)
    {
        return QStringLiteral("%1 %2 %3 %4").arg(QLatin1String(role)).arg(id).arg(label).arg(score);
    }

private slots:
    void init()
    {
        // One file per test function and data row: init() runs for each row.
        m_ws = newWorkspace(m_dir, QStringLiteral("%1.threadline").arg(++m_files));
        m_source = addSource("a.jsonl", 0);
        m_ws->db().exec("INSERT INTO conversations(key) VALUES('c')");
        m_conversation = m_ws->db().lastInsertRowId();
    }
    void cleanup() { m_ws.reset(); }

    void outsideAnyConversationIsEmpty()
    {
        m_ws->db().exec("INSERT INTO items(source_id, ref, kind) VALUES(1, 'lone', 'message')");
        QVERIFY(AttributionChain::build(*m_ws, m_ws->db().lastInsertRowId()).empty());
        for (const int64_t id : {int64_t(0), int64_t(999), kMin, kMax})
            QVERIFY(AttributionChain::build(*m_ws, id).empty());
    }

    void fullChainInOrder()
    {
        const int64_t previous = add("llm", "plan", 10);
        add("tool", "before_previous_call", 5);
        const int64_t ret = add("retrieval", "kb search", 20,
            "{\"documents\":[{\"id\":\"kb-1\",\"content\":\"Reset the router\",\"score\":0.91},"
            "{\"id\":7,\"content\":\"x\"},\"not an object\",{\"score\":true}]}");
        const int64_t tool = add("tool", "lookup_order", 30, "{\"tool\":{\"result\":{\"status\":\"shipped\"}}}");
        const int64_t image = add("image", "screenshot.png", 35);
        const int64_t llm = add("llm", "chat", 40);
        setModel(llm, "gpt-4o", "gpt-4o-2024-11-20", "support", "12");
        add("tool", "after_the_call", 50);
        const int64_t out = add("message", "reply", 60, {}, "Your refund is on its way");
        QVERIFY(previous < llm);
        // No content edge: the last model call before the answer produced it.
        QCOMPARE(render(AttributionChain::build(*m_ws, out)),
            QStringList({line("output", out, "Your refund is on its way"), line("llm", llm, "chat"),
                line("prompt", llm, "support version 12"), line("model", llm, "asked gpt-4o, served gpt-4o-2024-11-20"),
                line("retrieval", ret, "kb search"), line("document", ret, "kb-1: Reset the router", 0.91),
                line("document", ret, "7: x"), line("document", ret, "?: "),
                line("tool", tool, QStringLiteral("lookup_order → {\"status\":\"shipped\"}")),
                line("input", image, "screenshot.png")}));
    }

    void contentEdgeChoosesTheCall()
    {
        const int64_t echo = add("message", "echo", 5);
        const int64_t joined = add("llm", "joined", 10, {}, {}, 0, "U");
        const int64_t later = add("llm", "later", 20);
        const int64_t out = add("message", "reply", 30);
        // Only a content edge names the producer; other rules and non-llm ends are ignored.
        const auto edge = [&](int64_t from, int64_t to, const char *rule) {
            m_ws->db().exec("INSERT INTO edges(from_item, to_item, rule, weight, evidence) VALUES("
                + std::to_string(from) + ", " + std::to_string(to) + ", '" + rule + "', 1, '')");
        };
        edge(out, later, "trace");
        edge(out, echo, "content");
        edge(joined, out, "content");
        const auto chain = AttributionChain::build(*m_ws, out);
        QCOMPARE(render(chain), QStringList({line("output", out, "reply"), line("llm", joined, "joined")}));
    }

    void outputThatIsTheCall()
    {
        const int64_t llm = add("llm", "answer", 10);
        setModel(llm, "", "claude-3", "triage", "");
        // Its own call is not listed twice; missing halves read as "?" or are left out.
        QCOMPARE(render(AttributionChain::build(*m_ws, llm)),
            QStringList({line("output", llm, "answer"), line("prompt", llm, "triage"),
                line("model", llm, "asked ?, served claude-3")}));
    }

    void noEarlierCallStopsAtTheOutput()
    {
        const int64_t out = add("message", "reply", 10);
        add("llm", "too late", 11);
        QCOMPARE(render(AttributionChain::build(*m_ws, out)), QStringList({line("output", out, "reply")}));
    }

    void windowUsesTheCorrectedClock()
    {
        // This source's clock runs 100 ns ahead: its raw 145 is 45 on the conversation's clock.
        const int64_t skewed = addSource("b.jsonl", 100);
        const int64_t early = add("tool", "skewed_before", 145, {}, {}, skewed);
        add("tool", "skewed_after", 160, {}, {}, skewed);
        const int64_t llm = add("llm", "call", 50);
        const auto chain = AttributionChain::build(*m_ws, llm);
        QCOMPARE(render(chain), QStringList({line("output", llm, "call"), line("tool", early, "skewed_before")}));
    }

    void extremeTimes()
    {
        // Items at both ends of int64 time; start - offset overflowing must not reorder them.
        const int64_t skewed = addSource("b.jsonl", -1);
        add("llm", "first", kMin);
        const int64_t ret = add("retrieval", "edge", kMin, {}, {}, 0, "V");
        const int64_t llm = add("llm", "last", kMax, {}, {}, skewed);
        const auto chain = AttributionChain::build(*m_ws, llm);
        QCOMPARE(render(chain), QStringList({line("output", llm, "last"), line("retrieval", ret, "edge")}));
    }

    void malformedDetail_data()
    {
        QTest::addColumn<QByteArray>("detail");
        QTest::addColumn<int>("documents");
        QTest::newRow("empty") << QByteArray() << 0;
        QTest::newRow("not json") << QByteArray("{documents:") << 0;
        QTest::newRow("array") << QByteArray("[1,2]") << 0;
        QTest::newRow("documents is a string") << QByteArray("{\"documents\":\"kb\"}") << 0;
        QTest::newRow("null entries") << QByteArray("{\"documents\":[null,1,{}]}") << 1;
        QTest::newRow("invalid utf-8") << QByteArray("{\"documents\":[{\"id\":\"\xff\"}]}") << 0;
        QTest::newRow("deep") << QByteArray(2000, '[') << 0;
    }
    void malformedDetail()
    {
        QFETCH(QByteArray, detail);
        QFETCH(int, documents);
        const int64_t ret = add("retrieval", "r", 1, detail.toStdString());
        const int64_t tool = add("tool", "t", 2, detail.toStdString());
        const int64_t llm = add("llm", "call", 3);
        const auto chain = AttributionChain::build(*m_ws, llm);
        QCOMPARE(chain.size(), size_t(3 + documents));
        QCOMPARE(chain[1].itemId, ret);
        QCOMPARE(chain.back().label, std::string("t")); // no tool.result: the bare name
        QCOMPARE(chain.back().itemId, tool);
    }

    void longLabelsAreCutOnACharacter()
    {
        // 120-byte labels ending in "...": a cut inside a multi-byte character would leave
        // invalid UTF-8 for the UI to show as garbage.
        const std::string accents = QByteArray("\xc3\xa9").repeated(200).toStdString();
        const int64_t ret = add("retrieval", "r", 1,
            "{\"documents\":[{\"id\":\"" + std::string(300, 'i') + "\",\"content\":\"" + accents + "\"}]}");
        const int64_t tool = add("tool", "t", 2, "{\"tool\":{\"result\":\"a" + accents + "\"}}");
        const auto chain = AttributionChain::build(*m_ws, add("llm", "call", 3));
        QCOMPARE(chain.size(), size_t(4));
        QCOMPARE(chain[1].itemId, ret);
        QCOMPARE(chain[2].label, std::string(117, 'i') + "...: " + accents.substr(0, 96) + "...");
        QCOMPARE(chain[3].itemId, tool);
        QCOMPARE(chain[3].label, "t → a" + accents.substr(0, 116) + "...");
    }
};

QTEST_GUILESS_MAIN(TstAttributionChain)
#include "tst_attributionchain.moc"
