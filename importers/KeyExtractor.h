#pragma once
#include "Item.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

// Finds the identifiers in any record so correlation can join on fields no importer has
// heard of. Two signals: the field's name (conversationId, call-id, user.email, …, whatever
// the spelling) and the value's shape (an email, a phone number, a UUID, a token mixing
// letters and digits). Walks nested objects, arrays and JSON held in strings, to a bounded depth.
class KeyExtractor
{
public:
    // Adds every key found in `value` (named `field`, may be empty for the root) to `out`.
    static void extract(const nlohmann::json &value, std::string_view field, std::vector<ItemKey> &out);

    // extract() for a string value, without making it an nlohmann value first.
    static void extractText(std::string_view value, std::string_view field, std::vector<ItemKey> &out);

    // extract() for a string whose embedded JSON the caller already parsed (`parsed`, from
    // JsonParsing::embeddedOrSelf): the same keys without parsing the string again.
    static void extractParsed(
        const nlohmann::json &value, const nlohmann::json &parsed, std::string_view field, std::vector<ItemKey> &out);

    // Ids inside a file name: rec_<callid>.wav, upload-7f3a.png.
    static void extractFromFileName(std::string_view fileName, std::vector<ItemKey> &out);

    // The canonical family for a field name ("gen_ai.conversation.id" → "conversation",
    // "callSid" → "call"); empty when the name says nothing.
    static std::string familyForField(std::string_view field);

    // The family a bare value's shape implies ("email", "phone", "id"), or empty when the
    // value does not look like an identifier (words, numbers, timestamps, booleans).
    static std::string familyForValue(std::string_view value);

    // Lower-cased, trimmed form used for matching (emails case-insensitive, phones digits-only
    // with a leading +).
    static std::string normalize(const std::string &family, std::string_view value);

    // Drops exact duplicates (same kind and value) keeping the first field.
    static void dedupe(std::vector<ItemKey> &keys);
};
