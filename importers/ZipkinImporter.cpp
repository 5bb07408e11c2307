#include "ZipkinImporter.h"

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

#include <set>
#include <tuple>
#include <unordered_map>
#include <vector>

using nlohmann::json;

namespace {

std::string zipkinId(const json &span, const char *key)
{
    const std::string *s = OtlpJson::stringMember(span, key);
    if (!s)
        return {};
    return TraceIds::isHex(*s) ? TraceIds::lowerHex(*s) : *s;
}

std::string serviceOf(const json &span)
{
    if (const json *ep = OtlpJson::member(span, "localEndpoint"))
        if (const std::string *name = OtlpJson::stringMember(*ep, "serviceName"))
            return *name;
    return {};
}

bool isSharedServer(const json &span)
{
    const json *shared = OtlpJson::member(span, "shared");
    const std::string *kind = OtlpJson::stringMember(span, "kind");
    return shared && shared->is_boolean() && shared->get<bool>() && kind && *kind == "SERVER";
}

// Collects the spans of an array, an array of traces (the v2 API's [[span…]…]) or one object.
void collect(const json &v, std::vector<const json *> &out, int depth)
{
    if (v.is_object()) {
        out.push_back(&v);
    } else if (v.is_array() && depth < 2) {
        for (const json &e : v)
            collect(e, out, depth + 1);
    }
}

} // namespace

int ZipkinImporter::sniff(const SniffInput &in) const
{
    const char first = JsonParsing::firstSignificant(in.head);
    if (first != '{' && first != '[')
        return 0;
    if (in.head.find("\"traceId\"") == std::string_view::npos)
        return 0;
    // Endpoints are Zipkin's own; nothing else names them so.
    if (in.head.find("\"localEndpoint\"") != std::string_view::npos
        || in.head.find("\"remoteEndpoint\"") != std::string_view::npos)
        return 88;
    return 0;
}

void ZipkinImporter::run(ImportContext &ctx) const
{
    std::string text = ctx.input().readAll();
    if (JsonParsing::firstSignificant(text) == '\0')
        throw ImportError("", "the file is empty");
    const json doc = Utf8Repair::parseJson(ctx, text);
    if (!doc.is_array() && !doc.is_object())
        throw ImportError("", std::string("expected a JSON array of Zipkin spans, found a ") + doc.type_name());
    std::vector<const json *> spans;
    collect(doc, spans, 0);

    // A shared SERVER half reuses its CLIENT's id. Both are kept: the server half gets the ref
    // span:<trace>/<id>#server and the client half as its parent, so the pair is never a cycle.
    std::set<std::pair<std::string, std::string>> clientIds;
    std::unordered_map<std::string, std::string> serverService; // "trace/id" → the server half's service
    std::unordered_map<std::string, std::string> clientService;
    for (const json *s : spans) {
        const std::string key = zipkinId(*s, "traceId") + "/" + zipkinId(*s, "id");
        if (isSharedServer(*s))
            serverService[key] = serviceOf(*s);
        else {
            clientIds.insert({zipkinId(*s, "traceId"), zipkinId(*s, "id")});
            clientService[key] = serviceOf(*s);
        }
    }

    SpanGraphAudit audit;
    for (size_t i = 0; i < spans.size(); ++i) {
        const json &span = *spans[i];
        const std::string where = "record " + std::to_string(i);
        Item item;
        item.traceId = zipkinId(span, "traceId");
        item.spanId = zipkinId(span, "id");
        if (item.traceId.empty() || item.spanId.empty()) {
            ctx.warn(where, "span without traceId/id; skipped");
            continue;
        }
        item.parentSpanId = zipkinId(span, "parentId");
        const bool serverHalf = isSharedServer(span) && clientIds.count({item.traceId, item.spanId});
        if (serverHalf) {
            item.parentSpanId = item.spanId;
            item.spanId += "#server";
        } else if (!item.parentSpanId.empty()) {
            // A child of a shared id runs in the server (it handled the call), unless it clearly
            // belongs to the client's service instead.
            const std::string key = item.traceId + "/" + item.parentSpanId;
            auto server = serverService.find(key);
            if (server != serverService.end() && clientIds.count({item.traceId, item.parentSpanId})) {
                const std::string mine = serviceOf(span);
                const std::string client = clientService[key];
                if (mine == server->second || mine != client)
                    item.parentSpanId += "#server";
            }
        }
        if (const std::string *name = OtlpJson::stringMember(span, "name"))
            item.name = *name;
        item.actor = serviceOf(span);
        const int64_t startUs = OtlpJson::integer(OtlpJson::member(span, "timestamp"), 0);
        const int64_t durationUs = OtlpJson::integer(OtlpJson::member(span, "duration"), 0);
        std::tie(item.startNs, item.endNs) = TimestampParser::microsecondSpan(startUs, durationUs);
        if (startUs != 0 && item.startNs == 0)
            ctx.warn(where,
                "timestamp " + std::to_string(startUs)
                    + " µs is not a time (before 1970 or after 2262); span kept without a time");

        json attrs = json::object();
        if (const json *tags = OtlpJson::member(span, "tags"); tags && tags->is_object())
            for (auto it = tags->begin(); it != tags->end(); ++it)
                attrs[it.key()] = it.value();
        if (const std::string *kind = OtlpJson::stringMember(span, "kind")) {
            const int k = OtlpJson::spanKind(OtlpJson::member(span, "kind"));
            attrs["span.kind"] = k > 0 ? std::string(OtlpJson::spanKindName(k)) : *kind;
        }
        for (const char *endpoint : {"localEndpoint", "remoteEndpoint"})
            if (const json *ep = OtlpJson::member(span, endpoint); ep && ep->is_object())
                for (auto it = ep->begin(); it != ep->end(); ++it)
                    if (!it->is_null())
                        attrs[std::string(endpoint) + "." + it.key()] = it.value();
        if (!item.actor.empty())
            attrs["resource.service.name"] = item.actor;
        for (const char *flag : {"shared", "debug"})
            if (const json *f = OtlpJson::member(span, flag); f && f->is_boolean() && f->get<bool>())
                attrs[std::string("zipkin.") + flag] = true;

        // The error tag marks a failed span; its value is the message unless it is just "true".
        if (auto err = attrs.find("error"); err != attrs.end()) {
            item.status = 2;
            if (err->is_string() && err->get_ref<const std::string &>() != "true"
                && !err->get_ref<const std::string &>().empty())
                item.statusMessage = err->get<std::string>();
        }

        json detail = json::object();
        if (const json *annotations = OtlpJson::member(span, "annotations");
            annotations && annotations->is_array() && !annotations->empty()) {
            json events = json::array();
            for (const json &a : *annotations) {
                if (!a.is_object())
                    continue;
                const std::string *value = OtlpJson::stringMember(a, "value");
                events.push_back(
                    {{"time_ns",
                         TimestampParser::fromMicroseconds(OtlpJson::integer(OtlpJson::member(a, "timestamp"), 0))
                             .value_or(0)},
                        {"name", value ? *value : std::string()}, {"attributes", json::object()}});
            }
            detail["events"] = std::move(events);
        }

        SemanticMapper::apply(attrs, item, detail);
        SemanticMapper::finish(attrs, detail, item);
        item.ref = "span:" + item.traceId + "/" + item.spanId;
        if (const int copy = audit.add(ctx, item.traceId, item.spanId, item.parentSpanId, where); copy > 1)
            item.ref += "#" + std::to_string(copy);
        ctx.addItem(item);
    }
    audit.finish(ctx);
}
