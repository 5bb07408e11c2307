#pragma once
#include <cstdint>
#include <string>
#include <vector>

// Plain value types that importers produce and the workspace stores. UTF-8 std::string
// throughout: the import hot path binds straight into SQLite without converting to UTF-16.

// One normalized kind per item; stored as its name so the file reads well in the sqlite3 shell.
enum class ItemKind { Llm, Tool, Retrieval, Agent, Handoff, Asr, Speech, Image, Audio, Log, Email, Http, Other };

const char *itemKindName(ItemKind kind);
ItemKind itemKindFromName(const std::string &name); // unknown names map to Other

// An identifier pulled out of an item, the correlation engine's input.
// kind is a canonical family: conversation, session, thread, turn, user, email, phone, call,
// upload, tool_call, request, correlation, message, response, agent, handoff_to, file,
// account, order, trace_group, id (any other identifier-looking value).
// field is where it sat in the source ("attributes.gen_ai.conversation.id", "callId", ...).
struct ItemKey
{
    std::string kind;
    std::string value;
    std::string field;
};

struct Item
{
    std::string ref; // span:<trace>/<span>, line:<n>, record:<n>, segment:<n>, file
    ItemKind kind = ItemKind::Other;
    std::string name;
    std::string actor; // service or agent name
    int64_t startNs = 0;
    int64_t endNs = 0;
    int status = 0; // 0 unset, 1 ok, 2 error
    std::string statusMessage;
    std::string traceId;
    std::string spanId;
    std::string parentSpanId;
    bool parentRemote = false;
    std::string modelRequested;
    std::string modelServed;
    std::string promptName;
    std::string promptVersion;
    int64_t inputTokens = -1; // -1 = unknown
    int64_t outputTokens = -1;
    std::string text; // short searchable text (utterance, message, answer, log line)
    std::string attrsJson; // the source's attributes, flat JSON object ("" = none)
    // Normalized content as a JSON object ("" = none). Known members, all optional:
    //   input_messages / output_messages: [{"role","content","tool_calls":[{"id","name","arguments"}]}]
    //     optional per message: "tool_call_id", "name", "finish_reason", "reasoning",
    //     "attachments":[{"type","mime_type","modality","file_id"|"uri"|"url","bytes"}] (no inline bytes)
    //   input / output: a span's raw input/output when it is not messages (a chain's state)
    //   system_instructions: string
    //   prompt: {"name","version","template","variables"}
    //   documents: [{"id","score","content"}]
    //   tool: {"name","call_id","arguments","result"}
    //   handoff: {"from","to"}
    //   email: {"event","recipient","reason","message_id"}
    //   events: [{"time_ns","name","attributes"}]     (span events)
    //   links: [{"trace_id","span_id","attributes"}]   (a link into another trace also adds a trace_group key)
    //   body: a log record's structured (non-string) body
    //   http: {"method","url","status_code"}
    //   segment: {"index","start_s","end_s","speaker","confidence","words":[...]}
    std::string detailJson;
    std::vector<ItemKey> keys;
};

// Audio or image bytes attached to an item.
struct Media
{
    std::string mime; // audio/wav, image/png, image/jpeg, audio/pcm
    std::string fileName; // name only, never a path from the importing machine
    int64_t durationNs = 0;
    int sampleRate = 0;
    int channels = 0;
    int width = 0;
    int height = 0;
    std::vector<float> peaks; // waveform summary: max |sample| per bucket, 0..1
    std::string data; // the bytes themselves: a workspace is self-contained
};
