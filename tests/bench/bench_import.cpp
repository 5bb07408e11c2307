// Import throughput: Threadline's `import` of an OTLP JSON-lines file of N GenAI spans against
// the sqlite3 shell loading the same file with JSON1 (json_each over resourceSpans → scopeSpans
// → spans into one table). Both run as child processes so wall time and peak RSS are theirs
// alone. Prints one JSON object.
// Usage: bench_import [--spans N] [--threadline PATH] [--dir DIR] [--repeat R] [--compare PATH] [--floor]
// --repeat runs R rounds, the children alternating within each, and reports every round and
// the medians: on a shared VM whose speed drifts within minutes, only runs side by side compare.
// --compare adds a second threadline binary (an older build) to every round, so an A/B of two
// builds is one command.
// --floor also times, in every round, the sqlite3 shell writing the finished workspace again
// (its items, keys, search index and the indexes built at commit) from that workspace into an
// empty one, stage by stage, without parsing anything and without syncing: what SQLite alone
// spends on the rows Threadline stores, and so the best speedup any parser could reach with
// one writer per workspace file.
#include "ChildRun.h"
#include "SqliteDatabase.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace {

std::string hex(std::mt19937_64 &rng, int digits)
{
    static const char *h = "0123456789abcdef";
    std::string s;
    for (int i = 0; i < digits; ++i)
        s += h[rng() & 15];
    return s;
}

// Realistic GenAI spans: an agent root, LLM calls with messages, tool calls; ~14 attributes each.
void generate(const std::string &path, long spans, int spansPerLine)
{
    std::ofstream out(path);
    std::mt19937_64 rng(42);
    const long long base = 1767261600000000000LL;
    long written = 0;
    while (written < spans) {
        out << R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"support-bot"}},{"key":"deployment.environment","value":{"stringValue":"prod"}}]},"scopeSpans":[{"scope":{"name":"northwind.agents","version":"3.4.1"},"spans":[)";
        std::string trace = hex(rng, 32), root;
        for (int i = 0; i < spansPerLine && written < spans; ++i, ++written) {
            if (i % 20 == 0) {
                trace = hex(rng, 32);
                root.clear();
            }
            const std::string id = hex(rng, 16);
            const long long start = base + written * 1000000LL;
            const std::string conv = "conv_" + std::to_string(written / 20);
            if (i)
                out << ',';
            out << R"({"traceId":")" << trace << R"(","spanId":")" << id << R"(","parentSpanId":")" << root
                << R"(","kind":)" << (i % 20 == 0 ? 1 : 3) << R"(,"startTimeUnixNano":")" << start
                << R"(","endTimeUnixNano":")" << start + 850000000LL << R"(","status":{"code":)"
                << (written % 97 == 0 ? 2 : 0) << "},";
            if (i % 20 == 0) {
                out << R"("name":"invoke_agent Support Planner","attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"invoke_agent"}},{"key":"gen_ai.agent.name","value":{"stringValue":"Support Planner"}},{"key":"gen_ai.conversation.id","value":{"stringValue":")"
                    << conv << R"("}},{"key":"user.id","value":{"stringValue":"usr_)" << (written / 20) % 5000
                    << R"("}}]})";
                root = id;
            } else if (i % 4 == 1) {
                out << R"("name":"execute_tool lookup_order","attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"execute_tool"}},{"key":"gen_ai.tool.name","value":{"stringValue":"lookup_order"}},{"key":"gen_ai.tool.call.id","value":{"stringValue":"call_)"
                    << hex(rng, 8)
                    << R"("}},{"key":"gen_ai.tool.call.arguments","value":{"stringValue":"{\"order_id\":\"A-)"
                    << written % 100000
                    << R"(\"}"}},{"key":"gen_ai.tool.call.result","value":{"stringValue":"{\"status\":\"shipped\",\"eta\":\"2026-01-05\"}"}},{"key":"gen_ai.conversation.id","value":{"stringValue":")"
                    << conv << R"("}}]})";
            } else {
                out << R"("name":"chat gpt-4o","attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},{"key":"gen_ai.provider.name","value":{"stringValue":"openai"}},{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},{"key":"gen_ai.response.model","value":{"stringValue":"gpt-4o-2024-11-20"}},{"key":"gen_ai.response.id","value":{"stringValue":"chatcmpl-)"
                    << hex(rng, 12) << R"("}},{"key":"gen_ai.conversation.id","value":{"stringValue":")" << conv
                    << R"("}},{"key":"gen_ai.usage.input_tokens","value":{"intValue":"812"}},{"key":"gen_ai.usage.output_tokens","value":{"intValue":"40"}},{"key":"gen_ai.request.temperature","value":{"doubleValue":0.2}},{"key":"gen_ai.input.messages","value":{"stringValue":"[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Where is my refund for order A-)"
                    << written % 100000
                    << R"(? It has been two weeks.\"}]}]"}},{"key":"gen_ai.output.messages","value":{"stringValue":"[{\"role\":\"assistant\",\"finish_reason\":\"stop\",\"parts\":[{\"type\":\"text\",\"content\":\"Your refund was sent on January 2 and should arrive within 5 business days.\"}]}]"}},{"key":"llm.prompt_template.version","value":{"stringValue":"v7"}}]})";
            }
        }
        out << "]}]}]}\n";
    }
}

const char *kBaselineSql = R"SQL(CREATE TABLE lines(doc TEXT);
.mode ascii
.separator "\037" "\n"
.import %s lines
CREATE TABLE spans AS SELECT json_extract(s.value,'$.traceId') AS trace_id, json_extract(s.value,'$.spanId') AS span_id,
  json_extract(s.value,'$.parentSpanId') AS parent_id, json_extract(s.value,'$.name') AS name,
  json_extract(s.value,'$.startTimeUnixNano') AS start_ns, json_extract(s.value,'$.endTimeUnixNano') AS end_ns,
  json_extract(s.value,'$.attributes') AS attrs
FROM lines, json_each(lines.doc,'$.resourceSpans') rs, json_each(rs.value,'$.scopeSpans') ss, json_each(ss.value,'$.spans') s;
)SQL";

void warmPageCache(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::vector<char> buffer(size_t(1) << 20);
    while (in.read(buffer.data(), std::streamsize(buffer.size())) || in.gcount() > 0) { }
}

// One Threadline import into a new workspace; fails the round when fewer items than spans
// arrived (a run that imported less than it generated measured nothing).
struct ImportRun
{
    ChildRun child;
    long long items = 0;
};

ImportRun importWith(const std::string &threadline, const std::string &ws, const std::string &input, bool keep = false)
{
    std::remove(ws.c_str());
    // Each child starts with no dirty pages of the other's waiting to be written back.
    ::sync();
    ImportRun r;
    r.child = ChildRun::run({threadline, "import", "-q", "-w", ws, input});
    try {
        SqliteDatabase db(ws, SqliteDatabase::OpenMode::ReadOnly);
        r.items = db.queryInt("SELECT count(*) FROM items");
    } catch (const std::exception &e) {
        std::fprintf(stderr, "cannot read the benchmark workspace: %s\n", e.what());
    }
    if (!keep)
        std::remove(ws.c_str());
    return r;
}

// One stage of the SQLite floor: a sqlite3 shell on `target` with the finished workspace
// attached as `src`.
struct FloorStage
{
    const char *name;
    std::string sql;
    ChildRun run;
};

// The floor's stages, in the order the import does them. The tables and the indexes kept live
// during a bulk import are created from the workspace's own statements, so the rows land in
// the same b-trees; the page cache, the two indexes built at commit and the search index's
// merge setting are those of WorkspaceWriter's bulk path.
std::vector<FloorStage> floorStages(const std::string &ws)
{
    SqliteDatabase db(ws, SqliteDatabase::OpenMode::ReadOnly);
    auto schemaOf = [&db](const char *names) {
        std::string sql;
        auto st = db.prepare(std::string("SELECT sql FROM sqlite_master WHERE name IN (") + names + ") ORDER BY rowid");
        while (st.step())
            sql += st.text(0) + ";\n";
        return sql;
    };
    const std::string pageSize = std::to_string(db.queryInt("PRAGMA page_size"));
    const std::string head
        = "PRAGMA journal_mode = OFF;\nPRAGMA synchronous = OFF;\nPRAGMA cache_size = -65536;\nATTACH '" + ws
        + "' AS src;\n";
    std::vector<FloorStage> stages;
    stages.push_back({"schema",
        "PRAGMA page_size = " + pageSize + ";\n" + head
            + schemaOf("'items', 'item_keys', 'items_source', 'items_start', 'item_keys_item', 'items_fts'"),
        {}});
    stages.push_back({"items", head + "INSERT INTO items SELECT * FROM src.items;\n", {}});
    stages.push_back({"keys", head + "INSERT INTO item_keys SELECT * FROM src.item_keys;\n", {}});
    stages.push_back({"search_index",
        head
            + "INSERT INTO items_fts(items_fts, rank) VALUES('automerge', 16);\n"
              "INSERT INTO items_fts(rowid, text) SELECT id, CASE WHEN coalesce(name, '') = '' THEN coalesce(text, '') "
              "WHEN coalesce(text, '') = '' THEN name ELSE name || ' ' || text END FROM src.items "
              "WHERE coalesce(name, '') <> '' OR coalesce(text, '') <> '';\n"
              "INSERT INTO items_fts(items_fts, rank) VALUES('automerge', 4);\n",
        {}});
    stages.push_back({"indexes",
        head + "PRAGMA threads = 2;\nPRAGMA cache_size = -4096;\n" + schemaOf("'items_trace', 'item_keys_value'"), {}});
    return stages;
}

// Runs the stages into a new database next to the workspace; returns them timed, or none
// when a stage failed (its figures would mean nothing).
std::vector<FloorStage> runFloor(const std::string &ws, const std::string &dir)
{
    std::vector<FloorStage> stages;
    try {
        stages = floorStages(ws);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "cannot read the benchmark workspace for the floor: %s\n", e.what());
        return {};
    }
    const std::string target = dir + "/floor.db", script = dir + "/floor.sql";
    std::remove(target.c_str());
    ::sync();
    for (auto &stage : stages) {
        std::ofstream(script) << stage.sql;
        stage.run = ChildRun::run({"sqlite3", "-bail", target}, script);
        if (stage.run.exitCode != 0) {
            std::fprintf(stderr, "the floor's %s stage failed (sqlite3 exit %d)\n", stage.name, stage.run.exitCode);
            stages.clear();
            break;
        }
    }
    std::remove(target.c_str());
    std::remove(script.c_str());
    return stages;
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double ratio(double a, double b)
{
    return b > 0 ? a / b : 0;
}

std::string threadsJson(const ChildRun &run)
{
    std::string threads;
    for (const auto &[name, cpu] : run.threadCpu) {
        char entry[96];
        std::snprintf(entry, sizeof entry, "%s\"%s\":%.2f", threads.empty() ? "" : ",", name.c_str(), cpu);
        threads += entry;
    }
    return "{" + threads + "}";
}

} // namespace

int main(int argc, char **argv)
{
    long spans = 100000;
    int repeat = 1;
    std::string threadline = "threadline";
    std::string compare;
    std::string dir = "/tmp/threadline-bench";
    bool floor = false;
    for (int i = 1; i < argc; ++i) {
        const char *value = i + 1 < argc ? argv[i + 1] : nullptr;
        if (!std::strcmp(argv[i], "--floor"))
            floor = true;
        else if (!value)
            break;
        else if (!std::strcmp(argv[i], "--spans"))
            spans = std::atol(argv[++i]);
        else if (!std::strcmp(argv[i], "--threadline"))
            threadline = argv[++i];
        else if (!std::strcmp(argv[i], "--compare"))
            compare = argv[++i];
        else if (!std::strcmp(argv[i], "--repeat"))
            repeat = std::max(1, std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--dir"))
            dir = argv[++i];
    }
    ::mkdir(dir.c_str(), 0755);
    const std::string input = dir + "/spans-" + std::to_string(spans) + ".otlp.jsonl";
    const std::string ws = dir + "/bench.threadline";
    const std::string base = dir + "/baseline.db";
    const std::string sql = dir + "/baseline.sql";
    struct stat st
    {
    };
    if (::stat(input.c_str(), &st) != 0) {
        generate(input, spans, 500);
        ::stat(input.c_str(), &st);
    }
    // Every child then reads the file from the page cache: otherwise whichever runs first
    // (Threadline) also pays for reading 1 GB from disk, which took 45 s against 17 s on this
    // machine after other work had evicted it.
    warmPageCache(input);
    {
        std::ofstream s(sql);
        char buf[2048];
        std::snprintf(buf, sizeof buf, kBaselineSql, input.c_str());
        s << buf;
    }

    bool complete = true;
    std::string rounds;
    std::vector<double> tSeconds, tCpu, bSeconds, bCpu, cSeconds, cCpu, speedWall, speedCpu, versusCompare;
    ImportRun first;
    ChildRun firstBaseline;
    // The floor's stage times by stage, one entry per round, and each round's sums.
    std::vector<std::pair<std::string, std::vector<double>>> floorStageSeconds, floorStageCpu;
    std::vector<double> floorSeconds, floorCpu, floorNoSearchSeconds;
    auto record = [](std::vector<std::pair<std::string, std::vector<double>>> &by, const char *name, double v) {
        auto it = std::find_if(by.begin(), by.end(), [name](const auto &e) { return e.first == name; });
        if (it == by.end())
            it = by.insert(by.end(), {name, {}});
        it->second.push_back(v);
    };
    long peakRssKb = 0, baselinePeakRssKb = 0; // the most any round used
    for (int round = 0; round < repeat; ++round) {
        // Alternate which Threadline build goes first, so neither always follows the baseline.
        ImportRun t, c;
        if (!compare.empty() && round % 2)
            c = importWith(compare, ws, input);
        t = importWith(threadline, ws, input, floor);
        double roundFloor = 0;
        if (floor) {
            const std::vector<FloorStage> stages = runFloor(ws, dir);
            std::remove(ws.c_str());
            complete = complete && !stages.empty();
            // The schema stage is setup, not work the import could skip: it is left out of the sums.
            double cpu = 0, search = 0;
            for (const auto &stage : stages) {
                record(floorStageSeconds, stage.name, stage.run.seconds);
                record(floorStageCpu, stage.name, stage.run.cpuSeconds);
                if (std::strcmp(stage.name, "schema")) {
                    roundFloor += stage.run.seconds;
                    cpu += stage.run.cpuSeconds;
                }
                if (!std::strcmp(stage.name, "search_index"))
                    search = stage.run.seconds;
            }
            floorSeconds.push_back(roundFloor);
            floorCpu.push_back(cpu);
            floorNoSearchSeconds.push_back(roundFloor - search);
        }
        if (!compare.empty() && round % 2 == 0)
            c = importWith(compare, ws, input);
        std::remove(base.c_str());
        ::sync();
        const ChildRun b = ChildRun::run({"sqlite3", base}, sql);
        std::remove(base.c_str());
        complete = complete && t.child.exitCode == 0 && t.items >= spans && b.exitCode == 0
            && (compare.empty() || (c.child.exitCode == 0 && c.items >= spans));
        if (round == 0) {
            first = t;
            firstBaseline = b;
        }
        peakRssKb = std::max(peakRssKb, t.child.peakRssKb);
        baselinePeakRssKb = std::max(baselinePeakRssKb, b.peakRssKb);
        tSeconds.push_back(t.child.seconds);
        tCpu.push_back(t.child.cpuSeconds);
        bSeconds.push_back(b.seconds);
        bCpu.push_back(b.cpuSeconds);
        speedWall.push_back(ratio(b.seconds, t.child.seconds));
        speedCpu.push_back(ratio(b.cpuSeconds, t.child.cpuSeconds));
        // Numbers through a fixed buffer; the thread lists, whose length depends on the child,
        // appended as strings so that no row can be cut short.
        char row[256];
        std::snprintf(row, sizeof row,
            "{\"threadline_seconds\":%.2f,\"threadline_cpu_seconds\":%.2f,\"threadline_peak_rss_mb\":%.0f,",
            t.child.seconds, t.child.cpuSeconds, t.child.peakRssKb / 1024.0);
        rounds += (rounds.empty() ? "" : ",") + std::string(row) + "\"threadline_threads\":" + threadsJson(t.child);
        std::snprintf(row, sizeof row,
            ",\"sqlite3_json1_seconds\":%.2f,\"sqlite3_json1_cpu_seconds\":%.2f,\"speedup_wall\":%.2f,"
            "\"speedup_cpu\":%.2f",
            b.seconds, b.cpuSeconds, speedWall.back(), speedCpu.back());
        rounds += row;
        if (!compare.empty()) {
            cSeconds.push_back(c.child.seconds);
            cCpu.push_back(c.child.cpuSeconds);
            versusCompare.push_back(ratio(c.child.seconds, t.child.seconds));
            std::snprintf(row, sizeof row, ",\"compare_seconds\":%.2f,\"compare_cpu_seconds\":%.2f,", c.child.seconds,
                c.child.cpuSeconds);
            rounds += row + std::string("\"compare_threads\":") + threadsJson(c.child);
            std::snprintf(row, sizeof row, ",\"speedup_vs_compare\":%.2f", versusCompare.back());
            rounds += row;
        }
        if (floor) {
            std::snprintf(row, sizeof row, ",\"sqlite_floor_seconds\":%.2f,\"ceiling_speedup_wall\":%.2f", roundFloor,
                ratio(b.seconds, roundFloor));
            rounds += row;
        }
        rounds += "}";
    }

    // The single-run fields of earlier versions of this benchmark are medians over the rounds
    // (the first round's figures when --repeat is 1, as before); peak RSS is the largest.
    const double tMedian = median(tSeconds), bMedian = median(bSeconds);
    std::printf("{\"benchmark\":\"import\",\"spans\":%ld,\"file_mb\":%.1f,\"rounds_run\":%d,"
                "\"threadline\":{\"items\":%lld,\"seconds\":%.2f,\"cpu_seconds\":%.2f,\"spans_per_second\":%.0f,"
                "\"peak_rss_mb\":%.0f,\"exit\":%d,\"thread_cpu_seconds\":%s},"
                "\"sqlite3_json1\":{\"seconds\":%.2f,\"cpu_seconds\":%.2f,\"spans_per_second\":%.0f,"
                "\"peak_rss_mb\":%.0f,\"exit\":%d},"
                "\"speedup_wall\":%.2f,\"speedup_cpu\":%.2f",
        spans, st.st_size / 1048576.0, repeat, first.items, tMedian, median(tCpu), ratio(spans, tMedian),
        peakRssKb / 1024.0, first.child.exitCode, threadsJson(first.child).c_str(), bMedian, median(bCpu),
        ratio(spans, bMedian), baselinePeakRssKb / 1024.0, firstBaseline.exitCode, median(speedWall), median(speedCpu));
    if (!compare.empty())
        std::printf(",\"compare\":{\"seconds\":%.2f,\"cpu_seconds\":%.2f},\"speedup_vs_compare\":%.2f",
            median(cSeconds), median(cCpu), median(versusCompare));
    if (floor) {
        // Medians over the rounds. The ceilings: the baseline's median time over the floor's, the
        // best speedup an import could reach that writes these rows through one connection
        // (and without the search index, the largest stage an import could leave for later).
        std::string stagesJson;
        for (size_t i = 0; i < floorStageSeconds.size(); ++i) {
            char entry[160];
            std::snprintf(entry, sizeof entry, "%s\"%s\":{\"seconds\":%.2f,\"cpu_seconds\":%.2f}",
                stagesJson.empty() ? "" : ",", floorStageSeconds[i].first.c_str(), median(floorStageSeconds[i].second),
                median(floorStageCpu[i].second));
            stagesJson += entry;
        }
        std::printf(",\"sqlite_floor\":{\"stages\":{%s},\"seconds\":%.2f,\"cpu_seconds\":%.2f,"
                    "\"ceiling_speedup_wall\":%.2f,\"ceiling_speedup_wall_without_search_index\":%.2f}",
            stagesJson.c_str(), median(floorSeconds), median(floorCpu), ratio(bMedian, median(floorSeconds)),
            ratio(bMedian, median(floorNoSearchSeconds)));
    }
    std::printf(",\"rounds\":[%s]}\n", rounds.c_str());
    return complete ? 0 : 1;
}
