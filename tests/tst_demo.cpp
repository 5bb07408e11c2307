// The bundled demo case (resources/demo) analyzed end to end: one conversation joins the
// voice call, recording, transcript, chat turns, screenshot upload, planner trace, the
// rootless specialist trace, the skewed payments API, the ledger and the bounced email.
#include "AnalysisJson.h"
#include "Correlator.h"
#include "TestUtils.h"
#include "TimestampParser.h"
#include "Workspace.h"

#include <QProcess>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <set>

using namespace TestUtils;
using json = nlohmann::json;

class TstDemo : public QObject
{
    Q_OBJECT

private:
    static void checkAnalysis(const json &a)
    {
        const json *call = nullptr;
        for (const json &c : a["conversations"])
            if (c["id"] == "conversation:conv_8f2a61")
                call = &c;
        QVERIFY(call);
        std::set<std::string> sources;
        for (const json &it : (*call)["items"])
            sources.insert(it["source"].get<std::string>());
        for (const char *s : {"telephony/voice-gateway-events.jsonl", "media/rec_CA7f3e9b21d04c.wav",
                 "asr/call_CA7f3e9b21d04c.whisper.json", "chat/voice-agent-turns.jsonl", "uploads/upload-service.jsonl",
                 "media/upl_5d91c2_router-lights.png", "traces/voice-agent.otlp.jsonl",
                 "traces/billing-specialist.agents.jsonl", "logs/payments-api.jsonl", "logs/ledger-service.log",
                 "email/sendgrid-events.json"})
            QVERIFY2(sources.count(s), s);
        QCOMPARE((*call)["user_ids"], json::array({"usr_4821"}));
        // The other two chats stay their own conversations; health checks stay unattached.
        QCOMPARE(a["conversations"].size(), size_t(3));
        for (const json &c : a["conversations"])
            for (const json &it : c["items"])
                if (it["source"] == "logs/payments-api.jsonl")
                    QCOMPARE(c["id"], json("conversation:conv_8f2a61"));

        int broken = 0, skew = 0, bounce = 0;
        for (const json &f : a["findings"]) {
            if (f["kind"] == "broken_handoff") {
                ++broken;
                QCOMPARE(f["at"]["source"], json("traces/voice-agent.otlp.jsonl"));
                QCOMPARE(f["at"]["ref"], json("span:bacbb07b7df1db1afefc8cb0e1936524/451cff5f28183edf"));
                QCOMPARE(f["continuation"]["source"], json("traces/billing-specialist.agents.jsonl"));
                QCOMPARE(f["continuation"]["ref"],
                    json("span:trace_da8dc3ad79c8a4a7c987177422ee984a/span_dcacd517d557c303796ba000"));
                QVERIFY(f["confidence"].get<double>() >= 0.5);
                QVERIFY(f["evidence"].size() >= 2);
            } else if (f["kind"] == "clock_skew") {
                ++skew;
                QCOMPARE(f["source"], json("logs/payments-api.jsonl"));
                QVERIFY2(std::abs(f["offset_ms"].get<int>() - 380) <= 100, f.dump().c_str());
                QVERIFY(f["confidence"].get<double>() > 0);
            } else if (f["kind"] == "delivery_failure") {
                ++bounce;
                QCOMPARE(f["at"]["source"], json("email/sendgrid-events.json"));
                QCOMPARE(f["conversation"], json("conversation:conv_8f2a61"));
                QVERIFY(f["explanation"].get<std::string>().find("dana.whitfield@example.net") != std::string::npos);
            }
        }
        QCOMPARE(broken, 1);
        QCOMPARE(skew, 1);
        QCOMPARE(bounce, 1);
    }

private slots:
    void analyzeInProcess()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        for (const auto &r : import(*ws, {demoDir()}))
            QVERIFY2(r.status == ImportRunner::FileResult::Status::Imported, qPrintable(r.message));
        Correlator(*ws).run();
        checkAnalysis(AnalysisJson::build(*ws, AnalysisJson::Options()));
        // The transcript was placed on the recording's start, found in the telephony log.
        QCOMPARE(
            queryText(*ws, "SELECT anchor_evidence FROM sources WHERE path LIKE 'asr/%'").contains("recording.started"),
            true);
        QCOMPARE(queryInt(*ws, "SELECT time_base_ns FROM sources WHERE path LIKE 'asr/%'"),
            qint64(*TimestampParser::parseText("2026-11-20T14:02:00.500Z")));
        // The findings list pages in by id and is read from the top: errors come first. The
        // demo's clock-skew note is found before its errors, and no finding may follow a less
        // severe one.
        const QString ranks = queryText(*ws,
            "SELECT group_concat(CASE severity WHEN 'error' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END, '') "
            "FROM (SELECT severity FROM findings ORDER BY id)");
        QVERIFY2(ranks.contains(QLatin1Char('2')) && ranks.contains(QLatin1Char('0')), qPrintable(ranks));
        QString sorted = ranks;
        std::sort(sorted.begin(), sorted.end(), std::greater<QChar>());
        QCOMPARE(ranks, sorted);
    }

    void analyzeCommandOnPaths()
    {
        QProcess p;
        p.start(threadlineBinary(), {QStringLiteral("analyze"), demoDir(), QStringLiteral("--json")});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
        const json a = json::parse(p.readAllStandardOutput().toStdString());
        checkAnalysis(a);
    }
};

QTEST_GUILESS_MAIN(TstDemo)
#include "tst_demo.moc"
