#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

// Turns the many chat-message shapes agent platforms export (OpenAI chat and Responses items,
// Anthropic content blocks, GenAI >=1.37 parts, LangChain messages, plain strings, JSON held in
// strings) into Item.h's message shape: [{"role","content","tool_calls":[{"id","name","arguments"}]}].
// Shared by the Agents SDK, Langfuse and LangSmith importers.
class ChatMessages
{
public:
    // `value` may be a string (plain text or JSON, even JSON encoded twice), one message object,
    // an array of messages, a {"messages": [...]} wrapper or a chat completion response. Anything
    // else becomes one message whose content is the value's compact JSON. Null gives [].
    static nlohmann::json normalize(const nlohmann::json &value, const std::string &defaultRole);

    // Every tool call id in normalized messages (tool_calls[].id and tool_call_id), for item_keys.
    static std::vector<std::string> toolCallIds(const nlohmann::json &messages);

    // A JSON string that holds JSON, decoded up to three times ("\"[{...}]\"" → array).
    static nlohmann::json decode(const nlohmann::json &value);

    // Text of a content value: a string, or the text parts of a content-block array.
    static std::string contentText(const nlohmann::json &content);
};
