#include "SemanticMapper.h"

#include "JsonParsing.h"
#include "KeyExtractor.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>

namespace {

using nlohmann::json;

const json *find(const json &attrs, std::initializer_list<const char *> keys)
{
    for (const char *k : keys) {
        auto it = attrs.find(k);
        if (it != attrs.end() && !it->is_null())
            return &*it;
    }
    return nullptr;
}

std::string str(const json *v)
{
    if (!v)
        return {};
    if (v->is_string())
        return v->get<std::string>();
    if (v->is_number() || v->is_boolean())
        return v->dump();
    return {};
}

int64_t integer(const json *v)
{
    if (!v)
        return -1;
    if (v->is_number_integer() || v->is_number_unsigned())
        return v->get<int64_t>();
    if (v->is_number_float())
        return static_cast<int64_t>(v->get<double>());
    if (v->is_string()) {
        try {
            return std::stoll(v->get<std::string>());
        } catch (...) {
            return -1;
        }
    }
    return -1;
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

ItemKind kindFromWord(const std::string &raw)
{
    const std::string w = lower(raw);
    if (w == "llm" || w == "generation" || w == "chat" || w == "text_completion" || w == "generate_content"
        || w == "completion" || w == "response" || w == "embedding" || w == "embeddings" || w == "call_llm")
        return ItemKind::Llm;
    if (w == "tool" || w == "execute_tool" || w == "function" || w == "executor" || w == "mcp_tools")
        return ItemKind::Tool;
    if (w == "retriever" || w == "retrieval" || w == "reranker")
        return ItemKind::Retrieval;
    if (w == "agent" || w == "invoke_agent" || w == "create_agent" || w == "workflow" || w == "invoke_workflow")
        return ItemKind::Agent;
    if (w == "handoff")
        return ItemKind::Handoff;
    if (w == "transcription")
        return ItemKind::Asr;
    if (w == "speech")
        return ItemKind::Speech;
    return ItemKind::Other;
}

} // namespace

ItemKind SemanticMapper::kindFromAttributes(const json &attrs, ItemKind fallback)
{
    if (!attrs.is_object())
        return fallback;
    for (const char *key : {"langfuse.observation.type", "openinference.span.kind", "gen_ai.operation.name",
             "traceloop.span.kind", "langsmith.span.kind", "lmnr.span.type", "agentops.span.kind"}) {
        if (const json *v = find(attrs, {key})) {
            const ItemKind k = kindFromWord(str(v));
            if (k != ItemKind::Other)
                return k;
        }
    }
    if (find(attrs, {"gen_ai.handoff.from_agent", "gen_ai.handoff.to_agent", "gen_ai.agent.handoff.target.name"}))
        return ItemKind::Handoff;
    if (find(attrs, {"gen_ai.request.model", "gen_ai.response.model", "llm.model_name", "ai.model.id"}))
        return ItemKind::Llm;
    if (find(attrs, {"gen_ai.tool.name", "tool.name"}))
        return ItemKind::Tool;
    if (find(attrs, {"http.request.method", "http.method"}))
        return ItemKind::Http;
    return fallback;
}

void SemanticMapper::apply(const json &attrs, Item &item, json &detail)
{
    if (!attrs.is_object())
        return;
    if (item.kind == ItemKind::Other)
        item.kind = kindFromAttributes(attrs, ItemKind::Other);

    if (item.modelRequested.empty())
        item.modelRequested = str(find(attrs, {"gen_ai.request.model", "llm.request.model_name", "ai.model.id"}));
    if (item.modelServed.empty())
        item.modelServed = str(find(attrs,
            {"gen_ai.response.model", "llm.response.model_name", "llm.model_name", "langfuse.observation.model.name",
                "ai.response.model"}));
    if (item.promptName.empty())
        item.promptName = str(find(attrs,
            {"langfuse.observation.prompt.name", "gen_ai.prompt.name", "traceloop.prompt.key",
                "llm.prompt_template.name", "prompt.id"}));
    if (item.promptVersion.empty())
        item.promptVersion = str(find(
            attrs, {"llm.prompt_template.version", "langfuse.observation.prompt.version", "traceloop.prompt.version"}));
    if (item.inputTokens < 0)
        item.inputTokens = integer(find(attrs,
            {"gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "llm.token_count.prompt",
                "ai.usage.promptTokens"}));
    if (item.outputTokens < 0)
        item.outputTokens = integer(find(attrs,
            {"gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens", "llm.token_count.completion",
                "ai.usage.completionTokens"}));
    const std::string agent = str(find(attrs, {"gen_ai.agent.name", "agent.name", "graph.node.id"}));
    if (item.actor.empty())
        item.actor = agent.empty() ? str(find(attrs, {"service.name"})) : agent;
    if (!agent.empty())
        item.keys.push_back({"agent", agent, "gen_ai.agent.name"});

    if (const std::string conv = str(find(attrs,
            {"gen_ai.conversation.id", "session.id", "langfuse.session.id",
                "traceloop.association.properties.session_id", "lmnr.association.properties.session_id", "thread_id",
                "conversation_id", "wandb.thread_id", "gcp.vertex.agent.session_id"}));
        !conv.empty())
        item.keys.push_back({"conversation", conv, "conversation id"});
    if (const std::string user = str(find(attrs,
            {"user.id", "enduser.id", "langfuse.user.id", "gen_ai.user", "traceloop.association.properties.user_id",
                "ai.telemetry.metadata.user_id", "user_id"}));
        !user.empty())
        item.keys.push_back({"user", user, "user id"});
    if (const std::string callId = str(find(attrs, {"gen_ai.tool.call.id", "tool.id", "tool_call_id"}));
        !callId.empty())
        item.keys.push_back({"tool_call", callId, "gen_ai.tool.call.id"});

    const std::string toolName = str(find(attrs, {"gen_ai.tool.name", "tool.name"}));
    if (!toolName.empty() || item.kind == ItemKind::Tool) {
        json tool = detail.value("tool", json::object());
        if (!toolName.empty())
            tool["name"] = toolName;
        if (const json *args = find(attrs, {"gen_ai.tool.call.arguments", "tool.parameters", "gen_ai.tool.args"}))
            tool["arguments"] = JsonParsing::maybeParseEmbedded(*args);
        if (const json *res = find(attrs, {"gen_ai.tool.call.result", "gen_ai.output"}))
            tool["result"] = JsonParsing::maybeParseEmbedded(*res);
        detail["tool"] = tool;
    }

    const std::string from = str(find(attrs, {"gen_ai.handoff.from_agent", "gen_ai.agent.handoff.source.name"}));
    const std::string to = str(find(attrs, {"gen_ai.handoff.to_agent", "gen_ai.agent.handoff.target.name"}));
    if (!from.empty() || !to.empty()) {
        detail["handoff"] = {{"from", from}, {"to", to}};
        if (!to.empty())
            item.keys.push_back({"handoff_to", to, "handoff target"});
    }

    if (const json *in = find(attrs, {"gen_ai.input.messages", "gen_ai.prompt"}))
        detail["input_messages"] = JsonParsing::maybeParseEmbedded(*in);
    if (const json *out = find(attrs, {"gen_ai.output.messages", "gen_ai.completion"}))
        detail["output_messages"] = JsonParsing::maybeParseEmbedded(*out);
    if (const json *sys = find(attrs, {"gen_ai.system_instructions"}))
        detail["system_instructions"] = JsonParsing::maybeParseEmbedded(*sys);
    if (const json *docs = find(attrs, {"gen_ai.retrieval.documents"}))
        detail["documents"] = JsonParsing::maybeParseEmbedded(*docs);
    if (const json *tmpl = find(attrs, {"llm.prompt_template.template", "traceloop.prompt.template"})) {
        json prompt = detail.value("prompt", json::object());
        prompt["template"] = *tmpl;
        if (const json *vars = find(attrs, {"llm.prompt_template.variables"}))
            prompt["variables"] = JsonParsing::maybeParseEmbedded(*vars);
        detail["prompt"] = prompt;
    }

    // Identifiers nobody mapped (request ids, upload ids inside message JSON, emails).
    KeyExtractor::extract(attrs, std::string(), item.keys);
}

void SemanticMapper::finish(const json &attrs, const json &detail, Item &item)
{
    if (attrs.is_object() && !attrs.empty())
        item.attrsJson = attrs.dump(-1, ' ', false, json::error_handler_t::replace);
    if (detail.is_object() && !detail.empty())
        item.detailJson = detail.dump(-1, ' ', false, json::error_handler_t::replace);
    if (item.text.empty()) {
        // The last user message or the output is what a support engineer will search for.
        auto textOf = [](const json &messages) -> std::string {
            if (messages.is_string())
                return messages.get<std::string>();
            if (!messages.is_array() || messages.empty())
                return {};
            const json &m = messages.back();
            if (m.contains("content") && m["content"].is_string())
                return m["content"].get<std::string>();
            if (m.contains("parts") && m["parts"].is_array()) {
                for (const json &p : m["parts"])
                    if (p.contains("content") && p["content"].is_string())
                        return p["content"].get<std::string>();
            }
            return {};
        };
        std::string text;
        if (auto it = detail.find("input_messages"); it != detail.end())
            text = textOf(*it);
        if (auto it = detail.find("output_messages"); it != detail.end()) {
            const std::string out = textOf(*it);
            if (!out.empty())
                text = text.empty() ? out : text + "\n" + out;
        }
        if (text.size() > 4000)
            text.resize(4000);
        item.text = text;
    }
    KeyExtractor::dedupe(item.keys);
}
