#include "LangSmithImporter.h"

#include "AgentJson.h"
#include "ChatMessages.h"
#include "ImportContext.h"
#include "ImportError.h"
#include "JsonDocumentReader.h"
#include "JsonParsing.h"
#include "KeyExtractor.h"
#include "SemanticMapper.h"
#include "TimestampParser.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <unordered_map>

namespace {

using AgentJson::applyMapper;
using AgentJson::member;
using AgentJson::str;
using nlohmann::json;

// Follows a path of object keys and array indexes; null when any step is missing.
const json &path(const json &root, std::initializer_list<const char *> steps)
{
    static const json null;
    const json *cur = &root;
    for (const char *step : steps) {
        if (cur->is_array() && std::isdigit(static_cast<unsigned char>(step[0]))) {
            const size_t i = size_t(std::atoi(step));
            if (i >= cur->size())
                return null;
            cur = &(*cur)[i];
        } else if (cur->is_object() && cur->contains(step)) {
            cur = &(*cur)[step];
        } else {
            return null;
        }
    }
    return *cur;
}

std::string lowered(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

struct Segment
{
    int64_t timeNs = 0;
    std::string id;
};

// dotted_order = strftime("%Y%m%dT%H%M%S%fZ") + run id, one segment per ancestor. The docs show
// three fraction digits and the SDKs write six, so the fraction is read at any length.
std::vector<Segment> parseDottedOrder(const std::string &dotted)
{
    std::vector<Segment> out;
    size_t start = 0;
    while (start < dotted.size() && out.size() < 1000) {
        size_t dot = dotted.find('.', start);
        if (dot == std::string::npos)
            dot = dotted.size();
        const std::string seg = dotted.substr(start, dot - start);
        start = dot + 1;
        const size_t z = seg.find('Z');
        if (seg.size() < 16 || seg[8] != 'T' || z == std::string::npos || z < 15)
            return {}; // not a dotted order: trust nothing from it
        Segment s;
        s.id = lowered(seg.substr(z + 1));
        std::string iso = seg.substr(0, 4) + "-" + seg.substr(4, 2) + "-" + seg.substr(6, 2) + "T" + seg.substr(9, 2)
            + ":" + seg.substr(11, 2) + ":" + seg.substr(13, 2);
        if (z > 15)
            iso += "." + seg.substr(15, z - 15);
        iso += "Z";
        s.timeNs = TimestampParser::parseText(iso).value_or(0);
        if (s.id.empty())
            return {};
        out.push_back(std::move(s));
    }
    return out;
}

std::string runId(const json &run)
{
    std::string id = lowered(str(run, "id"));
    if (id.empty()) {
        // JS SDK patches carry no id; the last dotted_order segment names the run.
        const auto segs = parseDottedOrder(str(run, "dotted_order"));
        if (!segs.empty())
            id = segs.back().id;
    }
    return id;
}

ItemKind kindOfRunType(const std::string &t)
{
    if (t == "llm" || t == "embedding")
        return ItemKind::Llm;
    if (t == "tool")
        return ItemKind::Tool;
    if (t == "retriever")
        return ItemKind::Retrieval;
    return ItemKind::Other;
}

int64_t firstNumber(std::initializer_list<const json *> candidates)
{
    for (const json *v : candidates)
        if (v->is_number())
            return v->get<int64_t>();
    return -1;
}

class Run
{
public:
    explicit Run(ImportContext &ctx)
        : m_ctx(ctx)
    {
    }

    void take(json &&value, const std::string &where)
    {
        const std::string prefix = where.empty() ? std::string() : where + ", ";
        if (value.is_object() && (value.contains("post") || value.contains("patch") || value.contains("runs"))) {
            for (const char *part : {"runs", "post", "patch"}) {
                json &list = value[part];
                if (list.is_null())
                    continue;
                if (!list.is_array()) {
                    m_ctx.warn(prefix + part, "not an array");
                    continue;
                }
                for (size_t i = 0; i < list.size(); ++i)
                    add(std::move(list[i]), prefix + part + " " + std::to_string(i), std::string(part) == "patch");
            }
        } else if (value.is_array()) {
            for (size_t i = 0; i < value.size(); ++i)
                add(std::move(value[i]), where.empty() ? "record " + std::to_string(i) : prefix + std::to_string(i),
                    false);
        } else if (value.is_object()) {
            add(std::move(value), where.empty() ? "record 0" : where, false);
        } else {
            m_ctx.warn(where.empty() ? "record 0" : where, "not a run object");
        }
    }

    void finish()
    {
        if (m_order.empty())
            throw ImportError("", "no LangSmith runs");
        for (const std::string &id : m_order)
            emitRun(m_runs[id]);
    }

private:
    struct Stored
    {
        json run;
        std::string where;
    };

    void add(json &&r, const std::string &where, bool patch)
    {
        if (!r.is_object()) {
            m_ctx.warn(where, "not a run object");
            return;
        }
        const std::string id = runId(r);
        if (id.empty()) {
            m_ctx.warn(where, "run without an id or dotted_order");
            return;
        }
        auto it = m_runs.find(id);
        if (it == m_runs.end()) {
            if (patch)
                m_ctx.warn(where, "patch for run " + id + " that was not posted; imported as it stands");
            m_order.push_back(id);
            m_runs.emplace(id, Stored {std::move(r), where});
            return;
        }
        merge(it->second.run, r);
    }

    // A patch completes a posted run: later values win, except nulls; extra.metadata is merged.
    static void merge(json &run, const json &patch)
    {
        for (auto it = patch.begin(); it != patch.end(); ++it) {
            if (it->is_null())
                continue;
            if (it.key() == "extra" && it->is_object() && run.contains("extra") && run["extra"].is_object()) {
                json &extra = run["extra"];
                for (auto e = it->begin(); e != it->end(); ++e) {
                    if (e.key() == "metadata" && e->is_object() && extra.contains("metadata")
                        && extra["metadata"].is_object())
                        extra["metadata"].update(*e);
                    else
                        extra[e.key()] = *e;
                }
            } else if (it.key() == "outputs" && it->is_object() && it->empty() && run.contains("outputs")) {
                continue; // an empty patch output does not erase a posted one
            } else {
                run[it.key()] = *it;
            }
        }
    }

    void emitRun(const Stored &stored)
    {
        const json &r = stored.run;
        Item item;
        item.spanId = runId(r);
        const auto segs = parseDottedOrder(str(r, "dotted_order"));
        item.traceId = lowered(str(r, "trace_id"));
        if (item.traceId.empty())
            item.traceId = segs.empty() ? item.spanId : segs.front().id;
        item.parentSpanId = lowered(str(r, "parent_run_id"));
        if (item.parentSpanId.empty() && segs.size() >= 2 && segs.back().id == item.spanId)
            item.parentSpanId = segs[segs.size() - 2].id;
        if (item.parentSpanId.empty()) {
            const json &ids = member(r, "parent_run_ids");
            if (ids.is_array() && !ids.empty() && ids.back().is_string())
                item.parentSpanId = lowered(ids.back().get<std::string>());
        }
        item.ref = "span:" + item.traceId + "/" + item.spanId;
        item.name = str(r, "name");
        const std::string runType = str(r, "run_type");
        item.kind = kindOfRunType(runType);
        item.startNs = TimestampParser::parse(member(r, "start_time")).value_or(0);
        if (item.startNs == 0 && !segs.empty())
            item.startNs = segs.back().timeNs;
        item.endNs = std::max(TimestampParser::parse(member(r, "end_time")).value_or(0), item.startNs);

        const json &error = member(r, "error");
        const std::string status = str(r, "status");
        if ((!error.is_null() && !(error.is_string() && error.get<std::string>().empty())) || status == "error") {
            item.status = 2;
            item.statusMessage = error.is_string() ? error.get<std::string>()
                : error.is_null()                  ? "error"
                                                   : error.dump();
            // Python tracebacks follow the message; the first line is what a list shows.
            if (item.statusMessage.size() > 2000)
                item.statusMessage.resize(2000);
        } else if (status == "success" || !member(r, "end_time").is_null()) {
            item.status = 1;
        }

        const json &metadata = path(r, {"extra", "metadata"});
        json attrs = json::object();
        if (metadata.is_object())
            for (auto it = metadata.begin(); it != metadata.end(); ++it)
                if (!it->is_null())
                    attrs[it.key()] = *it;
        for (const char *k : {"thread_id", "session_id", "conversation_id"}) {
            if (const std::string conv = str(metadata, k); !conv.empty()) {
                item.keys.push_back({"conversation", conv, std::string("extra.metadata.") + k});
                break;
            }
        }
        if (const std::string user = str(metadata, "user_id"); !user.empty())
            item.keys.push_back({"user", user, "extra.metadata.user_id"});
        item.modelRequested = str(metadata, "ls_model_name");
        const json &inputs = member(r, "inputs");
        const json &outputs = member(r, "outputs");
        if (item.modelRequested.empty())
            item.modelRequested = str(inputs, "model");
        if (item.modelRequested.empty())
            item.modelRequested = str(path(r, {"extra", "invocation_params"}), "model");
        for (const json *served : {&path(outputs, {"llm_output", "model_name"}),
                 &path(outputs, {"generations", "0", "0", "message", "kwargs", "response_metadata", "model_name"}),
                 &path(outputs, {"generations", "0", "0", "generation_info", "model_name"}),
                 &path(outputs, {"response_metadata", "model_name"}),
                 &path(outputs, {"output", "response_metadata", "model_name"}), &path(outputs, {"model"})}) {
            if (served->is_string() && !served->get<std::string>().empty()) {
                item.modelServed = served->get<std::string>();
                break;
            }
        }
        item.inputTokens = firstNumber({&member(r, "prompt_tokens"), &path(outputs, {"usage_metadata", "input_tokens"}),
            &path(outputs, {"llm_output", "token_usage", "prompt_tokens"}), &path(outputs, {"usage", "prompt_tokens"}),
            &path(outputs, {"usage", "input_tokens"})});
        item.outputTokens
            = firstNumber({&member(r, "completion_tokens"), &path(outputs, {"usage_metadata", "output_tokens"}),
                &path(outputs, {"llm_output", "token_usage", "completion_tokens"}),
                &path(outputs, {"usage", "completion_tokens"}), &path(outputs, {"usage", "output_tokens"})});

        json detail = json::object();
        detail["run_type"] = runType;
        if (const json &tags = member(r, "tags"); tags.is_array() && !tags.empty())
            detail["tags"] = tags;
        if (const std::string project = str(r, "session_name"); !project.empty())
            attrs["langsmith.project"] = project;
        if (const std::string first = str(r, "first_token_time"); !first.empty())
            detail["first_token_time"] = first;
        if (const json &events = member(r, "events"); events.is_array() && !events.empty()) {
            detail["event_count"] = events.size();
            if (!detail.contains("first_token_time"))
                for (const json &e : events)
                    if (str(e, "name") == "new_token" && !str(e, "time").empty()) {
                        detail["first_token_time"] = str(e, "time");
                        break;
                    }
        }

        applyMapper(attrs, item, detail);
        if (item.kind == ItemKind::Tool) {
            json tool = detail.value("tool", json::object());
            tool["name"] = item.name;
            if (!inputs.is_null())
                tool["arguments"] = member(inputs, "input").is_null() ? inputs : inputs["input"];
            if (!outputs.is_null())
                tool["result"] = member(outputs, "output").is_null() ? outputs : outputs["output"];
            detail["tool"] = tool;
        } else {
            const json &in = !member(inputs, "messages").is_null() ? inputs["messages"]
                : !member(inputs, "prompts").is_null()             ? inputs["prompts"]
                : !member(inputs, "input").is_null()               ? inputs["input"]
                                                                   : inputs;
            const json &out = !member(outputs, "output").is_null() ? outputs["output"] : outputs;
            if (!in.is_null() && !(in.is_object() && in.empty()))
                detail["input_messages"] = ChatMessages::normalize(in, "user");
            if (!out.is_null() && !(out.is_object() && out.empty()))
                detail["output_messages"] = ChatMessages::normalize(out, "assistant");
            for (const char *m : {"input_messages", "output_messages"})
                if (detail.contains(m))
                    for (const std::string &id : ChatMessages::toolCallIds(detail[m]))
                        item.keys.push_back({"tool_call", id, m});
        }
        if (item.kind != ItemKind::Llm && inputs.is_object()) {
            // Chain and tool inputs hold the ids a support engineer joins on; chat messages and
            // model settings do not.
            json scan = inputs;
            for (const char *k : {"messages", "model", "prompts", "stream", "stream_options"})
                scan.erase(k);
            KeyExtractor::extract(scan, "inputs", item.keys);
        }
        SemanticMapper::finish(attrs, detail, item);
        m_ctx.addItem(item);
    }

    ImportContext &m_ctx;
    std::vector<std::string> m_order;
    std::unordered_map<std::string, Stored> m_runs;
};

} // namespace

int LangSmithImporter::sniff(const SniffInput &in) const
{
    const std::string_view h = in.head;
    const char first = JsonParsing::firstSignificant(h);
    if (first != '{' && first != '[')
        return 0;
    auto has = [h](const char *s) { return h.find(s) != std::string_view::npos; };
    if (has("\"dotted_order\""))
        return 95;
    if (has("\"run_type\"") && (has("\"trace_id\"") || has("\"parent_run_id\"") || has("\"inputs\"")))
        return 93;
    if (has("\"post\"") && has("\"patch\"") && has("\"trace_id\""))
        return 85;
    return 0;
}

void LangSmithImporter::run(ImportContext &ctx) const
{
    Run run(ctx);
    JsonDocumentReader::read(
        ctx, [&run](json &&value, const std::string &where) { run.take(std::move(value), where); });
    run.finish();
}
