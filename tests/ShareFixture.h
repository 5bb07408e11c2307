#pragma once
// A small, fully known case for the sharing, report and export tests: two sources, a
// conversation joined by a shared id, a suggested handoff continuation, a finding, an image
// and a recording, and personal data that redaction must catch. Header-only: included by
// tst_annotationstore, tst_workspacesharer, tst_redactor, tst_reportbuilder, tst_auditexport.
#include "Workspace.h"
#include "WorkspaceWriter.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <string>

namespace ShareFixture {

constexpr int64_t T0 = 1780000000000000000; // 2026-05-28T20:26:40Z
constexpr int64_t S = 1000000000;

struct Ids
{
    int64_t planner = 0, tool = 0, handoff = 0, specialist = 0, log1 = 0, log2 = 0, image = 0;
    int64_t conversation = 0, traceEdge = 0, sharedIdEdge = 0, suggestedEdge = 0, finding = 0;
};

// A 1x1 PNG.
inline QByteArray tinyPng()
{
    return QByteArray::fromBase64(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
}

inline Item item(const std::string &ref, ItemKind kind, const std::string &name, const std::string &actor,
    int64_t start, const std::string &text = {})
{
    Item it;
    it.ref = ref;
    it.kind = kind;
    it.name = name;
    it.actor = actor;
    it.startNs = start;
    it.endNs = start + S / 2;
    it.text = text;
    return it;
}

// Writes the sources (again: a second call re-imports them and gives the items new row ids).
inline void writeSources(Workspace &ws, Ids &ids, const std::string &traceSource = "traces/planner.json",
    const std::string &logSource = "logs/payments.jsonl")
{
    WorkspaceWriter w(ws);
    w.beginSource({traceSource, "otlp-json", 1234, "aaaa1111"});
    Item planner = item(
        "span:t1/s1", ItemKind::Llm, "chat gpt-4o", "planner", T0, "Customer alice@example.com asked for a refund");
    planner.traceId = "t1";
    planner.spanId = "s1";
    planner.modelRequested = "gpt-4o";
    planner.modelServed = "gpt-4o-2024-08-06";
    planner.promptName = "refund-triage";
    planner.promptVersion = "7";
    planner.inputTokens = 812;
    planner.outputTokens = 64;
    planner.attrsJson
        = R"({"user.email":"alice@example.com","auth":"Bearer abcDEF1234567890xyz","phone":"+1 415 555 0134"})";
    planner.keys
        = {{"email", "alice@example.com", "user.email"}, {"conversation", "conv-42", "gen_ai.conversation.id"}};
    ids.planner = w.addItem(planner);
    Item tool = item("span:t1/s2", ItemKind::Tool, "refund_lookup", "planner", T0 + 1 * S);
    tool.traceId = "t1";
    tool.spanId = "s2";
    tool.parentSpanId = "s1";
    tool.detailJson
        = R"({"tool":{"name":"refund_lookup","call_id":"call_9","arguments":"{\"order\":\"A-17\"}","result":"refund pending, card 4111 1111 1111 1111"}})";
    ids.tool = w.addItem(tool);
    Item handoff = item("span:t1/s3", ItemKind::Handoff, "handoff to billing_specialist", "planner", T0 + 2 * S);
    handoff.traceId = "t1";
    handoff.spanId = "s3";
    handoff.parentSpanId = "s1";
    handoff.detailJson = R"({"handoff":{"from":"planner","to":"billing_specialist"}})";
    ids.handoff = w.addItem(handoff);
    Item specialist = item("span:t2/r1", ItemKind::Agent, "<script>alert(1)</script>", "billing_specialist", T0 + 3 * S,
        "IBAN on file DE89 3704 0044 0532 0130 00");
    specialist.traceId = "t2";
    specialist.spanId = "r1";
    ids.specialist = w.addItem(specialist);
    Item image = item("record:0", ItemKind::Image, "screenshot.png", "customer", T0 + 4 * S);
    ids.image = w.addItem(image);
    Media png;
    png.mime = "image/png";
    png.fileName = "screenshot.png";
    png.width = 1;
    png.height = 1;
    const QByteArray bytes = tinyPng();
    png.data.assign(bytes.constData(), size_t(bytes.size()));
    w.addMedia(ids.image, png);
    w.commitSource();

    w.beginSource({logSource, "jsonl-log", 99, "bbbb2222"});
    Item log1 = item("line:1", ItemKind::Log, "payment rejected", "payments-api", T0 + 5 * S,
        "=HYPERLINK(\"http://evil\") refund for alice@example.com rejected, call +1 415 555 0134");
    log1.status = 2;
    log1.statusMessage = "ledger said no";
    log1.keys = {{"email", "alice@example.com", "customer"}};
    ids.log1 = w.addItem(log1);
    Item log2 = item(
        "line:2", ItemKind::Log, "retry scheduled", "payments-api", T0 + 6 * S, "key sk-proj-ABCDEFGHIJKLMNOPQRST1234");
    ids.log2 = w.addItem(log2);
    w.commitSource();
}

// The correlation rows (as the correlator would write them) for the items in `ids`.
inline void writeConversation(Workspace &ws, Ids &ids)
{
    SqliteDatabase &db = ws.db();
    db.exec("DELETE FROM findings; DELETE FROM edges; DELETE FROM conversation_items; DELETE FROM conversations;");
    db.exec("INSERT INTO conversations(key, title, user_ids, start_ns, end_ns, item_count, channels, finding_count, "
            "worst_severity) VALUES('conversation:conv-42', 'Refund for alice@example.com', 'alice@example.com', "
        + std::to_string(T0) + ", " + std::to_string(T0 + 6 * S + S / 2) + ", 7, 'trace,log', 1, 'error')");
    ids.conversation = db.lastInsertRowId();
    for (int64_t id : {ids.planner, ids.tool, ids.handoff, ids.specialist, ids.image, ids.log1, ids.log2})
        db.exec("INSERT INTO conversation_items VALUES(" + std::to_string(ids.conversation) + ", " + std::to_string(id)
            + ")");
    const auto edge
        = [&db](int64_t from, int64_t to, const char *rule, double weight, const std::string &evidence, int suggested) {
              auto st = db.prepare(
                  "INSERT INTO edges(from_item, to_item, rule, weight, evidence, suggested) VALUES(?,?,?,?,?,?)");
              st.bind(1, from).bind(2, to).bind(3, rule).bind(4, weight).bind(5, evidence).bind(6, suggested);
              st.exec();
              return db.lastInsertRowId();
          };
    ids.traceEdge = edge(ids.planner, ids.tool, "trace_parent", 1.0, "span s2 is a child of s1", 0);
    edge(ids.planner, ids.handoff, "trace_parent", 1.0, "span s3 is a child of s1", 0);
    ids.suggestedEdge
        = edge(ids.handoff, ids.specialist, "handoff_continuation", 0.62, "billing_specialist started 1.0 s later", 1);
    ids.sharedIdEdge = edge(ids.planner, ids.log1, "shared_id", 0.9, "both name alice@example.com (email)", 0);
    edge(ids.log1, ids.log2, "time_actor", 0.4, "payments-api, 1 s apart", 0);
    edge(ids.planner, ids.image, "identity", 0.7, "uploaded by the same user", 0);
    auto f = db.prepare("INSERT INTO findings(kind, severity, conversation_id, item_id, related_item_id, confidence, "
                        "explanation, evidence) VALUES('broken_handoff', 'error', ?, ?, ?, 0.62, ?, ?)");
    f.bind(1, ids.conversation)
        .bind(2, ids.handoff)
        .bind(3, ids.specialist)
        .bind(4, "handoff to billing_specialist has no callee span under it")
        .bind(5, "the specialist's trace t2 has no parent; <b>suggested</b> continuation");
    f.exec();
    ids.finding = db.lastInsertRowId();
}

inline Ids build(Workspace &ws)
{
    Ids ids;
    writeSources(ws, ids);
    writeConversation(ws, ids);
    return ids;
}

} // namespace ShareFixture
