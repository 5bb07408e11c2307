// Resource bounds of `threadline import` on inputs too big for ctest: a multi-GB JSON-lines
// log (streaming: peak RSS must not grow with the file), one trace of millions of spans, and
// one span with a million attributes. Each input is generated into --dir, imported by the CLI
// as a child process (wall and CPU seconds, peak RSS), counted, and deleted with its
// workspace. Prints one JSON object.
// Usage: bench_bounds [--case big-log|big-trace|wide-span|all] [--gb 2] [--spans 10000000]
//                     [--attributes 1000000] [--threadline PATH] [--dir DIR]
#include "ChildRun.h"
#include "SqliteDatabase.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace {

// A buffered writer; the generators never hold more than one line in memory.
class Out
{
public:
    explicit Out(const std::string &path)
        : m_f(std::fopen(path.c_str(), "wb"))
    {
        if (m_f)
            std::setvbuf(m_f, nullptr, _IOFBF, 1 << 20);
    }
    ~Out()
    {
        if (m_f)
            std::fclose(m_f);
    }
    Out(const Out &) = delete;
    Out &operator=(const Out &) = delete;
    bool ok() const { return m_f != nullptr; }
    void put(const std::string &s) { std::fwrite(s.data(), 1, s.size(), m_f); }

private:
    std::FILE *m_f;
};

// Service logs with a stack trace in each line (~2 KB a line): few items per byte, so the
// file is big while the import stays minutes, and peak RSS shows whether it streams.
long long generateLog(const std::string &path, double gigabytes)
{
    Out out(path);
    if (!out.ok())
        return -1;
    const long long target = (long long)(gigabytes * (1LL << 30));
    std::string frames;
    for (int i = 0; i < 24; ++i)
        frames += "  at com.northwind.support.pipeline.Stage" + std::to_string(i)
            + ".handle(Stage.java:" + std::to_string(100 + i * 7) + ")\\n";
    long long written = 0, lines = 0;
    std::string line;
    while (written < target) {
        const long long n = lines++;
        char head[256];
        std::snprintf(head, sizeof head,
            "{\"ts\":\"2026-02-%02lldT%02lld:%02lld:%02lld.%03lldZ\",\"level\":\"error\",\"service\":\"svc%lld\","
            "\"conversation_id\":\"conv_%lld\",\"request_id\":\"req_%lld\",\"msg\":\"handler failed\",\"stack\":\"",
            1 + (n / 86400000) % 28, (n / 3600000) % 24, (n / 60000) % 60, (n / 1000) % 60, n % 1000, n % 16, n / 50,
            n);
        line.assign(head);
        line += frames;
        line += "\"}\n";
        out.put(line);
        written += (long long)line.size();
    }
    return lines;
}

// One trace of `spans` spans as OTLP JSON lines (1000 spans per request); span i's parent is
// span i/10, so the tree is wide and 7 levels deep at 10 M.
long long generateTrace(const std::string &path, long long spans)
{
    Out out(path);
    if (!out.ok())
        return -1;
    const long long base = 1767261600000000000LL;
    std::string line;
    char span[512];
    for (long long i = 0; i < spans;) {
        line
            = R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"planner"}}]},"scopeSpans":[{"spans":[)";
        for (int k = 0; k < 1000 && i < spans; ++k, ++i) {
            char parent[20] = "";
            if (i > 0)
                std::snprintf(parent, sizeof parent, "%016llx", (unsigned long long)(i / 10 + 1));
            std::snprintf(span, sizeof span,
                "%s{\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"%016llx\",\"parentSpanId\":\"%s\","
                "\"name\":\"step %lld\",\"kind\":1,\"startTimeUnixNano\":\"%lld\",\"endTimeUnixNano\":\"%lld\","
                "\"attributes\":[{\"key\":\"step.index\",\"value\":{\"intValue\":\"%lld\"}}]}",
                k ? "," : "", (unsigned long long)(i + 1), parent, i, base + i * 1000, base + i * 1000 + 500, i);
            line += span;
        }
        line += "]}]}]}\n";
        out.put(line);
    }
    return spans;
}

// One span carrying `attributes` string attributes, in one OTLP JSON document.
long long generateWideSpan(const std::string &path, long long attributes)
{
    Out out(path);
    if (!out.ok())
        return -1;
    out.put(
        R"({"resourceSpans":[{"resource":{"attributes":[]},"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"wide","startTimeUnixNano":"1767261600000000000","endTimeUnixNano":"1767261601000000000","attributes":[)");
    std::string chunk;
    for (long long i = 0; i < attributes; ++i) {
        chunk += i ? "," : "";
        chunk += "{\"key\":\"attr." + std::to_string(i) + "\",\"value\":{\"stringValue\":\"v" + std::to_string(i)
            + "\"}}";
        if (chunk.size() > (1 << 20)) {
            out.put(chunk);
            chunk.clear();
        }
    }
    out.put(chunk);
    out.put("]}]}]}]}\n");
    return 1;
}

long long fileSize(const std::string &path)
{
    struct stat st
    {
    };
    return ::stat(path.c_str(), &st) == 0 ? (long long)st.st_size : 0;
}

// Imports `input` into a new workspace and returns the case's JSON; deletes both files.
std::string measure(const std::string &name, const std::string &threadline, const std::string &input,
    const std::string &ws, long long expectedItems, bool &ok)
{
    std::remove(ws.c_str());
    const long long inputBytes = fileSize(input);
    const ChildRun r = ChildRun::run({threadline, "import", "-q", "-w", ws, input});
    long long items = 0;
    try {
        SqliteDatabase db(ws, SqliteDatabase::OpenMode::ReadOnly);
        items = db.queryInt("SELECT count(*) FROM items");
    } catch (const std::exception &e) {
        std::fprintf(stderr, "%s: cannot read the workspace: %s\n", name.c_str(), e.what());
    }
    const long long wsBytes = fileSize(ws) + fileSize(ws + "-wal");
    std::remove(ws.c_str());
    std::remove(input.c_str());
    ok = ok && r.exitCode == 0 && items == expectedItems;
    char buf[512];
    std::snprintf(buf, sizeof buf,
        "\"%s\":{\"input_mb\":%.1f,\"items\":%lld,\"expected_items\":%lld,\"seconds\":%.1f,\"cpu_seconds\":%.1f,"
        "\"peak_rss_mb\":%.0f,\"workspace_mb\":%.0f,\"exit\":%d}",
        name.c_str(), inputBytes / 1048576.0, items, expectedItems, r.seconds, r.cpuSeconds, r.peakRssKb / 1024.0,
        wsBytes / 1048576.0, r.exitCode);
    std::fprintf(stderr, "%s\n", buf);
    return buf;
}

} // namespace

int main(int argc, char **argv)
{
    std::string which = "all", threadline = "threadline", dir = "/tmp/threadline-bounds";
    double gigabytes = 2;
    long long spans = 10000000, attributes = 1000000;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--case"))
            which = argv[i + 1];
        else if (!std::strcmp(argv[i], "--gb"))
            gigabytes = std::atof(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--spans"))
            spans = std::atoll(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--attributes"))
            attributes = std::atoll(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--threadline"))
            threadline = argv[i + 1];
        else if (!std::strcmp(argv[i], "--dir"))
            dir = argv[i + 1];
    }
    ::mkdir(dir.c_str(), 0755);
    const std::string ws = dir + "/bounds.threadline";
    bool ok = true;
    std::string json = "{\"benchmark\":\"bounds\"";
    if (which == "all" || which == "wide-span") {
        const std::string input = dir + "/wide-span.json";
        const long long items = generateWideSpan(input, attributes);
        json += ",\"attributes\":" + std::to_string(attributes) + ","
            + measure("wide_span", threadline, input, ws, items, ok);
    }
    if (which == "all" || which == "big-trace") {
        const std::string input = dir + "/big-trace.otlp.jsonl";
        const long long items = generateTrace(input, spans);
        json += ",\"spans\":" + std::to_string(spans) + "," + measure("big_trace", threadline, input, ws, items, ok);
    }
    if (which == "all" || which == "big-log") {
        const std::string input = dir + "/big-log.jsonl";
        const long long items = generateLog(input, gigabytes);
        json += "," + measure("big_log", threadline, input, ws, items, ok);
    }
    ::rmdir(dir.c_str());
    std::printf("%s}\n", json.c_str());
    return ok ? 0 : 1;
}
