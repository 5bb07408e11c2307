#include "OtlpJson.h"

#include "TimestampParser.h"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <system_error>

namespace OtlpJson {

using nlohmann::json;

const json *member(const json &object, const char *key)
{
    if (!object.is_object())
        return nullptr;
    auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return nullptr;
    return &*it;
}

namespace {

// Times ("1767261600000000000") and intValues are plain digits: from_chars reads them without
// strtoll's terminated copy and locale. What it refuses but strtoll reads (leading spaces, a
// '+') takes the strtoll path, so both accept the same texts.
bool parseInt64(std::string_view s, long long &out)
{
    if (s.empty() || s.size() > 31)
        return false;
    if (s[0] != '+' && !std::isspace(static_cast<unsigned char>(s[0]))) {
        const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), out);
        if (error == std::errc())
            return end == s.data() + s.size();
        if (error == std::errc::result_out_of_range)
            return false;
    }
    char buf[32];
    s.copy(buf, s.size());
    buf[s.size()] = '\0';
    errno = 0;
    char *end = nullptr;
    out = std::strtoll(buf, &end, 10);
    return errno == 0 && end == buf + s.size();
}

} // namespace

int64_t integerFromDouble(double d, int64_t fallback)
{
    // -2^63 and 2^63 are exact doubles; NaN fails both comparisons.
    return d >= -0x1p63 && d < 0x1p63 ? int64_t(d) : fallback;
}

int64_t integer(const json *v, int64_t fallback)
{
    if (!v)
        return fallback;
    if (v->is_number_integer() || v->is_number_unsigned())
        return v->get<int64_t>();
    if (v->is_number_float())
        return integerFromDouble(v->get<double>(), fallback);
    if (v->is_string())
        return integerFromText(v->get_ref<const std::string &>(), fallback);
    return fallback;
}

json intFromText(std::string_view s)
{
    long long v = 0;
    if (s.size() <= 20 && parseInt64(s, v))
        return int64_t(v);
    return std::string(s);
}

int64_t nanosFromText(std::string_view s)
{
    long long n = 0;
    if (s.empty())
        return 0;
    if (parseInt64(s, n))
        return n < 0 ? 0 : n; // before 1970 is no time, as TimestampParser has it
    // Not the spec, but seen: ISO-8601 text.
    return TimestampParser::parseText(s).value_or(0);
}

int64_t integerFromText(std::string_view s, int64_t fallback)
{
    long long n = 0;
    return parseInt64(s, n) ? n : fallback;
}

namespace {

bool endsWithNoCase(std::string_view s, const char *suffix)
{
    const size_t n = std::strlen(suffix);
    if (s.size() < n)
        return false;
    for (size_t i = 0; i < n; ++i) {
        char c = s[s.size() - n + i];
        if (c >= 'a' && c <= 'z')
            c = char(c - 'a' + 'A');
        if (c != suffix[i])
            return false;
    }
    // "SPAN_KIND_SERVER", "SERVER", "SpanKind.SERVER": whole word only.
    return s.size() == n || s[s.size() - n - 1] == '_' || s[s.size() - n - 1] == '.';
}

} // namespace

int spanKind(const json *v)
{
    if (!v)
        return -1;
    if (v->is_number()) {
        const int64_t k = integer(v, -1);
        return k >= 0 && k <= 5 ? int(k) : -1;
    }
    if (!v->is_string())
        return -1;
    return spanKindFromText(v->get_ref<const std::string &>());
}

int spanKindFromText(std::string_view s)
{
    if (s.size() == 1 && s[0] >= '0' && s[0] <= '5')
        return s[0] - '0';
    static const char *names[] = {"UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"};
    for (int i = 0; i < 6; ++i)
        if (endsWithNoCase(s, names[i]))
            return i;
    return -1;
}

const char *spanKindName(int kind)
{
    switch (kind) {
    case 1:
        return "internal";
    case 2:
        return "server";
    case 3:
        return "client";
    case 4:
        return "producer";
    case 5:
        return "consumer";
    default:
        return "";
    }
}

int statusCode(const json *v)
{
    if (!v)
        return 0;
    if (v->is_number()) {
        const int64_t c = integer(v, 0);
        return c >= 0 && c <= 2 ? int(c) : 0;
    }
    if (!v->is_string())
        return 0;
    return statusCodeFromText(v->get_ref<const std::string &>());
}

int statusCodeFromText(std::string_view s)
{
    if (s == "1" || endsWithNoCase(s, "OK"))
        return 1;
    if (s == "2" || endsWithNoCase(s, "ERROR"))
        return 2;
    return 0;
}

} // namespace OtlpJson
