#include "Utf8Repair.h"

#include "ImportContext.h"
#include "ImportError.h"
#include "JsonParsing.h"

#include <nlohmann/json.hpp>

namespace Utf8Repair {

namespace {

// Length of the well-formed sequence starting at s[i], or 0.
size_t sequenceLength(const std::string &s, size_t i)
{
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    if (c < 0x80)
        return 1;
    size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    if (i + n > s.size())
        return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi)
        return 0;
    for (size_t k = 2; k < n; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF)
            return 0;
    return n;
}

} // namespace

size_t repair(std::string &text)
{
    size_t bad = 0;
    size_t i = 0;
    // Fast scan: most files are valid, and then nothing is copied.
    while (i < text.size()) {
        const size_t n = sequenceLength(text, i);
        if (n == 0)
            break;
        i += n;
    }
    if (i >= text.size())
        return 0;
    std::string out;
    out.reserve(text.size() + 16);
    out.append(text, 0, i);
    while (i < text.size()) {
        const size_t n = sequenceLength(text, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";
            ++bad;
            ++i;
        } else {
            out.append(text, i, n);
            i += n;
        }
    }
    text.swap(out);
    return bad;
}

nlohmann::json parseJson(ImportContext &ctx, std::string &text, const std::string &where)
{
    try {
        return JsonParsing::parse(text, where);
    } catch (const ImportError &) {
        const size_t bad = repair(text);
        if (bad == 0)
            throw;
        nlohmann::json value = JsonParsing::parse(text, where);
        ctx.warn(where, std::to_string(bad) + " byte(s) of invalid UTF-8 replaced with U+FFFD");
        return value;
    }
}

} // namespace Utf8Repair
