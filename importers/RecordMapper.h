#pragma once
#include "Item.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

// Turns one structured record of unknown schema (a JSON log line, a logfmt line, one element
// of a JSON array of events) into an Item: time, text, level, actor, trace ids, HTTP and
// email-event details and every identifier as a key. The JSONL, logfmt and JSON-records
// importers share it so a field means the same thing whatever the file's syntax.
class RecordMapper
{
public:
    // `record` should be an object; anything else becomes a log item holding its text.
    static Item map(const nlohmann::json &record, const std::string &ref);

    // Email provider events (SendGrid, Mailgun, Postmark, SES, Resend): an event name and a
    // recipient, or a provider's signature fields.
    static bool isEmailEvent(const nlohmann::json &record);

    // Display and search text: ANSI escapes, backspace overstrikes and other control
    // characters removed, invalid UTF-8 replaced, trailing whitespace trimmed.
    static std::string cleanText(std::string_view text);

    static bool isValidUtf8(std::string_view bytes);
    // Valid UTF-8 kept as is; every byte that is not part of a valid sequence read as Latin-1.
    static std::string latin1Fallback(std::string_view bytes);

    // True when the head of a JSON file carries the signature of a format a specific importer
    // owns (OTLP, Jaeger, Zipkin, OTel SDK dumps, Langfuse, LangSmith, Agents SDK, ASR
    // transcripts): the generic importers stand back.
    static bool namesSpecificFormat(std::string_view head);
};
