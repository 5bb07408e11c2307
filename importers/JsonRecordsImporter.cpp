#include "JsonRecordsImporter.h"

#include "ImportContext.h"
#include "ImportError.h"
#include "ImportInput.h"
#include "JsonParsing.h"
#include "RecordMapper.h"
#include "SniffText.h"

#include <nlohmann/json.hpp>

using nlohmann::json;
using SniffText::hasJsonKey;

namespace {

// Members that commonly wrap a list of records in API responses and exports.
const char *const Wrappers[] = {"data", "records", "events", "items", "results", "entries", "rows", "logs", "users",
    "customers", "accounts", "messages"};

// The records to import from a parsed object: a wrapped array, or the object itself.
const json *wrappedArray(const json &doc)
{
    if (doc.contains("event-data") || doc.contains("RecordType"))
        return nullptr;
    for (const char *w : Wrappers) {
        auto it = doc.find(w);
        if (it != doc.end() && it->is_array() && !it->empty() && (*it)[0].is_object())
            return &*it;
    }
    return nullptr;
}

} // namespace

int JsonRecordsImporter::sniff(const SniffInput &in) const
{
    const std::string_view head = in.head;
    const char first = JsonParsing::firstSignificant(head);
    if (first != '[' && first != '{')
        return 0;
    if (RecordMapper::namesSpecificFormat(head))
        return 0;
    if (first == '[') {
        const size_t open = head.find('[');
        const char next = JsonParsing::firstSignificant(head.substr(open + 1));
        return next == '{' ? 15 : 0;
    }
    // Single webhook bodies whose providers are unmistakable.
    if (hasJsonKey(head, "\"event-data\"") && hasJsonKey(head, "\"signature\""))
        return 85;
    if (hasJsonKey(head, "\"RecordType\"") && (hasJsonKey(head, "\"MessageID\"") || hasJsonKey(head, "\"Recipient\"")))
        return 80;
    if ((hasJsonKey(head, "\"notificationType\"") || hasJsonKey(head, "\"eventType\"")) && hasJsonKey(head, "\"mail\""))
        return 75;
    return 10;
}

void JsonRecordsImporter::run(ImportContext &ctx) const
{
    std::string text = ctx.input().readAll();
    if (JsonParsing::firstSignificant(text) == '\0') {
        ctx.warn("", "the file is empty");
        return;
    }
    size_t deepAt = 0;
    if (JsonParsing::nestingDepth(text, &deepAt) > JsonParsing::MaxDepth)
        throw ImportError(JsonParsing::locate(text, deepAt),
            "JSON nested deeper than " + std::to_string(JsonParsing::MaxDepth) + " levels");
    if (!RecordMapper::isValidUtf8(text)) {
        text = RecordMapper::latin1Fallback(text);
        ctx.warn("", "the file is not valid UTF-8; bytes that are not were read as Latin-1");
    }

    // Elements of a top-level array are mapped as the parser completes them and then dropped,
    // so a large export never exists twice in memory.
    int64_t index = 0;
    bool topArray = JsonParsing::firstSignificant(text) == '[';
    json single;
    const auto callback = [&](int depth, json::parse_event_t event, json &parsed) {
        if (topArray && depth == 1
            && (event == json::parse_event_t::object_end || event == json::parse_event_t::value
                || event == json::parse_event_t::array_end)) {
            const std::string ref = "record:" + std::to_string(index);
            if (parsed.is_object() || parsed.is_string())
                ctx.addItem(RecordMapper::map(parsed, ref));
            else
                ctx.warn("record " + std::to_string(index),
                    "skipped: a " + std::string(parsed.type_name()) + ", not an object");
            ++index;
            return false;
        }
        return true;
    };
    try {
        single = json::parse(text.begin(), text.end(), callback);
    } catch (const json::exception &e) {
        const auto [where, message] = JsonParsing::describeError(text, e);
        if (index == 0)
            throw ImportError(where, "invalid JSON: " + message);
        // A truncated export: keep the records before the damage, and say where it is.
        ctx.warn(where,
            "invalid JSON after record " + std::to_string(index - 1) + " (" + message + "); the "
                + std::to_string(index) + " records before it were imported");
        return;
    }
    if (topArray) {
        if (index == 0)
            ctx.warn("", "the array holds no records");
        return;
    }
    if (single.is_object()) {
        if (const json *records = wrappedArray(single)) {
            for (const json &r : *records) {
                const std::string ref = "record:" + std::to_string(index);
                if (r.is_object())
                    ctx.addItem(RecordMapper::map(r, ref));
                else
                    ctx.warn("record " + std::to_string(index), "skipped: not an object");
                ++index;
            }
            return;
        }
        ctx.addItem(RecordMapper::map(single, "record:0"));
        return;
    }
    throw ImportError("", std::string("expected a JSON array of records or an object, found a ") + single.type_name());
}
