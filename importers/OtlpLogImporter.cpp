#include "OtlpLogImporter.h"

#include "FastJson.h"
#include "ImportContext.h"
#include "ImportError.h"
#include "JsonParsing.h"
#include "OtlpSimdJson.h"
#include "RequestLines.h"
#include "SemanticMapper.h"
#include "TraceIds.h"

#include <nlohmann/json.hpp>

#include <cstring>
#include <optional>

using nlohmann::json;
using OtlpSimdJson::Element;
using simdjson::dom::element_type;

namespace {

// A member that is present, null or not: a null scopeLogs does not fall back to the 0.x name.
bool present(Element object, std::string_view key, Element &out)
{
    return !simdjson::dom::object(object).at_key(key).get(out);
}

int64_t integerOf(Element object, std::string_view key)
{
    Element v;
    return OtlpSimdJson::member(object, key, v) ? OtlpSimdJson::integer(v, 0) : 0;
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

// Walks each request on simdjson's DOM, as the trace importer does; attributes and bodies are
// decoded to nlohmann values for SemanticMapper and the stored JSON.
class LogReader
{
public:
    explicit LogReader(ImportContext &ctx)
        : m_ctx(ctx)
    {
    }

    // One ExportLogsServiceRequest (a line, or the whole document when `where` is empty).
    void request(std::string &text, const std::string &where)
    {
        const Element req = m_json.parse(m_ctx, text, where);
        if (req.type() != element_type::OBJECT)
            throw ImportError(where, "expected an ExportLogsServiceRequest object, found " + FastJson::typeName(req));
        Element rl;
        if (!present(req, "resourceLogs", rl))
            throw ImportError(where, "no \"resourceLogs\" member: not an OTLP logs request");
        if (rl.is_null())
            return;
        if (rl.type() != element_type::ARRAY)
            throw ImportError(where, "\"resourceLogs\" is " + FastJson::typeName(rl) + ", expected an array");
        for (Element resourceLogs : simdjson::dom::array(rl))
            resource(resourceLogs, where);
    }

    int64_t count() const { return m_record; }

private:
    std::string at(const std::string &where) const
    {
        return where.empty() ? "record " + std::to_string(m_record)
                             : where + " (record " + std::to_string(m_record) + ")";
    }

    void resource(Element rl, const std::string &where)
    {
        if (rl.type() != element_type::OBJECT) {
            m_ctx.warn(where, "a resourceLogs entry is " + FastJson::typeName(rl) + "; skipped");
            return;
        }
        std::string actor;
        const json resourceAttrs = OtlpSimdJson::resourceAttributes(rl, actor);
        Element sl;
        if (!present(rl, "scopeLogs", sl) && !present(rl, "instrumentationLibraryLogs", sl))
            return;
        if (sl.is_null())
            return;
        if (sl.type() != element_type::ARRAY) {
            m_ctx.warn(where, "scopeLogs is " + FastJson::typeName(sl) + ", not an array; skipped");
            return;
        }
        for (Element scopeLogs : simdjson::dom::array(sl)) {
            if (scopeLogs.type() != element_type::OBJECT) {
                m_ctx.warn(where, "a scopeLogs entry is " + FastJson::typeName(scopeLogs) + "; skipped");
                continue;
            }
            json shared = resourceAttrs;
            if (Element scope;
                present(scopeLogs, "scope", scope) || present(scopeLogs, "instrumentationLibrary", scope))
                OtlpSimdJson::addScopeNameVersion(scope, shared);
            Element records;
            if (!present(scopeLogs, "logRecords", records) || records.is_null())
                continue;
            if (records.type() != element_type::ARRAY) {
                m_ctx.warn(where, "logRecords is " + FastJson::typeName(records) + ", not an array; skipped");
                continue;
            }
            for (Element record : simdjson::dom::array(records)) {
                this->record(record, shared, actor, where);
                ++m_record;
            }
        }
    }

    void record(Element rec, const json &shared, const std::string &actor, const std::string &where)
    {
        if (rec.type() != element_type::OBJECT) {
            m_ctx.warn(at(where), "log record is " + FastJson::typeName(rec) + "; skipped");
            return;
        }
        Item item;
        item.ref = "record:" + std::to_string(m_record);
        item.kind = ItemKind::Log;
        item.actor = actor;
        item.startNs = OtlpSimdJson::nanosMember(rec, "timeUnixNano");
        if (item.startNs == 0)
            item.startNs = OtlpSimdJson::nanosMember(rec, "observedTimeUnixNano");
        item.endNs = item.startNs;
        // A record names a span; it is not one: trace_id + parent_span_id, span_id empty.
        std::string_view text;
        if (OtlpSimdJson::stringMember(rec, "traceId", text))
            item.traceId = TraceIds::normalize(text, 16);
        if (OtlpSimdJson::stringMember(rec, "spanId", text))
            item.parentSpanId = TraceIds::normalize(text, 8);

        json attrs = json::object();
        if (Element a; OtlpSimdJson::member(rec, "attributes", a))
            OtlpSimdJson::takeKeyValues(a, attrs);
        std::string event;
        if (OtlpSimdJson::stringMember(rec, "eventName", text) && !text.empty())
            event = std::string(text);
        else if (auto e2 = attrs.find("event.name"); e2 != attrs.end() && e2->is_string())
            event = e2->get<std::string>();

        const int64_t severity = integerOf(rec, "severityNumber");
        std::optional<std::string> severityText;
        if (OtlpSimdJson::stringMember(rec, "severityText", text))
            severityText = std::string(text);
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
        if (Element b; OtlpSimdJson::member(rec, "body", b))
            body = OtlpSimdJson::anyValue(b);
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
        if (const int64_t flags = integerOf(rec, "flags"); flags != 0)
            attrs["otel.log.flags"] = flags;
        for (auto it = shared.begin(); it != shared.end(); ++it)
            attrs[it.key()] = it.value();
        SemanticMapper::finish(attrs, detail, item);
        m_ctx.addItem(item);
    }

    ImportContext &m_ctx;
    FastJson m_json;
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
        ctx, [&reader](std::string &text, const std::string &where) { reader.request(text, where); },
        "OTLP logs request");
}
