// Import throughput: Threadline's `import` of an OTLP JSON-lines file of N GenAI spans against
// the sqlite3 shell loading the same file with JSON1 (json_each over resourceSpans → scopeSpans
// → spans into one table). Both run as child processes so wall time and peak RSS are theirs
// alone. Prints one JSON object. Usage: bench_import [--spans N] [--threadline PATH] [--dir DIR]
#include "ChildRun.h"
#include "SqliteDatabase.h"

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

} // namespace

int main(int argc, char **argv)
{
    long spans = 100000;
    std::string threadline = "threadline";
    std::string dir = "/tmp/threadline-bench";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--spans"))
            spans = std::atol(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--threadline"))
            threadline = argv[i + 1];
        else if (!std::strcmp(argv[i], "--dir"))
            dir = argv[i + 1];
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
    // Both children then read the file from the page cache: otherwise whichever runs first
    // (Threadline) also pays for reading 1 GB from disk, which took 45 s against 17 s on this
    // machine after other work had evicted it.
    warmPageCache(input);
    {
        std::ofstream s(sql);
        char buf[2048];
        std::snprintf(buf, sizeof buf, kBaselineSql, input.c_str());
        s << buf;
    }
    std::remove(ws.c_str());
    std::remove(base.c_str());
    // Each child starts with no dirty pages of the other's waiting to be written back.
    ::sync();
    const ChildRun t = ChildRun::run({threadline, "import", "-q", "-w", ws, input});
    ::sync();
    const ChildRun b = ChildRun::run({"sqlite3", base}, sql);
    long long imported = 0;
    try {
        SqliteDatabase db(ws, SqliteDatabase::OpenMode::ReadOnly);
        imported = db.queryInt("SELECT count(*) FROM items");
    } catch (const std::exception &e) {
        std::fprintf(stderr, "cannot read the benchmark workspace: %s\n", e.what());
    }
    std::remove(ws.c_str());
    std::remove(base.c_str());
    const double tRate = t.seconds > 0 ? spans / t.seconds : 0;
    const double bRate = b.seconds > 0 ? spans / b.seconds : 0;
    const double tCpuRate = t.cpuSeconds > 0 ? spans / t.cpuSeconds : 0;
    const double bCpuRate = b.cpuSeconds > 0 ? spans / b.cpuSeconds : 0;
    // Where Threadline's CPU went: "main" reads and parses, "tl-writer" runs the SQLite inserts,
    // other "threadline" threads are SQLite's sorters during the index build, "tl-sha256" hashes.
    std::string threads;
    for (const auto &[name, cpu] : t.threadCpu) {
        char entry[96];
        std::snprintf(entry, sizeof entry, "%s\"%s\":%.2f", threads.empty() ? "" : ",", name.c_str(), cpu);
        threads += entry;
    }
    std::printf("{\"benchmark\":\"import\",\"spans\":%ld,\"file_mb\":%.1f,"
                "\"threadline\":{\"items\":%lld,\"seconds\":%.2f,\"cpu_seconds\":%.2f,\"spans_per_second\":%.0f,\"peak_"
                "rss_mb\":%.0f,\"exit\":%d,\"thread_cpu_seconds\":{%s}},"
                "\"sqlite3_json1\":{\"seconds\":%.2f,\"cpu_seconds\":%.2f,\"spans_per_second\":%.0f,\"peak_rss_mb\":%."
                "0f,\"exit\":%d},"
                "\"speedup_wall\":%.2f,\"speedup_cpu\":%.2f}\n",
        spans, st.st_size / 1048576.0, imported, t.seconds, t.cpuSeconds, tRate, t.peakRssKb / 1024.0, t.exitCode,
        threads.c_str(), b.seconds, b.cpuSeconds, bRate, b.peakRssKb / 1024.0, b.exitCode,
        bRate > 0 ? tRate / bRate : 0, bCpuRate > 0 ? tCpuRate / bCpuRate : 0);
    // A run that imported less than it generated measured nothing.
    return t.exitCode == 0 && b.exitCode == 0 && imported >= spans ? 0 : 1;
}
