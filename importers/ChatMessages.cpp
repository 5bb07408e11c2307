#include "ChatMessages.h"

#include "JsonParsing.h"
#include "TextCut.h"

namespace {

using nlohmann::json;

// A message body bigger than this is cut: the item keeps enough to read and search, the
// source file keeps the rest.
constexpr size_t MaxContent = 100000;

std::string dumpCompact(const json &v)
{
    return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string cut(std::string s)
{
    if (s.size() > MaxContent) {
        s.resize(TextCut::utf8Length(s, MaxContent));
        s += "… [cut]";
    }
    return s;
}

std::string stringOf(const json &v)
{
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_null())
        return {};
    return dumpCompact(v);
}

std::string normalizeRole(std::string role)
{
    if (role == "human" || role == "HumanMessage" || role == "HumanMessageChunk")
        return "user";
    if (role == "ai" || role == "AIMessage" || role == "AIMessageChunk" || role == "model")
        return "assistant";
    if (role == "SystemMessage")
        return "system";
    if (role == "ToolMessage" || role == "FunctionMessage" || role == "function")
        return "tool";
    return role;
}

json toolCall(const std::string &id, const std::string &name, const json &arguments)
{
    json call = json::object();
    if (!id.empty())
        call["id"] = id;
    if (!name.empty())
        call["name"] = name;
    if (!arguments.is_null())
        call["arguments"] = arguments.is_string() ? arguments : json(dumpCompact(arguments));
    return call;
}

// Text, tool calls and tool results out of a content-block or parts array.
void readBlocks(const json &blocks, json &message)
{
    std::string text;
    auto addText = [&text](const std::string &t) {
        if (t.empty())
            return;
        if (!text.empty())
            text += "\n";
        text += t;
    };
    for (const json &b : blocks) {
        if (b.is_string()) {
            addText(b.get<std::string>());
            continue;
        }
        if (!b.is_object())
            continue;
        const std::string type = b.value("type", std::string());
        if (type == "tool_use" || type == "tool_call" || type == "function_call") {
            const json &args = b.contains("input") ? b["input"] : b.contains("arguments") ? b["arguments"] : json();
            const std::string id = b.contains("call_id") ? stringOf(b["call_id"]) : stringOf(b.value("id", json()));
            message["tool_calls"].push_back(toolCall(id, stringOf(b.value("name", json())), args));
        } else if (type == "tool_result" || type == "tool_call_response" || type == "function_call_output") {
            const char *idKey = b.contains("tool_use_id") ? "tool_use_id" : b.contains("call_id") ? "call_id" : "id";
            if (b.contains(idKey))
                message["tool_call_id"] = stringOf(b[idKey]);
            const char *bodyKey = b.contains("content") ? "content" : b.contains("response") ? "response" : "output";
            if (b.contains(bodyKey))
                addText(ChatMessages::contentText(b[bodyKey]));
        } else if (b.contains("text") && b["text"].is_string()) {
            addText(b["text"].get<std::string>());
        } else if (b.contains("content") && b["content"].is_string()) {
            addText(b["content"].get<std::string>());
        } else if (type == "image_url" || type == "input_image" || type == "image" || type == "input_audio"
            || type == "audio" || type == "file" || type == "input_file" || type == "blob" || type == "uri") {
            addText("[" + type + "]");
        }
    }
    message["content"] = cut(text);
}

void appendMessages(const json &element, const std::string &defaultRole, json &out);

json oneMessage(const json &e, const std::string &defaultRole)
{
    json m = json::object();
    // LangChain's serialized form: {"lc":1,"type":"constructor","id":[...,"HumanMessage"],"kwargs":{...}}
    if (e.contains("lc") && e.contains("kwargs") && e["kwargs"].is_object()) {
        json inner = e["kwargs"];
        if (!inner.contains("role") && e.contains("id") && e["id"].is_array() && !e["id"].empty()
            && e["id"].back().is_string())
            inner["role"] = normalizeRole(e["id"].back().get<std::string>());
        return oneMessage(inner, defaultRole);
    }
    const std::string type = e.contains("type") && e["type"].is_string() ? e["type"].get<std::string>() : "";
    std::string role;
    if (e.contains("role") && e["role"].is_string())
        role = normalizeRole(e["role"].get<std::string>());
    else if (type == "human" || type == "ai" || type == "system" || type == "tool")
        role = normalizeRole(type);
    else if (type == "function_call")
        role = "assistant";
    else if (type == "function_call_output")
        role = "tool";
    m["role"] = role.empty() ? defaultRole : role;

    if (type == "function_call") {
        m["content"] = "";
        m["tool_calls"] = json::array({toolCall(stringOf(e.value("call_id", e.value("id", json()))),
            stringOf(e.value("name", json())), e.value("arguments", json()))});
        return m;
    }
    if (type == "function_call_output") {
        m["tool_call_id"] = stringOf(e.value("call_id", json()));
        m["content"] = cut(ChatMessages::contentText(e.value("output", json())));
        return m;
    }

    bool understood = e.contains("role");
    if (e.contains("content")) {
        understood = true;
        const json content = ChatMessages::decode(e["content"]);
        if (content.is_array())
            readBlocks(content, m);
        else
            m["content"] = cut(stringOf(content));
    } else if (e.contains("parts") && e["parts"].is_array()) {
        understood = true;
        readBlocks(e["parts"], m);
    } else if (e.contains("text") && e["text"].is_string()) {
        understood = true;
        m["content"] = cut(e["text"].get<std::string>());
    }
    if (e.contains("tool_calls") && e["tool_calls"].is_array()) {
        understood = true;
        for (const json &c : e["tool_calls"]) {
            if (!c.is_object())
                continue;
            if (c.contains("function") && c["function"].is_object())
                m["tool_calls"].push_back(toolCall(stringOf(c.value("id", json())),
                    stringOf(c["function"].value("name", json())), c["function"].value("arguments", json())));
            else
                m["tool_calls"].push_back(toolCall(stringOf(c.value("id", json())), stringOf(c.value("name", json())),
                    c.contains("args") ? c["args"] : c.value("arguments", json())));
        }
    }
    if (e.contains("function_call") && e["function_call"].is_object()) {
        understood = true;
        m["tool_calls"].push_back(toolCall(
            "", stringOf(e["function_call"].value("name", json())), e["function_call"].value("arguments", json())));
    }
    if (e.contains("tool_call_id") && !e["tool_call_id"].is_null())
        m["tool_call_id"] = stringOf(e["tool_call_id"]);
    if (!understood)
        m["content"] = cut(dumpCompact(e));
    if (!m.contains("content"))
        m["content"] = "";
    return m;
}

void appendMessages(const json &element, const std::string &defaultRole, json &out)
{
    const json e = ChatMessages::decode(element);
    if (e.is_null())
        return;
    if (e.is_string()) {
        if (!e.get_ref<const std::string &>().empty())
            out.push_back({{"role", defaultRole}, {"content", cut(e.get<std::string>())}});
        return;
    }
    if (e.is_object()) {
        out.push_back(oneMessage(e, defaultRole));
        return;
    }
    out.push_back({{"role", defaultRole}, {"content", cut(dumpCompact(e))}});
}

} // namespace

json ChatMessages::decode(const json &value)
{
    json v = value;
    for (int i = 0; i < 3 && v.is_string(); ++i) {
        const std::string &s = v.get_ref<const std::string &>();
        const char c = JsonParsing::firstSignificant(s);
        if (c != '{' && c != '[' && c != '"')
            break;
        if (JsonParsing::nestingDepth(s) > JsonParsing::MaxDepth)
            break;
        json parsed = json::parse(s, nullptr, false);
        if (parsed.is_discarded())
            break;
        v = std::move(parsed);
    }
    return v;
}

json ChatMessages::normalize(const json &value, const std::string &defaultRole)
{
    json out = json::array();
    const json v = decode(value);
    if (v.is_null())
        return out;
    if (v.is_array()) {
        for (const json &e : v) {
            // LangChain batches: [[message, …], …]
            if (e.is_array()) {
                for (const json &inner : e)
                    appendMessages(inner, defaultRole, out);
            } else {
                appendMessages(e, defaultRole, out);
            }
        }
        return out;
    }
    if (v.is_object()) {
        if (v.contains("messages") && (v["messages"].is_array() || v["messages"].is_string()))
            return normalize(v["messages"], defaultRole);
        if (v.contains("choices") && v["choices"].is_array()) {
            for (const json &choice : v["choices"]) {
                if (!choice.is_object())
                    continue;
                if (choice.contains("message") && choice["message"].is_object())
                    out.push_back(oneMessage(choice["message"], "assistant"));
                else if (choice.contains("text"))
                    out.push_back({{"role", "assistant"}, {"content", cut(stringOf(choice["text"]))}});
            }
            return out;
        }
        if (v.contains("generations") && v["generations"].is_array()) {
            for (const json &g : v["generations"]) {
                for (const json &one : g.is_array() ? g : json::array({g})) {
                    if (!one.is_object())
                        continue;
                    if (one.contains("message") && one["message"].is_object())
                        out.push_back(oneMessage(one["message"], "assistant"));
                    else if (one.contains("text"))
                        out.push_back({{"role", "assistant"}, {"content", cut(stringOf(one["text"]))}});
                }
            }
            return out;
        }
        if (v.value("object", std::string()) == "response" && v.contains("output") && v["output"].is_array())
            return normalize(v["output"], "assistant");
    }
    appendMessages(v, defaultRole, out);
    return out;
}

std::vector<std::string> ChatMessages::toolCallIds(const json &messages)
{
    std::vector<std::string> ids;
    if (!messages.is_array())
        return ids;
    for (const json &m : messages) {
        if (!m.is_object())
            continue;
        if (auto it = m.find("tool_calls"); it != m.end() && it->is_array())
            for (const json &c : *it)
                if (c.is_object() && c.contains("id") && c["id"].is_string() && !c["id"].get<std::string>().empty())
                    ids.push_back(c["id"].get<std::string>());
        if (auto it = m.find("tool_call_id"); it != m.end() && it->is_string() && !it->get<std::string>().empty())
            ids.push_back(it->get<std::string>());
    }
    return ids;
}

std::string ChatMessages::contentText(const json &content)
{
    const json v = decode(content);
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_array()) {
        json m = json::object();
        readBlocks(v, m);
        return m.value("content", std::string());
    }
    if (v.is_object() && v.contains("text") && v["text"].is_string())
        return v["text"].get<std::string>();
    return v.is_null() ? std::string() : dumpCompact(v);
}
