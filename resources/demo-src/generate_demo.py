#!/usr/bin/env python3
"""Writes the bundled demo case into resources/demo/ (committed; run again only to change it).

The story: Dana Whitfield calls Northwind Broadband's voice agent. Her internet keeps dropping
and she was charged twice. She uploads a photo of the router lights, the planner agent resets
the router (a tool call) and hands the double charge to a billing specialist agent that runs in
another backend: its trace is rootless (context lost at the handoff). The specialist issues a
refund through the payments API (its own correlation id, a clock 380 ms fast), the ledger
service rejects it downstream, and the confirmation email bounces. Two unrelated, healthy
conversations of other customers are mixed in as background.

Needs espeak-ng and sox for the recording (apt-get install espeak-ng sox); everything else is
the Python standard library. Deterministic apart from the synthesized audio.
"""
import base64, json, os, random, struct, subprocess, tempfile, wave, zlib
from datetime import datetime, timedelta, timezone

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "demo")
rng = random.Random(20261120)

def hexid(n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))

def iso(t, digits=3):
    s = t.strftime("%Y-%m-%dT%H:%M:%S.%f")
    return s[: 20 + digits] + "Z" if digits else t.strftime("%Y-%m-%dT%H:%M:%SZ")

def ns(t):
    return str(int(t.timestamp() * 1_000_000) * 1000)

def write(rel, text):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)

def jsonl(rows):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)

# ---------------------------------------------------------------------------------------------
# Who and when
CALL = "CA7f3e9b21d04c"
CONV = "conv_8f2a61"
USER, EMAIL, PHONE, ACCOUNT = "usr_4821", "dana.whitfield@example.net", "+14155550142", "ACC-77120"
UPLOAD = "upl_5d91c2"
CALL_START = datetime(2026, 11, 20, 14, 2, 0, tzinfo=timezone.utc)
REC_START = CALL_START + timedelta(milliseconds=500)
SKEW = timedelta(milliseconds=380)  # the payments API's clock runs fast

UTTERANCES = [
    ("agent", "Thanks for calling Northwind Broadband. I'm the virtual assistant. How can I help?"),
    ("caller", "Hi. My internet keeps dropping, and I was charged twice this month."),
    ("agent", "Sorry about that. Could you send a photo of the router lights? I've texted you an upload link."),
    ("caller", "Okay, I just uploaded the photo."),
    ("agent", "Thanks. The red light means the line lost sync. I'm resetting your router now."),
    ("caller", "And the double charge?"),
    ("agent", "I'm passing you to our billing specialist for the duplicate charge."),
    ("agent", "Your router has been reset, and the duplicate charge of 42 dollars 50 is being refunded. "
              "You will get a confirmation email shortly."),
    ("caller", "Great, thanks."),
]
# Pauses after each utterance (seconds): the caller's photo upload and the agents' work take time.
PAUSES = [1.0, 2.2, 5.5, 2.0, 2.0, 1.2, 6.0, 1.5, 1.0]

# ---------------------------------------------------------------------------------------------
# The recording: synthesized speech laid out on one 8 kHz mono track.
RATE = 8000

def synth(text, voice):
    with tempfile.TemporaryDirectory() as d:
        raw, low = os.path.join(d, "a.wav"), os.path.join(d, "b.wav")
        subprocess.run(["espeak-ng", "-v", voice, "-s", "165", "-w", raw, text], check=True)
        subprocess.run(["sox", raw, "-r", str(RATE), "-c", "1", "-b", "16", low], check=True)
        with wave.open(low) as w:
            return w.readframes(w.getnframes())

segments, pcm, t = [], bytearray(), 0.4
pcm += b"\0\0" * int(t * RATE)
for (speaker, text), pause in zip(UTTERANCES, PAUSES):
    audio = synth(text, "en-us+f3" if speaker == "agent" else "en-us+m3")
    dur = len(audio) / 2 / RATE
    segments.append({"speaker": speaker, "text": text, "start": round(t, 2), "end": round(t + dur, 2)})
    pcm += audio + b"\0\0" * int(pause * RATE)
    t += dur + pause
rec_name = f"rec_{CALL}.wav"
os.makedirs(os.path.join(OUT, "media"), exist_ok=True)
with wave.open(os.path.join(OUT, "media", rec_name), "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(RATE); w.writeframes(bytes(pcm))
REC_SECONDS = len(pcm) / 2 / RATE

def seg_t(i, edge="end"):
    return REC_START + timedelta(seconds=segments[i][edge])

# The ASR transcript: relative times only; the telephony log's recording event anchors it.
write(f"asr/call_{CALL}.whisper.json", json.dumps({
    "text": " ".join(s["text"] for s in segments), "language": "en",
    "segments": [{"id": i, "seek": 0, "start": s["start"], "end": s["end"], "text": " " + s["text"],
                  "speaker": s["speaker"], "avg_logprob": round(-0.12 - rng.random() * 0.2, 3),
                  "no_speech_prob": 0.01} for i, s in enumerate(segments)]}, indent=1) + "\n")

# ---------------------------------------------------------------------------------------------
# Telephony events (the carrier's webhook log).
CALL_END = REC_START + timedelta(seconds=REC_SECONDS + 0.4)
write("telephony/voice-gateway-events.jsonl", jsonl([
    {"timestamp": iso(CALL_START), "event": "call.initiated", "CallSid": CALL, "From": PHONE, "To": "+18005550100",
     "Direction": "inbound"},
    {"timestamp": iso(CALL_START + timedelta(milliseconds=120)), "event": "call.answered", "CallSid": CALL,
     "AnsweredBy": "voice-agent"},
    {"timestamp": iso(REC_START), "event": "recording.started", "CallSid": CALL, "RecordingSid": "RE" + hexid(12),
     "RecordingFile": rec_name},
    {"timestamp": iso(CALL_END), "event": "call.completed", "CallSid": CALL,
     "CallDuration": int((CALL_END - CALL_START).total_seconds())},
]))

# ---------------------------------------------------------------------------------------------
# The voice agent's own turn log (chat surface): its own turn ids, the conversation id.
turns = []
for i, s in enumerate(segments):
    turns.append({"ts": iso(seg_t(i)), "conversationId": CONV, "turnId": f"t-{i + 1:02d}",
                  "role": "assistant" if s["speaker"] == "agent" else "user", "channel": "voice", "text": s["text"]})

# ---------------------------------------------------------------------------------------------
# The screenshot upload and its picture.
def png(width, height, pixel):
    rows = b"".join(b"\0" + bytes(c for x in range(width) for c in pixel(x, y)) for y in range(height))
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))

def router(x, y):
    # A router front panel: dark body, four status LEDs, the WAN one red.
    if 60 <= x < 420 and 110 <= y < 210:
        for i, colour in enumerate([(40, 220, 90), (40, 220, 90), (235, 40, 40), (40, 220, 90)]):
            cx, cy = 130 + i * 75, 160
            if (x - cx) ** 2 + (y - cy) ** 2 < 14 ** 2:
                return colour
        return (38, 42, 48)
    shade = 200 + (y * 40) // 320
    return (shade, shade, min(255, shade + 10))

upload_at = seg_t(3, "start") - timedelta(milliseconds=1500)
with open(os.path.join(OUT, "media", f"{UPLOAD}_router-lights.png"), "wb") as f:
    f.write(png(480, 320, router))
write("uploads/upload-service.jsonl", jsonl([
    {"time": iso(upload_at - timedelta(seconds=9)), "level": "info", "msg": "upload link sent", "uploadId": UPLOAD,
     "userId": USER, "via": "sms"},
    {"time": iso(upload_at), "level": "info", "msg": "upload stored", "uploadId": UPLOAD, "userId": USER,
     "fileName": f"{UPLOAD}_router-lights.png", "contentType": "image/png", "bytes": 5123},
]))

# ---------------------------------------------------------------------------------------------
# The planner agent's OTLP trace (voice-agent service).
def kv(key, value):
    if isinstance(value, bool):
        return {"key": key, "value": {"boolValue": value}}
    if isinstance(value, int):
        return {"key": key, "value": {"intValue": str(value)}}
    if isinstance(value, float):
        return {"key": key, "value": {"doubleValue": value}}
    if not isinstance(value, str):
        value = json.dumps(value)
    return {"key": key, "value": {"stringValue": value}}

def span(trace, sid, parent, name, kind, start, end, attrs, status=0, message=""):
    s = {"traceId": trace, "spanId": sid, "parentSpanId": parent or "", "name": name, "kind": kind,
         "startTimeUnixNano": ns(start), "endTimeUnixNano": ns(end), "attributes": [kv(k, v) for k, v in attrs.items()],
         "status": {"code": status}}
    if message:
        s["status"]["message"] = message
    return s

def request(service, spans):
    return {"resourceSpans": [{"resource": {"attributes": [kv("service.name", service),
                                                            kv("deployment.environment", "prod")]},
                               "scopeSpans": [{"scope": {"name": "northwind.agents", "version": "3.4.1"},
                                               "spans": spans}]}]}

def msgs(role, *parts):
    return [{"role": role, "parts": list(parts)}]

def text(t):
    return {"type": "text", "content": t}

SYSTEM = "You are Northwind Broadband's support assistant. Be brief. Use tools for account actions."
def llm(trace, parent, start, dur, inp, out, extra=None, in_tok=640, out_tok=48):
    a = {"gen_ai.operation.name": "chat", "gen_ai.provider.name": "openai", "gen_ai.request.model": "gpt-4o",
         "gen_ai.response.model": "gpt-4o-2024-11-20", "gen_ai.response.id": "chatcmpl-" + hexid(10),
         "gen_ai.conversation.id": CONV, "gen_ai.agent.name": "Support Planner",
         "gen_ai.usage.input_tokens": in_tok, "gen_ai.usage.output_tokens": out_tok,
         "llm.prompt_template.template": "{system}\n{history}\nCustomer: {utterance}",
         "llm.prompt_template.version": "v12", "gen_ai.prompt.name": "support-triage",
         "gen_ai.system_instructions": json.dumps([text(SYSTEM)]),
         "gen_ai.input.messages": json.dumps(inp), "gen_ai.output.messages": json.dumps(out)}
    a.update(extra or {})
    return span(trace, hexid(16), parent, "chat gpt-4o", 3, start, start + timedelta(seconds=dur), a)

T1 = hexid(32)
root_id = hexid(16)
spans = []
t0 = CALL_START + timedelta(milliseconds=150)
# turn 1: the complaint
s = seg_t(1) + timedelta(milliseconds=250)
spans.append(llm(T1, root_id, s, 1.1, msgs("user", text(UTTERANCES[1][1])),
                 [{"role": "assistant", "finish_reason": "stop", "parts": [text(UTTERANCES[2][1])]}]))
# turn 2: the photo → retrieval → model → reset_router tool
s = seg_t(3) + timedelta(milliseconds=200)
ret_id = hexid(16)
spans.append(span(T1, ret_id, root_id, "retrieval kb-search", 3, s, s + timedelta(milliseconds=180), {
    "gen_ai.operation.name": "retrieval", "gen_ai.conversation.id": CONV,
    "gen_ai.retrieval.query.text": "router red WAN light internet dropping",
    "gen_ai.retrieval.documents": json.dumps([
        {"id": "kb-router-114", "score": 0.83, "content": "A solid red WAN light means the line lost sync. "
         "A remote reset usually restores service within two minutes."},
        {"id": "kb-billing-007", "score": 0.41, "content": "Duplicate charges are refunded by the billing team."}])}))
s2 = s + timedelta(milliseconds=220)
spans.append(llm(T1, root_id, s2, 1.4,
                 msgs("user", text(UTTERANCES[3][1]), {"type": "file", "mime_type": "image/png", "modality": "image",
                                                        "file_id": UPLOAD}),
                 [{"role": "assistant", "finish_reason": "tool_call", "parts": [
                     {"type": "tool_call", "id": "call_Q8x2", "name": "reset_router",
                      "arguments": {"account_id": ACCOUNT, "reason": "WAN sync lost"}}]}], in_tok=1210, out_tok=31))
s3 = s2 + timedelta(milliseconds=1500)
spans.append(span(T1, hexid(16), root_id, "execute_tool reset_router", 1, s3, s3 + timedelta(milliseconds=1900), {
    "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "reset_router", "gen_ai.tool.call.id": "call_Q8x2",
    "gen_ai.tool.call.arguments": json.dumps({"account_id": ACCOUNT, "reason": "WAN sync lost"}),
    "gen_ai.tool.call.result": json.dumps({"status": "reset_sent", "eta_seconds": 90})}))
s4 = seg_t(4, "start") - timedelta(milliseconds=900)
spans.append(llm(T1, root_id, s4, 0.8, [{"role": "tool", "parts": [{"type": "tool_call_response", "id": "call_Q8x2",
                                                                     "response": {"status": "reset_sent"}}]}],
                 [{"role": "assistant", "finish_reason": "stop", "parts": [text(UTTERANCES[4][1])]}]))
# turn 3: the double charge → handoff to the billing specialist (another backend)
s5 = seg_t(5) + timedelta(milliseconds=250)
spans.append(llm(T1, root_id, s5, 1.0, msgs("user", text(UTTERANCES[5][1])),
                 [{"role": "assistant", "finish_reason": "tool_call", "parts": [
                     text(UTTERANCES[6][1]),
                     {"type": "tool_call", "id": "call_H7d1", "name": "transfer_to_billing_specialist",
                      "arguments": {"reason": "duplicate charge"}}]}]))
handoff_start = seg_t(6) + timedelta(milliseconds=100)
handoff_end = handoff_start + timedelta(milliseconds=160)
spans.append(span(T1, hexid(16), root_id, "invoke_agent Billing Specialist", 3, handoff_start, handoff_end, {
    "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "Billing Specialist",
    "gen_ai.agent.handoff.source.name": "Support Planner", "gen_ai.agent.handoff.target.name": "Billing Specialist",
    "gen_ai.conversation.id": CONV, "server.address": "billing-agents.internal", "gen_ai.tool.call.id": "call_H7d1"}))
# turn 4: the final answer
s6 = seg_t(7, "start") - timedelta(milliseconds=1200)
spans.append(llm(T1, root_id, s6, 1.0, [{"role": "user", "parts": [text("(billing specialist finished)")]}],
                 [{"role": "assistant", "finish_reason": "stop", "parts": [text(UTTERANCES[7][1])]}]))
root = span(T1, root_id, None, "invoke_agent Support Planner", 1, t0, CALL_END, {
    "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "Support Planner", "gen_ai.conversation.id": CONV,
    "user.id": USER, "voice.call_sid": CALL, "channel": "voice"})
planner_requests = [request("voice-agent", [root] + spans)]

# ---------------------------------------------------------------------------------------------
# The billing specialist: OpenAI Agents SDK export from another backend. Its trace is rootless
# (no link back to the planner) and carries only the customer's email in its metadata.
spec_start = handoff_end + timedelta(milliseconds=420)
TR = "trace_" + hexid(32)
def sid():
    return "span_" + hexid(24)
agent_span = sid()
def sdk_span(span_id, parent, start, end, data, error=None):
    return {"object": "trace.span", "id": span_id, "trace_id": TR, "parent_id": parent,
            "started_at": start.isoformat(), "ended_at": end.isoformat(), "span_data": data, "error": error}
g_start = spec_start + timedelta(milliseconds=60)
g_end = g_start + timedelta(milliseconds=1350)
refund_start = g_end + timedelta(milliseconds=40)
refund_end = refund_start + timedelta(milliseconds=820)
mail_start = refund_end + timedelta(milliseconds=60)
mail_end = mail_start + timedelta(milliseconds=380)
spec = [
    {"object": "trace", "id": TR, "workflow_name": "Billing Specialist", "group_id": None,
     "metadata": {"customer_email": EMAIL, "source": "handoff"}},
    sdk_span(agent_span, None, spec_start, mail_end + timedelta(milliseconds=50),
             {"type": "agent", "name": "Billing Specialist", "handoffs": [], "tools": ["issue_refund",
              "send_followup_email"], "output_type": "str"}),
    sdk_span(sid(), agent_span, g_start, g_end, {
        "type": "generation", "model": "gpt-4o-mini-2024-07-18", "model_config": {"temperature": 0.2},
        "input": [{"role": "system", "content": "You are the billing specialist. Refund duplicate charges."},
                  {"role": "user", "content": f"Customer {EMAIL} reports a duplicate charge of 42.50 USD."}],
        "output": [{"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_R2p9", "type": "function", "function": {"name": "issue_refund", "arguments": json.dumps(
                {"account_id": ACCOUNT, "amount": "42.50", "currency": "USD"})}}]}],
        "usage": {"input_tokens": 402, "output_tokens": 37}}),
    sdk_span(sid(), agent_span, refund_start, refund_end, {
        "type": "function", "name": "issue_refund",
        "input": json.dumps({"account_id": ACCOUNT, "amount": "42.50", "currency": "USD"}),
        "output": json.dumps({"status": "accepted", "refund_request": "pending"})}),
    sdk_span(sid(), agent_span, mail_start, mail_end, {
        "type": "function", "name": "send_followup_email",
        "input": json.dumps({"to": EMAIL, "template": "refund-confirmation"}), "output": "queued"}),
]

# ---------------------------------------------------------------------------------------------
# The payments API log (own correlation id, clock 380 ms fast) and the ledger downstream.
PAY = "pay-3c1e9f"
pay_rx = refund_start + timedelta(milliseconds=25)
payments = [
    {"@timestamp": iso(pay_rx + SKEW), "level": "INFO", "service": "payments-api", "corrId": PAY,
     "http": {"method": "POST", "path": "/v1/refunds"}, "account": ACCOUNT, "amount": "42.50", "msg": "refund requested"},
    {"@timestamp": iso(pay_rx + timedelta(milliseconds=410) + SKEW), "level": "INFO", "service": "payments-api",
     "corrId": PAY, "http": {"method": "POST", "path": "/v1/refunds", "status": 202}, "ledgerRef": "ldg_" + PAY[4:],
     "msg": "refund accepted, forwarded to ledger"},
]
ledger_at = pay_rx + timedelta(milliseconds=1900)
ledger = [
    f'ts={iso(ledger_at)} level=info svc=ledger payment_ref={PAY} msg="refund received" account={ACCOUNT}',
    f'ts={iso(ledger_at + timedelta(milliseconds=640))} level=error svc=ledger payment_ref={PAY} '
    f'msg="refund rejected: original charge still settling" code=LEDGER_409',
]

# ---------------------------------------------------------------------------------------------
# The email provider's webhook events (SendGrid shape).
mail_sent = mail_end + timedelta(milliseconds=700)
def sg(t, event, email, msg_id, **extra):
    e = {"email": email, "timestamp": int(t.timestamp()), "event": event, "sg_event_id": hexid(22),
         "sg_message_id": msg_id, "smtp-id": f"<{msg_id}@northwind.example>", "category": ["support-followup"]}
    e.update(extra)
    return e
MSG = "msg_" + hexid(14)

# ---------------------------------------------------------------------------------------------
# Background: two healthy conversations of other customers.
bg_planner, bg_turns, bg_email, bg_pay = [], [], [], []  # noqa
for (user, email, conv, start, question, answer, account, tool, args, method, path) in [
    ("usr_3307", "mia.chen@example.com", "conv_1c77d0", datetime(2026, 11, 20, 13, 41, 5, tzinfo=timezone.utc),
     "Does my plan include the streaming add-on?", "Yes, your Plus plan includes the streaming add-on at no cost.",
     "ACC-20931", "get_plan_addons", {}, "GET", "/v1/accounts/ACC-20931/plan"),
    ("usr_5150", "omar.haddad@example.org", "conv_a93e44", datetime(2026, 11, 20, 14, 31, 40, tzinfo=timezone.utc),
     "Can you move my payment date to the 5th?", "Done: from next month your payment date is the 5th.",
     "ACC-55310", "update_billing_day", {"day": 5}, "PATCH", "/v1/accounts/ACC-55310/billing-day"),
]:
    tr, r = hexid(32), hexid(16)
    q_at, a_at = start, start + timedelta(seconds=4)
    sp = [span(tr, r, None, "invoke_agent Support Planner", 1, q_at, a_at + timedelta(seconds=1), {
        "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "Support Planner", "gen_ai.conversation.id": conv,
        "user.id": user, "channel": "web"})]
    sp.append(llm(tr, r, q_at + timedelta(milliseconds=300), 1.2, msgs("user", text(question)),
                  [{"role": "assistant", "finish_reason": "tool_call", "parts": [
                      {"type": "tool_call", "id": "call_" + hexid(4), "name": tool,
                       "arguments": dict(account_id=account, **args)}]}]))
    tool_at = q_at + timedelta(milliseconds=1600)
    sp.append(span(tr, hexid(16), r, "execute_tool " + tool, 1, tool_at, tool_at + timedelta(milliseconds=600), {
        "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": tool,
        "gen_ai.tool.call.arguments": json.dumps(dict(account_id=account, **args)),
        "gen_ai.tool.call.result": json.dumps({"status": "ok"})}))
    # The tool's call reaches the payments API 25 ms later by the true clock.
    bg_pay.append({"@timestamp": iso(tool_at + timedelta(milliseconds=25) + SKEW), "level": "INFO",
                   "service": "payments-api", "corrId": "pay-" + hexid(6),
                   "http": {"method": method, "path": path, "status": 200}, "account": account,
                   "msg": "account request"})
    sp.append(llm(tr, r, q_at + timedelta(milliseconds=2400), 1.3, [{"role": "tool", "parts": [
        {"type": "tool_call_response", "id": "call", "response": {"status": "ok"}}]}],
                  [{"role": "assistant", "finish_reason": "stop", "parts": [text(answer)]}]))
    for k in sp:
        for a in k["attributes"]:
            if a["key"] == "gen_ai.conversation.id":
                a["value"]["stringValue"] = conv
    bg_planner.append(request("voice-agent", sp))
    bg_turns += [{"ts": iso(q_at), "conversationId": conv, "turnId": "t-01", "role": "user", "channel": "web",
                  "text": question},
                 {"ts": iso(a_at), "conversationId": conv, "turnId": "t-02", "role": "assistant", "channel": "web",
                  "text": answer}]
    m = "msg_" + hexid(14)
    bg_email += [sg(a_at + timedelta(seconds=30), "processed", email, m),
                 sg(a_at + timedelta(seconds=32), "delivered", email, m, response="250 OK")]
# Noise: payments traffic of nobody in this case, and a health check.
for i in range(3):
    at = CALL_START + timedelta(minutes=-20 + i * 17, seconds=rng.randint(0, 50))
    bg_pay.append({"@timestamp": iso(at + SKEW), "level": "INFO", "service": "payments-api",
                   "corrId": "pay-" + hexid(6), "http": {"method": "GET", "path": "/v1/health", "status": 200},
                   "msg": "health check"})

write("traces/voice-agent.otlp.jsonl", jsonl(sorted(planner_requests + bg_planner,
      key=lambda r: r["resourceSpans"][0]["scopeSpans"][0]["spans"][0]["startTimeUnixNano"])))
write("traces/billing-specialist.agents.jsonl", jsonl(spec))
write("chat/voice-agent-turns.jsonl", jsonl(sorted(turns + bg_turns, key=lambda r: r["ts"])))
write("logs/payments-api.jsonl", jsonl(sorted(payments + bg_pay, key=lambda r: r["@timestamp"])))
write("logs/ledger-service.log", "\n".join(ledger) + "\n")
write("email/sendgrid-events.json", json.dumps(sorted(bg_email + [
    sg(mail_sent, "processed", EMAIL, MSG),
    sg(mail_sent + timedelta(seconds=2), "bounce", EMAIL, MSG, reason="552 5.2.2 mailbox full", status="5.2.2",
       type="bounce"),
], key=lambda e: e["timestamp"]), indent=1) + "\n")
write("directory/customers.json", json.dumps([
    {"customer_id": USER, "name": "Dana Whitfield", "email": EMAIL, "phone": "+1 415-555-0142", "account": ACCOUNT,
     "plan": "Fiber 500"},
    {"customer_id": "usr_3307", "name": "Mia Chen", "email": "mia.chen@example.com", "phone": "+1 212-555-0188",
     "account": "ACC-20931", "plan": "Plus"},
    {"customer_id": "usr_5150", "name": "Omar Haddad", "email": "omar.haddad@example.org", "phone": "+44 20 7946 0321",
     "account": "ACC-55310", "plan": "Basic"},
], indent=1) + "\n")
write("../demo-src/README.md", f"""# Demo case: "the fix did not work and the email never came"

Generated by `resources/demo-src/generate_demo.py`. Dana Whitfield ({USER}, {EMAIL}, {PHONE})
called on 2026-11-20 at 14:02 UTC (call {CALL}). Files, each from a different system:

| file | system | joins through |
|---|---|---|
| telephony/voice-gateway-events.jsonl | carrier webhooks | CallSid, caller phone, recording file name |
| media/{rec_name} | call recording ({REC_SECONDS:.0f} s, 8 kHz) | call id in the file name |
| asr/call_{CALL}.whisper.json | ASR transcript, relative times | call id in the file name; same utterances as the turn log |
| chat/voice-agent-turns.jsonl | the voice surface's turn log | conversationId, utterance text |
| uploads/upload-service.jsonl, media/{UPLOAD}_router-lights.png | screenshot upload | uploadId appears only inside the LLM input messages |
| traces/voice-agent.otlp.jsonl | planner agent (OTLP) | gen_ai.conversation.id, user.id, voice.call_sid |
| traces/billing-specialist.agents.jsonl | specialist agent (OpenAI Agents SDK), **rootless trace** | agent name, customer email, time after the handoff |
| logs/payments-api.jsonl | payments API, own corrId, **clock 380 ms fast** | account + amount in the refund tool call |
| logs/ledger-service.log | ledger (logfmt), downstream | payment_ref = the API's corrId; **refund rejected** |
| email/sendgrid-events.json | email provider | recipient address; **bounce** |
| directory/customers.json | customer directory | user id ↔ email ↔ phone ↔ account |
""")
print("demo written to", os.path.normpath(OUT))
