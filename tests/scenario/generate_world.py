#!/usr/bin/env python3
"""Writes a synthetic support "world" as real-format files plus its ground truth.

Stories (see issue 4): voice calls (telephony JSONL keyed by call id and caller phone, a
whisper transcript with relative times, a recording named after the call), screenshot
uploads whose id appears only inside the LLM input messages, tool calls whose API log has its
own correlation id and a skewed clock plus a downstream logfmt log keyed by the API's id,
email provider events for the user's address, planner traces (OTLP JSON lines or Agents SDK
JSONL) handing off to a specialist whose spans sit in another file (same trace, or a new
rootless/unparented trace when the handoff is broken), background noise that belongs to no
conversation, users with several conversations on one day.

Usage: generate_world.py OUT_DIR [--seed N] [--conversations N] [--broken-rate R]
                         [--spelling snake|camel|kebab|nested] [--planner otlp|agents]

Besides the files, OUT_DIR/truth.json holds the ground truth and OUT_DIR/../<name>.items.jsonl
the items an importer is expected to produce (used by tests before the importers exist).
Python 3 standard library only.
"""
import argparse
import json
import os
import random
import struct
import sys
from datetime import datetime, timezone

WORDS = ("amber harbor cobalt willow granite meadow copper lantern falcon orchid saffron tundra velvet quartz "
         "juniper beacon cinder maple onyx prairie summit thistle walnut zephyr basil cedar dune ember fjord "
         "glacier hazel indigo jasper kelp lotus marble nectar opal pebble").split()
PRODUCTS = ["fiber plan", "router rental", "streaming add-on", "mobile bundle", "travel insurance", "premium support",
            "cloud backup", "smart thermostat", "phone upgrade", "family plan"]
SPECIALISTS = ["Billing Specialist", "Claims Agent", "Travel Desk", "Tech Support Agent"]
FIRST = ["Dana", "Mia", "Omar", "Lena", "Ravi", "Sofia", "Tom", "Yuki", "Ana", "Ben", "Chloe", "Diego", "Eva", "Femi"]
LAST = ["Whitfield", "Chen", "Haddad", "Novak", "Patel", "Rossi", "Berg", "Sato", "Silva", "Okafor", "Dubois"]


class World:
    def __init__(self, args):
        self.rng = random.Random(args.seed)
        self.args = args
        self.out = args.out
        self.files = {}  # path -> list of records (JSON objects or text lines)
        self.kinds = {}  # path -> "jsonl" | "json" | "logfmt" | "otlp" | "raw"
        self.truth_items = {}  # (source, ref) -> conversation id
        self.truth_sources = {}  # source -> conversation id (whole file belongs to it)
        self.noise = []
        self.expected = []  # expected items for the direct (importer-free) path
        self.broken = []
        self.ok_handoffs = []
        self.skew = {}
        self.users = []
        day = 10 + args.seed % 15
        self.day0 = int(datetime(2026, 3, day, 8, 0, tzinfo=timezone.utc).timestamp()) * 10**9
        sp = args.spelling
        self.sp = sp
        self.ts_shape = ["iso_z", "iso_off", "epoch_ms", "epoch_s"][args.seed % 4]

    # ---- helpers -------------------------------------------------------------------------
    def hex(self, n):
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def field(self, family):
        """One spelling of an id field for this world's chat/upload/API logs."""
        names = {"conversation": ("conversation_id", "conversationId", "conversation-id", ("conversation", "id")),
                 "user": ("user_id", "userId", "user-id", ("user", "id")),
                 "turn": ("turn_id", "turnId", "turn-id", ("turn", "id")),
                 "upload": ("upload_id", "uploadId", "upload-id", ("upload", "id")),
                 "request": ("correlation_id", "corrId", "x-correlation-id", ("correlation", "id")),
                 "account": ("account_no", "accountId", "account-id", ("account", "number")),
                 }[family]
        return names[("snake", "camel", "kebab", "nested").index(self.sp)]

    def put(self, rec, family, value):
        f = self.field(family)
        if isinstance(f, tuple):
            rec.setdefault(f[0], {})[f[1]] = value
        else:
            rec[f] = value

    def ts(self, ns, shape=None):
        shape = shape or self.ts_shape
        if shape == "iso_z":
            dt = datetime.fromtimestamp(ns // 10**9, tz=timezone.utc)
            return dt.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % ((ns // 10**6) % 1000)
        if shape == "iso_off":
            dt = datetime.fromtimestamp(ns // 10**9, tz=timezone.utc)
            return dt.strftime("%Y-%m-%dT%H:%M:%S") + ".%06d+00:00" % ((ns // 10**3) % 10**6)
        if shape == "epoch_ms":
            return ns // 10**6
        return round(ns / 1e9, 3)

    def add(self, path, kind, rec, conv, item):
        """Appends a record; returns its ref. conv None = noise."""
        lst = self.files.setdefault(path, [])
        self.kinds[path] = kind
        lst.append(rec)
        if kind in ("jsonl", "logfmt"):
            ref = "line:%d" % len(lst)
        elif kind == "json":
            ref = "record:%d" % (len(lst) - 1)
        else:
            ref = item["ref"]
        if item is not None:
            item = dict(item)
            item["ref"] = ref
            self.expected.append({"source": path, "item": item})
        if conv is None:
            self.noise.append([path, ref])
        else:
            self.truth_items[(path, ref)] = conv
        return ref

    def utter(self, acct, amount, product):
        a, b = self.rng.sample(WORDS, 2)
        templates = [
            f"I was charged {amount} twice for my {product} and the {a} {b} promo never applied",
            f"my {product} stopped working after the {a} {b} update and I need a refund of {amount}",
            f"can you check account {acct} because the {product} bill shows {amount} with a {a} {b} fee",
            f"the {a} {b} technician never came for my {product} and you still billed {amount}",
        ]
        return self.rng.choice(templates)

    def answer(self, amount, product):
        a, b = self.rng.sample(WORDS, 2)
        return self.rng.choice([
            f"I am sorry about the {product}; I refunded {amount} and noted the {a} {b} issue on your file",
            f"Thanks for waiting, the {a} {b} charge on your {product} is reversed and {amount} is on its way",
            f"I have opened a {a} {b} ticket for the {product} and a refund of {amount} will follow by email",
        ])

    def asr_variant(self, text):
        words = text.lower().replace(",", "").replace(";", "").split()
        if len(words) > 6 and self.rng.random() < 0.5:
            i = self.rng.randrange(len(words))
            words[i] = {"the": "a", "and": "an"}.get(words[i], words[i])
        return " ".join(words)

    # ---- spans -----------------------------------------------------------------------------
    def otlp_span(self, path, service, trace, span, parent, name, kind, start, end, attrs, conv, item_kind, actor,
                  keys, detail, text="", status=0, remote=False):
        def val(v):
            if isinstance(v, bool):
                return {"boolValue": v}
            if isinstance(v, int):
                return {"intValue": str(v)}
            if isinstance(v, float):
                return {"doubleValue": v}
            return {"stringValue": v}
        s = {"traceId": trace, "spanId": span, "parentSpanId": parent or "", "name": name, "kind": kind,
             "startTimeUnixNano": str(start), "endTimeUnixNano": str(end),
             "attributes": [{"key": k, "value": val(v)} for k, v in attrs.items()],
             "status": {"code": status}}
        if remote:
            s["flags"] = 0x300 | 1
        rec = {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": service}}]},
                                  "scopeSpans": [{"scope": {"name": "agents"}, "spans": [s]}]}]}
        ref = "span:%s/%s" % (trace, span)
        item = {"ref": ref, "kind": item_kind, "name": name, "actor": actor, "start_ns": start, "end_ns": end,
                "trace_id": trace, "span_id": span, "parent_span_id": parent or "", "status": status,
                "parent_remote": remote, "keys": keys, "detail": detail, "text": text, "attrs": attrs}
        return self.add(path, "otlp", rec, conv, item)

    def agents_trace(self, path, trace, group, conv, keys):
        rec = {"object": "trace", "id": trace, "workflow_name": "Support", "group_id": group, "metadata": {}}
        self.files.setdefault(path, []).append(rec)
        self.kinds[path] = "agents"

    def agents_span(self, path, trace, span, parent, start, end, data, conv, item_kind, name, actor, keys, detail,
                    text="", error=None):
        rec = {"object": "trace.span", "id": span, "trace_id": trace, "parent_id": parent,
               "started_at": self.ts(start, "iso_off"), "ended_at": self.ts(end, "iso_off"), "span_data": data,
               "error": error}
        ref = "span:%s/%s" % (trace, span)
        item = {"ref": ref, "kind": item_kind, "name": name, "actor": actor, "start_ns": start, "end_ns": end,
                "trace_id": trace, "span_id": span, "parent_span_id": parent or "", "status": 2 if error else 0,
                "keys": keys, "detail": detail, "text": text, "attrs": data}
        return self.add(path, "agents", rec, conv, item)

    # ---- the world -------------------------------------------------------------------------
    def build(self):
        a = self.args
        rng = self.rng
        n_users = max(3, a.conversations // 2)
        for u in range(n_users):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            uid = "usr_" + self.hex(6)
            self.users.append({"id": uid, "name": f"{first} {last}",
                               "email": f"{first.lower()}.{last.lower()}.{self.hex(3)}@example.net",
                               "phone": "+1415555%04d" % rng.randrange(10000), "account": "ACC-%05d" % rng.randrange(100000)})
        self.api_skew_ms = rng.choice([-1, 1]) * rng.randrange(200, 600)
        self.skew["logs/payments-api.jsonl"] = self.api_skew_ms
        self.skew["logs/ledger.log"] = 0
        # Conversation start times: spread over the day; each user 1-4 conversations.
        slots = sorted(rng.randrange(0, 10 * 3600) for _ in range(a.conversations))
        for i, off in enumerate(slots):
            user = self.users[rng.randrange(len(self.users))] if i >= len(self.users) // 2 else self.users[i]
            self.conversation(i, user, self.day0 + off * 10**9 + rng.randrange(10**9))
        self.write_directory()
        self.noise_records()
        self.flush()

    def conversation(self, i, user, t0):
        rng = self.rng
        a = self.args
        cid = "conv_" + self.hex(10)
        voice = rng.random() < 0.3
        truth = cid
        product = rng.choice(PRODUCTS)
        amount = "%d.%02d" % (rng.randrange(5, 900), rng.randrange(100))
        planner_path = "traces/planner.otlp.jsonl" if a.planner == "otlp" else "traces/planner.agents.jsonl"
        trace = self.hex(32) if a.planner == "otlp" else "trace_" + self.hex(32)
        sid = (lambda: self.hex(16)) if a.planner == "otlp" else (lambda: "span_" + self.hex(24))
        root = sid()
        t = t0
        call = None
        convkeys = [["conversation", cid, "gen_ai.conversation.id"], ["user", user["id"], "user.id"]]
        if a.planner == "agents":
            self.agents_trace(planner_path, trace, cid, truth, [])
        # voice: telephony + recording + transcript
        segments = []
        if voice:
            call = "CA" + self.hex(14)
            self.add("voice/telephony.jsonl", "jsonl",
                     {"timestamp": self.ts(t, "iso_z"), "event": "call.initiated", "CallSid": call,
                      "From": user["phone"], "To": "+18005550100"}, truth,
                     {"kind": "log", "name": "call.initiated", "start_ns": t,
                      "keys": [["call", call, "CallSid"], ["phone", user["phone"], "From"], ["phone", "+18005550100", "To"]],
                      "text": "call.initiated"})
            rec_start = t + 400 * 10**6
            self.add("voice/telephony.jsonl", "jsonl",
                     {"timestamp": self.ts(rec_start, "iso_z"), "event": "recording.started", "CallSid": call,
                      "RecordingFile": f"rec_{call}.wav"}, truth,
                     {"kind": "log", "name": "recording.started", "start_ns": rec_start,
                      "keys": [["call", call, "CallSid"], ["id", f"rec_{call}.wav", "RecordingFile"]],
                      "text": "recording.started"})
            t = rec_start + 2 * 10**9
        # chat log + LLM turns
        chat_path = "chat/turns.jsonl"
        history = []
        nturns = rng.randrange(2, 4)
        upload_turn = rng.randrange(nturns) if rng.random() < 0.35 else -1
        tool_turn = rng.randrange(nturns) if rng.random() < 0.5 else -1
        handoff = rng.random() < 0.45
        end = t + 60 * 10**9
        span_items = []
        planner_start = t
        for k in range(nturns):
            said = self.utter(user["account"], amount, product)
            turn_id = "t-%02d-%s" % (k + 1, self.hex(4))
            if voice:
                segments.append((max(0.0, (t - (planner_start - 2 * 10**9)) / 1e9 - 1.5), self.asr_variant(said)))
            if not voice or rng.random() < 0.5:
                rec = {"ts": self.ts(t), "role": "user", "text": said}
                self.put(rec, "conversation", cid)
                self.put(rec, "turn", turn_id)
                self.put(rec, "user", user["id"])
                self.add(chat_path, "jsonl", rec, truth,
                         {"kind": "log", "start_ns": t, "text": said,
                          "keys": [["conversation", cid, "conversation_id"], ["turn", turn_id, "turn_id"],
                                   ["user", user["id"], "user_id"]]})
            t += rng.randrange(300, 900) * 10**6
            parts = [{"type": "text", "content": said}]
            if k == upload_turn:
                upl = "upl_" + self.hex(10)
                up_t = t - rng.randrange(5, 40) * 10**9
                rec = {"time": self.ts(up_t), "msg": "upload stored", "fileName": f"{upl}.png",
                       "contentType": "image/png"}
                self.put(rec, "upload", upl)
                self.put(rec, "user", user["id"])
                self.add("uploads/upload-service.jsonl", "jsonl", rec, truth,
                         {"kind": "log", "start_ns": up_t, "text": "upload stored",
                          "keys": [["upload", upl, "upload_id"], ["user", user["id"], "user_id"],
                                   ["id", upl + ".png", "fileName"]]})
                parts.append({"type": "file", "mime_type": "image/png", "modality": "image", "file_id": upl})
            history.append({"role": "user", "parts": parts})
            reply = self.answer(amount, product)
            llm_start = t
            llm_end = t + rng.randrange(600, 2500) * 10**6
            tool_args = {"account": user["account"], "amount": float(amount) if self.sp != "kebab" else amount}
            out_parts = [{"type": "text", "content": reply}]
            tcid = "call_" + self.hex(8)
            if k == tool_turn:
                out_parts.append({"type": "tool_call", "id": tcid, "name": "issue_refund", "arguments": tool_args})
            llm_keys = list(convkeys)
            if k == upload_turn:
                llm_keys.append(["id", upl, "gen_ai.input.messages.parts.file_id"])
            if call and rng.random() < 0.3:
                llm_keys.append(["call", call, "voice.call_sid"])
            detail = {"input_messages": [{"role": m["role"], "content": " ".join(p.get("content", "") for p in m["parts"])}
                                         for m in history],
                      "output_messages": [{"role": "assistant", "content": reply}],
                      "prompt": {"name": "support-triage", "version": "v%d" % (3 + i % 3)}}
            llm_id = sid()
            if self.args.planner == "otlp":
                attrs = {"gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o",
                         "gen_ai.response.model": "gpt-4o-2024-11-20", "gen_ai.conversation.id": cid,
                         "gen_ai.agent.name": "Support Planner", "gen_ai.prompt.name": "support-triage",
                         "llm.prompt_template.version": detail["prompt"]["version"],
                         "gen_ai.usage.input_tokens": 600 + 40 * k, "gen_ai.usage.output_tokens": 50,
                         "gen_ai.input.messages": json.dumps(history),
                         "gen_ai.output.messages": json.dumps([{"role": "assistant", "parts": out_parts,
                                                                "finish_reason": "stop"}])}
                if k == 0:
                    attrs["user.id"] = user["id"]
                if any(x[0] == "call" for x in llm_keys):
                    attrs["voice.call_sid"] = call
                self.otlp_span(planner_path, "support-bot", trace, llm_id, root, "chat gpt-4o", 3, llm_start, llm_end,
                               attrs, truth, "llm", "Support Planner", llm_keys, detail, reply)
            else:
                inp = []
                for m in history:
                    content = [{"type": "input_text", "text": p["content"]} if p["type"] == "text"
                               else {"type": "input_image", "file_id": p["file_id"]} for p in m["parts"]]
                    inp.append({"role": "user", "content": content})
                self.agents_span(planner_path, trace, llm_id, root, llm_start, llm_end,
                                 {"type": "generation", "model": "gpt-4o-2024-11-20", "input": inp,
                                  "output": [{"role": "assistant", "content": reply}],
                                  "usage": {"input_tokens": 600, "output_tokens": 50}},
                                 truth, "llm", "generation", "Support Planner", llm_keys, detail, reply)
            t = llm_end
            if k == tool_turn:
                ts_ = t + 50 * 10**6
                te_ = ts_ + rng.randrange(200, 700) * 10**6
                tool_id = sid()
                tdetail = {"tool": {"name": "issue_refund", "call_id": tcid, "arguments": tool_args,
                                    "result": {"status": "accepted"}}}
                tkeys = [["tool_call", tcid, "gen_ai.tool.call.id"], ["account", user["account"], "arguments.account"]]
                if self.args.planner == "otlp":
                    self.otlp_span(planner_path, "support-bot", trace, tool_id, root, "execute_tool issue_refund", 1,
                                   ts_, te_, {"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "issue_refund",
                                              "gen_ai.tool.call.id": tcid,
                                              "gen_ai.tool.call.arguments": json.dumps(tool_args),
                                              "gen_ai.tool.call.result": json.dumps({"status": "accepted"})},
                                   truth, "tool", "Support Planner", tkeys, tdetail)
                else:
                    self.agents_span(planner_path, trace, tool_id, root, ts_, te_,
                                     {"type": "function", "name": "issue_refund", "input": json.dumps(tool_args),
                                      "output": json.dumps({"status": "accepted"})},
                                     truth, "tool", "issue_refund", "Support Planner", tkeys, tdetail)
                self.api_call(ts_ + rng.randrange(10, 40) * 10**6, user["account"], amount, truth)
                t = te_
            if voice:
                segments.append(((t - (planner_start - 2 * 10**9)) / 1e9 - 1.5, self.asr_variant(reply)))
            if not voice or rng.random() < 0.5:
                rec = {"ts": self.ts(t + 10**8), "role": "assistant", "text": reply}
                self.put(rec, "conversation", cid)
                self.add(chat_path, "jsonl", rec, truth,
                         {"kind": "log", "start_ns": t + 10**8, "text": reply,
                          "keys": [["conversation", cid, "conversation_id"]]})
            history.append({"role": "assistant", "parts": [{"type": "text", "content": reply}]})
            t += rng.randrange(3, 15) * 10**9
        if handoff:
            self.handoff(planner_path, trace, root, sid, t, cid, user, truth)
            t += 5 * 10**9
        end = t + 10**9
        # the planner's root span
        if self.args.planner == "otlp":
            self.otlp_span(planner_path, "support-bot", trace, root, None, "invoke_agent Support Planner", 1,
                           planner_start - 10**8, end,
                           {"gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "Support Planner",
                            "gen_ai.conversation.id": cid, "user.id": user["id"]}, truth, "agent", "Support Planner",
                           convkeys + [["agent", "Support Planner", "gen_ai.agent.name"]], {})
        else:
            self.agents_span(planner_path, trace, root, None, planner_start - 10**8, end,
                             {"type": "agent", "name": "Support Planner", "handoffs": [], "tools": ["issue_refund"]},
                             truth, "agent", "Support Planner", "Support Planner",
                             [["agent", "Support Planner", "span_data.name"]], {})
        if voice:
            rec_start = planner_start - 2 * 10**9
            self.add("voice/telephony.jsonl", "jsonl",
                     {"timestamp": self.ts(end, "iso_z"), "event": "call.completed", "CallSid": call}, truth,
                     {"kind": "log", "name": "call.completed", "start_ns": end, "keys": [["call", call, "CallSid"]],
                      "text": "call.completed"})
            self.transcript(call, segments, truth, rec_start)
            self.recording(call, truth, end - rec_start)
        if self.rng.random() < 0.45:
            self.email(user, end + self.rng.randrange(60, 1800) * 10**9, truth)

    def api_call(self, rx, account, amount, conv):
        req = "pay-" + self.hex(8)
        rec = {"@timestamp": self.ts(rx + self.api_skew_ms * 10**6, "iso_z"), "level": "INFO", "service": "payments-api",
               "http": {"method": "POST", "path": "/v1/refunds"}, "amount": amount, "msg": "refund requested"}
        self.put(rec, "request", req)
        self.put(rec, "account", account)
        self.add("logs/payments-api.jsonl", "jsonl", rec, conv,
                 {"kind": "log", "start_ns": rx + self.api_skew_ms * 10**6, "text": "refund requested",
                  "actor": "payments-api", "attrs": rec,
                  "keys": [["correlation", req, "corrId"], ["account", account, "account"]]})
        lt = rx + self.rng.randrange(30, 120) * 10**6
        line = f'ts={self.ts(lt, "iso_z")} level=info svc=ledger payment_ref={req} msg="refund received" account={account}'
        self.add("logs/ledger.log", "logfmt", line, conv,
                 {"kind": "log", "start_ns": lt, "text": "refund received", "actor": "ledger",
                  "keys": [["id", req, "payment_ref"], ["account", account, "account"]]})

    def handoff(self, planner_path, trace, root, sid, t, cid, user, conv):
        rng = self.rng
        target = rng.choice(SPECIALISTS)
        hid = sid()
        hs, he = t, t + 30 * 10**6
        broken = rng.random() < self.args.broken_rate
        hkeys = [["conversation", cid, "gen_ai.conversation.id"], ["handoff_to", target, "handoff.to"]]
        detail = {"handoff": {"from": "Support Planner", "to": target}}
        if self.args.planner == "otlp":
            href = self.otlp_span(planner_path, "support-bot", trace, hid, root, "invoke_agent " + target, 3, hs, he,
                                  {"gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": target,
                                   "gen_ai.agent.handoff.source.name": "Support Planner",
                                   "gen_ai.agent.handoff.target.name": target, "gen_ai.conversation.id": cid},
                                  conv, "handoff", "Support Planner", hkeys, detail)
        else:
            href = self.agents_span(planner_path, trace, hid, root, hs, he,
                                    {"type": "handoff", "from_agent": "Support Planner", "to_agent": target},
                                    conv, "handoff", "handoff", "Support Planner", hkeys[1:], detail)
        # The specialist lives in another backend (OTLP JSON lines).
        spath = "traces/specialist.otlp.jsonl"
        if broken:
            strace = self.hex(32)
            sparent = self.hex(16) if rng.random() < 0.6 else None  # dangling parent or a new root
        else:
            strace = trace if self.args.planner == "otlp" else self.hex(32)
            sparent = hid if self.args.planner == "otlp" else None
        s0 = he + rng.randrange(100, 3000) * 10**6
        s_root = self.hex(16)
        skeys = [["agent", target, "gen_ai.agent.name"]]
        attrs = {"gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": target}
        r = rng.random()
        if r < 0.4:
            attrs["gen_ai.conversation.id"] = cid
            skeys.append(["conversation", cid, "gen_ai.conversation.id"])
        elif r < 0.8:
            attrs["enduser.id"] = user["id"]
            skeys.append(["user", user["id"], "enduser.id"])
        links = []
        if not broken and self.args.planner != "otlp":
            links = [{"trace_id": trace, "span_id": hid}]
        sref = self.otlp_span(spath, "specialists", strace, s_root, sparent, "invoke_agent " + target, 2 if sparent else 1,
                              s0, s0 + 4 * 10**9, attrs, conv, "agent", target, skeys,
                              {"links": links} if links else {})
        if links:
            # OTLP span links need the record itself
            rec = self.files[spath][-1]
            rec["resourceSpans"][0]["scopeSpans"][0]["spans"][0]["links"] = [{"traceId": trace, "spanId": hid}]
        self.otlp_span(spath, "specialists", strace, self.hex(16), s_root, "chat gpt-4o-mini", 3, s0 + 10**8,
                       s0 + 2 * 10**9, {"gen_ai.operation.name": "chat", "gen_ai.agent.name": target,
                                        "gen_ai.request.model": "gpt-4o-mini"}, conv, "llm", target,
                       [["agent", target, "gen_ai.agent.name"]], {})
        if broken:
            self.broken.append({"at": {"source": planner_path, "ref": href}, "continuation": {"source": spath, "ref": sref},
                                "target": target})
        else:
            self.ok_handoffs.append({"source": planner_path, "ref": href})

    def transcript(self, call, segments, conv, rec_start):
        path = f"voice/call_{call}.whisper.json"
        segs = []
        for n, (start, text) in enumerate(segments):
            start = max(0.0, start)
            segs.append({"id": n, "seek": 0, "start": round(start, 2), "end": round(start + 2.5, 2), "text": " " + text,
                         "tokens": [], "temperature": 0.0, "avg_logprob": -0.2, "compression_ratio": 1.3,
                         "no_speech_prob": 0.01})
            self.expected.append({"source": path, "relative": True, "item": {
                "ref": "segment:%d" % n, "kind": "asr", "start_ns": int(start * 1e9), "end_ns": int((start + 2.5) * 1e9),
                "text": text, "keys": []}})
        self.files[path] = [{"text": " ".join(s["text"] for s in segs), "language": "en", "segments": segs}]
        self.kinds[path] = "raw"
        self.truth_sources[path] = conv
        self.rec_truth = rec_start

    def recording(self, call, conv, duration_ns):
        path = f"voice/rec_{call}.wav"
        rate = 8000
        n = rate // 4
        pcm = b"".join(struct.pack("<h", int(3000 * ((i // 20) % 2 * 2 - 1))) for i in range(n))
        hdr = b"RIFF" + struct.pack("<I", 36 + len(pcm)) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate,
                                                                                     rate * 2, 2, 16)
        self.files[path] = [hdr + b"data" + struct.pack("<I", len(pcm)) + pcm]
        self.kinds[path] = "bytes"
        self.truth_sources[path] = conv
        self.expected.append({"source": path, "relative": True, "item": {
            "ref": "file", "kind": "audio", "name": f"rec_{call}.wav", "start_ns": 0, "end_ns": duration_ns,
            "keys": [["file", f"rec_{call}.wav", "file name"], ["id", call, "file name"]]}})

    def email(self, user, t, conv, noise=False):
        msg = "msg_" + self.hex(14)
        outcome = self.rng.choice(["delivered", "delivered", "bounce", "dropped"])
        for k, ev in enumerate(["processed", outcome]):
            tt = t + k * 2 * 10**9
            rec = {"email": user["email"], "timestamp": tt // 10**9, "event": ev, "sg_event_id": self.hex(22),
                   "sg_message_id": msg, "category": ["support-followup" if not noise else "newsletter"]}
            if ev in ("bounce", "dropped"):
                rec["reason"] = "552 5.2.2 mailbox full" if ev == "bounce" else "Bounced Address"
            self.add("email/sendgrid-events.json", "json", rec, None if noise else conv,
                     {"kind": "email", "start_ns": (tt // 10**9) * 10**9, "text": ev,
                      "detail": {"email": {"event": ev, "recipient": user["email"]}},
                      "keys": [["email", user["email"], "email"], ["message", msg, "sg_message_id"],
                               ["id", rec["sg_event_id"], "sg_event_id"]]})
        if not noise:
            self.deliveries = getattr(self, "deliveries", [])
            self.deliveries.append({"outcome": outcome, "email": user["email"]})

    def write_directory(self):
        for u in self.users:
            rec = {"customer_id": u["id"], "name": u["name"], "email": u["email"], "phone": u["phone"],
                   "account": u["account"]}
            self.add("directory/customers.json", "json", rec, None,
                     {"kind": "other", "start_ns": 0, "text": u["name"],
                      "keys": [["user", u["id"], "customer_id"], ["email", u["email"], "email"],
                               ["phone", u["phone"], "phone"], ["account", u["account"], "account"]]})

    def noise_records(self):
        rng = self.rng
        n = max(10, self.args.conversations // 2)
        for _ in range(n):
            t = self.day0 + rng.randrange(0, 10 * 3600) * 10**9
            req = "pay-" + self.hex(8)
            acct = "ACC-%05d" % rng.randrange(100000)
            amount = "%d.%02d" % (rng.randrange(5, 900), rng.randrange(100))
            seen = t + self.api_skew_ms * 10**6  # the API's clock is off for every line it writes
            rec = {"@timestamp": self.ts(seen, "iso_z"), "level": "INFO", "service": "payments-api",
                   "http": {"method": "POST", "path": "/v1/charges"}, "amount": amount, "msg": "charge created"}
            self.put(rec, "request", req)
            self.put(rec, "account", acct)
            self.add("logs/payments-api.jsonl", "jsonl", rec, None,
                     {"kind": "log", "start_ns": seen, "text": "charge created", "actor": "payments-api", "attrs": rec,
                      "keys": [["correlation", req, "corrId"], ["account", acct, "account"]]})
            line = f'ts={self.ts(t + 50 * 10**6, "iso_z")} level=info svc=ledger payment_ref={req} msg="charge booked"'
            self.add("logs/ledger.log", "logfmt", line, None,
                     {"kind": "log", "start_ns": t + 50 * 10**6, "text": "charge booked", "actor": "ledger",
                      "keys": [["id", req, "payment_ref"]]})
        for _ in range(n // 2):
            stranger = {"email": "%s.%s@example.org" % (self.hex(5), self.hex(3))}
            self.email(stranger, self.day0 + rng.randrange(0, 10 * 3600) * 10**9, None, noise=True)

    # ---- output ----------------------------------------------------------------------------
    def flush(self):
        for path, recs in self.files.items():
            full = os.path.join(self.out, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            kind = self.kinds[path]
            if kind == "bytes":
                open(full, "wb").write(recs[0])
                continue
            # keep files in time order as real systems write them, but refs were assigned in
            # append order: so sort nothing and write as appended
            with open(full, "w") as f:
                if kind == "json":
                    json.dump(recs, f, indent=1)
                elif kind == "raw":
                    json.dump(recs[0], f, indent=1)
                elif kind == "logfmt":
                    f.write("\n".join(recs) + "\n")
                else:
                    for r in recs:
                        f.write(json.dumps(r) + "\n")
        conv = {}
        for (src, ref), c in self.truth_items.items():
            conv.setdefault(c, []).append({"source": src, "ref": ref})
        truth = {"conversations": [{"id": c, "items": items} for c, items in conv.items()],
                 "sources": self.truth_sources, "noise": [{"source": s, "ref": r} for s, r in self.noise],
                 "broken_handoffs": self.broken, "ok_handoffs": self.ok_handoffs, "skew_ms": self.skew,
                 "deliveries": getattr(self, "deliveries", [])}
        with open(os.path.join(self.out, "..", os.path.basename(self.out.rstrip("/")) + ".truth.json"), "w") as f:
            json.dump(truth, f, indent=1)
        with open(os.path.join(self.out, "..", os.path.basename(self.out.rstrip("/")) + ".items.jsonl"), "w") as f:
            for e in self.expected:
                f.write(json.dumps(e) + "\n")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--conversations", type=int, default=200)
    p.add_argument("--broken-rate", type=float, default=0.3)
    p.add_argument("--spelling", choices=["snake", "camel", "kebab", "nested"], default="snake")
    p.add_argument("--planner", choices=["otlp", "agents"], default="otlp")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    World(args).build()


if __name__ == "__main__":
    sys.exit(main())
