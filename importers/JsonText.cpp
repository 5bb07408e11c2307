#include "JsonText.h"

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <charconv>
#include <cstdint>
#include <cstring>

namespace JsonText {

namespace {

using nlohmann::json;

constexpr uint64_t Ones = 0x0101010101010101ull;
constexpr uint64_t Highs = 0x8080808080808080ull;

// Marks (in the byte's high bit) the bytes of w that JSON must escape: control characters,
// '"' and '\\'. Bytes of 0x80 and above are never marked. Borrows only travel upwards, so the
// lowest mark is always exact (higher ones may be spurious): what the scan below relies on.
uint64_t escapeMarks(uint64_t w)
{
    const uint64_t control = (w - Ones * 0x20) & ~w;
    const uint64_t quote = w ^ (Ones * '"');
    const uint64_t backslash = w ^ (Ones * '\\');
    return (control | ((quote - Ones) & ~quote) | ((backslash - Ones) & ~backslash)) & Highs;
}

void appendEscape(std::string &out, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    char shortForm = 0;
    switch (c) {
    case '"':
    case '\\':
        shortForm = char(c);
        break;
    case '\b':
        shortForm = 'b';
        break;
    case '\f':
        shortForm = 'f';
        break;
    case '\n':
        shortForm = 'n';
        break;
    case '\r':
        shortForm = 'r';
        break;
    case '\t':
        shortForm = 't';
        break;
    default:
        break;
    }
    out.push_back('\\');
    if (shortForm != 0) {
        out.push_back(shortForm);
        return;
    }
    const char escaped[] = {'u', '0', '0', hex[c >> 4], hex[c & 15]};
    out.append(escaped, sizeof escaped);
}

bool needsEscape(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\';
}

// Eight bytes at a time: attrs and detail JSON are mostly long unescaped runs (message text),
// and this was the largest single cost of the import's parsing thread byte by byte.
void appendString(std::string &out, const std::string &s)
{
    const size_t start = out.size();
    out.reserve(start + s.size() + 2);
    out += '"';
    const char *p = s.data();
    const size_t n = s.size();
    uint64_t seen = 0; // OR of every byte: is there anything beyond ASCII to validate?
    size_t run = 0, i = 0;
    while (i < n) {
        if (i + 8 <= n) {
            uint64_t w;
            std::memcpy(&w, p + i, 8);
            seen |= w;
            const uint64_t marks = escapeMarks(w);
            if (marks == 0) {
                i += 8;
                continue;
            }
            i += size_t(__builtin_ctzll(marks)) / 8;
        } else {
            const auto c = static_cast<unsigned char>(p[i]);
            seen |= c;
            if (!needsEscape(c)) {
                ++i;
                continue;
            }
        }
        out.append(p + run, i - run);
        appendEscape(out, static_cast<unsigned char>(p[i]));
        run = ++i;
    }
    out.append(p + run, n - run);
    out += '"';
    if ((seen & Highs) != 0 && !simdjson::validate_utf8(p, n)) {
        // Rare (text from a Latin-1 log): nlohmann's replacement rules, one string at a time.
        out.resize(start);
        out += json(s).dump(-1, ' ', false, json::error_handler_t::replace);
    }
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
