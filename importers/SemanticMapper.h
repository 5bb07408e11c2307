#pragma once
#include "AttributeSet.h"
#include "Item.h"

#include <nlohmann/json.hpp>

// One normalized meaning from the many attribute vocabularies: OpenTelemetry GenAI (≤1.36
// events, ≥1.37 messages/parts, OpenLLMetry legacy keys), OpenInference, Langfuse, LangSmith,
// Laminar, Traceloop, Vercel AI SDK. Input is a flat attribute map (key → JSON value, nested
// AnyValues already decoded). Never overwrites what the format-specific importer already set.
class SemanticMapper
{
public:
    // Fills kind (when still Other), model asked/served, prompt, tokens, actor, keys
    // (conversation, user, tool_call, agent, handoff_to, …) and `detail` members
    // (input_messages, output_messages, documents, tool, handoff, prompt; see Item.h).
    static void apply(const nlohmann::json &attrs, Item &item, nlohmann::json &detail);
    // The same from an AttributeSet (OTLP spans build one straight from simdjson).
    static void apply(const AttributeSet &attrs, Item &item, nlohmann::json &detail);

    // The normalized kind the attributes imply, or `fallback` when they say nothing.
    static ItemKind kindFromAttributes(const nlohmann::json &attrs, ItemKind fallback);

    // Any message-shaped value (a JSON string of messages, GenAI parts, OpenAI/Vercel content
    // blocks, {"messages": […]}, one message, plain text) as Item.h's normalized message array;
    // null when the value is not messages. File parts' ids go to `keys` as upload keys.
    static nlohmann::json normalizeMessages(
        const nlohmann::json &value, const std::string &defaultRole, std::vector<ItemKey> *keys = nullptr);

    // Finishes an item: writes `detail` into item.detailJson, the attributes into
    // item.attrsJson, and a short searchable text when none was set. Shared by every span importer.
    static void finish(const nlohmann::json &attrs, const nlohmann::json &detail, Item &item);
};
