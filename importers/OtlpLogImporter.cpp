#include "OtlpLogImporter.h"

#include "ImportContext.h"
#include "ImportError.h"
#include "JsonParsing.h"
#include "OtlpJson.h"
#include "RequestLines.h"
#include "SemanticMapper.h"
#include "TraceIds.h"
#include "Utf8Repair.h"

#include <nlohmann/json.hpp>

#include <cstring>

using nlohmann::json;

namespace {

std::string typeName(const json &v)
{
    return v.is_null() ? "null" : std::string("a ") + v.type_name();
}

// The deprecated (≤ v1.36) GenAI message events and the role each one speaks in.
const char *messageEventRole(const std::string &event)
{
    if (event == "gen_ai.user.message")
        return "user";
    if (event == "gen_ai.system.message")
        return "system";
    if (event == "gen_ai.assistant.message")
        return "assistant";
    if (event == "gen_ai.tool.message")
        return "tool";
    if (event == "gen_ai.choice")
        return "assistant";
    return nullptr;
}

class LogReader
{
public:
    explicit LogReader(ImportContext &ctx)
        : m_ctx(ctx)
    {
    }

    void request(json &&req, const std::string &where)
    {
        if (!req.is_object())
            throw ImportError(where, "expected an ExportLogsServiceRequest object, found " + typeName(req));
        auto rl = req.find("resourceLogs");
        if (rl == req.end())
            throw ImportError(where, "no \"resourceLogs\" member: not an OTLP logs request");
        if (rl->is_null())
            return;
        if (!rl->is_array())
            throw ImportError(where, "\"resourceLogs\" is " + typeName(*rl) + ", expected an array");
        for (json &resourceLogs : *rl)
            resource(std::move(resourceLogs), where);
    }

    int64_t count() const { return m_record; }

private:
    std::string at(const std::string &where) const
    {
        return where.empty() ? "record " + std::to_string(m_record)
                             : where + " (record " + std::to_string(m_record) + ")";
    }

    void resource(json &&rl, const std::string &where)
    {
        if (!rl.is_object()) {
            m_ctx.warn(where, "a resourceLogs entry is " + typeName(rl) + "; skipped");
            return;
        }
        json resourceAttrs = json::object();
        if (auto res = rl.find("resource"); res != rl.end() && res->is_object())
            if (auto attrs = res->find("attributes"); attrs != res->end())
                OtlpJson::takeKeyValues(std::move(*attrs), resourceAttrs, "resource.");
        std::string actor;
        if (auto svc = resourceAttrs.find("resource.service.name"); svc != resourceAttrs.end() && svc->is_string())
            actor = svc->get<std::string>();
        auto sl = rl.find("scopeLogs");
        if (sl == rl.end())
            sl = rl.find("instrumentationLibraryLogs");
        if (sl == rl.end() || sl->is_null())
            return;
        if (!sl->is_array()) {
            m_ctx.warn(where, "scopeLogs is " + typeName(*sl) + ", not an array; skipped");
            return;
        }
        for (json &scopeLogs : *sl) {
            if (!scopeLogs.is_object()) {
                m_ctx.warn(where, "a scopeLogs entry is " + typeName(scopeLogs) + "; skipped");
                continue;
            }
            json shared = resourceAttrs;
            auto scope = scopeLogs.find("scope");
            if (scope == scopeLogs.end())
                scope = scopeLogs.find("instrumentationLibrary");
            if (scope != scopeLogs.end() && scope->is_object()) {
                if (const std::string *name = OtlpJson::stringMember(*scope, "name"); name && !name->empty())
                    shared["otel.scope.name"] = *name;
                if (const std::string *version = OtlpJson::stringMember(*scope, "version");
                    version && !version->empty())
                    shared["otel.scope.version"] = *version;
            }
            auto records = scopeLogs.find("logRecords");
            if (records == scopeLogs.end() || records->is_null())
                continue;
            if (!records->is_array()) {
                m_ctx.warn(where, "logRecords is " + typeName(*records) + ", not an array; skipped");
                continue;
            }
            for (json &record : *records) {
                this->record(std::move(record), shared, actor, where);
                ++m_record;
            }
        }
    }

    void record(json &&rec, const json &shared, const std::string &actor, const std::string &where)
    {
        if (!rec.is_object()) {
            m_ctx.warn(at(where), "log record is " + typeName(rec) + "; skipped");
            return;
        }
        Item item;
        item.ref = "record:" + std::to_string(m_record);
        item.kind = ItemKind::Log;
        item.actor = actor;
        item.startNs = OtlpJson::nanos(OtlpJson::member(rec, "timeUnixNano"));
        if (item.startNs == 0)
            item.startNs = OtlpJson::nanos(OtlpJson::member(rec, "observedTimeUnixNano"));
        item.endNs = item.startNs;
        // A record names a span; it is not one: trace_id + parent_span_id, span_id empty.
        if (const std::string *t = OtlpJson::stringMember(rec, "traceId"))
            item.traceId = TraceIds::normalize(*t, 16);
        if (const std::string *s = OtlpJson::stringMember(rec, "spanId"))
            item.parentSpanId = TraceIds::normalize(*s, 8);

        json attrs = json::object();
        if (auto a = rec.find("attributes"); a != rec.end())
            OtlpJson::takeKeyValues(std::move(*a), attrs);
        std::string event;
        if (const std::string *e = OtlpJson::stringMember(rec, "eventName"); e && !e->empty())
            event = *e;
        else if (auto e2 = attrs.find("event.name"); e2 != attrs.end() && e2->is_string())
            event = e2->get<std::string>();

        const int64_t severity = OtlpJson::integer(OtlpJson::member(rec, "severityNumber"), 0);
        const std::string *severityText = OtlpJson::stringMember(rec, "severityText");
        if (severity >= 17) {
            item.status = 2;
        } else if (severity == 0 && severityText) {
            std::string upper = *severityText;
            for (char &c : upper)
                c = char(std::toupper(static_cast<unsigned char>(c)));
            if (upper == "ERROR" || upper == "FATAL" || upper == "CRITICAL" || upper == "EMERGENCY" || upper == "ALERT")
                item.status = 2;
        }
        item.name = !event.empty() ? event : (severityText ? *severityText : std::string());

        json body;
        if (auto b = rec.find("body"); b != rec.end())
            body = OtlpJson::takeAnyValue(std::move(*b));
        json detail = json::object();

        if (const char *role = messageEventRole(event)) {
            // Deprecated GenAI message events: the body is the message.
            json message = body;
            if (event == "gen_ai.choice" && message.is_object()) {
                json inner = message.value("message", json::object());
                if (inner.is_object()) {
                    if (message.contains("tool_calls") && !inner.contains("tool_calls"))
                        inner["tool_calls"] = message["tool_calls"];
                    if (message.contains("finish_reason"))
                        inner["finish_reason"] = message["finish_reason"];
                    message = std::move(inner);
                }
            }
            json messages = SemanticMapper::normalizeMessages(message, role, &item.keys);
            if (messages.is_array() && !messages.empty()) {
                const bool isOutput = event == "gen_ai.choice";
                if (messages[0].is_object() && messages[0].contains("content") && messages[0]["content"].is_string())
                    item.text = messages[0]["content"].get<std::string>();
                for (const json &m : messages)
                    if (auto calls = m.find("tool_calls"); calls != m.end() && calls->is_array())
                        for (const json &tc : *calls)
                            if (tc.is_object() && tc.contains("id") && tc["id"].is_string())
                                item.keys.push_back({"tool_call", tc["id"].get<std::string>(), "body.tool_calls.id"});
                if (auto id = messages[0].find("tool_call_id"); id != messages[0].end() && id->is_string())
                    item.keys.push_back({"tool_call", id->get<std::string>(), "body.id"});
                detail[isOutput ? "output_messages" : "input_messages"] = std::move(messages);
            }
        } else if (event == "gen_ai.client.inference.operation.details") {
            // The current form: one event holding the whole inference, like an LLM span.
            item.kind = ItemKind::Llm;
        }
        if (!body.is_null() && item.text.empty()) {
            if (body.is_string())
                item.text = body.get<std::string>();
            else if (!messageEventRole(event))
                item.text = body.dump(-1, ' ', false, json::error_handler_t::replace);
        }
        if (!body.is_null() && !body.is_string())
            detail["body"] = body;
        if (item.text.size() > 4000)
            item.text.resize(4000);

        SemanticMapper::apply(attrs, item, detail);
        if (severityText && !severityText->empty())
            attrs["severity_text"] = *severityText;
        if (severity > 0)
            attrs["severity_number"] = severity;
        if (const int64_t flags = OtlpJson::integer(OtlpJson::member(rec, "flags"), 0); flags != 0)
            attrs["otel.log.flags"] = flags;
        for (auto it = shared.begin(); it != shared.end(); ++it)
            attrs[it.key()] = it.value();
        SemanticMapper::finish(attrs, detail, item);
        m_ctx.addItem(item);
    }

    ImportContext &m_ctx;
    int64_t m_record = 0;
};

} // namespace

int OtlpLogImporter::sniff(const SniffInput &in) const
{
    if (JsonParsing::firstSignificant(in.head) != '{')
        return 0;
    if (in.head.find("\"resourceLogs\"") != std::string_view::npos)
        return 95;
    if (in.head.find("\"instrumentationLibraryLogs\"") != std::string_view::npos)
        return 90;
    return 0;
}

void OtlpLogImporter::run(ImportContext &ctx) const
{
    LogReader reader(ctx);
    RequestLines::readFile(
        ctx,
        [&ctx, &reader](std::string &text, const std::string &where) {
            reader.request(Utf8Repair::parseJson(ctx, text, where), where);
        },
        "OTLP logs request");
}
