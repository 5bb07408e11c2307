#include "OtelSdkSpanImporter.h"

#include "ImportContext.h"
#include "ImportError.h"
#include "ImportInput.h"
#include "JsonParsing.h"
#include "OtlpJson.h"
#include "SemanticMapper.h"
#include "SpanGraphAudit.h"
#include "TimestampParser.h"
#include "TraceIds.h"
#include "Utf8Repair.h"

#include <nlohmann/json.hpp>

using nlohmann::json;

namespace {

// The Python SDK's JSON writes ids as decimal integers up to 2^128; a JSON parser rounds those
// past 2^64 to doubles. Quoting every integer literal of 20 or more digits before parsing keeps
// them exact (ids arrive as decimal strings; any other such number stays exact text too).
std::string quoteLongIntegers(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + 64);
    bool inString = false;
    size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (inString) {
            out += c;
            if (c == '\\' && i + 1 < text.size()) {
                out += text[i + 1];
                i += 2;
                continue;
            }
            if (c == '"')
                inString = false;
            ++i;
            continue;
        }
        if (c == '"') {
            inString = true;
            out += c;
            ++i;
            continue;
        }
        if ((c >= '0' && c <= '9') || c == '-') {
            size_t j = i + (c == '-' ? 1 : 0);
            while (j < text.size() && text[j] >= '0' && text[j] <= '9')
                ++j;
            const bool integer = j >= text.size() || (text[j] != '.' && text[j] != 'e' && text[j] != 'E');
            const size_t digits = j - i - (c == '-' ? 1 : 0);
            if (integer && digits >= 20) {
                out += '"';
                out.append(text.substr(i, j - i));
                out += '"';
            } else {
                out.append(text.substr(i, j - i));
            }
            i = j;
            continue;
        }
        out += c;
        ++i;
    }
    return out;
}

// A Python SDK id: a decimal integer (number or quoted), "0x…" hex, or plain hex.
std::string pythonId(const json *v, size_t hexChars)
{
    if (!v)
        return {};
    std::string hex;
    if (v->is_number_unsigned() || v->is_number_integer()) {
        hex = TraceIds::decimalToHex(v->dump(), hexChars);
    } else if (v->is_string()) {
        const std::string &s = v->get_ref<const std::string &>();
        if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && TraceIds::isHex(s.substr(2))) {
            hex = TraceIds::lowerHex(s.substr(2));
            if (hex.size() < hexChars)
                hex.insert(0, hexChars - hex.size(), '0');
        } else if (s.size() == hexChars && TraceIds::isHex(s)) {
            hex = TraceIds::lowerHex(s);
        } else if (!s.empty() && s.find_first_not_of("0123456789") == std::string::npos) {
            hex = TraceIds::decimalToHex(s, hexChars);
        } else {
            return s;
        }
    }
    return TraceIds::isAllZero(hex) ? std::string() : hex;
}

std::string jsId(const json *v, size_t bytes)
{
    if (!v || !v->is_string())
        return {};
    return TraceIds::normalize(v->get_ref<const std::string &>(), bytes);
}

// JS HrTime [seconds, nanoseconds]; Python ns integers or ISO-8601 strings.
int64_t timeOf(const json *v)
{
    if (!v)
        return 0;
    if (v->is_array() && v->size() == 2 && (*v)[0].is_number() && (*v)[1].is_number())
        return OtlpJson::integer(&(*v)[0], 0) * 1000000000 + OtlpJson::integer(&(*v)[1], 0);
    if (v->is_string()) {
        const std::string &s = v->get_ref<const std::string &>();
        if (!s.empty() && s.find_first_not_of("0123456789") == std::string::npos)
            return OtlpJson::nanos(v);
        return TimestampParser::parseText(s).value_or(0);
    }
    return OtlpJson::nanos(v);
}

json plainAttributes(const json *v)
{
    json out = json::object();
    if (!v)
        return out;
    if (v->is_object()) {
        for (auto it = v->begin(); it != v->end(); ++it)
            out[it.key()] = it.value();
    } else if (v->is_array()) {
        OtlpJson::addKeyValues(*v, out); // an OTLP-style list, seen in some dumps
    }
    return out;
}

class SdkReader
{
public:
    explicit SdkReader(ImportContext &ctx)
        : m_ctx(ctx)
    {
    }

    void span(const json &span, const std::string &where)
    {
        if (!span.is_object()) {
            m_ctx.warn(where, "is not a span object; skipped");
            return;
        }
        Item item;
        int kind = -1;
        const json *jsContext = OtlpJson::member(span, "spanContext");
        const bool js = jsContext && jsContext->is_object();
        if (js) {
            item.traceId = jsId(OtlpJson::member(*jsContext, "traceId"), 16);
            item.spanId = jsId(OtlpJson::member(*jsContext, "spanId"), 8);
            item.parentSpanId = jsId(OtlpJson::member(span, "parentSpanId"), 8);
            if (item.parentSpanId.empty())
                if (const json *pc = OtlpJson::member(span, "parentSpanContext"); pc && pc->is_object())
                    item.parentSpanId = jsId(OtlpJson::member(*pc, "spanId"), 8);
            // The JS SDK numbers kinds from INTERNAL = 0; OTLP from UNSPECIFIED = 0.
            if (const json *k = OtlpJson::member(span, "kind"); k && k->is_number()) {
                const int64_t n = OtlpJson::integer(k, -1);
                kind = n >= 0 && n <= 4 ? int(n) + 1 : -1;
            } else {
                kind = OtlpJson::spanKind(k);
            }
        } else {
            const json *context = OtlpJson::member(span, "context");
            if (!context || !context->is_object()) {
                m_ctx.warn(where, "span without a spanContext or context object; skipped");
                return;
            }
            item.traceId = pythonId(OtlpJson::member(*context, "trace_id"), 32);
            item.spanId = pythonId(OtlpJson::member(*context, "span_id"), 16);
            const json *parent = OtlpJson::member(span, "parent");
            if (parent && parent->is_object()) {
                item.parentSpanId = pythonId(OtlpJson::member(*parent, "span_id"), 16);
                if (const json *remote = OtlpJson::member(*parent, "is_remote"); remote && remote->is_boolean())
                    item.parentRemote = !item.parentSpanId.empty() && remote->get<bool>();
            } else if (parent && (parent->is_string() || parent->is_number())) {
                item.parentSpanId = pythonId(parent, 16);
            } else if (const json *pid = OtlpJson::member(span, "parent_id")) {
                item.parentSpanId = pythonId(pid, 16);
            }
            kind = OtlpJson::spanKind(OtlpJson::member(span, "kind"));
        }
        if (item.traceId.empty() || item.spanId.empty()) {
            m_ctx.warn(where, "span without a usable trace id/span id; skipped");
            return;
        }
        if (const std::string *name = OtlpJson::stringMember(span, "name"))
            item.name = *name;
        item.startNs = timeOf(js ? OtlpJson::member(span, "startTime") : OtlpJson::member(span, "start_time"));
        item.endNs = timeOf(js ? OtlpJson::member(span, "endTime") : OtlpJson::member(span, "end_time"));
        if (item.endNs == 0 && js) {
            const int64_t duration = timeOf(OtlpJson::member(span, "duration"));
            if (duration > 0 && item.startNs > 0)
                item.endNs = item.startNs + duration;
        }
        if (const json *status = OtlpJson::member(span, "status"); status && status->is_object()) {
            item.status = OtlpJson::statusCode(OtlpJson::member(*status, js ? "code" : "status_code")
                    ? OtlpJson::member(*status, js ? "code" : "status_code")
                    : OtlpJson::member(*status, "code"));
            const std::string *message = OtlpJson::stringMember(*status, js ? "message" : "description");
            if (message)
                item.statusMessage = *message;
        }

        json attrs = plainAttributes(OtlpJson::member(span, "attributes"));
        if (kind > 0)
            attrs["span.kind"] = OtlpJson::spanKindName(kind);
        if (const json *resource = OtlpJson::member(span, "resource"); resource && resource->is_object()) {
            const json *ra = OtlpJson::member(*resource, "attributes");
            const json resourceAttrs = plainAttributes(ra ? ra : resource);
            for (auto it = resourceAttrs.begin(); it != resourceAttrs.end(); ++it)
                attrs["resource." + it.key()] = it.value();
            if (auto svc = resourceAttrs.find("service.name"); svc != resourceAttrs.end() && svc->is_string())
                item.actor = svc->get<std::string>();
        }
        for (const char *scopeKey : {"instrumentationScope", "instrumentationLibrary", "instrumentation_scope"})
            if (const json *scope = OtlpJson::member(span, scopeKey); scope && scope->is_object()) {
                if (const std::string *n = OtlpJson::stringMember(*scope, "name"))
                    attrs["otel.scope.name"] = *n;
                if (const std::string *v = OtlpJson::stringMember(*scope, "version"))
                    attrs["otel.scope.version"] = *v;
                break;
            }

        json detail = json::object();
        if (const json *events = OtlpJson::member(span, "events"); events && events->is_array() && !events->empty()) {
            json list = json::array();
            for (const json &e : *events) {
                if (!e.is_object())
                    continue;
                const std::string *name = OtlpJson::stringMember(e, "name");
                const json *t = OtlpJson::member(e, "time");
                if (!t)
                    t = OtlpJson::member(e, "timestamp");
                list.push_back({{"time_ns", timeOf(t)}, {"name", name ? *name : std::string()},
                    {"attributes", plainAttributes(OtlpJson::member(e, "attributes"))}});
            }
            detail["events"] = std::move(list);
        }
        if (const json *links = OtlpJson::member(span, "links"); links && links->is_array() && !links->empty()) {
            json list = json::array();
            for (const json &l : *links) {
                if (!l.is_object())
                    continue;
                std::string lt, ls;
                if (const json *c = OtlpJson::member(l, "context"); c && c->is_object()) {
                    lt = js ? jsId(OtlpJson::member(*c, "traceId"), 16)
                            : pythonId(OtlpJson::member(*c, "trace_id"), 32);
                    ls = js ? jsId(OtlpJson::member(*c, "spanId"), 8) : pythonId(OtlpJson::member(*c, "span_id"), 16);
                }
                if (!lt.empty() && lt != item.traceId)
                    item.keys.push_back({"trace_group", lt, "links.context.trace_id"});
                list.push_back({{"trace_id", lt}, {"span_id", ls},
                    {"attributes", plainAttributes(OtlpJson::member(l, "attributes"))}});
            }
            detail["links"] = std::move(list);
        }

        SemanticMapper::apply(attrs, item, detail);
        SemanticMapper::finish(attrs, detail, item);
        item.ref = "span:" + item.traceId + "/" + item.spanId;
        if (const int copy = m_audit.add(m_ctx, item.traceId, item.spanId, item.parentSpanId, where); copy > 1)
            item.ref += "#" + std::to_string(copy);
        m_ctx.addItem(item);
    }

    void finish() { m_audit.finish(m_ctx); }

private:
    ImportContext &m_ctx;
    SpanGraphAudit m_audit;
};

} // namespace

int OtelSdkSpanImporter::sniff(const SniffInput &in) const
{
    const char first = JsonParsing::firstSignificant(in.head);
    if (first != '{' && first != '[')
        return 0;
    auto has = [&](const char *s) { return in.head.find(s) != std::string_view::npos; };
    // JS SDK ReadableSpan: spanContext is its signature.
    if (has("\"spanContext\"") && has("\"traceId\""))
        return 90;
    // Python SDK ReadableSpan.to_json(): context{trace_id, span_id} beside start_time and kind.
    if (has("\"context\"") && has("\"trace_id\"") && has("\"span_id\"") && has("\"start_time\"") && has("\"kind\""))
        return 85;
    return 0;
}

void OtelSdkSpanImporter::run(ImportContext &ctx) const
{
    const std::string raw = ctx.input().readAll();
    if (JsonParsing::firstSignificant(raw) == '\0')
        throw ImportError("", "the file is empty");
    std::string quoted = quoteLongIntegers(raw);
    const json doc = Utf8Repair::parseJson(ctx, quoted);
    const json *spans = &doc;
    if (doc.is_object()) {
        if (const json *s = OtlpJson::member(doc, "spans")) {
            if (!s->is_array())
                throw ImportError("", std::string("\"spans\" is a ") + s->type_name() + ", expected an array");
            spans = s;
        }
    }
    SdkReader reader(ctx);
    if (spans->is_array()) {
        int i = 0;
        for (const json &span : *spans)
            reader.span(span, "record " + std::to_string(i++));
    } else if (spans->is_object()) {
        reader.span(*spans, "record 0");
    } else {
        throw ImportError("", std::string("expected an array of spans, found a ") + spans->type_name());
    }
    reader.finish();
}
