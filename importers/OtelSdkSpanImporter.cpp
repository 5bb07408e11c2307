#include "OtelSdkSpanImporter.h"

#include "FastJson.h"
#include "ImportContext.h"
#include "ImportError.h"
#include "ImportInput.h"
#include "JsonParsing.h"
#include "OtlpJson.h"
#include "OtlpSimdJson.h"
#include "SemanticMapper.h"
#include "SpanGraphAudit.h"
#include "TimestampParser.h"
#include "TraceIds.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>

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

using OtlpSimdJson::Element;
using simdjson::dom::element_type;
// A member that is present and not null; nullopt otherwise (or for a non-object parent).
using Value = std::optional<Element>;

Value member(Element object, std::string_view key)
{
    Element v;
    return OtlpSimdJson::member(object, key, v) ? Value(v) : std::nullopt;
}

bool isObject(const Value &v)
{
    return v && v->type() == element_type::OBJECT;
}

bool isNumber(Element v)
{
    return v.type() == element_type::INT64 || v.type() == element_type::UINT64 || v.type() == element_type::DOUBLE;
}

std::optional<std::string> stringOf(Element object, std::string_view key)
{
    std::string_view text;
    return OtlpSimdJson::stringMember(object, key, text) ? std::optional<std::string>(text) : std::nullopt;
}

// A Python SDK id: a decimal integer (number or quoted), "0x…" hex, or plain hex.
std::string pythonId(const Value &v, size_t hexChars)
{
    if (!v)
        return {};
    std::string hex;
    if (v->type() == element_type::INT64) {
        hex = TraceIds::decimalToHex(std::to_string(int64_t(*v)), hexChars);
    } else if (v->type() == element_type::UINT64) {
        hex = TraceIds::decimalToHex(std::to_string(uint64_t(*v)), hexChars);
    } else if (v->type() == element_type::STRING) {
        const std::string s {std::string_view(*v)};
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

std::string jsId(const Value &v, size_t bytes)
{
    if (!v || v->type() != element_type::STRING)
        return {};
    return TraceIds::normalize(std::string_view(*v), bytes);
}

// JS HrTime [seconds, nanoseconds]; Python ns integers or ISO-8601 strings.
int64_t timeOf(const Value &v)
{
    if (!v)
        return 0;
    if (v->type() == element_type::ARRAY) {
        const simdjson::dom::array pair(*v);
        Element seconds, nanos;
        if (pair.size() == 2 && !pair.at(0).get(seconds) && !pair.at(1).get(nanos) && isNumber(seconds)
            && isNumber(nanos))
            return std::max<int64_t>(0,
                TimestampParser::scaledNs(
                    OtlpSimdJson::integer(seconds, 0), 1000000000, OtlpSimdJson::integer(nanos, 0))
                    .value_or(0));
    }
    if (v->type() == element_type::STRING) {
        const std::string_view s {*v};
        if (!s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos)
            return OtlpSimdJson::nanos(*v);
        return TimestampParser::parseText(s).value_or(0);
    }
    return OtlpSimdJson::nanos(*v);
}

json plainAttributes(const Value &v)
{
    json out = json::object();
    if (!v)
        return out;
    if (v->type() == element_type::OBJECT) {
        for (auto field : simdjson::dom::object(*v))
            out[std::string(field.key)] = FastJson::toJson(field.value);
    } else if (v->type() == element_type::ARRAY) {
        OtlpSimdJson::takeKeyValues(*v, out); // an OTLP-style list, seen in some dumps
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

    void span(Element span, const std::string &where)
    {
        if (span.type() != element_type::OBJECT) {
            m_ctx.warn(where, "is not a span object; skipped");
            return;
        }
        Item item;
        int kind = -1;
        const Value jsContext = member(span, "spanContext");
        const bool js = isObject(jsContext);
        if (js) {
            item.traceId = jsId(member(*jsContext, "traceId"), 16);
            item.spanId = jsId(member(*jsContext, "spanId"), 8);
            item.parentSpanId = jsId(member(span, "parentSpanId"), 8);
            if (item.parentSpanId.empty())
                if (const Value pc = member(span, "parentSpanContext"); isObject(pc))
                    item.parentSpanId = jsId(member(*pc, "spanId"), 8);
            // The JS SDK numbers kinds from INTERNAL = 0; OTLP from UNSPECIFIED = 0.
            if (const Value k = member(span, "kind"); k && isNumber(*k)) {
                const int64_t n = OtlpSimdJson::integer(*k, -1);
                kind = n >= 0 && n <= 4 ? int(n) + 1 : -1;
            } else {
                kind = k ? OtlpSimdJson::spanKind(*k) : -1;
            }
        } else {
            const Value context = member(span, "context");
            if (!isObject(context)) {
                m_ctx.warn(where, "span without a spanContext or context object; skipped");
                return;
            }
            item.traceId = pythonId(member(*context, "trace_id"), 32);
            item.spanId = pythonId(member(*context, "span_id"), 16);
            const Value parent = member(span, "parent");
            if (isObject(parent)) {
                item.parentSpanId = pythonId(member(*parent, "span_id"), 16);
                if (const Value remote = member(*parent, "is_remote"); remote && remote->type() == element_type::BOOL)
                    item.parentRemote = !item.parentSpanId.empty() && bool(*remote);
            } else if (parent && (parent->type() == element_type::STRING || isNumber(*parent))) {
                item.parentSpanId = pythonId(parent, 16);
            } else if (const Value pid = member(span, "parent_id")) {
                item.parentSpanId = pythonId(pid, 16);
            }
            const Value k = member(span, "kind");
            kind = k ? OtlpSimdJson::spanKind(*k) : -1;
        }
        if (item.traceId.empty() || item.spanId.empty()) {
            m_ctx.warn(where, "span without a usable trace id/span id; skipped");
            return;
        }
        if (auto name = stringOf(span, "name"))
            item.name = std::move(*name);
        item.startNs = timeOf(member(span, js ? "startTime" : "start_time"));
        item.endNs = timeOf(member(span, js ? "endTime" : "end_time"));
        if (item.endNs == 0 && js) {
            const int64_t duration = timeOf(member(span, "duration"));
            if (duration > 0 && item.startNs > 0)
                item.endNs = TimestampParser::scaledNs(item.startNs, 1, duration).value_or(item.startNs);
        }
        if (const Value status = member(span, "status"); isObject(status)) {
            Value code = member(*status, js ? "code" : "status_code");
            if (!code)
                code = member(*status, "code");
            item.status = code ? OtlpSimdJson::statusCode(*code) : 0;
            if (auto message = stringOf(*status, js ? "message" : "description"))
                item.statusMessage = std::move(*message);
        }

        json attrs = plainAttributes(member(span, "attributes"));
        if (kind > 0)
            attrs["span.kind"] = OtlpJson::spanKindName(kind);
        if (const Value resource = member(span, "resource"); isObject(resource)) {
            const Value ra = member(*resource, "attributes");
            const json resourceAttrs = plainAttributes(ra ? ra : resource);
            for (auto it = resourceAttrs.begin(); it != resourceAttrs.end(); ++it)
                attrs["resource." + it.key()] = it.value();
            if (auto svc = resourceAttrs.find("service.name"); svc != resourceAttrs.end() && svc->is_string())
                item.actor = svc->get<std::string>();
        }
        for (const char *scopeKey : {"instrumentationScope", "instrumentationLibrary", "instrumentation_scope"})
            if (const Value scope = member(span, scopeKey); isObject(scope)) {
                if (auto n = stringOf(*scope, "name"))
                    attrs["otel.scope.name"] = std::move(*n);
                if (auto v = stringOf(*scope, "version"))
                    attrs["otel.scope.version"] = std::move(*v);
                break;
            }

        json detail = json::object();
        if (const Value events = member(span, "events"); nonEmptyArray(events)) {
            json list = json::array();
            for (Element e : simdjson::dom::array(*events)) {
                if (e.type() != element_type::OBJECT)
                    continue;
                Value t = member(e, "time");
                if (!t)
                    t = member(e, "timestamp");
                list.push_back({{"time_ns", timeOf(t)}, {"name", stringOf(e, "name").value_or(std::string())},
                    {"attributes", plainAttributes(member(e, "attributes"))}});
            }
            detail["events"] = std::move(list);
        }
        if (const Value links = member(span, "links"); nonEmptyArray(links)) {
            json list = json::array();
            for (Element l : simdjson::dom::array(*links)) {
                if (l.type() != element_type::OBJECT)
                    continue;
                std::string lt, ls;
                if (const Value c = member(l, "context"); isObject(c)) {
                    lt = js ? jsId(member(*c, "traceId"), 16) : pythonId(member(*c, "trace_id"), 32);
                    ls = js ? jsId(member(*c, "spanId"), 8) : pythonId(member(*c, "span_id"), 16);
                }
                if (!lt.empty() && lt != item.traceId)
                    item.keys.push_back({"trace_group", lt, "links.context.trace_id"});
                list.push_back(
                    {{"trace_id", lt}, {"span_id", ls}, {"attributes", plainAttributes(member(l, "attributes"))}});
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
    static bool nonEmptyArray(const Value &v)
    {
        return v && v->type() == element_type::ARRAY && simdjson::dom::array(*v).size() > 0;
    }

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
    FastJson parser;
    const Element doc = parser.parse(ctx, quoted, std::string());
    Element spans = doc;
    if (doc.type() == element_type::OBJECT) {
        if (const Value s = member(doc, "spans")) {
            if (s->type() != element_type::ARRAY)
                throw ImportError("", "\"spans\" is " + FastJson::typeName(*s) + ", expected an array");
            spans = *s;
        }
    }
    SdkReader reader(ctx);
    if (spans.type() == element_type::ARRAY) {
        int i = 0;
        for (Element span : simdjson::dom::array(spans))
            reader.span(span, "record " + std::to_string(i++));
    } else if (spans.type() == element_type::OBJECT) {
        reader.span(spans, "record 0");
    } else {
        throw ImportError("", "expected an array of spans, found " + FastJson::typeName(spans));
    }
    reader.finish();
}
