#include "JsonText.h"

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <charconv>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace JsonText {

namespace {

using nlohmann::json;

#if !defined(__SSE2__)
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
#endif

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

// Bytes written beyond the one each input byte takes: one for \" \\ \n and the like, five
// for the \u00XX of other control characters.
size_t escapeExtra(unsigned char c)
{
    if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t')
        return 1;
    return c < 0x20 ? 5 : 0;
}

// A block of input bytes: which of them JSON must escape (bit k for byte k), which of those
// are control characters (rare; each needs a look at its escape's length), and whether any is
// beyond ASCII. SSE2 is part of every x86-64, so there it is sixteen bytes a compare;
// elsewhere eight, with the SWAR marks above.
struct BlockScan
{
    uint32_t escapes;
    uint32_t controls;
    bool nonAscii;
};

#if defined(__SSE2__)
constexpr size_t Block = 16;

BlockScan scanBlock(const char *p)
{
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
    const __m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
    const __m128i backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
    // Unsigned c <= 0x1f exactly when max(c, 0x1f) == 0x1f.
    const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1f)), _mm_set1_epi8(0x1f));
    const auto controls = uint32_t(_mm_movemask_epi8(control));
    return {
        uint32_t(_mm_movemask_epi8(_mm_or_si128(quote, backslash))) | controls, controls, _mm_movemask_epi8(v) != 0};
}
#else
constexpr size_t Block = 8;

BlockScan scanBlock(const char *p)
{
    uint64_t w;
    std::memcpy(&w, p, 8);
    BlockScan scan {0, 0, (w & Highs) != 0};
    for (uint64_t m = escapeMarks(w); m; m &= m - 1) {
        const int k = __builtin_ctzll(m) / 8;
        scan.escapes |= 1u << k;
        if (static_cast<unsigned char>(p[k]) < 0x20)
            scan.controls |= 1u << k;
    }
    return scan;
}
#endif

// Set bits in a block's mask; a multiply-free bit count (POPCNT is not baseline x86-64, and
// __builtin_popcount would be a libgcc call there).
uint32_t bitCount(uint32_t x)
{
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    x = (x + (x >> 4)) & 0x0f0f0f0fu;
    return (x + (x >> 8) + (x >> 16) + (x >> 24)) & 0x3fu;
}

template <typename Int> void appendInt(std::string &out, Int v)
{
    char buf[24];
    const auto result = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, result.ptr);
}

} // namespace

// A block at a time, in two passes: the first measures the output exactly (so it is sized
// once) and sees whether anything is beyond ASCII; the second stores blocks whole and writes
// each escape over the store, walking the block's mask instead of scanning again. attrs and
// detail JSON are long runs of message text with quotes every few bytes (JSON inside JSON
// strings): this was the parsing thread's largest cost.
void appendString(std::string &out, std::string_view s)
{
    const char *p = s.data();
    const size_t n = s.size();
    size_t specials = 0, extra = 0;
    bool nonAscii = false; // is there anything beyond ASCII to validate?
    // Counts one scanned block; `bytes` are the block's own, where its control characters are.
    auto measure = [&](const BlockScan &scan, const char *bytes) {
        nonAscii |= scan.nonAscii;
        if (scan.escapes == 0)
            return;
        // Every escape takes at least one byte more (\" and \\ exactly one); a control
        // character's may take more.
        const uint32_t count = bitCount(scan.escapes);
        specials += count;
        extra += count;
        for (uint32_t m = scan.controls; m; m &= m - 1)
            extra += escapeExtra(static_cast<unsigned char>(bytes[__builtin_ctz(m)])) - 1;
    };
    size_t i = 0;
    for (; i + Block <= n; i += Block)
        measure(scanBlock(p + i), p + i);
    if (i < n) {
        // The last, partial block (most keys and values are shorter than one): copied into a
        // zeroed block so it is scanned the same way, and the padding's bytes masked off.
        char last[Block] = {};
        const size_t rest = n - i;
        std::memcpy(last, p + i, rest);
        BlockScan scan = scanBlock(last);
        const uint32_t real = (1u << rest) - 1;
        scan.escapes &= real;
        scan.controls &= real;
        measure(scan, last);
    }
    if (nonAscii && !simdjson::validate_utf8(p, n)) {
        // Rare (text from a Latin-1 log): nlohmann's replacement rules, one string at a time.
        out += json(s).dump(-1, ' ', false, json::error_handler_t::replace);
        return;
    }
    if (specials == 0) {
        // Most keys and values: one copy, without resize()'s zero fill of the room first.
        out += '"';
        out.append(p, n);
        out += '"';
        return;
    }
    const size_t start = out.size();
    out.resize(start + n + 2 + extra);
    char *d = &out[start];
    *d++ = '"';
    i = 0;
    // While a block of input remains from i, at least a block of the output does too, so a
    // block can be stored at d before knowing how many of its bytes are kept.
    bool nearEnd = false;
    while (specials > 0 && !nearEnd && i + Block <= n) {
        const size_t base = i;
        uint32_t m = scanBlock(p + base).escapes;
        for (;;) {
            if (i + Block > n) {
                nearEnd = true; // the bytes loop below takes over from i
                break;
            }
            std::memcpy(d, p + i, Block);
            if (m == 0) {
                d += base + Block - i;
                i = base + Block;
                break;
            }
            const size_t at = base + size_t(__builtin_ctz(m));
            m &= m - 1;
            d += at - i;
            const auto c = static_cast<unsigned char>(p[at]);
            if (c == '"' || c == '\\') {
                d[0] = '\\';
                d[1] = char(c);
                d += 2;
            } else {
                d = writeEscape(d, c);
            }
            i = at + 1;
            --specials;
        }
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
    // Written into a buffer that keeps its capacity between calls, then copied out at its exact
    // size: one allocation per dump instead of a string regrown several times over (detail
    // JSON is ~300 bytes to several KB).
    thread_local std::string scratch;
    scratch.clear();
    append(scratch, value);
    std::string out(scratch);
    releaseIfLarge(scratch);
    return out;
}

void releaseIfLarge(std::string &buffer)
{
    if (buffer.capacity() > (size_t(1) << 20))
        std::string().swap(buffer);
}

} // namespace JsonText
