#include "SemanticMapper.h"

#include "JsonParsing.h"
#include "JsonText.h"
#include "KeyExtractor.h"
#include "OtlpJson.h"
#include "TextCut.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <initializer_list>
#include <map>
#include <simdjson.h>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace {

using nlohmann::json;

// Keys are string_views: nlohmann's map compares them without a strlen per node.
const json *find(const json &attrs, std::initializer_list<std::string_view> keys)
{
    for (const std::string_view k : keys) {
        auto it = attrs.find(k);
        if (it != attrs.end() && !it->is_null())
            return &*it;
    }
    return nullptr;
}

// For the content-key set: the hash AttributeSet indexes keys with.
struct KeyHash
{
    size_t operator()(std::string_view k) const noexcept { return size_t(AttributeSet::hashKey(k)); }
};

const json *find(const AttributeSet &attrs, std::initializer_list<std::string_view> keys)
{
    for (const std::string_view k : keys)
        if (const json *v = attrs.get(k))
            return v;
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

// str(find(attrs, keys)) without making an nlohmann value of a string attribute.
std::string strAttr(const AttributeSet &attrs, std::initializer_list<std::string_view> keys)
{
    for (const std::string_view k : keys) {
        const size_t i = attrs.indexOf(k);
        if (i != AttributeSet::npos)
            return attrs.isText(i) ? std::string(attrs.text(i)) : str(&attrs.value(i));
    }
    return {};
}

std::string strOf(const json &object, std::string_view key)
{
    if (!object.is_object())
        return {};
    return str(find(object, {key}));
}

int64_t integer(const json *v)
{
    if (!v)
        return -1;
    if (v->is_number_integer() || v->is_number_unsigned())
        return v->get<int64_t>();
    if (v->is_number_float())
        return OtlpJson::integerFromDouble(v->get<double>(), -1);
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

bool startsWith(std::string_view s, std::string_view prefix)
{
    return s.size() >= prefix.size() && std::memcmp(s.data(), prefix.data(), prefix.size()) == 0;
}

bool isDigits(std::string_view s)
{
    return !s.empty() && s.size() < 10 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

ItemKind kindFromWord(const std::string &raw)
{
    const std::string lowered = lower(raw);
    const std::string_view w = lowered;
    if (w == "llm" || w == "generation" || w == "chat" || w == "text_completion" || w == "generate_content"
        || w == "completion" || w == "response" || w == "embedding" || w == "embeddings" || w == "call_llm"
        || w == "cached")
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

// Vercel AI SDK operation ids: the doGenerate/doStream/doEmbed spans are the provider calls;
// the outer generateText/streamText spans wrap them and are not a second LLM call.
ItemKind kindFromVercelOperation(const std::string &op)
{
    if (op == "ai.toolCall")
        return ItemKind::Tool;
    if (op.find(".doGenerate") != std::string::npos || op.find(".doStream") != std::string::npos
        || op.find(".doEmbed") != std::string::npos)
        return ItemKind::Llm;
    return ItemKind::Other;
}

// ---- flattened keys ("llm.input_messages.0.message.role") back into JSON ----------------------

// Turns objects whose keys are all indexes into arrays, ordered by index.
json arraysFromIndexes(json &&v)
{
    if (!v.is_object())
        return std::move(v);
    bool allIndexes = !v.empty();
    for (auto it = v.begin(); it != v.end() && allIndexes; ++it)
        allIndexes = isDigits(it.key());
    if (allIndexes) {
        std::map<long, json> ordered;
        for (auto it = v.begin(); it != v.end(); ++it)
            ordered.emplace(std::stol(it.key()), arraysFromIndexes(std::move(it.value())));
        json arr = json::array();
        for (auto &[index, element] : ordered) {
            (void)index;
            arr.push_back(std::move(element));
        }
        return arr;
    }
    for (auto it = v.begin(); it != v.end(); ++it)
        it.value() = arraysFromIndexes(std::move(it.value()));
    return std::move(v);
}

// Collects every key "<prefix><index>.<rest>" into an array of nested objects. Keys whose first
// segment after the prefix is not an index ("gen_ai.prompt.name") are not list members.
json unflatten(const AttributeSet &attrs, std::string_view prefix)
{
    json root; // becomes an object at the first member

    bool any = false;
    // Keys are sorted: the ones with the prefix are one run, found in O(log n) (eight prefixes
    // are tried on every span).
    for (size_t i = attrs.lowerBound(prefix); i < attrs.size(); ++i) {
        const std::string_view key = attrs.key(i);
        if (key.substr(0, prefix.size()) != prefix)
            break;
        if (key.size() <= prefix.size())
            continue;
        const size_t dot = key.find('.', prefix.size());
        if (!isDigits(key.substr(prefix.size(), dot == std::string::npos ? std::string::npos : dot - prefix.size())))
            continue;
        any = true;
        json *node = &root;
        size_t start = prefix.size();
        while (true) {
            const size_t next = key.find('.', start);
            const std::string segment(key.substr(start, next == std::string::npos ? std::string::npos : next - start));
            if (!node->is_object())
                *node = json::object();
            if (next == std::string::npos) {
                (*node)[segment] = attrs.value(i);
                break;
            }
            node = &(*node)[segment];
            start = next + 1;
        }
    }
    if (!any)
        return nullptr;
    return arraysFromIndexes(std::move(root));
}

// OpenInference wraps each list element: {"message": {...}}, {"tool_call": {...}},
// {"message_content": {...}}, {"document": {...}}.
const json &unwrap(const json &v, std::string_view wrapper)
{
    if (v.is_object()) {
        auto it = v.find(wrapper);
        if (it != v.end() && it->is_object())
            return *it;
    }
    return v;
}

// ---- messages into Item.h's shape ----------------------------------------------------------------

json parsedIfJson(const json &v)
{
    return JsonParsing::maybeParseEmbedded(v);
}

json normalizeToolCall(const json &raw)
{
    const json &tc = unwrap(raw, "tool_call");
    json out = json::object();
    if (!tc.is_object())
        return out;
    std::string id = strOf(tc, "id");
    if (id.empty())
        id = strOf(tc, "toolCallId");
    if (id.empty())
        id = strOf(tc, "call_id");
    std::string name = strOf(tc, "name");
    if (name.empty())
        name = strOf(tc, "toolName");
    const json *args = find(tc, {"arguments", "args", "input"});
    if (const json *fn = find(tc, {"function"}); fn && fn->is_object()) {
        if (name.empty())
            name = strOf(*fn, "name");
        if (!args)
            args = find(*fn, {"arguments"});
    }
    out["id"] = id;
    out["name"] = name;
    out["arguments"] = args ? parsedIfJson(*args) : json(nullptr);
    return out;
}

void appendText(std::string &to, const std::string &text)
{
    if (text.empty())
        return;
    if (!to.empty())
        to += '\n';
    to += text;
}

// One content part (GenAI ≥1.37 parts, OpenInference message_content, Vercel and OpenAI
// content blocks) folded into the message being built.
void addPart(const json &rawPart, json &message, std::string &content, std::vector<ItemKey> *keys)
{
    if (rawPart.is_string()) {
        appendText(content, rawPart.get<std::string>());
        return;
    }
    const json &part = unwrap(rawPart, "message_content");
    if (!part.is_object())
        return;
    const std::string type = strOf(part, "type");
    if (type.empty() || type == "text" || type == "input_text" || type == "output_text") {
        std::string text = strOf(part, "content");
        if (text.empty())
            text = strOf(part, "text");
        appendText(content, text);
    } else if (type == "tool_call" || type == "tool-call" || type == "function_call" || type == "tool_use") {
        message["tool_calls"].push_back(normalizeToolCall(part));
    } else if (type == "tool_call_response" || type == "tool-result" || type == "tool_result"
        || type == "function_call_output") {
        std::string id = strOf(part, "id");
        if (id.empty())
            id = strOf(part, "toolCallId");
        if (id.empty())
            id = strOf(part, "tool_use_id");
        if (id.empty())
            id = strOf(part, "call_id");
        if (!id.empty())
            message["tool_call_id"] = id;
        if (const json *r = find(part, {"response", "result", "output", "content"}))
            appendText(content, r->is_string() ? r->get<std::string>() : r->dump());
    } else if (type == "reasoning") {
        std::string text = strOf(part, "content");
        if (text.empty())
            text = strOf(part, "text");
        if (!text.empty())
            message["reasoning"] = text;
    } else {
        // file, uri, blob, image, audio: kept as attachments without inline bytes.
        json attachment = json::object();
        attachment["type"] = type;
        for (const std::string_view k : {"mime_type", "mimeType", "modality", "file_id", "uri", "url", "name"})
            if (const json *v = find(part, {k}); v && v->is_string())
                attachment[k] = *v;
        if (const json *image = find(part, {"image"})) {
            const json &img = unwrap(*image, "image");
            if (img.is_string())
                attachment["url"] = img;
            else if (const json *url = img.is_object() ? find(img, {"url"}) : nullptr)
                attachment["url"] = *url;
        }
        if (const json *audio = find(part, {"audio"})) {
            const json &a = unwrap(*audio, "audio");
            if (const json *url = a.is_object() ? find(a, {"url"}) : nullptr)
                attachment["url"] = *url;
        }
        if (const json *bytes = find(part, {"content", "data"}); bytes && bytes->is_string() && type != "text")
            attachment["bytes"] = int64_t(bytes->get_ref<const std::string &>().size() * 3 / 4);
        // Inline data: URLs are evidence too large for the detail; keep their size only.
        if (auto url = attachment.find("url");
            url != attachment.end() && url->is_string() && startsWith(url->get_ref<const std::string &>(), "data:")) {
            attachment["bytes"] = int64_t(url->get_ref<const std::string &>().size() * 3 / 4);
            attachment["url"]
                = url->get_ref<const std::string &>().substr(0, url->get_ref<const std::string &>().find(',')) + ",…";
        }
        if (keys) {
            if (const json *fileId = find(part, {"file_id"}); fileId && fileId->is_string())
                keys->push_back({"upload", fileId->get<std::string>(), "message part file_id"});
        }
        message["attachments"].push_back(std::move(attachment));
    }
}

bool hasMessageMember(const json &m)
{
    for (const std::string_view k :
        {"role", "content", "parts", "contents", "tool_calls", "toolCalls", "tool_call_id", "text"})
        if (m.contains(k))
            return true;
    return false;
}

json normalizeMessage(const json &raw, const std::string &defaultRole, std::vector<ItemKey> *keys)
{
    const json &m = unwrap(raw, "message");
    json message = json::object();
    if (m.is_object() && !hasMessageMember(m)) {
        // any-agent writes a requested tool call as {"tool.name", "tool.args"}; anything else
        // unknown is kept whole as the content.
        message["role"] = defaultRole;
        if (const json *toolName = find(m, {"tool.name"}); toolName && toolName->is_string()) {
            const json *args = find(m, {"tool.args"});
            message["tool_calls"] = json::array(
                {json {{"id", ""}, {"name", *toolName}, {"arguments", args ? parsedIfJson(*args) : json(nullptr)}}});
            message["content"] = "";
        } else {
            message["content"] = m.dump(-1, ' ', false, json::error_handler_t::replace);
        }
        return message;
    }
    const std::string role = strOf(m, "role");
    const std::string &effectiveRole = role.empty() ? defaultRole : role;
    message["role"] = effectiveRole;
    std::string content;
    if (m.is_string()) {
        content = m.get<std::string>();
    } else if (m.is_object()) {
        if (const json *c = find(m, {"content"})) {
            json storage;
            const json &parsed = JsonParsing::embeddedOrSelf(*c, storage);
            if (parsed.is_array()) {
                for (const json &p : parsed)
                    addPart(p, message, content, keys);
            } else if (parsed.is_string()) {
                content = parsed.get<std::string>();
            } else if (parsed.is_object()) {
                addPart(parsed, message, content, keys);
            } else if (!parsed.is_null()) {
                content = parsed.dump();
            }
        }
        for (const std::string_view partsKey : {"parts", "contents"})
            if (const json *parts = find(m, {partsKey}); parts && parts->is_array())
                for (const json &p : *parts)
                    addPart(p, message, content, keys);
        if (const json *calls = find(m, {"tool_calls", "toolCalls"}); calls && calls->is_array())
            for (const json &tc : *calls)
                message["tool_calls"].push_back(normalizeToolCall(tc));
        std::string callId = strOf(m, "tool_call_id");
        if (callId.empty() && effectiveRole == "tool")
            callId = strOf(m, "id");
        if (!callId.empty())
            message["tool_call_id"] = callId;
        for (const std::string_view k : {"name", "finish_reason"})
            if (const json *v = find(m, {k}); v && v->is_string())
                message[k] = *v;
        if (!message.contains("finish_reason") && raw.is_object())
            if (const json *v = find(raw, {"finish_reason"}); v && v->is_string())
                message["finish_reason"] = *v;
    } else if (!m.is_null()) {
        content = m.dump();
    }
    message["content"] = std::move(content);
    return message;
}

// The shape nearly every GenAI ≥1.37 span carries, as a JSON string: an array of
// {"role", "parts": [{"type": "text", "content"}], "finish_reason"?, "name"?}. Normalized
// straight from simdjson's tape, without the nlohmann copy of the raw messages that the
// general path below walks (half the parsing thread's work for an LLM span). Anything else —
// another member, another part type, a duplicated key, a non-string value — returns false and
// takes the general path; tst_semanticmapper compares the two on generated messages.
bool simpleTextMessages(std::string_view text, const std::string &defaultRole, json &out)
{
    if (JsonParsing::firstSignificant(text) != '[')
        return false;
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(text).get(root) || root.type() != simdjson::dom::element_type::ARRAY)
        return false;
    const auto isString = [](simdjson::dom::element e) { return e.type() == simdjson::dom::element_type::STRING; };
    json messages = json::array();
    for (simdjson::dom::element m : simdjson::dom::array(root)) {
        if (m.type() != simdjson::dom::element_type::OBJECT)
            return false;
        std::string_view role, finishReason, name;
        std::string content;
        bool hasParts = false, hasRole = false, hasFinish = false, hasName = false;
        for (auto field : simdjson::dom::object(m)) {
            bool *seen = nullptr;
            if (field.key == "role")
                seen = &hasRole;
            else if (field.key == "parts")
                seen = &hasParts;
            else if (field.key == "finish_reason")
                seen = &hasFinish;
            else if (field.key == "name")
                seen = &hasName;
            if (!seen || *seen)
                return false;
            *seen = true;
            if (seen == &hasParts) {
                if (field.value.type() != simdjson::dom::element_type::ARRAY)
                    return false;
                for (simdjson::dom::element part : simdjson::dom::array(field.value)) {
                    if (part.type() != simdjson::dom::element_type::OBJECT)
                        return false;
                    simdjson::dom::object members(part);
                    if (members.size() != 2)
                        return false;
                    simdjson::dom::element type, partContent;
                    if (members.at_key("type").get(type) || members.at_key("content").get(partContent)
                        || !isString(type) || std::string_view(type) != "text" || !isString(partContent))
                        return false;
                    appendText(content, std::string(std::string_view(partContent)));
                }
                continue;
            }
            if (!isString(field.value))
                return false;
            const std::string_view value(field.value);
            if (seen == &hasRole)
                role = value;
            else if (seen == &hasFinish)
                finishReason = value;
            else
                name = value;
        }
        if (!hasRole && !hasParts) // not message-shaped: the general path keeps it whole
            return false;
        json message = json::object();
        message["role"] = role.empty() ? defaultRole : std::string(role);
        message["content"] = std::move(content);
        if (hasFinish)
            message["finish_reason"] = std::string(finishReason);
        if (hasName)
            message["name"] = std::string(name);
        messages.push_back(std::move(message));
    }
    out = std::move(messages);
    return true;
}

// Any message-ish value → an array of normalized messages (null when it is not messages).
json messagesOf(const json &rawValue, const std::string &defaultRole, std::vector<ItemKey> *keys)
{
    if (json simple;
        rawValue.is_string() && simpleTextMessages(rawValue.get_ref<const std::string &>(), defaultRole, simple))
        return simple;
    json storage;
    const json &value = JsonParsing::embeddedOrSelf(rawValue, storage);
    if (value.is_null())
        return nullptr;
    if (value.is_string()) {
        if (value.get_ref<const std::string &>().empty())
            return nullptr;
        return json::array({normalizeMessage(value, defaultRole, keys)});
    }
    if (value.is_array()) {
        json out = json::array();
        for (const json &m : value)
            out.push_back(normalizeMessage(m, defaultRole, keys));
        return out;
    }
    if (!value.is_object())
        return json::array({normalizeMessage(value.dump(), defaultRole, keys)});
    if (const json *messages = find(value, {"messages"}); messages && messages->is_array()) {
        json out = json::array();
        if (const json *system = find(value, {"system"}); system && system->is_string())
            out.push_back(json {{"role", "system"}, {"content", *system}});
        for (const json &m : *messages)
            out.push_back(normalizeMessage(m, defaultRole, keys));
        return out;
    }
    if (const json *choices = find(value, {"choices"}); choices && choices->is_array()) {
        json out = json::array();
        for (const json &c : *choices)
            out.push_back(normalizeMessage(c, "assistant", keys));
        return out;
    }
    if (value.contains("role") || value.contains("message") || value.contains("parts") || value.contains("content")
        || value.contains("tool_calls"))
        return json::array({normalizeMessage(value, defaultRole, keys)});
    for (const std::string_view textKey : {"text", "prompt", "content", "output", "input"}) {
        if (const json *t = find(value, {textKey}); t && t->is_string()) {
            json m = json {{"role", defaultRole}, {"content", *t}};
            if (const json *fr = find(value, {"finish_reason"}); fr && fr->is_string())
                m["finish_reason"] = *fr;
            return json::array({std::move(m)});
        }
    }
    return nullptr;
}

// messagesOf() for an attribute: the common shape straight from its text, without an
// nlohmann copy of the string first.
json messagesOfAttribute(
    const AttributeSet &attrs, size_t i, const std::string &defaultRole, std::vector<ItemKey> *keys)
{
    if (json simple; attrs.isText(i) && simpleTextMessages(attrs.text(i), defaultRole, simple))
        return simple;
    return messagesOf(attrs.value(i), defaultRole, keys);
}

bool isMessageList(const json &v)
{
    return v.is_array() && !v.empty();
}

// Vercel's ai.response.toolCalls: [{"toolCallType","toolCallId","toolName","args"}].
void addVercelToolCalls(const json &raw, json &messages)
{
    json storage;
    const json &calls = JsonParsing::embeddedOrSelf(raw, storage);
    if (!calls.is_array() || calls.empty())
        return;
    if (!isMessageList(messages))
        messages = json::array({json {{"role", "assistant"}, {"content", ""}}});
    json &last = messages.back();
    for (const json &c : calls)
        last["tool_calls"].push_back(normalizeToolCall(c));
}

std::string systemText(const json &raw)
{
    json storage;
    const json &v = JsonParsing::embeddedOrSelf(raw, storage);
    if (v.is_string())
        return v.get<std::string>();
    std::string text;
    if (v.is_array()) {
        for (const json &p : v) {
            if (p.is_string())
                appendText(text, p.get<std::string>());
            else if (p.is_object())
                appendText(text, strOf(p, "content").empty() ? strOf(p, "text") : strOf(p, "content"));
        }
        return text;
    }
    return v.is_null() ? std::string() : v.dump();
}

json normalizeDocuments(const json &raw)
{
    json storage;
    const json &v = JsonParsing::embeddedOrSelf(raw, storage);
    if (!v.is_array())
        return nullptr;
    json docs = json::array();
    for (const json &element : v) {
        const json &d = unwrap(element, "document");
        json doc = json::object();
        if (d.is_object()) {
            doc["id"] = strOf(d, "id");
            if (const json *score = find(d, {"score"}))
                doc["score"] = score->is_string() ? json(std::atof(score->get<std::string>().c_str())) : *score;
            std::string content = strOf(d, "content");
            if (content.empty())
                content = strOf(d, "text");
            doc["content"] = content;
            if (const json *meta = find(d, {"metadata"}))
                doc["metadata"] = parsedIfJson(*meta);
        } else if (d.is_string()) {
            doc["id"] = "";
            doc["content"] = d;
        }
        docs.push_back(std::move(doc));
    }
    return docs;
}

// Attributes whose values are prose or bulk data already normalized into `detail`: walking them
// for identifiers again would cost time and add noise (every word-with-digits in a prompt).
bool isContentKey(std::string_view key)
{
    static const std::unordered_set<std::string_view, KeyHash> exact = {"gen_ai.input.messages",
        "gen_ai.output.messages", "gen_ai.system_instructions", "gen_ai.prompt", "gen_ai.completion", "input.value",
        "output.value", "input", "output", "ai.prompt", "ai.prompt.messages", "ai.response.text", "ai.response.object",
        "ai.values", "ai.embeddings", "ai.embedding", "ai.value", "traceloop.entity.input", "traceloop.entity.output",
        "llm.prompt_template.template", "gen_ai.tool.definitions", "ai.prompt.tools", "ai.schema", "db.query.text",
        "ai.operationId", "operation.name", "resource.name", "ai.telemetry.functionId", "ai.model.id",
        "ai.model.provider", "ai.response.model", "gen_ai.request.model", "gen_ai.response.model",
        "gen_ai.operation.name", "gen_ai.system", "gen_ai.provider.name", "llm.model_name", "llm.system",
        "llm.provider", "llm.invocation_parameters", "openinference.span.kind", "span.kind", "gen_ai.tool.name",
        "gen_ai.agent.name", "gen_ai.tool.description", "gen_ai.agent.description", "llm.request.model_name",
        "llm.response.model_name", "http.route", "db.system.name", "ai.request.headers.user-agent", "user_agent"};
    if (exact.count(key))
        return true;
    // Every attribute is tested: the first letter picks the one or three prefixes it may have.
    switch (key.empty() ? '\0' : key.front()) {
    case 'r':
        return startsWith(key, "resource.") || startsWith(key, "retrieval.documents.") || startsWith(key, "reranker.");
    case 'o':
        return startsWith(key, "otel.");
    case 's':
        return startsWith(key, "scope.");
    case 'l':
        return startsWith(key, "llm.input_messages.") || startsWith(key, "llm.output_messages.")
            || startsWith(key, "llm.tools.");
    case 'g':
        return startsWith(key, "gen_ai.prompt.") || startsWith(key, "gen_ai.completion.");
    default:
        return false;
    }
}

// `Attrs` is the attribute object or its AttributeSet: apply() probes the index it already built.
template <class Attrs> ItemKind kindOf(const Attrs &attrs, ItemKind fallback)
{
    for (const std::string_view key : {"langfuse.observation.type", "openinference.span.kind", "gen_ai.operation.name",
             "traceloop.span.kind", "langsmith.span.kind", "lmnr.span.type", "agentops.span.kind"}) {
        if (const json *v = find(attrs, {key})) {
            const ItemKind k = kindFromWord(str(v));
            if (k != ItemKind::Other)
                return k;
        }
    }
    if (const json *op = find(attrs, {"ai.operationId"}); op && op->is_string()) {
        const ItemKind k = kindFromVercelOperation(op->get<std::string>());
        if (k != ItemKind::Other)
            return k;
        return fallback; // the wrapper span: its model keys must not make it a second LLM call
    }
    if (find(attrs,
            {"gen_ai.handoff.from_agent", "gen_ai.handoff.to_agent", "gen_ai.agent.handoff.target.name",
                "gen_ai.agent.handoff.source.name"}))
        return ItemKind::Handoff;
    if (find(attrs,
            {"gen_ai.request.model", "gen_ai.response.model", "llm.model_name", "llm.request.model_name",
                "ai.model.id"}))
        return ItemKind::Llm;
    if (find(attrs, {"gen_ai.tool.name", "tool.name"}))
        return ItemKind::Tool;
    if (find(attrs, {"http.request.method", "http.method"}))
        return ItemKind::Http;
    return fallback;
}

} // namespace

json SemanticMapper::normalizeMessages(const json &value, const std::string &defaultRole, std::vector<ItemKey> *keys)
{
    return messagesOf(value, defaultRole, keys);
}

ItemKind SemanticMapper::kindFromAttributes(const json &attrs, ItemKind fallback)
{
    if (!attrs.is_object())
        return fallback;
    return kindOf(attrs, fallback);
}

void SemanticMapper::apply(const json &attrs, Item &item, json &detail)
{
    if (!attrs.is_object())
        return;
    apply(AttributeSet(attrs), item, detail);
}

void SemanticMapper::apply(const AttributeSet &index, Item &item, json &detail)
{
    const AttributeSet &attrs = index;
    if (!detail.is_object())
        detail = json::object();
    // Attributes whose embedded JSON went into `detail` parsed (tool arguments and result, prompt
    // variables) → that parsed value, so the identifier walk at the end does not parse them again.
    // The pointers stay valid: members of `detail` are only added after, never replaced.
    std::vector<std::pair<const json *, const json *>> parsedInDetail;
    const auto parseInto = [&parsedInDetail](json &object, const char *member, const json &attr) {
        json storage;
        const json &parsed = JsonParsing::embeddedOrSelf(attr, storage);
        if (&parsed != &storage) {
            object[member] = attr;
            return;
        }
        json &stored = object[member];
        stored = std::move(storage);
        parsedInDetail.emplace_back(&attr, &stored);
    };
    if (item.kind == ItemKind::Other)
        item.kind = kindOf(index, ItemKind::Other);

    // OpenInference and the Agents SDK write a handoff as a tool call named after its target.
    std::string handoffFromName;
    for (const std::string_view prefix : {"handoff to ", "transfer_to_", "handoff_to_"}) {
        if (startsWith(item.name, prefix) && item.name.size() > prefix.size()) {
            handoffFromName = item.name.substr(prefix.size());
            if (item.kind == ItemKind::Other || item.kind == ItemKind::Tool)
                item.kind = ItemKind::Handoff;
        }
    }

    // Model asked for vs model that served: the pair is the model-version evidence.
    if (item.modelRequested.empty()) {
        item.modelRequested = strAttr(index, {"gen_ai.request.model", "llm.request.model_name", "ai.model.id"});
        if (item.modelRequested.empty()) {
            if (const json *params = find(index, {"llm.invocation_parameters"})) {
                json storage;
                const json &p = JsonParsing::embeddedOrSelf(*params, storage);
                if (p.is_object())
                    item.modelRequested = strOf(p, "model");
            }
        }
    }
    if (item.modelServed.empty())
        item.modelServed = strAttr(index,
            {"gen_ai.response.model", "llm.response.model_name", "llm.model_name", "langfuse.observation.model.name",
                "ai.response.model"});

    // Prompt name and version.
    if (item.promptName.empty())
        item.promptName = strAttr(index,
            {"langfuse.observation.prompt.name", "gen_ai.prompt.name", "traceloop.prompt.key",
                "llm.prompt_template.name", "prompt.id"});
    if (item.promptVersion.empty())
        item.promptVersion = strAttr(index,
            {"llm.prompt_template.version", "langfuse.observation.prompt.version", "traceloop.prompt.version",
                "traceloop.prompt.version_hash", "lmnr.span.prompt_hash"});
    {
        const json *tmpl = find(index, {"llm.prompt_template.template", "traceloop.prompt.template"});
        const json *vars = find(index, {"llm.prompt_template.variables", "traceloop.prompt.template_variables"});
        if (tmpl || vars || !item.promptName.empty() || !item.promptVersion.empty()) {
            json prompt = detail.value("prompt", json::object());
            if (!item.promptName.empty())
                prompt["name"] = item.promptName;
            if (!item.promptVersion.empty())
                prompt["version"] = item.promptVersion;
            if (tmpl)
                prompt["template"] = *tmpl;
            if (vars)
                parseInto(prompt, "variables", *vars);
            detail["prompt"] = std::move(prompt);
        }
    }

    // Tokens.
    if (item.inputTokens < 0)
        item.inputTokens = integer(find(index,
            {"gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "llm.token_count.prompt",
                "ai.usage.promptTokens", "ai.usage.inputTokens", "llm.usage.prompt_tokens", "ai.usage.tokens"}));
    if (item.outputTokens < 0)
        item.outputTokens = integer(find(index,
            {"gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens", "llm.token_count.completion",
                "ai.usage.completionTokens", "ai.usage.outputTokens", "llm.usage.completion_tokens"}));

    // Agent, conversation, user.
    const std::string agent = strAttr(index, {"gen_ai.agent.name", "agent.name", "graph.node.id"});
    if (item.actor.empty())
        item.actor = agent.empty() ? strAttr(index, {"service.name", "resource.service.name"}) : agent;
    if (!agent.empty())
        item.keys.push_back({"agent", agent, "gen_ai.agent.name"});
    if (const std::string conv = strAttr(index,
            {"gen_ai.conversation.id", "session.id", "langfuse.session.id",
                "traceloop.association.properties.session_id", "lmnr.association.properties.session_id", "thread_id",
                "conversation_id", "wandb.thread_id", "gcp.vertex.agent.session_id", "ai.telemetry.metadata.sessionId",
                "ai.telemetry.metadata.session_id"});
        !conv.empty())
        item.keys.push_back({"conversation", conv, "conversation id"});
    if (const std::string user = strAttr(index,
            {"user.id", "enduser.id", "langfuse.user.id", "gen_ai.user", "traceloop.association.properties.user_id",
                "lmnr.association.properties.user_id", "ai.telemetry.metadata.user_id", "ai.telemetry.metadata.userId",
                "user_id"});
        !user.empty())
        item.keys.push_back({"user", user, "user id"});
    std::string callId = strAttr(index, {"gen_ai.tool.call.id", "tool.id", "tool_call_id", "ai.toolCall.id"});
    if (!callId.empty())
        item.keys.push_back({"tool_call", callId, "gen_ai.tool.call.id"});

    // The tool a tool span ran.
    const std::string toolName = strAttr(index, {"gen_ai.tool.name", "tool.name", "ai.toolCall.name"});
    if (!toolName.empty() || item.kind == ItemKind::Tool) {
        json tool = detail.value("tool", json::object());
        if (!toolName.empty())
            tool["name"] = toolName;
        if (!callId.empty())
            tool["call_id"] = callId;
        const json *args
            = find(index, {"gen_ai.tool.call.arguments", "tool.parameters", "gen_ai.tool.args", "ai.toolCall.args"});
        const json *res = find(index, {"gen_ai.tool.call.result", "ai.toolCall.result", "gen_ai.output"});
        if (item.kind == ItemKind::Tool) {
            // OpenInference tool spans carry the call in input.value / output.value.
            if (!args)
                args = find(index, {"input.value", "input"});
            if (!res)
                res = find(index, {"output.value", "output"});
        }
        if (args)
            parseInto(tool, "arguments", *args);
        if (res)
            parseInto(tool, "result", *res);
        detail["tool"] = std::move(tool);
    }

    // Handoffs: OpenLLMetry, the proposed GenAI keys, AgentOps, OpenInference's "handoff to X".
    std::string from = strAttr(index,
        {"gen_ai.handoff.from_agent", "gen_ai.agent.handoff.source.name", "from_agent", "gen_ai.agent.handoff_parent"});
    std::string to = strAttr(index, {"gen_ai.handoff.to_agent", "gen_ai.agent.handoff.target.name", "to_agent"});
    if (!handoffFromName.empty()) {
        if (to.empty())
            to = handoffFromName;
        if (from.empty())
            from = strAttr(index, {"input.value"});
    }
    if (!from.empty() || !to.empty() || item.kind == ItemKind::Handoff) {
        // The importer's own handoff (e.g. the Agents SDK's from/to objects) wins; the
        // attributes only fill members it left empty.
        json &handoff = detail["handoff"];
        if (!handoff.is_object())
            handoff = json::object();
        for (const auto &[member, value] : {std::pair<const char *, const std::string *>("from", &from), {"to", &to}}) {
            auto have = handoff.find(member);
            if (have == handoff.end() || have->is_null()
                || (have->is_string() && have->get_ref<const std::string &>().empty()))
                handoff[member] = *value;
        }
        const json &target = handoff["to"];
        if (target.is_string() && !target.get_ref<const std::string &>().empty())
            item.keys.push_back({"handoff_to", target.get<std::string>(), "handoff target"});
    }

    // Messages. The first vocabulary present wins; later ones only fill what is still missing.
    std::vector<ItemKey> *keys = &item.keys;
    json input = nullptr;
    json output = nullptr;
    const bool isLlmLike = item.kind == ItemKind::Llm || item.kind == ItemKind::Agent || item.kind == ItemKind::Other;
    if (const size_t i = index.indexOf("gen_ai.input.messages"); i != AttributeSet::npos)
        input = messagesOfAttribute(index, i, "user", keys);
    if (input.is_null())
        if (json flat = unflatten(attrs, "llm.input_messages."); !flat.is_null())
            input = messagesOf(flat, "user", keys);
    if (input.is_null())
        if (json flat = unflatten(attrs, "gen_ai.prompt."); !flat.is_null())
            input = messagesOf(flat, "user", keys);
    if (input.is_null())
        if (const json *v = find(index, {"gen_ai.prompt", "ai.prompt.messages", "ai.prompt"}))
            input = messagesOf(*v, "user", keys);
    if (input.is_null())
        if (json flat = unflatten(attrs, "llm.prompts."); !flat.is_null())
            input = messagesOf(flat, "user", keys);
    if (input.is_null() && isLlmLike)
        if (const json *v = find(index, {"input.value", "traceloop.entity.input"}))
            input = messagesOf(*v, "user", keys);

    if (const size_t i = index.indexOf("gen_ai.output.messages"); i != AttributeSet::npos)
        output = messagesOfAttribute(index, i, "assistant", keys);
    if (output.is_null())
        if (json flat = unflatten(attrs, "llm.output_messages."); !flat.is_null())
            output = messagesOf(flat, "assistant", keys);
    if (output.is_null())
        if (json flat = unflatten(attrs, "gen_ai.completion."); !flat.is_null())
            output = messagesOf(flat, "assistant", keys);
    if (output.is_null())
        if (json flat = unflatten(attrs, "llm.choices."); !flat.is_null())
            output = messagesOf(flat, "assistant", keys);
    if (output.is_null())
        if (const json *v = find(index, {"gen_ai.completion", "ai.response.text"}))
            output = messagesOf(*v, "assistant", keys);
    if (output.is_null())
        if (const json *v = find(index, {"ai.response.object"}))
            output = json::array({json {{"role", "assistant"},
                {"content",
                    v->is_string() ? v->get<std::string>()
                                   : v->dump(-1, ' ', false, json::error_handler_t::replace)}}});
    if (const json *v = find(index, {"ai.response.toolCalls"}))
        addVercelToolCalls(*v, output);
    if (output.is_null() && isLlmLike)
        if (const json *v = find(index, {"output.value", "traceloop.entity.output"}))
            output = messagesOf(*v, "assistant", keys);
    if (output.is_null() && item.kind == ItemKind::Llm)
        if (const json *v = find(index, {"gen_ai.output"}))
            output = messagesOf(*v, "assistant", keys);

    if (isMessageList(input))
        detail["input_messages"] = std::move(input);
    if (isMessageList(output)) {
        // The ids an LLM asked tools to run under: the join to the execute_tool spans.
        for (const json &m : output)
            if (auto calls = m.find("tool_calls"); calls != m.end() && calls->is_array())
                for (const json &tc : *calls)
                    if (const std::string id = strOf(tc, "id"); !id.empty())
                        item.keys.push_back({"tool_call", id, "output_messages.tool_calls.id"});
        detail["output_messages"] = std::move(output);
    }
    // Raw input/output kept when they are not messages (a chain's JSON state, a tool's payload).
    if (!detail.contains("input_messages") && !detail.contains("tool"))
        if (const json *v = find(index, {"input.value", "traceloop.entity.input"}))
            detail["input"] = JsonParsing::maybeParseEmbedded(*v);
    if (!detail.contains("output_messages") && !detail.contains("tool"))
        if (const json *v = find(index, {"output.value", "traceloop.entity.output"}))
            detail["output"] = JsonParsing::maybeParseEmbedded(*v);

    if (const json *sys = find(index, {"gen_ai.system_instructions"}))
        detail["system_instructions"] = systemText(*sys);

    // Retrieved documents.
    json docs = nullptr;
    if (const json *v = find(index, {"gen_ai.retrieval.documents"}))
        docs = normalizeDocuments(*v);
    if (docs.is_null())
        if (json flat = unflatten(attrs, "retrieval.documents."); !flat.is_null())
            docs = normalizeDocuments(flat);
    if (docs.is_null())
        if (json flat = unflatten(attrs, "reranker.output_documents."); !flat.is_null())
            docs = normalizeDocuments(flat);
    if (docs.is_array() && !docs.empty())
        detail["documents"] = std::move(docs);

    // Identifiers nobody mapped (request ids, order numbers, emails), from every attribute that
    // is not prose already normalized above.
    for (size_t i = 0; i < attrs.size(); ++i) {
        const std::string_view key = attrs.key(i);
        if (const json *made = attrs.valueIfMade(i)) {
            if (made->is_null() || made->is_boolean() || made->is_number_float() || isContentKey(key))
                continue;
            const auto parsed = std::find_if(parsedInDetail.begin(), parsedInDetail.end(),
                [made](const std::pair<const json *, const json *> &p) { return p.first == made; });
            if (parsed != parsedInDetail.end())
                KeyExtractor::extractParsed(*made, *parsed->second, key, item.keys);
            else
                KeyExtractor::extract(*made, key, item.keys);
        } else if (!isContentKey(key)) {
            KeyExtractor::extractText(attrs.text(i), key, item.keys);
        }
    }
}

void SemanticMapper::finish(const json &attrs, const json &detail, Item &item)
{
    if (attrs.is_object() && !attrs.empty())
        item.attrsJson = JsonText::dump(attrs);
    if (detail.is_object() && !detail.empty())
        item.detailJson = JsonText::dump(detail);
    if (item.text.empty() && detail.is_object()) {
        // The last message in and the answer out are what a support engineer will search for.
        auto textOf = [](const json &messages) -> std::string {
            if (messages.is_string())
                return messages.get<std::string>();
            if (!messages.is_array() || messages.empty())
                return {};
            const json &m = messages.back();
            if (!m.is_object())
                return {};
            if (auto c = m.find(std::string_view("content"));
                c != m.end() && c->is_string() && !c->get_ref<const std::string &>().empty())
                return c->get<std::string>();
            if (auto parts = m.find(std::string_view("parts")); parts != m.end() && parts->is_array()) {
                for (const json &p : *parts)
                    if (p.is_object() && p.contains("content") && p["content"].is_string())
                        return p["content"].get<std::string>();
            }
            return {};
        };
        auto plain = [](const json &v) -> std::string {
            if (v.is_string())
                return v.get<std::string>();
            if (v.is_null())
                return {};
            return v.dump(-1, ' ', false, json::error_handler_t::replace);
        };
        std::string text;
        if (auto it = detail.find(std::string_view("input_messages")); it != detail.end())
            text = textOf(*it);
        if (auto it = detail.find(std::string_view("output_messages")); it != detail.end())
            appendText(text, textOf(*it));
        if (auto it = detail.find(std::string_view("tool")); it != detail.end() && it->is_object()) {
            if (auto a = it->find(std::string_view("arguments")); a != it->end())
                appendText(text, plain(*a));
            if (auto r = it->find(std::string_view("result")); r != it->end())
                appendText(text, plain(*r));
        }
        if (text.empty()) {
            if (auto it = detail.find(std::string_view("input")); it != detail.end())
                appendText(text, plain(*it));
            if (auto it = detail.find(std::string_view("output")); it != detail.end())
                appendText(text, plain(*it));
        }
        text.resize(TextCut::utf8Length(text, 4000));
        item.text = std::move(text);
    }
    KeyExtractor::dedupe(item.keys);
}
