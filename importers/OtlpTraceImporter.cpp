#include "OtlpTraceImporter.h"

#include "ImportContext.h"
#include "ImportError.h"
#include "ImportInput.h"
#include "JsonParsing.h"
#include "OtlpJson.h"
#include "RequestLines.h"
#include "SemanticMapper.h"
#include "SpanGraphAudit.h"
#include "TraceIds.h"
#include "Utf8Repair.h"

#include <nlohmann/json.hpp>

using nlohmann::json;

namespace {

// Resource and scope facts every span of a scopeSpans group shares, dumped once per group and
// spliced into each span's attrs JSON instead of being copied into every span's DOM.
struct Group
{
    std::string actor;
    std::string sharedMembers; // "\"resource.service.name\":\"x\",…" without braces; may be empty
};

std::string dumpMembers(const json &object)
{
    if (!object.is_object() || object.empty())
        return {};
    std::string s = object.dump(-1, ' ', false, json::error_handler_t::replace);
    return s.substr(1, s.size() - 2);
}

class TraceReader
{
public:
    explicit TraceReader(ImportContext &ctx)
        : m_ctx(ctx)
    {
    }

    // One ExportTraceServiceRequest. Returns the number of spans imported.
    int request(json &&req, const std::string &where)
    {
        if (!req.is_object())
            throw ImportError(where, "expected an ExportTraceServiceRequest object, found " + typeName(req));
        auto rs = req.find("resourceSpans");
        if (rs == req.end())
            throw ImportError(where, "no \"resourceSpans\" member: not an OTLP trace request");
        if (rs->is_null())
            return 0;
        if (!rs->is_array())
            throw ImportError(where, "\"resourceSpans\" is " + typeName(*rs) + ", expected an array");
        int count = 0;
        int ri = 0;
        for (json &resourceSpans : *rs) {
            count += resource(std::move(resourceSpans), where, ri++);
        }
        return count;
    }

    void finish() { m_audit.finish(m_ctx); }
    int64_t spanCount() const { return m_spans; }

private:
    static std::string typeName(const json &v) { return v.is_null() ? "null" : std::string("a ") + v.type_name(); }

    std::string at(const std::string &where, const std::string &path) const
    {
        return where.empty() ? path : where + " " + path;
    }

    int resource(json &&rs, const std::string &where, int ri)
    {
        const std::string path = "resourceSpans[" + std::to_string(ri) + "]";
        if (!rs.is_object()) {
            m_ctx.warn(at(where, path), "is " + typeName(rs) + ", not an object; skipped");
            return 0;
        }
        json resourceAttrs = json::object();
        if (auto res = rs.find("resource"); res != rs.end() && res->is_object())
            if (auto attrs = res->find("attributes"); attrs != res->end())
                OtlpJson::takeKeyValues(std::move(*attrs), resourceAttrs, "resource.");
        std::string actor;
        if (auto svc = resourceAttrs.find("resource.service.name"); svc != resourceAttrs.end() && svc->is_string())
            actor = svc->get<std::string>();
        // Older exporters (OTLP 0.x) wrote instrumentationLibrarySpans.
        auto ss = rs.find("scopeSpans");
        if (ss == rs.end())
            ss = rs.find("instrumentationLibrarySpans");
        if (ss == rs.end() || ss->is_null())
            return 0;
        if (!ss->is_array()) {
            m_ctx.warn(at(where, path + ".scopeSpans"), "is " + typeName(*ss) + ", not an array; skipped");
            return 0;
        }
        int count = 0;
        int si = 0;
        for (json &scopeSpans : *ss) {
            const std::string scopePath = path + ".scopeSpans[" + std::to_string(si++) + "]";
            if (!scopeSpans.is_object()) {
                m_ctx.warn(at(where, scopePath), "is " + typeName(scopeSpans) + ", not an object; skipped");
                continue;
            }
            json shared = resourceAttrs;
            auto scope = scopeSpans.find("scope");
            if (scope == scopeSpans.end())
                scope = scopeSpans.find("instrumentationLibrary");
            if (scope != scopeSpans.end() && scope->is_object()) {
                if (const std::string *name = OtlpJson::stringMember(*scope, "name"); name && !name->empty())
                    shared["otel.scope.name"] = *name;
                if (const std::string *version = OtlpJson::stringMember(*scope, "version");
                    version && !version->empty())
                    shared["otel.scope.version"] = *version;
                if (auto attrs = scope->find("attributes"); attrs != scope->end())
                    OtlpJson::takeKeyValues(std::move(*attrs), shared, "scope.");
            }
            const Group group {actor, dumpMembers(shared)};
            auto spans = scopeSpans.find("spans");
            if (spans == scopeSpans.end() || spans->is_null())
                continue;
            if (!spans->is_array()) {
                m_ctx.warn(at(where, scopePath + ".spans"), "is " + typeName(*spans) + ", not an array; skipped");
                continue;
            }
            int pi = 0;
            for (json &span : *spans) {
                const std::string spanPath = scopePath + ".spans[" + std::to_string(pi++) + "]";
                if (!span.is_object()) {
                    m_ctx.warn(at(where, spanPath), "is " + typeName(span) + ", not a span object; skipped");
                    continue;
                }
                if (this->span(std::move(span), group, where, spanPath))
                    ++count;
            }
        }
        return count;
    }

    static std::string idOf(const json &span, const char *key, size_t bytes)
    {
        const json *v = OtlpJson::member(span, key);
        if (!v)
            return {};
        if (v->is_string())
            return TraceIds::normalize(v->get_ref<const std::string &>(), bytes);
        return {};
    }

    bool span(json &&span, const Group &group, const std::string &where, const std::string &path)
    {
        Item &item = m_item;
        item = Item();
        item.traceId = idOf(span, "traceId", 16);
        item.spanId = idOf(span, "spanId", 8);
        if (item.traceId.empty() || item.spanId.empty()) {
            m_ctx.warn(at(where, path), "span without a usable traceId/spanId; skipped");
            return false;
        }
        item.parentSpanId = idOf(span, "parentSpanId", 8);
        item.ref.reserve(6 + item.traceId.size() + item.spanId.size());
        item.ref.append("span:").append(item.traceId).append("/").append(item.spanId);
        if (const std::string *name = OtlpJson::stringMember(span, "name"))
            item.name = *name;
        item.actor = group.actor;
        item.startNs = OtlpJson::nanos(OtlpJson::member(span, "startTimeUnixNano"));
        item.endNs = OtlpJson::nanos(OtlpJson::member(span, "endTimeUnixNano"));
        const int64_t flags = OtlpJson::integer(OtlpJson::member(span, "flags"), 0);
        // Bit 9 (IS_REMOTE): the parent lives in another process; expected, not dangling.
        item.parentRemote = !item.parentSpanId.empty() && (flags & 0x200) != 0;
        if (const json *status = OtlpJson::member(span, "status"); status && status->is_object()) {
            item.status = OtlpJson::statusCode(OtlpJson::member(*status, "code"));
            if (const std::string *msg = OtlpJson::stringMember(*status, "message"))
                item.statusMessage = *msg;
        }

        m_attrs = json::object();
        if (auto attrs = span.find("attributes"); attrs != span.end())
            OtlpJson::takeKeyValues(std::move(*attrs), m_attrs);
        const int kind = OtlpJson::spanKind(OtlpJson::member(span, "kind"));

        json detail = json::object();
        if (auto events = span.find("events"); events != span.end() && events->is_array() && !events->empty()) {
            json list = json::array();
            for (json &e : *events) {
                if (!e.is_object())
                    continue;
                json attrs = json::object();
                if (auto a = e.find("attributes"); a != e.end())
                    OtlpJson::takeKeyValues(std::move(*a), attrs);
                const std::string *name = OtlpJson::stringMember(e, "name");
                // A recorded exception explains an error status that carries no message.
                if (item.status == 2 && item.statusMessage.empty() && name && *name == "exception")
                    if (auto m = attrs.find("exception.message"); m != attrs.end() && m->is_string())
                        item.statusMessage = m->get<std::string>();
                list.push_back({{"time_ns", OtlpJson::nanos(OtlpJson::member(e, "timeUnixNano"))},
                    {"name", name ? *name : std::string()}, {"attributes", std::move(attrs)}});
            }
            detail["events"] = std::move(list);
        }
        if (auto links = span.find("links"); links != span.end() && links->is_array() && !links->empty()) {
            json list = json::array();
            for (json &l : *links) {
                if (!l.is_object())
                    continue;
                json attrs = json::object();
                if (auto a = l.find("attributes"); a != l.end())
                    OtlpJson::takeKeyValues(std::move(*a), attrs);
                std::string linkedTrace = idOf(l, "traceId", 16);
                // A link into another trace ties the two traces together (a batch consumer, a
                // follow-up run): the correlation engine groups by trace_group keys.
                if (!linkedTrace.empty() && linkedTrace != item.traceId)
                    item.keys.push_back({"trace_group", linkedTrace, "links.traceId"});
                list.push_back({{"trace_id", std::move(linkedTrace)}, {"span_id", idOf(l, "spanId", 8)},
                    {"attributes", std::move(attrs)}});
            }
            detail["links"] = std::move(list);
        }

        SemanticMapper::apply(m_attrs, item, detail);
        // Attributes are written as the span's own plus the shared resource/scope members and
        // the span kind; one dump, no merged copy.
        SemanticMapper::finish(json(), detail, item);
        std::string &out = item.attrsJson;
        out.clear();
        out.reserve(group.sharedMembers.size() + 64);
        if (!m_attrs.empty()) {
            out = m_attrs.dump(-1, ' ', false, json::error_handler_t::replace);
            out.pop_back();
        } else {
            out = "{";
        }
        auto addMember = [&out](const std::string &members) {
            if (members.empty())
                return;
            if (out.size() > 1)
                out += ',';
            out += members;
        };
        if (kind > 0)
            addMember(std::string("\"span.kind\":\"") + OtlpJson::spanKindName(kind) + "\"");
        if (const std::string *ts = OtlpJson::stringMember(span, "traceState"); ts && !ts->empty())
            addMember("\"otel.trace_state\":" + json(*ts).dump(-1, ' ', false, json::error_handler_t::replace));
        addMember(group.sharedMembers);
        out += '}';
        if (out == "{}")
            out.clear();

        const std::string location = where.empty() ? path : where;
        // A second copy of a span id keeps a ref of its own so analyze --json can name it.
        if (const int copy = m_audit.add(m_ctx, item.traceId, item.spanId, item.parentSpanId, location); copy > 1)
            item.ref += "#" + std::to_string(copy);
        m_ctx.addItem(item);
        ++m_spans;
        return true;
    }

    ImportContext &m_ctx;
    SpanGraphAudit m_audit;
    Item m_item;
    json m_attrs;
    int64_t m_spans = 0;
};

} // namespace

int OtlpTraceImporter::sniff(const SniffInput &in) const
{
    const char first = JsonParsing::firstSignificant(in.head);
    if (first != '{')
        return 0;
    // The request's one member; no other format uses this key.
    if (in.head.find("\"resourceSpans\"") != std::string_view::npos)
        return 95;
    if (in.head.find("\"instrumentationLibrarySpans\"") != std::string_view::npos)
        return 90;
    return 0;
}

void OtlpTraceImporter::run(ImportContext &ctx) const
{
    TraceReader reader(ctx);
    RequestLines::readFile(
        ctx, [&reader](json &&request, const std::string &where) { reader.request(std::move(request), where); },
        "OTLP trace request");
    reader.finish();
}
