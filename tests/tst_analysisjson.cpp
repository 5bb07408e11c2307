// The analyze --json document: exact member names and shapes of ARCHITECTURE.md.
#include "AnalysisJson.h"
#include "Correlator.h"
#include "TestUtils.h"
#include "Workspace.h"
#include "WorkspaceWriter.h"

#include <QtTest>
#include <nlohmann/json.hpp>

using namespace TestUtils;
using json = nlohmann::json;

class TstAnalysisJson : public QObject
{
    Q_OBJECT

private slots:
    void shape()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const int64_t t0 = 1780000000000000000LL;
        {
            WorkspaceWriter w(*ws);
            w.beginSource({"planner.otlp.json", "test", 0, "p"});
            Item root;
            root.ref = "span:aa11/bb22";
            root.kind = ItemKind::Agent;
            root.name = "invoke_agent Planner";
            root.actor = "Planner";
            root.traceId = "aa11";
            root.spanId = "bb22";
            root.startNs = t0;
            root.endNs = t0 + 5000000000LL;
            root.keys = {{"conversation", "conv_json1", "gen_ai.conversation.id"}, {"user", "usr_77", "user.id"}};
            w.addItem(root);
            Item handoff = root;
            handoff.ref = "span:aa11/cc33";
            handoff.kind = ItemKind::Handoff;
            handoff.spanId = "cc33";
            handoff.parentSpanId = "bb22";
            handoff.startNs = t0 + 1000000000LL;
            handoff.detailJson = "{\"handoff\":{\"from\":\"Planner\",\"to\":\"Billing\"}}";
            handoff.keys = {{"handoff_to", "Billing", "to_agent"}};
            w.addItem(handoff);
            w.commitSource();
            w.beginSource({"specialist.json", "test", 0, "s"});
            Item s;
            s.ref = "span:dd44/ee55";
            s.kind = ItemKind::Agent;
            s.actor = "Billing";
            s.traceId = "dd44";
            s.spanId = "ee55";
            s.parentSpanId = "ff66";
            s.startNs = t0 + 1500000000LL;
            s.keys = {{"user", "usr_77", "enduser.id"}};
            w.addItem(s);
            w.commitSource();
        }
        Correlator(*ws).run();
        const json a = AnalysisJson::build(*ws, AnalysisJson::Options());
        QCOMPARE(a["conversations"].size(), size_t(1));
        const json &c = a["conversations"][0];
        for (const char *k : {"id", "title", "user_ids", "start", "end", "items"})
            QVERIFY2(c.contains(k), k);
        QCOMPARE(c["id"], json("conversation:conv_json1"));
        QCOMPARE(c["user_ids"], json::array({"usr_77"}));
        QCOMPARE(c["start"], json("2026-05-28T20:26:40.000Z"));
        QCOMPARE(c["items"].size(), size_t(3));
        QCOMPARE(c["items"][0], json({{"source", "planner.otlp.json"}, {"ref", "span:aa11/bb22"}}));
        QVERIFY(!c.contains("tree"));
        const json *broken = nullptr;
        for (const json &f : a["findings"])
            if (f["kind"] == "broken_handoff")
                broken = &f;
        QVERIFY(broken);
        QCOMPARE((*broken)["severity"], json("error"));
        QCOMPARE((*broken)["at"], json({{"source", "planner.otlp.json"}, {"ref", "span:aa11/cc33"}}));
        QCOMPARE((*broken)["continuation"], json({{"source", "specialist.json"}, {"ref", "span:dd44/ee55"}}));
        QVERIFY((*broken)["evidence"].is_array());
        QVERIFY((*broken)["confidence"].is_number());

        AnalysisJson::Options withTrees;
        withTrees.trees = true;
        const json t = AnalysisJson::build(*ws, withTrees);
        QVERIFY(t["conversations"][0]["tree"].is_array());
        QVERIFY(!t["conversations"][0]["tree"].empty());
        const std::string dumped = t.dump();
        QVERIFY(dumped.find("\"suggested\":true") != std::string::npos);
    }

    void clockSkewShape()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        ws->db().exec(
            "INSERT INTO sources(id, path, format, sha256, imported_at) VALUES(1, 'api.jsonl', 'x', 'x', 'now')");
        ws->db().exec("INSERT INTO findings(kind, severity, source_id, confidence, offset_ms, explanation) "
                      "VALUES('clock_skew', 'info', 1, 0.8, 412, 'api.jsonl runs 412 ms ahead')");
        const json a = AnalysisJson::build(*ws, AnalysisJson::Options());
        QCOMPARE(a["findings"].size(), size_t(1));
        const json &f = a["findings"][0];
        QCOMPARE(f["kind"], json("clock_skew"));
        QCOMPARE(f["source"], json("api.jsonl"));
        QCOMPARE(f["offset_ms"], json(412));
        QCOMPARE(f["confidence"], json(0.8));
    }
};

QTEST_GUILESS_MAIN(TstAnalysisJson)
#include "tst_analysisjson.moc"
