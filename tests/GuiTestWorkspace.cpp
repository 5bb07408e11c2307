#include "GuiTestWorkspace.h"

#include "TimestampParser.h"
#include "Workspace.h"
#include "WorkspaceWriter.h"

#include <cmath>
#include <cstring>
#include <string>

namespace GuiTestWorkspace {

namespace {
constexpr qint64 kS = 1'000'000'000LL;
constexpr qint64 kMs = 1'000'000LL;

void put16(std::string &s, uint16_t v)
{
    s.push_back(char(v & 0xff));
    s.push_back(char(v >> 8));
}

void put32(std::string &s, uint32_t v)
{
    put16(s, uint16_t(v & 0xffff));
    put16(s, uint16_t(v >> 16));
}

// A 64×40 24-bit BMP: a screenshot stand-in QImage can decode without QtGui here.
std::string bmp()
{
    const int w = 64, h = 40, stride = w * 3;
    std::string s = "BM";
    put32(s, uint32_t(54 + stride * h));
    put32(s, 0);
    put32(s, 54);
    put32(s, 40);
    put32(s, uint32_t(w));
    put32(s, uint32_t(h));
    put16(s, 1);
    put16(s, 24);
    put32(s, 0);
    put32(s, uint32_t(stride * h));
    put32(s, 2835);
    put32(s, 2835);
    put32(s, 0);
    put32(s, 0);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const bool bar = y > 28 && y < 34 && x > 8 && x < 56;
            s.push_back(char(bar ? 40 : 230)); // B
            s.push_back(char(bar ? 40 : 200 + x / 2)); // G
            s.push_back(char(bar ? 200 : 180 + y)); // R
        }
    return s;
}

// A short mono 8 kHz WAV of a tone.
std::string wav(int seconds)
{
    const int rate = 8000, n = rate * seconds;
    std::string s = "RIFF";
    put32(s, uint32_t(36 + n * 2));
    s += "WAVEfmt ";
    put32(s, 16);
    put16(s, 1);
    put16(s, 1);
    put32(s, uint32_t(rate));
    put32(s, uint32_t(rate * 2));
    put16(s, 2);
    put16(s, 16);
    s += "data";
    put32(s, uint32_t(n * 2));
    for (int i = 0; i < n; ++i)
        put16(s, uint16_t(int16_t(3000 * std::sin(i * 0.05))));
    return s;
}

int64_t begin(WorkspaceWriter &w, const std::string &path, const std::string &format)
{
    WorkspaceWriter::SourceInfo info;
    info.path = path;
    info.format = format;
    info.size = 1;
    info.sha256 = "sha-" + path;
    return w.beginSource(info);
}

Item make(ItemKind kind, const std::string &ref, const std::string &name, qint64 start, qint64 end, int status = 1)
{
    Item it;
    it.kind = kind;
    it.ref = ref;
    it.name = name;
    it.startNs = start;
    it.endNs = end;
    it.status = status;
    return it;
}

void exec(Workspace &ws, const std::string &sql)
{
    ws.db().exec(sql);
}

std::string n(qint64 v)
{
    return std::to_string(v);
}
} // namespace

Ids build(Workspace &ws)
{
    Ids ids;
    const qint64 t0 = *TimestampParser::parseText("2025-02-07T01:50:00Z");
    ids.t0 = t0;
    WorkspaceWriter w(ws);

    // The voice call: recording plus two transcript segments.
    begin(w, "media/call-0192.wav", "media");
    {
        Item audio = make(ItemKind::Audio, "file", "call-0192.wav", t0, t0 + 180 * kS);
        audio.keys.push_back({"call", "call-0192", "file name"});
        ids.audio = w.addItem(audio);
        Media m;
        m.mime = "audio/wav";
        m.fileName = "call-0192.wav";
        m.durationNs = 180 * kS;
        m.sampleRate = 8000;
        m.channels = 1;
        for (int i = 0; i < 600; ++i)
            m.peaks.push_back(float(0.15 + 0.8 * std::fabs(std::sin(i * 0.07)) * (i % 90 < 60 ? 1.0 : 0.1)));
        m.data = wav(2);
        w.addMedia(ids.audio, m);
    }
    w.commitSource();
    begin(w, "asr/call-0192.transcript.json", "transcript");
    {
        Item s1 = make(ItemKind::Asr, "segment:0", "caller", t0 + 5 * kS, t0 + 12 * kS);
        s1.text = "Hi, the fix you sent did not work and the email never arrived.";
        s1.detailJson = R"({"segment":{"index":0,"start_s":5,"end_s":12,"speaker":"caller","confidence":0.93}})";
        ids.asr1 = w.addItem(s1);
        Item s2 = make(ItemKind::Asr, "segment:1", "agent", t0 + 20 * kS, t0 + 31 * kS);
        s2.text = "Let me pass you to billing to refund the 250.00 charge.";
        ids.asr2 = w.addItem(s2);
    }
    w.commitSource();

    // The screenshot the user uploaded.
    begin(w, "uploads/screenshot.bmp", "media");
    {
        Item img = make(ItemKind::Image, "file", "screenshot.bmp", t0 + 40 * kS, t0 + 40 * kS);
        ids.image = w.addItem(img);
        Media m;
        m.mime = "image/bmp";
        m.fileName = "screenshot.bmp";
        m.width = 64;
        m.height = 40;
        m.data = bmp();
        w.addMedia(ids.image, m);
    }
    w.commitSource();

    // The planner trace: agent → retrieval → llm → tool → handoff (broken).
    begin(w, "traces/planner.otlp.json", "otlp-traces");
    {
        const std::string trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        Item agent = make(
            ItemKind::Agent, "span:" + trace + "/00f067aa0ba902b7", "invoke_agent planner", t0 + 45 * kS, t0 + 62 * kS);
        agent.actor = "planner";
        agent.traceId = trace;
        agent.spanId = "00f067aa0ba902b7";
        agent.keys.push_back({"conversation", "conv_9f3a", "attributes.gen_ai.conversation.id"});
        agent.keys.push_back({"user", "usr_123", "attributes.user.id"});
        ids.planner = w.addItem(agent);
        Item ret = make(ItemKind::Retrieval, "span:" + trace + "/1111111111111111", "retrieve policy docs",
            t0 + 46 * kS, t0 + 46 * kS + 800 * kMs);
        ret.traceId = trace;
        ret.spanId = "1111111111111111";
        ret.parentSpanId = "00f067aa0ba902b7";
        ret.detailJson
            = R"({"documents":[{"id":"refund-policy#3","score":0.87,"content":"Refunds over 200 need billing."},{"id":"faq#12","score":0.61,"content":"Emails may take 10 minutes."}]})";
        ids.retrieval = w.addItem(ret);
        Item llm
            = make(ItemKind::Llm, "span:" + trace + "/2222222222222222", "chat gpt-4o", t0 + 47 * kS, t0 + 50 * kS);
        llm.traceId = trace;
        llm.spanId = "2222222222222222";
        llm.parentSpanId = "00f067aa0ba902b7";
        llm.modelRequested = "gpt-4o";
        llm.modelServed = "gpt-4o-2024-08-06";
        llm.promptName = "triage";
        llm.promptVersion = "v3";
        llm.inputTokens = 812;
        llm.outputTokens = 64;
        llm.text = "The fix did not work and the email never arrived";
        llm.detailJson
            = R"({"input_messages":[{"role":"system","content":"You are the planner."},{"role":"user","content":"The fix did not work and the email never arrived."}],"output_messages":[{"role":"assistant","content":"I will refund and hand off to billing.","tool_calls":[{"id":"call_1","name":"refund","arguments":"{\"account\":\"ACC-0192\",\"amount\":\"250.00\"}"}]}],"prompt":{"name":"triage","version":"v3","template":"Classify: {{complaint}}"}})";
        ids.llm = w.addItem(llm);
        Item tool = make(ItemKind::Tool, "span:" + trace + "/3333333333333333", "execute_tool refund",
            t0 + 50 * kS + 500 * kMs, t0 + 52 * kS);
        tool.traceId = trace;
        tool.spanId = "3333333333333333";
        tool.parentSpanId = "00f067aa0ba902b7";
        tool.detailJson
            = R"({"tool":{"name":"refund","call_id":"call_1","arguments":"{\"account\":\"ACC-0192\",\"amount\":\"250.00\"}","result":{"status":"queued","refund_id":"rf_77"}}})";
        tool.keys.push_back({"tool_call", "call_1", "attributes.gen_ai.tool.call.id"});
        ids.tool = w.addItem(tool);
        Item handoff = make(ItemKind::Handoff, "span:" + trace + "/4444444444444444", "handoff to billing-specialist",
            t0 + 53 * kS, t0 + 53 * kS + 200 * kMs);
        handoff.traceId = trace;
        handoff.spanId = "4444444444444444";
        handoff.parentSpanId = "00f067aa0ba902b7";
        handoff.detailJson = R"({"handoff":{"from":"planner","to":"billing-specialist"}})";
        ids.handoff = w.addItem(handoff);
    }
    w.commitSource();

    // The billing specialist's rootless trace that actually continued the work.
    begin(w, "traces/billing-specialist.agents.jsonl", "openai-agents");
    {
        const std::string trace = "trace_b1ll";
        Item cont = make(ItemKind::Agent, "span:" + trace + "/span_root", "billing-specialist",
            t0 + 54 * kS + 500 * kMs, t0 + 60 * kS);
        cont.actor = "billing-specialist";
        cont.traceId = trace;
        cont.spanId = "span_root";
        ids.continuation = w.addItem(cont);
        Item llm
            = make(ItemKind::Llm, "span:" + trace + "/span_llm", "chat gpt-4o-mini", t0 + 55 * kS, t0 + 58 * kS, 2);
        llm.traceId = trace;
        llm.spanId = "span_llm";
        llm.parentSpanId = "span_root";
        llm.modelRequested = "gpt-4o-mini";
        llm.modelServed = "gpt-4o-mini";
        llm.statusMessage = "rate limited";
        ids.continuationLlm = w.addItem(llm);
    }
    w.commitSource();

    // A payments API log, its clock 412 ms ahead, naming the tool span.
    begin(w, "logs/payments-api.jsonl", "jsonl-log");
    {
        Item log = make(ItemKind::Log, "line:7", "refund accepted", t0 + 51 * kS + 600 * kMs, t0 + 51 * kS + 600 * kMs);
        log.traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        log.parentSpanId = "3333333333333333";
        log.text = "POST /refunds account=ACC-0192 amount=250.00 -> 202";
        ids.paymentsLog = w.addItem(log);
    }
    w.commitSource();

    // The confirmation email that bounced, and a follow-up 50 minutes later (an idle gap).
    begin(w, "email-events.json", "json-records");
    {
        Item email = make(ItemKind::Email, "record:3", "bounce", t0 + 120 * kS, t0 + 120 * kS, 2);
        email.detailJson = R"({"email":{"event":"bounce","recipient":"ana@example.com","reason":"mailbox full"}})";
        email.keys.push_back({"email", "ana@example.com", "recipient"});
        ids.email = w.addItem(email);
        Item follow = make(ItemKind::Email, "record:4", "delivered", t0 + 50 * 60 * kS, t0 + 50 * 60 * kS);
        ids.followUp = w.addItem(follow);
    }
    w.commitSource();

    // A quiet second conversation an hour later.
    begin(w, "traces/faq.otlp.json", "otlp-traces");
    {
        Item llm = make(ItemKind::Llm, "span:aaaa/bbbb", "chat faq", t0 + 3600 * kS, t0 + 3602 * kS);
        llm.traceId = "aaaa";
        llm.spanId = "bbbb";
        llm.text = "What are your opening hours?";
        llm.keys.push_back({"user", "usr_456", "attributes.user.id"});
        ids.quietLlm = w.addItem(llm);
    }
    w.commitSource();

    exec(ws,
        "UPDATE sources SET clock_offset_ns = " + n(ids.paymentsOffsetNs) + " WHERE path = 'logs/payments-api.jsonl'");
    exec(ws,
        "INSERT INTO conversations(key, title, user_ids, start_ns, end_ns, item_count, channels, finding_count, "
        "worst_severity) VALUES('conv_9f3a', 'Refund did not work, email never arrived', '[\"usr_123\"]', "
            + n(t0) + ", " + n(t0 + 50 * 60 * kS) + ", 16, '[\"voice\",\"image\",\"chat\",\"email\"]', 3, 'error')");
    ids.conversation = ws.db().lastInsertRowId();
    exec(ws,
        "INSERT INTO conversations(key, title, user_ids, start_ns, end_ns, item_count, channels, finding_count) "
        "VALUES('conv_faq', 'Opening hours', 'usr_456', "
            + n(t0 + 3600 * kS) + ", " + n(t0 + 3602 * kS) + ", 1, 'chat', 0)");
    ids.quietConversation = ws.db().lastInsertRowId();
    for (qint64 id : {ids.audio, ids.asr1, ids.asr2, ids.image, ids.planner, ids.retrieval, ids.llm, ids.tool,
             ids.handoff, ids.continuation, ids.continuationLlm, ids.paymentsLog, ids.email, ids.followUp})
        exec(ws, "INSERT INTO conversation_items VALUES(" + n(ids.conversation) + ", " + n(id) + ")");
    exec(ws, "INSERT INTO conversation_items VALUES(" + n(ids.quietConversation) + ", " + n(ids.quietLlm) + ")");

    exec(ws,
        "INSERT INTO edges(from_item, to_item, rule, weight, evidence) VALUES(" + n(ids.planner) + ", " + n(ids.llm)
            + ", 'trace_parent', 1.0, 'same trace 4bf92f35…, parent span 00f067aa0ba902b7')");
    exec(ws,
        "INSERT INTO edges(from_item, to_item, rule, weight, evidence) VALUES(" + n(ids.tool) + ", "
            + n(ids.paymentsLog)
            + ", 'rare_values_time', 0.8, 'account ACC-0192 and amount 250.00 in the tool arguments and the API log "
              "line, 410 ms apart after skew correction')");
    exec(ws,
        "INSERT INTO edges(from_item, to_item, rule, weight, evidence, suggested) VALUES(" + n(ids.handoff) + ", "
            + n(ids.continuation)
            + ", 'handoff_continuation', 0.9, 'rootless billing-specialist trace starts 1.3 s after the handoff', 1)");
    ids.suggestedEdge = ws.db().lastInsertRowId();
    exec(ws,
        "INSERT INTO findings(kind, severity, conversation_id, item_id, related_item_id, confidence, explanation, "
        "evidence) VALUES('broken_handoff', 'error', "
            + n(ids.conversation) + ", " + n(ids.handoff) + ", " + n(ids.continuation)
            + ", 0.9, 'planner handed off to billing-specialist but no span of it appears under the handoff', "
              "'rootless billing-specialist trace starts 1.3 s later')");
    exec(ws,
        "INSERT INTO findings(kind, severity, conversation_id, item_id, confidence, explanation) "
        "VALUES('delivery_failure', 'error', "
            + n(ids.conversation) + ", " + n(ids.email) + ", 1.0, 'email to ana@example.com bounced: mailbox full')");
    exec(ws,
        "INSERT INTO findings(kind, severity, conversation_id, source_id, confidence, offset_ms, explanation) "
        "VALUES('clock_skew', 'warning', "
            + n(ids.conversation)
            + ", (SELECT id FROM sources WHERE path = 'logs/payments-api.jsonl'), 0.8, 412, "
              "'payments-api.jsonl runs 412 ms ahead')");
    return ids;
}

qint64 addBusyConversation(Workspace &ws, int count, qint64 spanNs)
{
    WorkspaceWriter w(ws);
    begin(w, "busy-" + std::to_string(count) + ".jsonl", "jsonl-log");
    const qint64 t0 = *TimestampParser::parseText("2025-03-01T00:00:00Z");
    const ItemKind kinds[] = {ItemKind::Llm, ItemKind::Tool, ItemKind::Log, ItemKind::Retrieval, ItemKind::Log};
    std::vector<qint64> ids;
    ids.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        const qint64 s = t0 + spanNs / count * i;
        Item it = make(kinds[i % 5], "line:" + std::to_string(i + 1), "step " + std::to_string(i), s,
            s + spanNs / count * 3, i % 97 == 0 ? 2 : 1);
        ids.push_back(w.addItem(it));
    }
    w.commitSource();
    exec(ws,
        "INSERT INTO conversations(key, start_ns, end_ns, item_count) VALUES('busy-" + std::to_string(count) + "', "
            + n(t0) + ", " + n(t0 + spanNs) + ", " + n(count) + ")");
    const qint64 conv = ws.db().lastInsertRowId();
    exec(ws,
        "INSERT INTO conversation_items SELECT " + n(conv)
            + ", id FROM items WHERE source_id = (SELECT id FROM sources WHERE path = 'busy-" + std::to_string(count)
            + ".jsonl')");
    return conv;
}

} // namespace GuiTestWorkspace
