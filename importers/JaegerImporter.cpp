#include "JaegerImporter.h"

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

#include <cerrno>
#include <cstdlib>
#include <tuple>

using nlohmann::json;

namespace {

// Jaeger ids are hex; a few tools write other strings ("trace-123"), kept as spelled.
std::string jaegerId(const json *v)
{
    if (!v)
        return {};
    if (v->is_string()) {
        const std::string &s = v->get_ref<const std::string &>();
        return TraceIds::isHex(s) ? TraceIds::lowerHex(s) : s;
    }
    if (v->is_number_unsigned() || v->is_number_integer())
        return v->dump();
    return {};
}

// A typed tag {key, type, value} as plain JSON. An int64 written as a string that does not fit
// (or is not a number) stays the string it was: rounding it would change the evidence.
json tagValue(const json &tag)
{
    const json *value = OtlpJson::member(tag, "value");
    if (!value)
        return nullptr;
    const std::string *type = OtlpJson::stringMember(tag, "type");
    const std::string t = type ? *type : std::string();
    if (!value->is_string())
        return *value;
    const std::string &s = value->get_ref<const std::string &>();
    if (t == "int64") {
        errno = 0;
        char *end = nullptr;
        const long long n = std::strtoll(s.c_str(), &end, 10);
        if (!s.empty() && errno == 0 && end == s.c_str() + s.size())
            return int64_t(n);
        return s;
    }
    if (t == "float64") {
        char *end = nullptr;
        const double d = std::strtod(s.c_str(), &end);
        if (!s.empty() && end == s.c_str() + s.size())
            return d;
        return s;
    }
    if (t == "bool") {
        if (s == "true")
            return true;
        if (s == "false")
            return false;
    }
    return s;
}

void addTags(const json *tags, json &out, const std::string &prefix)
{
    if (!tags || !tags->is_array())
        return;
    for (const json &tag : *tags) {
        const std::string *key = OtlpJson::stringMember(tag, "key");
        if (!key)
            continue;
        out[prefix + *key] = tagValue(tag);
    }
}

bool truthy(const json &v)
{
    if (v.is_boolean())
        return v.get<bool>();
    if (v.is_string())
        return v.get_ref<const std::string &>() == "true";
    return false;
}

class JaegerReader
{
public:
    explicit JaegerReader(ImportContext &ctx)
        : m_ctx(ctx)
    {
    }

    void trace(const json &trace, const std::string &where)
    {
        if (!trace.is_object()) {
            m_ctx.warn(where, "is not a trace object; skipped");
            return;
        }
        const json *spans = OtlpJson::member(trace, "spans");
        if (!spans)
            return;
        if (!spans->is_array()) {
            m_ctx.warn(where + ".spans", std::string("is a ") + spans->type_name() + ", expected an array; skipped");
            return;
        }
        const json *processes = OtlpJson::member(trace, "processes");
        const json *traceWarnings = OtlpJson::member(trace, "warnings");
        int i = 0;
        for (const json &span : *spans)
            this->span(span, processes, traceWarnings, where + ".spans[" + std::to_string(i++) + "]");
    }

    void finish() { m_audit.finish(m_ctx); }
    int64_t count() const { return m_count; }

private:
    void span(const json &span, const json *processes, const json *traceWarnings, const std::string &where)
    {
        if (!span.is_object()) {
            m_ctx.warn(where, "is not a span object; skipped");
            return;
        }
        Item item;
        item.traceId = jaegerId(OtlpJson::member(span, "traceID"));
        item.spanId = jaegerId(OtlpJson::member(span, "spanID"));
        if (item.traceId.empty() || item.spanId.empty()) {
            m_ctx.warn(where, "span without traceID/spanID; skipped");
            return;
        }
        if (const std::string *name = OtlpJson::stringMember(span, "operationName"))
            item.name = *name;
        // Microseconds since the epoch.
        const int64_t startUs = OtlpJson::integer(OtlpJson::member(span, "startTime"), 0);
        const int64_t durationUs = OtlpJson::integer(OtlpJson::member(span, "duration"), 0);
        std::tie(item.startNs, item.endNs) = TimestampParser::microsecondSpan(startUs, durationUs);
        if (startUs != 0 && item.startNs == 0)
            m_ctx.warn(where,
                "startTime " + std::to_string(startUs)
                    + " µs is not a time (before 1970 or after 2262); span kept without a time");

        json attrs = json::object();
        json detail = json::object();
        addTags(OtlpJson::member(span, "tags"), attrs, std::string());

        // The process is the service: its name is the actor, its tags the resource.
        const json *process = nullptr;
        if (const json *embedded = OtlpJson::member(span, "process"); embedded && embedded->is_object())
            process = embedded;
        else if (const std::string *pid = OtlpJson::stringMember(span, "processID"); pid && processes)
            process = OtlpJson::member(*processes, pid->c_str());
        if (process && process->is_object()) {
            if (const std::string *service = OtlpJson::stringMember(*process, "serviceName")) {
                item.actor = *service;
                attrs["resource.service.name"] = *service;
            }
            addTags(OtlpJson::member(*process, "tags"), attrs, "resource.");
        }

        // References: the first CHILD_OF in the span's own trace is the parent (any CHILD_OF if
        // none is); every other reference is a link.
        json links = json::array();
        if (const json *refs = OtlpJson::member(span, "references"); refs && refs->is_array()) {
            int parentIndex = -1;
            for (size_t i = 0; i < refs->size() && parentIndex < 0; ++i) {
                const json &r = (*refs)[i];
                const std::string *type = OtlpJson::stringMember(r, "refType");
                if (type && *type == "CHILD_OF" && jaegerId(OtlpJson::member(r, "traceID")) == item.traceId)
                    parentIndex = int(i);
            }
            for (size_t i = 0; i < refs->size() && parentIndex < 0; ++i) {
                const std::string *type = OtlpJson::stringMember((*refs)[i], "refType");
                if (type && *type == "CHILD_OF")
                    parentIndex = int(i);
            }
            for (size_t i = 0; i < refs->size(); ++i) {
                const json &r = (*refs)[i];
                if (!r.is_object())
                    continue;
                const std::string refTrace = jaegerId(OtlpJson::member(r, "traceID"));
                const std::string refSpan = jaegerId(OtlpJson::member(r, "spanID"));
                if (int(i) == parentIndex) {
                    item.parentSpanId = refSpan;
                    continue;
                }
                const std::string *type = OtlpJson::stringMember(r, "refType");
                if (!refTrace.empty() && refTrace != item.traceId)
                    item.keys.push_back({"trace_group", refTrace, "references.traceID"});
                links.push_back({{"trace_id", refTrace}, {"span_id", refSpan},
                    {"attributes", {{"opentracing.ref_type", type ? *type : std::string()}}}});
            }
        }
        if (!links.empty())
            detail["links"] = std::move(links);

        if (const json *logs = OtlpJson::member(span, "logs"); logs && logs->is_array() && !logs->empty()) {
            json events = json::array();
            for (const json &log : *logs) {
                if (!log.is_object())
                    continue;
                json fields = json::object();
                addTags(OtlpJson::member(log, "fields"), fields, std::string());
                std::string name;
                if (auto e = fields.find("event"); e != fields.end() && e->is_string())
                    name = e->get<std::string>();
                events.push_back(
                    {{"time_ns",
                         TimestampParser::fromMicroseconds(OtlpJson::integer(OtlpJson::member(log, "timestamp"), 0))
                             .value_or(0)},
                        {"name", name}, {"attributes", std::move(fields)}});
            }
            detail["events"] = std::move(events);
        }
        if (const json *w = OtlpJson::member(span, "warnings"); w && w->is_array() && !w->empty())
            attrs["jaeger.warnings"] = *w;
        if (traceWarnings && traceWarnings->is_array() && !traceWarnings->empty())
            attrs["jaeger.trace_warnings"] = *traceWarnings;

        // Status: OTel's status tags when the exporter kept them, else the OpenTracing error tag.
        if (auto code = attrs.find("otel.status_code"); code != attrs.end())
            item.status = OtlpJson::statusCode(&*code);
        if (item.status == 0)
            if (auto err = attrs.find("error"); err != attrs.end() && truthy(*err))
                item.status = 2;
        if (auto desc = attrs.find("otel.status_description"); desc != attrs.end() && desc->is_string())
            item.statusMessage = desc->get<std::string>();

        SemanticMapper::apply(attrs, item, detail);
        SemanticMapper::finish(attrs, detail, item);
        item.ref = "span:" + item.traceId + "/" + item.spanId;
        if (const int copy = m_audit.add(m_ctx, item.traceId, item.spanId, item.parentSpanId, where); copy > 1)
            item.ref += "#" + std::to_string(copy);
        m_ctx.addItem(item);
        ++m_count;
    }

    ImportContext &m_ctx;
    SpanGraphAudit m_audit;
    int64_t m_count = 0;
};

} // namespace

int JaegerImporter::sniff(const SniffInput &in) const
{
    const char first = JsonParsing::firstSignificant(in.head);
    if (first != '{' && first != '[')
        return 0;
    // Jaeger's spelling: "traceID"/"spanID" with capital ID, and "operationName".
    const bool ids
        = in.head.find("\"traceID\"") != std::string_view::npos && in.head.find("\"spanID\"") != std::string_view::npos;
    if (ids && in.head.find("\"operationName\"") != std::string_view::npos)
        return 92;
    if (ids && in.head.find("\"references\"") != std::string_view::npos)
        return 85;
    return 0;
}

void JaegerImporter::run(ImportContext &ctx) const
{
    std::string text = ctx.input().readAll();
    if (JsonParsing::firstSignificant(text) == '\0')
        throw ImportError("", "the file is empty");
    const json doc = Utf8Repair::parseJson(ctx, text);
    JaegerReader reader(ctx);
    if (doc.is_object() && doc.contains("data")) {
        const json &data = doc["data"];
        if (data.is_null())
            throw ImportError("", "\"data\" is null: the export holds no traces");
        if (!data.is_array())
            throw ImportError("", std::string("\"data\" is a ") + data.type_name() + ", expected an array of traces");
        int i = 0;
        for (const json &trace : data)
            reader.trace(trace, "data[" + std::to_string(i++) + "]");
    } else if (doc.is_object() && doc.contains("spans")) {
        if (!doc["spans"].is_array())
            throw ImportError("", std::string("\"spans\" is a ") + doc["spans"].type_name() + ", expected an array");
        reader.trace(doc, "trace");
    } else if (doc.is_array()) {
        int i = 0;
        for (const json &trace : doc)
            reader.trace(trace, "record " + std::to_string(i++));
    } else {
        throw ImportError("", "not a Jaeger export: expected {\"data\": [traces]} or a trace with \"spans\"");
    }
    reader.finish();
}
