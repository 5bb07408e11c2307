#include "JsonText.h"

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <charconv>

namespace JsonText {

namespace {

using nlohmann::json;

void appendString(std::string &out, const std::string &s)
{
    if (!simdjson::validate_utf8(s.data(), s.size())) {
        // Rare (text from a Latin-1 log): nlohmann's replacement rules, one string at a time.
        out += json(s).dump(-1, ' ', false, json::error_handler_t::replace);
        return;
    }
    static const char hex[] = "0123456789abcdef";
    out += '"';
    size_t run = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(s, run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default: {
            const char escaped[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            out.append(escaped, sizeof escaped);
        }
        }
    }
    out.append(s, run, s.size() - run);
    out += '"';
}

template <typename Int> void appendInt(std::string &out, Int v)
{
    char buf[24];
    const auto result = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, result.ptr);
}

} // namespace

void append(std::string &out, const json &value)
{
    switch (value.type()) {
    case json::value_t::object: {
        out += '{';
        bool first = true;
        for (const auto &[key, member] : value.get_ref<const json::object_t &>()) {
            if (!first)
                out += ',';
            first = false;
            appendString(out, key);
            out += ':';
            append(out, member);
        }
        out += '}';
        return;
    }
    case json::value_t::array: {
        out += '[';
        bool first = true;
        for (const json &e : value) {
            if (!first)
                out += ',';
            first = false;
            append(out, e);
        }
        out += ']';
        return;
    }
    case json::value_t::string:
        appendString(out, value.get_ref<const std::string &>());
        return;
    case json::value_t::number_integer:
        appendInt(out, value.get<int64_t>());
        return;
    case json::value_t::number_unsigned:
        appendInt(out, value.get<uint64_t>());
        return;
    case json::value_t::boolean:
        out += value.get<bool>() ? "true" : "false";
        return;
    case json::value_t::number_float:
    case json::value_t::binary:
        // nlohmann's shortest round-trip formatting (and its spelling of NaN as null).
        out += value.dump(-1, ' ', false, json::error_handler_t::replace);
        return;
    case json::value_t::null:
    case json::value_t::discarded:
        out += "null";
        return;
    }
}

std::string dump(const json &value)
{
    std::string out;
    out.reserve(256);
    append(out, value);
    return out;
}

} // namespace JsonText
