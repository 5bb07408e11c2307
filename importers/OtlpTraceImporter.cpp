#include "OtlpTraceImporter.h"

#include "AttributeSet.h"

#include "FastJson.h"
#include "ImportContext.h"
#include "ImportError.h"
#include "JsonParsing.h"
#include "JsonText.h"
#include "OtlpJson.h"
#include "OtlpSimdJson.h"
#include "RequestLines.h"
#include "SemanticMapper.h"
#include "SpanGraphAudit.h"
#include "TraceIds.h"

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
    std::string s = JsonText::dump(object);
    return s.substr(1, s.size() - 2);
}

using OtlpSimdJson::Element;
using simdjson::dom::element_type;

// A span's members, found in one pass over it (the first of a repeated key wins and a null
// counts as absent, as with OtlpSimdJson::member): a dozen at_key scans of the span object,
// one per member, were 5 % of the parsing thread.
class SpanMembers
{
public:
    enum Index {
        TraceId,
        SpanId,
        ParentSpanId,
        Name,
        Start,
        End,
        Flags,
        Status,
        Attributes,
        Kind,
        Events,
        Links,
        TraceState,
        Count
    };

    explicit SpanMembers(Element span)
    {
        for (auto field : simdjson::dom::object(span)) {
            const int i = indexOf(field.key);
            if (i >= 0 && !m_found[i]) {
                m_found[i] = true;
                m_value[i] = field.value;
            }
        }
    }
    bool get(Index i, Element &out) const
    {
        if (!m_found[i] || m_value[i].is_null())
            return false;
        out = m_value[i];
        return true;
    }
    bool text(Index i, std::string_view &out) const
    {
        Element v;
        return get(i, v) && !v.get(out);
    }
    // A trace or span id normalized to `bytes` bytes of hex, "" when absent or not a string.
    std::string id(Index i, size_t bytes) const
    {
        std::string_view t;
        return text(i, t) ? TraceIds::normalize(t, bytes) : std::string();
    }

private:
    // By length first: most keys are then told apart by one comparison.
    static int indexOf(std::string_view k)
    {
        switch (k.size()) {
        case 4:
            return k == "name" ? Name : k == "kind" ? Kind : -1;
        case 5:
            return k == "flags" ? Flags : k == "links" ? Links : -1;
        case 6:
            return k == "spanId" ? SpanId : k == "status" ? Status : k == "events" ? Events : -1;
        case 7:
            return k == "traceId" ? TraceId : -1;
        case 10:
            return k == "attributes" ? Attributes : k == "traceState" ? TraceState : -1;
        case 12:
            return k == "parentSpanId" ? ParentSpanId : -1;
        case 15:
            return k == "endTimeUnixNano" ? End : -1;
        case 17:
            return k == "startTimeUnixNano" ? Start : -1;
        default:
            return -1;
        }
    }

    Element m_value[Count];
    bool m_found[Count] = {};
};

// Walks each request on simdjson's DOM: only the attributes, events and links a span keeps
// become nlohmann values (for SemanticMapper and the stored JSON); the rest is read in place.
class TraceReader
{
public:
    explicit TraceReader(ImportContext &ctx)
        : m_ctx(ctx)
    {
    }

    // One ExportTraceServiceRequest (a line, or the whole document when `where` is empty).
    void request(std::string &text, const std::string &where)
    {
        const Element req = m_json.parse(m_ctx, text, where);
        if (req.type() != element_type::OBJECT)
            throw ImportError(where, "expected an ExportTraceServiceRequest object, found " + FastJson::typeName(req));
        Element rs;
        if (simdjson::dom::object(req).at_key("resourceSpans").get(rs))
            throw ImportError(where, "no \"resourceSpans\" member: not an OTLP trace request");
        if (rs.is_null())
            return;
        if (rs.type() != element_type::ARRAY)
            throw ImportError(where, "\"resourceSpans\" is " + FastJson::typeName(rs) + ", expected an array");
        int ri = 0;
        for (Element resourceSpans : simdjson::dom::array(rs))
            resource(resourceSpans, where, ri++);
    }

    void finish() { m_audit.finish(m_ctx); }

private:
    std::string at(const std::string &where, const std::string &path) const
    {
        return where.empty() ? path : where + " " + path;
    }

    void resource(Element rs, const std::string &where, int ri)
    {
        const std::string path = "resourceSpans[" + std::to_string(ri) + "]";
        if (rs.type() != element_type::OBJECT) {
            m_ctx.warn(at(where, path), "is " + FastJson::typeName(rs) + ", not an object; skipped");
            return;
        }
        std::string actor;
        const json resourceAttrs = OtlpSimdJson::resourceAttributes(rs, actor);
        // Older exporters (OTLP 0.x) wrote instrumentationLibrarySpans.
        Element ss;
        if (!OtlpSimdJson::member(rs, "scopeSpans", ss) && !OtlpSimdJson::member(rs, "instrumentationLibrarySpans", ss))
            return;
        if (ss.type() != element_type::ARRAY) {
            m_ctx.warn(at(where, path + ".scopeSpans"), "is " + FastJson::typeName(ss) + ", not an array; skipped");
            return;
        }
        int si = 0;
        for (Element scopeSpans : simdjson::dom::array(ss)) {
            const std::string scopePath = path + ".scopeSpans[" + std::to_string(si++) + "]";
            if (scopeSpans.type() != element_type::OBJECT) {
                m_ctx.warn(at(where, scopePath), "is " + FastJson::typeName(scopeSpans) + ", not an object; skipped");
                continue;
            }
            json shared = resourceAttrs;
            Element scope;
            if (OtlpSimdJson::member(scopeSpans, "scope", scope)
                || OtlpSimdJson::member(scopeSpans, "instrumentationLibrary", scope)) {
                OtlpSimdJson::addScopeNameVersion(scope, shared);
                if (Element attrs; OtlpSimdJson::member(scope, "attributes", attrs))
                    OtlpSimdJson::takeKeyValues(attrs, shared, "scope.");
            }
            const Group group {actor, dumpMembers(shared)};
            Element spans;
            if (!OtlpSimdJson::member(scopeSpans, "spans", spans))
                continue;
            if (spans.type() != element_type::ARRAY) {
                m_ctx.warn(
                    at(where, scopePath + ".spans"), "is " + FastJson::typeName(spans) + ", not an array; skipped");
                continue;
            }
            int pi = 0;
            for (Element span : simdjson::dom::array(spans)) {
                const int index = pi++;
                if (span.type() != element_type::OBJECT) {
                    m_ctx.warn(at(where, scopePath + ".spans[" + std::to_string(index) + "]"),
                        "is " + FastJson::typeName(span) + ", not a span object; skipped");
                    continue;
                }
                this->span(span, group, where, scopePath, index);
            }
        }
    }

    static std::string idOf(Element object, std::string_view key, size_t bytes)
    {
        std::string_view text;
        return OtlpSimdJson::stringMember(object, key, text) ? TraceIds::normalize(text, bytes) : std::string();
    }

    json attributesOf(Element object)
    {
        json attrs = json::object();
        if (Element list; OtlpSimdJson::member(object, "attributes", list))
            OtlpSimdJson::takeKeyValues(list, attrs);
        return attrs;
    }

    void span(Element span, const Group &group, const std::string &where, const std::string &scopePath, int index)
    {
        // The span's path is only spelled out for a message: most spans never need it.
        auto spanPath = [&] { return scopePath + ".spans[" + std::to_string(index) + "]"; };
        Item &item = m_item;
        item = Item();
        const SpanMembers found(span);
        item.traceId = found.id(SpanMembers::TraceId, 16);
        item.spanId = found.id(SpanMembers::SpanId, 8);
        if (item.traceId.empty() || item.spanId.empty()) {
            m_ctx.warn(at(where, spanPath()), "span without a usable traceId/spanId; skipped");
            return;
        }
        item.parentSpanId = found.id(SpanMembers::ParentSpanId, 8);
        item.ref.reserve(6 + item.traceId.size() + item.spanId.size());
        item.ref.append("span:").append(item.traceId).append("/").append(item.spanId);
        if (std::string_view name; found.text(SpanMembers::Name, name))
            item.name = std::string(name);
        item.actor = group.actor;
        Element v;
        item.startNs = found.get(SpanMembers::Start, v) ? OtlpSimdJson::nanos(v) : 0;
        item.endNs = found.get(SpanMembers::End, v) ? OtlpSimdJson::nanos(v) : 0;
        const int64_t flags = found.get(SpanMembers::Flags, v) ? OtlpSimdJson::integer(v, 0) : 0;
        // Bit 9 (IS_REMOTE): the parent lives in another process; expected, not dangling.
        item.parentRemote = !item.parentSpanId.empty() && (flags & 0x200) != 0;
        if (Element status; found.get(SpanMembers::Status, status) && status.type() == element_type::OBJECT) {
            item.status = OtlpSimdJson::member(status, "code", v) ? OtlpSimdJson::statusCode(v) : 0;
            if (std::string_view msg; OtlpSimdJson::stringMember(status, "message", msg))
                item.statusMessage = std::string(msg);
        }

        if (Element list; found.get(SpanMembers::Attributes, list))
            m_attrs.assignOtlp(list);
        else
            m_attrs.clear();
        const int kind = found.get(SpanMembers::Kind, v) ? OtlpSimdJson::spanKind(v) : -1;

        json detail = json::object();
        if (Element events; found.get(SpanMembers::Events, events) && events.type() == element_type::ARRAY
            && simdjson::dom::array(events).size() > 0) {
            json list = json::array();
            for (Element e : simdjson::dom::array(events)) {
                if (e.type() != element_type::OBJECT)
                    continue;
                json attrs = attributesOf(e);
                std::string_view name;
                OtlpSimdJson::stringMember(e, "name", name);
                // A recorded exception explains an error status that carries no message.
                if (item.status == 2 && item.statusMessage.empty() && name == "exception")
                    if (auto m = attrs.find("exception.message"); m != attrs.end() && m->is_string())
                        item.statusMessage = m->get<std::string>();
                list.push_back({{"time_ns", OtlpSimdJson::nanosMember(e, "timeUnixNano")}, {"name", std::string(name)},
                    {"attributes", std::move(attrs)}});
            }
            detail["events"] = std::move(list);
        }
        if (Element links; found.get(SpanMembers::Links, links) && links.type() == element_type::ARRAY
            && simdjson::dom::array(links).size() > 0) {
            json list = json::array();
            for (Element l : simdjson::dom::array(links)) {
                if (l.type() != element_type::OBJECT)
                    continue;
                json attrs = attributesOf(l);
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
        // Built in a buffer that keeps its capacity from span to span, then copied at its exact
        // size: a string grown from empty was reallocated several times per span.
        std::string &out = m_attrsText;
        out.clear();
        if (!m_attrs.empty()) {
            m_attrs.appendJson(out);
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
        if (std::string_view ts; found.text(SpanMembers::TraceState, ts) && !ts.empty())
            addMember(
                "\"otel.trace_state\":" + json(std::string(ts)).dump(-1, ' ', false, json::error_handler_t::replace));
        addMember(group.sharedMembers);
        out += '}';
        if (out == "{}")
            item.attrsJson.clear();
        else
            item.attrsJson.assign(out);
        JsonText::releaseIfLarge(out);

        const std::string location = where.empty() ? spanPath() : where;
        // A second copy of a span id keeps a ref of its own so analyze --json can name it.
        if (const int copy = m_audit.add(m_ctx, item.traceId, item.spanId, item.parentSpanId, location); copy > 1)
            item.ref += "#" + std::to_string(copy);
        m_ctx.addItem(std::move(item));
    }

    ImportContext &m_ctx;
    FastJson m_json;
    SpanGraphAudit m_audit;
    Item m_item;
    // Views into the current line's document: filled and used within one span().
    AttributeSet m_attrs;
    std::string m_attrsText;
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
        ctx, [&reader](std::string &text, const std::string &where) { reader.request(text, where); },
        "OTLP trace request");
    reader.finish();
}
