#pragma once
// Shared by the correlation tests: generates a world with tests/scenario/generate_world.py,
// loads it into a workspace (through the importers when they read it, else through the
// generator's expected items and WorkspaceWriter), and scores the analysis against the truth.
#include "KeyExtractor.h"
#include "SqliteDatabase.h"
#include "TestUtils.h"
#include "Workspace.h"
#include "WorkspaceWriter.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

namespace Scenario {

struct World
{
    QString dir; // the folder of files
    nlohmann::json truth;
    QString itemsPath;
};

inline QString generatorPath()
{
    return QStringLiteral(THREADLINE_TEST_DATA "/../scenario/generate_world.py");
}

inline World generate(const QTemporaryDir &tmp, const QString &name, int seed, int conversations,
    const QString &spelling, const QString &planner, double brokenRate = 0.3)
{
    World w;
    w.dir = tmp.filePath(name);
    QProcess p;
    p.start(QStringLiteral("python3"),
        {generatorPath(), w.dir, QStringLiteral("--seed"), QString::number(seed), QStringLiteral("--conversations"),
            QString::number(conversations), QStringLiteral("--spelling"), spelling, QStringLiteral("--planner"),
            planner, QStringLiteral("--broken-rate"), QString::number(brokenRate)});
    if (!p.waitForFinished(120000) || p.exitCode() != 0)
        qFatal("generate_world.py failed: %s", p.readAllStandardError().constData());
    w.truth
        = nlohmann::json::parse(TestUtils::readFile(tmp.filePath(name + QStringLiteral(".truth.json"))).toStdString());
    w.itemsPath = tmp.filePath(name + QStringLiteral(".items.jsonl"));
    return w;
}

// Writes the generator's expected items straight through WorkspaceWriter (what the importers
// are meant to produce), so the engine can be measured before the importers land.
inline void loadDirect(Workspace &ws, const World &w)
{
    QFile f(w.itemsPath);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(w.itemsPath));
    std::map<std::string, std::vector<nlohmann::json>> bySource;
    std::map<std::string, bool> relative;
    std::vector<std::string> order;
    while (!f.atEnd()) {
        const QByteArray line = f.readLine().trimmed();
        if (line.isEmpty())
            continue;
        auto j = nlohmann::json::parse(line.toStdString());
        const std::string src = j["source"].get<std::string>();
        if (!bySource.count(src))
            order.push_back(src);
        bySource[src].push_back(j["item"]);
        if (j.value("relative", false))
            relative[src] = true;
    }
    WorkspaceWriter writer(ws);
    for (const std::string &src : order) {
        writer.beginSource({src, "expected", 0, src});
        if (relative[src])
            writer.setRelativeTimes(0);
        for (const auto &j : bySource[src]) {
            Item it;
            it.ref = j.value("ref", std::string());
            it.kind = itemKindFromName(j.value("kind", std::string("other")));
            it.name = j.value("name", std::string());
            it.actor = j.value("actor", std::string());
            it.startNs = j.value("start_ns", int64_t(0));
            it.endNs = j.value("end_ns", int64_t(0));
            it.status = j.value("status", 0);
            it.traceId = j.value("trace_id", std::string());
            it.spanId = j.value("span_id", std::string());
            it.parentSpanId = j.value("parent_span_id", std::string());
            it.parentRemote = j.value("parent_remote", false);
            it.text = j.value("text", std::string());
            if (j.contains("attrs") && j["attrs"].is_object())
                it.attrsJson = j["attrs"].dump();
            if (j.contains("detail") && j["detail"].is_object() && !j["detail"].empty())
                it.detailJson = j["detail"].dump();
            if (j.contains("detail") && j["detail"].contains("prompt")) {
                it.promptName = j["detail"]["prompt"].value("name", std::string());
                it.promptVersion = j["detail"]["prompt"].value("version", std::string());
            }
            for (const auto &k : j.value("keys", nlohmann::json::array())) {
                const std::string fam = k[0].get<std::string>();
                it.keys.push_back(
                    {fam, KeyExtractor::normalize(fam, k[1].get<std::string>()), k[2].get<std::string>()});
            }
            writer.addItem(it);
        }
        writer.commitSource();
    }
}

// Through the importers when they read this world; falls back to the expected items.
// THREADLINE_SCENARIO_MODE=direct|import forces one path. Returns the path used.
inline QString load(Workspace &ws, const World &w)
{
    const QByteArray mode = qgetenv("THREADLINE_SCENARIO_MODE");
    if (mode != "direct") {
        const auto results = TestUtils::import(ws, {w.dir});
        int imported = 0;
        for (const auto &r : results)
            if (r.status == ImportRunner::FileResult::Status::Imported && r.items > 0)
                ++imported;
        if (mode == "import" || imported * 10 >= int(results.size()) * 9) {
            for (const auto &r : results)
                if (r.status != ImportRunner::FileResult::Status::Imported)
                    qWarning("import: %s", qPrintable(r.message));
            return QStringLiteral("import");
        }
        ws.db().exec("DELETE FROM sources");
        ws.db().exec("INSERT INTO items_fts(items_fts) VALUES('rebuild')");
    }
    loadDirect(ws, w);
    return QStringLiteral("direct");
}

struct Score
{
    double precision = 0, recall = 0, f1 = 0;
    int truthItems = 0, missingItems = 0;
    int noise = 0, noiseAttached = 0;
    int brokenTruth = 0, brokenFound = 0, brokenCorrect = 0, brokenRightContinuation = 0;
    double maxSkewErrorMs = 0;
    QString skewDetail;
};

inline Score score(Workspace &ws, const World &w)
{
    Score s;
    // (source, ref) → item id; item id → predicted conversation
    std::map<std::pair<std::string, std::string>, int64_t> idOf;
    std::map<int64_t, std::string> sourceOfItem;
    {
        auto st = ws.db().prepare("SELECT i.id, s.path, i.ref FROM items i JOIN sources s ON s.id = i.source_id");
        while (st.step()) {
            idOf[{st.text(1), st.text(2)}] = st.int64(0);
            sourceOfItem[st.int64(0)] = st.text(1);
        }
    }
    std::map<int64_t, int64_t> predicted;
    {
        auto st = ws.db().prepare("SELECT item_id, conversation_id FROM conversation_items");
        while (st.step())
            predicted[st.int64(0)] = st.int64(1);
    }
    std::map<int64_t, std::string> truthOf; // item → truth cluster ("" + id for noise singletons)
    for (const auto &c : w.truth["conversations"])
        for (const auto &it : c["items"]) {
            auto f = idOf.find({it["source"].get<std::string>(), it["ref"].get<std::string>()});
            ++s.truthItems;
            if (f == idOf.end()) {
                ++s.missingItems;
                continue;
            }
            truthOf[f->second] = c["id"].get<std::string>();
        }
    for (const auto &entry : w.truth["sources"].items())
        for (const auto &item : sourceOfItem)
            if (item.second == entry.key()) {
                truthOf[item.first] = entry.value().get<std::string>();
                ++s.truthItems;
            }
    for (const auto &it : w.truth["noise"]) {
        auto f = idOf.find({it["source"].get<std::string>(), it["ref"].get<std::string>()});
        if (f == idOf.end())
            continue;
        ++s.noise;
        truthOf[f->second] = "noise:" + std::to_string(f->second);
        if (predicted.count(f->second))
            ++s.noiseAttached;
    }
    // B-cubed over the items the truth knows; an unattached item is its own cluster.
    std::map<std::string, std::map<std::string, int>> overlap; // truth → pred → count
    std::map<std::string, int> truthSize, predSize;
    std::map<int64_t, std::string> predOf;
    for (const auto &e : truthOf) {
        auto p = predicted.find(e.first);
        const std::string pc = p == predicted.end() ? "single:" + std::to_string(e.first) : std::to_string(p->second);
        predOf[e.first] = pc;
        ++overlap[e.second][pc];
        ++truthSize[e.second];
        ++predSize[pc];
    }
    if (qEnvironmentVariableIsSet("THREADLINE_SCENARIO_DEBUG")) {
        int shown = 0;
        for (const auto &t : overlap) {
            if (t.second.size() < 2 || t.first.rfind("noise:", 0) == 0 || shown++ > 6)
                continue;
            QString line = QString::fromStdString(t.first) + ":";
            for (const auto &e : truthOf)
                if (e.second == t.first) {
                    auto r = ws.db().prepare(
                        "SELECT s.path || ' ' || i.ref FROM items i JOIN sources s ON s.id=i.source_id WHERE i.id=?");
                    r.bind(1, e.first);
                    r.step();
                    line += QStringLiteral("\n   %1 -> %2")
                                .arg(QString::fromStdString(r.text(0)), QString::fromStdString(predOf[e.first]));
                }
            qInfo("%s", qPrintable(line));
        }
    }
    double P = 0, R = 0;
    for (const auto &e : truthOf) {
        const int both = overlap[e.second][predOf[e.first]];
        P += double(both) / predSize[predOf[e.first]];
        R += double(both) / truthSize[e.second];
    }
    const double n = double(truthOf.size());
    s.precision = n ? P / n : 0;
    s.recall = n ? R / n : 0;
    s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;

    // Broken handoffs: found at the right span, with the right continuation.
    std::map<int64_t, int64_t> truthBroken; // handoff item → continuation item
    for (const auto &b : w.truth["broken_handoffs"]) {
        ++s.brokenTruth;
        auto at = idOf.find({b["at"]["source"].get<std::string>(), b["at"]["ref"].get<std::string>()});
        auto co
            = idOf.find({b["continuation"]["source"].get<std::string>(), b["continuation"]["ref"].get<std::string>()});
        if (at != idOf.end())
            truthBroken[at->second] = co == idOf.end() ? -1 : co->second;
    }
    {
        auto st = ws.db().prepare(
            "SELECT item_id, coalesce(related_item_id, -1) FROM findings WHERE kind='broken_handoff'");
        while (st.step()) {
            ++s.brokenFound;
            auto t = truthBroken.find(st.int64(0));
            if (t == truthBroken.end())
                continue;
            ++s.brokenCorrect;
            if (t->second == st.int64(1))
                ++s.brokenRightContinuation;
        }
    }
    // Skew: every source the truth names; 0 when no finding.
    for (const auto &e : w.truth["skew_ms"].items()) {
        auto st = ws.db().prepare("SELECT clock_offset_ns FROM sources WHERE path = ?");
        st.bind(1, e.key());
        if (!st.step())
            continue;
        const double est = double(st.int64(0)) / 1e6;
        const double err = std::abs(est - e.value().get<double>());
        s.skewDetail += QStringLiteral("%1: truth %2 ms, estimated %3 ms; ")
                            .arg(QString::fromStdString(e.key()))
                            .arg(e.value().get<double>())
                            .arg(est);
        s.maxSkewErrorMs = std::max(s.maxSkewErrorMs, err);
    }
    return s;
}

} // namespace Scenario
