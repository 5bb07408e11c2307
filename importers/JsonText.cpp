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

// Marks (in the byte's high bit) exactly the bytes of w that JSON must escape: control
// characters, '"' and '\\'. Adding 0x7f (or 0x60) to the low seven bits of each byte never
// carries into the next byte, so no byte's answer depends on its neighbours.
uint64_t escapeMarks(uint64_t w)
{
    constexpr uint64_t Low7 = Ones * 0x7f;
    const auto zeroBytes = [](uint64_t y) { return ~(((y & Low7) + Low7) | y) & Highs; };
    const uint64_t control = ~(((w & Low7) + Ones * 0x60) | w) & Highs; // below 0x20
    return control | zeroBytes(w ^ (Ones * '"')) | zeroBytes(w ^ (Ones * '\\'));
}

bool needsEscape(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\';
}

// Writes the escape for c at d (at most six bytes) and returns the end.
char *writeEscape(char *d, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    *d++ = '\\';
    switch (c) {
    case '"':
    case '\\':
        *d++ = char(c);
        return d;
    case '\b':
        *d++ = 'b';
        return d;
    case '\f':
        *d++ = 'f';
        return d;
    case '\n':
        *d++ = 'n';
        return d;
    case '\r':
        *d++ = 'r';
        return d;
    case '\t':
        *d++ = 't';
        return d;
    default:
        break;
    }
    const char escaped[] = {'u', '0', '0', hex[c >> 4], hex[c & 15]};
    std::memcpy(d, escaped, sizeof escaped);
    return d + sizeof escaped;
}

// How many of the marked bytes (each 0x80 or 0) there are: a multiply sums the bytes into
// the top one, where a popcount would be a libgcc call on baseline x86-64.
size_t countMarks(uint64_t marks)
{
    return size_t(((marks >> 7) * Ones) >> 56);
}

// Bytes written beyond the one each input byte takes: one for \" \\ \n and the like, five
// for the \u00XX of other control characters.
size_t escapeExtra(unsigned char c)
{
    if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t')
        return 1;
    return c < 0x20 ? 5 : 0;
}

// Eight bytes at a time, in two passes: the first measures the output exactly (so it is sized
// once) and sees whether anything is beyond ASCII; the second copies words whole and writes
// escapes in place. attrs and detail JSON are long runs of message text with quotes every few
// bytes (JSON inside JSON strings): this was the parsing thread's largest cost.
void appendString(std::string &out, const std::string &s)
{
    const char *p = s.data();
    const size_t n = s.size();
    size_t specials = 0, extra = 0;
    uint64_t seen = 0; // OR of every byte: is there anything beyond ASCII to validate?
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        std::memcpy(&w, p + i, 8);
        seen |= w;
        if (const uint64_t marks = escapeMarks(w)) {
            specials += countMarks(marks);
            for (uint64_t m = marks; m; m &= m - 1)
                extra += escapeExtra(static_cast<unsigned char>(p[i + size_t(__builtin_ctzll(m)) / 8]));
        }
    }
    for (; i < n; ++i) {
        const auto c = static_cast<unsigned char>(p[i]);
        seen |= c;
        if (needsEscape(c)) {
            ++specials;
            extra += escapeExtra(c);
        }
    }
    if ((seen & Highs) != 0 && !simdjson::validate_utf8(p, n)) {
        // Rare (text from a Latin-1 log): nlohmann's replacement rules, one string at a time.
        out += json(s).dump(-1, ' ', false, json::error_handler_t::replace);
        return;
    }
    const size_t start = out.size();
    out.resize(start + n + 2 + extra);
    char *d = &out[start];
    *d++ = '"';
    i = 0;
    // While 8 input bytes remain, at least 8 bytes of the output do too: words can be stored
    // whole before knowing how many of their bytes are kept.
    while (specials > 0 && i + 8 <= n) {
        uint64_t w;
        std::memcpy(&w, p + i, 8);
        std::memcpy(d, &w, 8);
        const uint64_t marks = escapeMarks(w);
        if (marks == 0) {
            i += 8;
            d += 8;
            continue;
        }
        const size_t j = size_t(__builtin_ctzll(marks)) / 8;
        const auto c = static_cast<unsigned char>(p[i + j]);
        d += j;
        if (c == '"' || c == '\\') {
            d[0] = '\\';
            d[1] = char(c);
            d += 2;
        } else {
            d = writeEscape(d, c);
        }
        i += j + 1;
        --specials;
    }
    if (specials == 0) {
        std::memcpy(d, p + i, n - i);
        d += n - i;
    } else {
        for (; i < n; ++i) {
            const auto c = static_cast<unsigned char>(p[i]);
            if (needsEscape(c))
                d = writeEscape(d, c);
            else
                *d++ = char(c);
        }
    }
    *d = '"';
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
