// Correlation speed: builds a workspace of about 1 M items with a realistic key mix
// (conversation ids on traces and chat lines, users, emails, phones, tool-call ids, accounts
// and amounts in tool arguments and API logs, request ids in downstream logs, email events,
// noise) through WorkspaceWriter, then times Correlator::run on it.
// Usage: bench_analyze [ITEMS] [WORKSPACE]   (an existing WORKSPACE is analyzed as it is)
// Prints {"items", "seconds", "items_per_second", "peak_rss_mb", "conversations", "edges", "findings"}.
#include "Correlator.h"
#include "Workspace.h"
#include "WorkspaceWriter.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <cstdio>
#include <random>
#include <sys/resource.h>

namespace {

std::string hex(std::mt19937_64 &rng, int n)
{
    static const char *digits = "0123456789abcdef";
    std::string s;
    for (int i = 0; i < n; ++i)
        s += digits[rng() % 16];
    return s;
}

void build(Workspace &ws, int64_t target)
{
    std::mt19937_64 rng(42);
    WorkspaceWriter w(ws);
    const int64_t day0 = 1'780'000'000'000'000'000;
    const int perConversation = 40; // items per conversation across all sources, noise included
    const int64_t conversations = target / perConversation;
    const int64_t users = conversations / 3;
    // One file per system, as a real case would have; each written in one source transaction.
    struct Src
    {
        const char *path;
    };
    const char *paths[] = {"traces/planner.otlp.jsonl", "chat/turns.jsonl", "logs/payments-api.jsonl",
        "logs/ledger.log", "email/events.json", "traces/specialist.otlp.jsonl", "logs/app.jsonl"};
    for (int s = 0; s < 7; ++s) {
        std::mt19937_64 r(1000 + s);
        w.beginSource({paths[s], "bench", 0, paths[s]});
        int64_t line = 0;
        for (int64_t c = 0; c < conversations; ++c) {
            std::mt19937_64 cr(uint64_t(c) * 7919 + 17); // the same conversation facts in every source
            const std::string conv = "conv_" + hex(cr, 12);
            const int64_t u = int64_t(cr() % uint64_t(users));
            const std::string user = "usr_" + std::to_string(100000 + u);
            const std::string email = "user" + std::to_string(u) + "@example.net";
            const std::string account = "ACC-" + std::to_string(10000 + u);
            const std::string amount = std::to_string(5 + cr() % 900) + "." + std::to_string(10 + cr() % 89);
            const std::string trace = hex(cr, 32);
            const std::string req = "req-" + hex(cr, 10);
            const std::string tool = "call_" + hex(cr, 8);
            const int64_t t0 = day0 + c * 2'000'000'000LL + int64_t(cr() % 1'000'000'000);
            const bool broken = cr() % 4 == 0;
            const std::string strace = broken ? hex(cr, 32) : trace;
            Item it;
            switch (s) {
            case 0: // planner spans: root, 14 llm, 1 tool, 1 handoff
                for (int k = 0; k < 17; ++k) {
                    it = Item();
                    const std::string span = hex(r, 16);
                    it.traceId = trace;
                    it.spanId = span;
                    it.parentSpanId = k == 0 ? "" : "root" + std::to_string(c);
                    if (k == 0)
                        it.spanId = "root" + std::to_string(c);
                    it.ref = "span:" + trace + "/" + it.spanId;
                    it.kind = k == 0 ? ItemKind::Agent
                        : k == 15    ? ItemKind::Tool
                        : k == 16    ? ItemKind::Handoff
                                     : ItemKind::Llm;
                    it.actor = "Support Planner";
                    it.name = k == 15 ? "execute_tool issue_refund" : "chat gpt-4o";
                    it.startNs = t0 + k * 300'000'000LL;
                    it.endNs = it.startNs + 250'000'000;
                    it.keys = {{"conversation", conv, "gen_ai.conversation.id"}};
                    if (k == 0)
                        it.keys.push_back({"user", user, "user.id"});
                    if (k == 15) {
                        it.keys.push_back({"tool_call", tool, "gen_ai.tool.call.id"});
                        it.keys.push_back({"account", account, "arguments.account"});
                        it.detailJson = "{\"tool\":{\"name\":\"issue_refund\",\"arguments\":{\"account\":\"" + account
                            + "\",\"amount\":" + amount + "}}}";
                    } else if (k == 16) {
                        it.keys.push_back({"handoff_to", "Billing", "handoff.to"});
                        it.detailJson = "{\"handoff\":{\"from\":\"Support Planner\",\"to\":\"Billing\"}}";
                    } else if (k > 0) {
                        it.text = "customer asks about the " + hex(cr, 6) + " charge on " + account;
                        it.detailJson = "{\"input_messages\":[{\"role\":\"user\",\"content\":\"" + it.text
                            + "\"}],\"output_messages\":[{\"role\":\"assistant\",\"content\":\"we refunded " + amount
                            + " for order " + hex(cr, 6) + "\"}]}";
                    }
                    w.addItem(it);
                }
                break;
            case 1: // chat lines
                for (int k = 0; k < 8; ++k) {
                    it = Item();
                    it.ref = "line:" + std::to_string(++line);
                    it.kind = ItemKind::Log;
                    it.startNs = t0 + k * 600'000'000LL;
                    it.text = "message " + std::to_string(k) + " about " + hex(cr, 6);
                    it.keys = {{"conversation", conv, "conversationId"}, {"user", user, "userId"},
                        {"turn", "t-" + std::to_string(k + 1), "turnId"}};
                    w.addItem(it);
                }
                break;
            case 2: // API log: the request (skewed clock) plus a noise line
                for (int k = 0; k < 2; ++k) {
                    it = Item();
                    it.ref = "line:" + std::to_string(++line);
                    it.kind = ItemKind::Log;
                    it.actor = "payments-api";
                    const bool noise = k == 1;
                    it.startNs = (noise ? t0 + 700'000'000 : t0 + 15 * 300'000'000LL + 20'000'000) + 380'000'000;
                    const std::string acc = noise ? "ACC-" + std::to_string(900000 + r() % 90000) : account;
                    const std::string amt = noise ? std::to_string(r() % 999) + ".99" : amount;
                    it.attrsJson = "{\"corrId\":\"" + (noise ? "req-" + hex(r, 10) : req) + "\",\"account\":\"" + acc
                        + "\",\"amount\":\"" + amt + "\"}";
                    it.keys
                        = {{"correlation", noise ? "req-n" + hex(r, 10) : req, "corrId"}, {"account", acc, "account"}};
                    w.addItem(it);
                }
                break;
            case 3: // downstream ledger keyed by the API's id
                for (int k = 0; k < 2; ++k) {
                    it = Item();
                    it.ref = "line:" + std::to_string(++line);
                    it.kind = ItemKind::Log;
                    it.actor = "ledger";
                    it.startNs = t0 + 15 * 300'000'000LL + 90'000'000 + k * 400'000'000LL;
                    it.keys = {{"id", req, "payment_ref"}};
                    w.addItem(it);
                }
                break;
            case 4: // email events
                for (int k = 0; k < 2; ++k) {
                    it = Item();
                    it.ref = "record:" + std::to_string(line++);
                    it.kind = ItemKind::Email;
                    it.startNs = t0 + 60'000'000'000LL + k * 1'000'000'000LL;
                    it.detailJson = std::string("{\"email\":{\"event\":\"")
                        + (k == 0 ? "processed" : (c % 10 == 0 ? "bounce" : "delivered")) + "\"}}";
                    it.keys = {{"email", email, "email"}, {"message", "msg_" + std::to_string(c), "sg_message_id"}};
                    w.addItem(it);
                }
                break;
            case 5: // specialist spans: in the trace, or a rootless trace
                for (int k = 0; k < 3; ++k) {
                    it = Item();
                    it.traceId = strace;
                    it.spanId = hex(r, 16);
                    it.parentSpanId
                        = k == 0 ? (broken ? hex(r, 16) : "root" + std::to_string(c)) : "sroot" + std::to_string(c);
                    if (k == 0)
                        it.spanId = "sroot" + std::to_string(c);
                    it.ref = "span:" + strace + "/" + it.spanId;
                    it.kind = k == 0 ? ItemKind::Agent : ItemKind::Llm;
                    it.actor = "Billing";
                    it.startNs = t0 + 17 * 300'000'000LL + k * 200'000'000LL;
                    it.endNs = it.startNs + 150'000'000;
                    if (cr() % 2)
                        it.keys = {{"user", user, "enduser.id"}};
                    w.addItem(it);
                }
                break;
            case 6: // app noise plus a directory-like identity record now and then
                for (int k = 0; k < 6; ++k) {
                    it = Item();
                    it.ref = "line:" + std::to_string(++line);
                    it.kind = ItemKind::Log;
                    it.actor = "app";
                    it.startNs = t0 + int64_t(r() % 2'000'000'000);
                    it.text = "GET /health 200";
                    it.keys = {{"request", "r-" + hex(r, 12), "request_id"}};
                    if (k == 0 && c % 3 == 0)
                        it.keys = {{"user", user, "user"}, {"email", email, "email"},
                            {"phone", "+1555" + std::to_string(1000000 + u), "phone"}};
                    w.addItem(it);
                }
                break;
            }
        }
        w.commitSource();
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int64_t target = argc > 1 ? std::atoll(argv[1]) : 1'000'000;
    QTemporaryDir dir;
    QString path = argc > 2 ? QString::fromLocal8Bit(argv[2]) : dir.filePath(QStringLiteral("bench.threadline"));
    std::unique_ptr<Workspace> ws;
    if (QFile::exists(path)) {
        ws = Workspace::open(path, Workspace::Access::ReadWrite);
    } else {
        ws = Workspace::create(path);
        QElapsedTimer bt;
        bt.start();
        build(*ws, target);
        std::fprintf(stderr, "built %s in %.1f s\n", qPrintable(path), double(bt.elapsed()) / 1000.0);
    }
    struct rusage before;
    getrusage(RUSAGE_SELF, &before);
    Correlator::Options options;
    QElapsedTimer stages;
    stages.start();
    options.progress = [&stages](const char *stage) {
        std::fprintf(stderr, "%7.2f s  %s\n", double(stages.elapsed()) / 1000.0, stage);
    };
    const Correlator::Result r = Correlator(*ws).run(options);
    struct rusage after;
    getrusage(RUSAGE_SELF, &after);
    std::printf("{\"items\": %lld, \"seconds\": %.2f, \"items_per_second\": %.0f, \"peak_rss_mb\": %.0f, "
                "\"conversations\": %lld, \"edges\": %lld, \"findings\": %lld, \"broken_handoffs\": %lld}\n",
        static_cast<long long>(r.items), r.seconds, double(r.items) / r.seconds, double(after.ru_maxrss) / 1024.0,
        static_cast<long long>(r.conversations), static_cast<long long>(r.edges), static_cast<long long>(r.findings),
        static_cast<long long>(r.brokenHandoffs));
    return 0;
}
