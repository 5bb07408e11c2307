#include "FastJson.h"

#include "ImportContext.h"
#include "ImportError.h"
#include "JsonParsing.h"
#include "Utf8Repair.h"

#include <nlohmann/json.hpp>

using simdjson::dom::element;

FastJson::FastJson()
{
    // Capacity grows with the largest text seen; the depth bound is JsonParsing's. A failed
    // allocation here surfaces as a parse error on first use.
    [[maybe_unused]] const auto error = m_parser.allocate(1 << 16, JsonParsing::MaxDepth);
}

simdjson::dom::element FastJson::parse(ImportContext &ctx, std::string &text, const std::string &where)
{
    element root;
    // With SIMDJSON_PADDING spare bytes of capacity, simdjson parses the text where it is
    // instead of copying it into a padded buffer first: one copy of the whole file less. The
    // caller's line buffer keeps its capacity, so this reserves once per longer line.
    if (text.capacity() - text.size() < simdjson::SIMDJSON_PADDING)
        text.reserve(text.size() + simdjson::SIMDJSON_PADDING);
    auto error = m_parser.parse(text).get(root);
    if (!error)
        return root;
    // Invalid UTF-8 is repaired whatever simdjson stopped at first (it may report a later
    // string or structure error instead), so a text that is also malformed is judged after the
    // repair, as Utf8Repair::parseJson does: the message names what is still wrong.
    const size_t bad = Utf8Repair::repair(text);
    if (bad > 0)
        error = m_parser.parse(text.data(), text.size()).get(root); // repaired text may be longer
    if (error) {
        // The slow parser names the line and column (and enforces the same nesting bound), so
        // its message is the one the user sees; it throws for every text simdjson found malformed.
        const nlohmann::json value = JsonParsing::parse(text, where);
        m_fallback = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        error = m_parser.parse(m_fallback).get(root);
        if (error)
            throw ImportError(where, std::string("unreadable JSON: ") + simdjson::error_message(error));
    }
    if (bad > 0)
        ctx.warn(where, std::to_string(bad) + " byte(s) of invalid UTF-8 replaced with U+FFFD");
    return root;
}

nlohmann::json FastJson::toJson(element value)
{
    switch (value.type()) {
    case simdjson::dom::element_type::OBJECT: {
        nlohmann::json out = nlohmann::json::object();
        for (auto field : simdjson::dom::object(value))
            out[std::string(field.key)] = toJson(field.value);
        return out;
    }
    case simdjson::dom::element_type::ARRAY: {
        nlohmann::json out = nlohmann::json::array();
        simdjson::dom::array list(value);
        out.get_ref<nlohmann::json::array_t &>().reserve(list.size());
        for (element e : list)
            out.push_back(toJson(e));
        return out;
    }
    case simdjson::dom::element_type::STRING:
        return std::string(std::string_view(value));
    case simdjson::dom::element_type::INT64:
        return int64_t(value);
    case simdjson::dom::element_type::UINT64:
        return uint64_t(value);
    case simdjson::dom::element_type::DOUBLE:
        return double(value);
    case simdjson::dom::element_type::BOOL:
        return bool(value);
    case simdjson::dom::element_type::NULL_VALUE:
        break;
    }
    return nullptr;
}

std::string FastJson::typeName(element value)
{
    switch (value.type()) {
    case simdjson::dom::element_type::OBJECT:
        return "an object";
    case simdjson::dom::element_type::ARRAY:
        return "an array";
    case simdjson::dom::element_type::STRING:
        return "a string";
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE:
        return "a number";
    case simdjson::dom::element_type::BOOL:
        return "a boolean";
    case simdjson::dom::element_type::NULL_VALUE:
        break;
    }
    return "null";
}
