#include "LangfuseImporter.h"

#include "AgentJson.h"
#include "ChatMessages.h"
#include "ImportContext.h"
#include "ImportError.h"
#include "ImportInput.h"
#include "JsonParsing.h"
#include "KeyExtractor.h"
#include "SemanticMapper.h"
#include "TimestampParser.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>

namespace {

using AgentJson::applyMapper;
using AgentJson::member;
using AgentJson::str;
using AgentJson::tokenCount;
using nlohmann::json;

// One trace's worth of data, whatever download shape it came in.
struct Bundle
{
    json trace; // the trace object (synthesized from trace-level copies for a UI download)
    json observations = json::array();
    json scores = json::array();
    std::string sessionId; // from a session download
    std::string where;
};

// Ids as the file spells them, hex lowercased (COMMON.md ref convention).
std::string idOf(std::string id)
{
    if (!id.empty() && std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isxdigit(c) != 0; }))
        std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return id;
}

int64_t timeOf(const json &obj, const char *key)
{
    return TimestampParser::parse(member(obj, key)).value_or(0);
}

// Langfuse metadata from OTel ingestion is {"attributes":{…}, "resourceAttributes":{…}, "scope":{…}},
// sometimes as a JSON string; SDK metadata is any object. Both become one flat attribute map.
json flatMetadata(const json &raw)
{
    json flat = json::object();
    const json md = ChatMessages::decode(raw);
    if (md.is_null())
        return flat;
    if (!md.is_object()) {
        flat["metadata"] = md;
        return flat;
    }
    for (auto it = md.begin(); it != md.end(); ++it) {
        const std::string &k = it.key();
        const json &v = it.value();
        if (v.is_null())
            continue;
        if (k == "attributes" && v.is_object()) {
            for (auto a = v.begin(); a != v.end(); ++a)
                if (!a->is_null())
                    flat[a.key()] = *a;
        } else if (k == "resourceAttributes" && v.is_object()) {
            // Prefixed so a resource's service.name is not taken for the agent.
            for (auto a = v.begin(); a != v.end(); ++a)
                flat["resource." + a.key()] = *a;
        } else if (k == "scope" && v.is_object()) {
            if (v.contains("name"))
                flat["scope.name"] = v["name"];
            if (v.contains("version"))
                flat["scope.version"] = v["version"];
        } else {
            flat[k] = v;
        }
    }
    return flat;
}

// "@@@langfuseMedia:type=image/png|id=<mediaId>|source=base64_data_uri@@@": the bytes are not in
// the export, so the item keeps a placeholder the UI can show.
void findMedia(const json &v, json &out, int depth = 0)
{
    if (depth > 32 || out.size() >= 100)
        return;
    if (v.is_string()) {
        const std::string &s = v.get_ref<const std::string &>();
        static const std::string open = "@@@langfuseMedia:";
        size_t pos = 0;
        while ((pos = s.find(open, pos)) != std::string::npos) {
            const size_t body = pos + open.size();
            const size_t end = s.find("@@@", body);
            if (end == std::string::npos)
                break;
            json ref = {{"reference", s.substr(pos, end + 3 - pos)}};
            const std::string fields = s.substr(body, end - body);
            size_t start = 0;
            while (start <= fields.size()) {
                const size_t bar = std::min(fields.find('|', start), fields.size());
                const std::string kv = fields.substr(start, bar - start);
                const size_t eq = kv.find('=');
                if (eq != std::string::npos)
                    ref[kv.substr(0, eq)] = kv.substr(eq + 1);
                start = bar + 1;
            }
            out.push_back(ref);
            pos = end + 3;
        }
    } else if (v.is_object() || v.is_array()) {
        for (const json &e : v)
            findMedia(e, out, depth + 1);
    }
}

ItemKind kindOfType(const std::string &type)
{
    if (type == "GENERATION" || type == "EMBEDDING")
        return ItemKind::Llm;
    if (type == "TOOL")
        return ItemKind::Tool;
    if (type == "AGENT")
        return ItemKind::Agent;
    if (type == "RETRIEVER")
        return ItemKind::Retrieval;
    return ItemKind::Other;
}

json scoreEntry(const json &s)
{
    json e = json::object();
    for (const char *k : {"name", "value", "stringValue", "dataType", "source", "comment", "timestamp"})
        if (s.contains(k) && !s[k].is_null())
            e[k] = s[k];
    return e;
}

class Run
{
public:
    explicit Run(ImportContext &ctx)
        : m_ctx(ctx)
    {
    }

    void importBundle(const Bundle &b)
    {
        const json &trace = b.trace;
        std::string traceId = idOf(str(trace, "id"));
        if (traceId.empty() && !b.observations.empty())
            traceId = idOf(str(b.observations[0], "traceId"));

        // Scores name their target: an observation, else the trace.
        std::map<std::string, json> scoresFor;
        json traceScores = json::array();
        for (const json &s : b.scores) {
            if (!s.is_object())
                continue;
            const std::string obs = idOf(str(s, "observationId"));
            if (obs.empty())
                traceScores.push_back(scoreEntry(s));
            else
                scoresFor[obs].push_back(scoreEntry(s));
        }

        std::string session = str(trace, "sessionId");
        if (session.empty())
            session = b.sessionId;
        const std::string user = str(trace, "userId");

        int64_t minStart = 0, maxEnd = 0;
        for (size_t i = 0; i < b.observations.size(); ++i) {
            const json &o = b.observations[i];
            const std::string where = b.where + "observation " + std::to_string(i);
            if (!o.is_object() || str(o, "id").empty()) {
                m_ctx.warn(where, "observation without an id");
                continue;
            }
            Item item = observationItem(o, traceId, session, user, scoresFor);
            if (item.startNs > 0 && (minStart == 0 || item.startNs < minStart))
                minStart = item.startNs;
            maxEnd = std::max(maxEnd, item.endNs);
            m_ctx.addItem(item);
        }
        if (!trace.is_object() || traceId.empty())
            return;
        traceItem(trace, traceId, session, user, traceScores, minStart, maxEnd);
    }

private:
    Item observationItem(const json &o, const std::string &bundleTrace, const std::string &session,
        const std::string &user, const std::map<std::string, json> &scoresFor)
    {
        Item item;
        const std::string type = str(o, "type");
        item.kind = kindOfType(type);
        item.spanId = idOf(str(o, "id"));
        item.traceId = idOf(str(o, "traceId"));
        if (item.traceId.empty())
            item.traceId = bundleTrace;
        item.parentSpanId = idOf(str(o, "parentObservationId"));
        item.ref = "span:" + item.traceId + "/" + item.spanId;
        item.name = str(o, "name");
        item.startNs = timeOf(o, "startTime");
        item.endNs = std::max(timeOf(o, "endTime"), item.startNs);
        const std::string level = str(o, "level");
        item.statusMessage = str(o, "statusMessage");
        if (level == "ERROR") {
            item.status = 2;
            if (item.statusMessage.empty())
                item.statusMessage = "ERROR";
        }
        if (const std::string model = str(o, "model"); model != "unknown")
            item.modelServed = model;
        item.promptName = str(o, "promptName");
        item.promptVersion = str(o, "promptVersion");
        const json &usage = member(o, "usageDetails").is_object() && !member(o, "usageDetails").empty()
            ? member(o, "usageDetails")
            : member(o, "usage");
        item.inputTokens = tokenCount(usage, {"input", "promptTokens", "prompt_tokens", "input_tokens"});
        item.outputTokens = tokenCount(usage, {"output", "completionTokens", "completion_tokens", "output_tokens"});

        std::string obsSession = str(o, "sessionId");
        if (obsSession.empty())
            obsSession = session;
        if (!obsSession.empty())
            item.keys.push_back({"conversation", obsSession, "sessionId"});
        std::string obsUser = str(o, "userId");
        if (obsUser.empty())
            obsUser = user;
        if (!obsUser.empty())
            item.keys.push_back({"user", obsUser, "userId"});

        json detail = json::object();
        detail["observation_type"] = type;
        if (level == "WARNING" || level == "DEBUG")
            detail["level"] = level;
        for (auto [key, name] : {std::pair {"modelParameters", "model_parameters"}, {"costDetails", "cost"}}) {
            const json &v = member(o, key);
            if (v.is_object() && !v.empty())
                detail[name] = v;
        }
        if (const std::string cst = str(o, "completionStartTime"); !cst.empty())
            detail["completion_start_time"] = cst;
        if (auto it = scoresFor.find(item.spanId); it != scoresFor.end())
            detail["scores"] = it->second;

        json attrs = flatMetadata(member(o, "metadata"));
        for (auto [key, name] : {std::pair {"environment", "langfuse.environment"}, {"release", "langfuse.release"},
                 {"version", "langfuse.version"}}) {
            if (const std::string v = str(o, key); !v.empty())
                attrs[name] = v;
        }
        applyMapper(attrs, item, detail);
        if (type == "GUARDRAIL" || type == "EVALUATOR")
            item.kind = ItemKind::Other;

        const json &input = member(o, "input");
        const json &output = member(o, "output");
        if (item.kind == ItemKind::Tool) {
            json tool = detail.value("tool", json::object());
            if (!tool.contains("name") && !item.name.empty())
                tool["name"] = item.name;
            if (!input.is_null())
                tool["arguments"] = ChatMessages::decode(input);
            if (!output.is_null())
                tool["result"] = ChatMessages::decode(output);
            detail["tool"] = tool;
            if (!input.is_null())
                KeyExtractor::extract(tool["arguments"], "input", item.keys);
            item.text = item.name + "(" + (input.is_string() ? input.get<std::string>() : input.dump()) + ")";
            if (item.text.size() > 4000)
                item.text.resize(4000);
        } else {
            messages(input, "input_messages", "user", detail);
            messages(output, "output_messages", "assistant", detail);
        }

        // Tool calls the model asked for: the join to the tool spans that ran them.
        json calls = json::array();
        const json &toolCalls = member(o, "toolCalls");
        const json &callNames = member(o, "toolCallNames");
        if (toolCalls.is_array()) {
            for (size_t i = 0; i < toolCalls.size(); ++i) {
                const json c = ChatMessages::decode(toolCalls[i]);
                if (!c.is_object())
                    continue;
                json call = json::object();
                if (const std::string id = str(c, "id"); !id.empty())
                    call["id"] = id;
                std::string name = str(c, "name");
                if (name.empty() && callNames.is_array() && i < callNames.size() && callNames[i].is_string())
                    name = callNames[i].get<std::string>();
                if (!name.empty())
                    call["name"] = name;
                if (c.contains("arguments"))
                    call["arguments"] = c["arguments"];
                calls.push_back(call);
            }
        }
        if (!calls.empty())
            detail["tool_calls"] = calls;
        for (const json &c : calls)
            if (c.contains("id"))
                item.keys.push_back({"tool_call", c["id"].get<std::string>(), "toolCalls"});
        for (const char *m : {"input_messages", "output_messages"})
            if (detail.contains(m))
                for (const std::string &id : ChatMessages::toolCallIds(detail[m]))
                    item.keys.push_back({"tool_call", id, m});

        json media = json::array();
        findMedia(input, media);
        findMedia(output, media);
        if (!media.empty())
            detail["media_placeholders"] = media;

        SemanticMapper::finish(attrs, detail, item);
        return item;
    }

    // Normalized messages from the observation's own field, else from what the mapper found in
    // the attributes (gen_ai.input.messages), which may be in any shape.
    static void messages(const json &raw, const char *member, const char *role, json &detail)
    {
        json source = raw;
        if (source.is_null() && detail.contains(member))
            source = detail[member];
        if (source.is_null())
            return;
        json normalized = ChatMessages::normalize(source, role);
        if (normalized.empty())
            detail.erase(member);
        else
            detail[member] = std::move(normalized);
    }

    void traceItem(const json &t, const std::string &traceId, const std::string &session, const std::string &user,
        const json &scores, int64_t minStart, int64_t maxEnd)
    {
        Item item;
        item.kind = ItemKind::Agent;
        item.ref = "trace:" + traceId;
        item.traceId = traceId;
        item.name = str(t, "name");
        const int64_t ts = timeOf(t, "timestamp");
        item.startNs = ts > 0 ? (minStart > 0 ? std::min(ts, minStart) : ts) : minStart;
        item.endNs = std::max(maxEnd, item.startNs);
        if (const json &lat = member(t, "latency"); lat.is_number() && ts > 0)
            item.endNs = std::max(item.endNs,
                TimestampParser::scaledNs(ts, 1, TimestampParser::secondsToNs(lat.get<double>())).value_or(ts));
        if (!session.empty())
            item.keys.push_back({"conversation", session, "sessionId"});
        if (!user.empty())
            item.keys.push_back({"user", user, "userId"});
        json detail = json::object();
        if (const json &tags = member(t, "tags"); tags.is_array() && !tags.empty())
            detail["tags"] = tags;
        if (!scores.empty())
            detail["scores"] = scores;
        json attrs = flatMetadata(member(t, "metadata"));
        for (auto [key, name] : {std::pair {"environment", "langfuse.environment"}, {"release", "langfuse.release"},
                 {"version", "langfuse.version"}}) {
            if (const std::string v = str(t, key); !v.empty())
                attrs[name] = v;
        }
        const ItemKind kind = item.kind;
        applyMapper(attrs, item, detail);
        item.kind = kind; // the trace is the agent run as a whole, whatever its root span says
        messages(member(t, "input"), "input_messages", "user", detail);
        messages(member(t, "output"), "output_messages", "assistant", detail);
        json media = json::array();
        findMedia(member(t, "input"), media);
        findMedia(member(t, "output"), media);
        if (!media.empty())
            detail["media_placeholders"] = media;
        SemanticMapper::finish(attrs, detail, item);
        if (item.text.empty())
            item.text = item.name;
        m_ctx.addItem(item);
    }

    ImportContext &m_ctx;
};

// Trace-level copies on UI-download observations, gathered into one trace object per traceId.
std::vector<Bundle> bundlesFromObservations(const json &observations, const json &scores)
{
    std::vector<Bundle> bundles;
    std::map<std::string, size_t> byTrace;
    for (const json &o : observations) {
        const std::string traceId = str(o, "traceId");
        auto it = byTrace.find(traceId);
        if (it == byTrace.end()) {
            Bundle b;
            b.trace = json::object();
            if (!traceId.empty())
                b.trace["id"] = traceId;
            it = byTrace.emplace(traceId, bundles.size()).first;
            bundles.push_back(std::move(b));
        }
        Bundle &b = bundles[it->second];
        for (auto [from, to] : {std::pair {"traceName", "name"}, {"sessionId", "sessionId"}, {"userId", "userId"},
                 {"tags", "tags"}, {"environment", "environment"}, {"release", "release"}}) {
            if (o.is_object() && o.contains(from) && !o[from].is_null() && !b.trace.contains(to))
                b.trace[to] = o[from];
        }
        b.observations.push_back(o);
    }
    for (const json &s : scores) {
        const std::string traceId = str(s, "traceId");
        auto it = byTrace.find(traceId);
        if (it != byTrace.end())
            bundles[it->second].scores.push_back(s);
        else if (!bundles.empty())
            bundles.front().scores.push_back(s);
    }
    return bundles;
}

const json &arrayOr(const json &a, const json &b)
{
    return a.is_array() ? a : b;
}

std::vector<Bundle> bundlesOf(const json &doc)
{
    static const json emptyArray = json::array();
    std::vector<Bundle> bundles;
    if (doc.is_object() && member(doc, "traces").is_array()) {
        // Session download: the session object with traces[], each carrying observations.
        const json &traces = doc["traces"];
        for (size_t i = 0; i < traces.size(); ++i) {
            const json &t = traces[i];
            if (!t.is_object())
                continue;
            Bundle b;
            b.trace = t;
            b.observations = arrayOr(member(t, "observations"), emptyArray);
            b.scores = arrayOr(member(t, "scores"), emptyArray);
            b.sessionId = str(doc, "id");
            b.where = "trace " + std::to_string(i) + ", ";
            bundles.push_back(std::move(b));
        }
        return bundles;
    }
    if (doc.is_object() && member(doc, "trace").is_object()) {
        // Legacy download {trace, observations}; newer ones also nest observations and scores in trace.
        const json &t = doc["trace"];
        Bundle b;
        b.trace = t;
        b.observations = arrayOr(member(doc, "observations"), arrayOr(member(t, "observations"), emptyArray));
        b.scores = arrayOr(member(doc, "scores"), arrayOr(member(t, "scores"), emptyArray));
        bundles.push_back(std::move(b));
        return bundles;
    }
    if (doc.is_object() && member(doc, "observations").is_array()) {
        const json &obs = doc["observations"];
        const json &scores = arrayOr(member(doc, "scores"), emptyArray);
        if (doc.contains("id") && (doc.contains("timestamp") || doc.contains("name") || doc.contains("projectId"))) {
            // Public API trace: the trace's own fields plus observations[] and scores[].
            Bundle b;
            b.trace = doc;
            b.observations = obs;
            b.scores = scores;
            bundles.push_back(std::move(b));
            return bundles;
        }
        return bundlesFromObservations(obs, scores); // UI download {observations, scores}
    }
    if (doc.is_array()) {
        // An array of observations (a saved API list response's data).
        bool allObservations = !doc.empty();
        for (const json &e : doc)
            allObservations = allObservations && e.is_object() && e.contains("traceId") && e.contains("type");
        if (allObservations)
            return bundlesFromObservations(doc, emptyArray);
    }
    throw ImportError("",
        "no Langfuse observations (expected {observations, scores}, {trace, observations}, a "
        "trace with observations[] or a session with traces[])");
}

} // namespace

int LangfuseImporter::sniff(const SniffInput &in) const
{
    const std::string_view h = in.head;
    const char first = JsonParsing::firstSignificant(h);
    if (first != '{' && first != '[')
        return 0;
    auto has = [h](const char *s) { return h.find(s) != std::string_view::npos; };
    if (has("\"parentObservationId\""))
        return 95;
    if (has("\"observations\"") && has("\"traceId\""))
        return 92;
    if (has("\"traces\"") && has("\"observations\""))
        return 90;
    // A legacy download whose trace object is too large for the head to reach the observations.
    if (has("\"trace\"") && has("\"projectId\"") && (has("\"bookmarked\"") || has("\"sessionId\"")))
        return 80;
    return 0;
}

void LangfuseImporter::run(ImportContext &ctx) const
{
    const std::string text = ctx.input().readAll();
    if (JsonParsing::firstSignificant(text) == '\0')
        throw ImportError("", "the file is empty");
    const json doc = JsonParsing::parse(text);
    const std::vector<Bundle> bundles = bundlesOf(doc);
    Run run(ctx);
    for (const Bundle &b : bundles)
        run.importBundle(b);
}
