#include "TimestampParser.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

namespace {

bool digits(std::string_view s, size_t pos, size_t n, int &out)
{
    if (pos + n > s.size())
        return false;
    int v = 0;
    for (size_t i = 0; i < n; ++i) {
        const char c = s[pos + i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::optional<int64_t> parseIso(std::string_view s)
{
    int year, month, day, hour = 0, minute = 0, second = 0;
    if (!digits(s, 0, 4, year) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, month) || s[7] != '-'
        || !digits(s, 8, 2, day))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31)
        return std::nullopt;
    size_t pos = 10;
    int64_t fracNs = 0;
    if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ')) {
        ++pos;
        if (!digits(s, pos, 2, hour) || pos + 2 >= s.size() || s[pos + 2] != ':' || !digits(s, pos + 3, 2, minute))
            return std::nullopt;
        pos += 5;
        if (pos < s.size() && s[pos] == ':') {
            if (!digits(s, pos + 1, 2, second))
                return std::nullopt;
            pos += 3;
        }
        if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
            ++pos;
            int64_t scale = 100000000;
            while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
                fracNs += (s[pos] - '0') * scale;
                scale /= 10;
                ++pos;
            }
        }
        if (hour > 24 || minute > 59 || second > 60)
            return std::nullopt;
    }
    int64_t offsetSeconds = 0;
    while (pos < s.size() && s[pos] == ' ')
        ++pos;
    if (pos < s.size()) {
        const char c = s[pos];
        if (c == 'Z' || c == 'z') {
            ++pos;
        } else if (c == '+' || c == '-') {
            int oh = 0, om = 0;
            if (!digits(s, pos + 1, 2, oh))
                return std::nullopt;
            size_t p = pos + 3;
            if (p < s.size() && s[p] == ':')
                ++p;
            if (p < s.size() && !digits(s, p, 2, om))
                return std::nullopt;
            offsetSeconds = (oh * 3600 + om * 60) * (c == '-' ? -1 : 1);
            pos = p + (p < s.size() ? 2 : 0);
        } else if (s.substr(pos) == "UTC" || s.substr(pos) == "GMT") {
            pos = s.size();
        } else {
            return std::nullopt;
        }
    }
    if (pos != s.size())
        return std::nullopt;
    const int64_t days = daysFromCivil(year, unsigned(month), unsigned(day));
    const int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
    return TimestampParser::scaledNs(secs, 1000000000LL, fracNs);
}

std::optional<int64_t> parseHttpDate(std::string_view s)
{
    // "Fri, 07 Feb 2025 01:53:41 GMT"
    static const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (s.size() < 29 || s[3] != ',' || s.substr(s.size() - 3) != "GMT")
        return std::nullopt;
    int day, year, hour, minute, second;
    if (!digits(s, 5, 2, day) || !digits(s, 12, 4, year) || !digits(s, 17, 2, hour) || !digits(s, 20, 2, minute)
        || !digits(s, 23, 2, second))
        return std::nullopt;
    const std::string_view mon = s.substr(8, 3);
    for (unsigned m = 0; m < 12; ++m) {
        if (mon == months[m]) {
            const int64_t days = daysFromCivil(year, m + 1, unsigned(day));
            return TimestampParser::scaledNs(days * 86400 + hour * 3600 + minute * 60 + second, 1000000000LL);
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<int64_t> TimestampParser::scaledNs(int64_t value, int64_t nsPerUnit, int64_t extraNs)
{
    int64_t ns = 0;
    if (__builtin_mul_overflow(value, nsPerUnit, &ns) || __builtin_add_overflow(ns, extraNs, &ns))
        return std::nullopt;
    return ns;
}

int64_t TimestampParser::saturatingAdd(int64_t a, int64_t b)
{
    int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum))
        return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
    return sum;
}

std::optional<int64_t> TimestampParser::fromMicroseconds(int64_t us)
{
    return us > 0 ? scaledNs(us, 1000) : std::nullopt;
}

std::pair<int64_t, int64_t> TimestampParser::microsecondSpan(int64_t startUs, int64_t durationUs)
{
    const auto start = fromMicroseconds(startUs);
    if (!start)
        return {0, 0};
    const auto duration = scaledNs(durationUs, 1000);
    const auto end = duration ? scaledNs(*start, 1, *duration) : std::nullopt;
    return {*start, end.value_or(*start)};
}

std::optional<int64_t> TimestampParser::fromEpochInteger(int64_t v)
{
    if (v <= 0)
        return std::nullopt;
    if (v < 100000000000LL) // seconds until year 5138
        return TimestampParser::scaledNs(v, 1000000000LL);
    if (v < 100000000000000LL) // milliseconds
        return TimestampParser::scaledNs(v, 1000000LL);
    if (v < 100000000000000000LL) // microseconds
        return TimestampParser::scaledNs(v, 1000LL);
    return v; // nanoseconds
}

std::optional<int64_t> TimestampParser::fromEpochNumber(double v)
{
    if (!std::isfinite(v) || v <= 0 || v > 9.2e18)
        return std::nullopt;
    // A double holds epoch seconds to about 0.2 µs, so the fraction is kept to the microsecond
    // instead of inventing nanoseconds (1767261600.25 must not become …249999872).
    if (v < 1e11) {
        const double whole = std::floor(v);
        return TimestampParser::scaledNs(
            static_cast<int64_t>(whole), 1000000000LL, std::llround((v - whole) * 1e6) * 1000LL);
    }
    if (v < 1e14) {
        const double whole = std::floor(v);
        return TimestampParser::scaledNs(
            static_cast<int64_t>(whole), 1000000LL, std::llround((v - whole) * 1e3) * 1000LL);
    }
    if (v < 1e17)
        return v * 1e3 < 9.2e18 ? std::optional<int64_t>(std::llround(v * 1e3)) : std::nullopt;
    return static_cast<int64_t>(v);
}

std::optional<int64_t> TimestampParser::parseText(std::string_view text)
{
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    if (text.empty())
        return std::nullopt;
    // A date before 1970 is no trace's time, and with negative times two of them could differ by
    // more than int64 holds (1677 to 2262): every time this parser gives is 1970 or later.
    if (auto iso = parseIso(text))
        return *iso >= 0 ? iso : std::nullopt;
    if (auto http = parseHttpDate(text))
        return *http >= 0 ? http : std::nullopt;
    // A numeric string: integers exactly (ns need all 19 digits), fractions as double.
    bool allDigits = true, sawDot = false;
    for (char c : text) {
        if (c == '.' && !sawDot)
            sawDot = true;
        else if (c < '0' || c > '9')
            allDigits = false;
    }
    if (!allDigits)
        return std::nullopt;
    if (!sawDot) {
        int64_t value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        // A digit run past int64 (a 20-digit id, not a time) is simply not a timestamp.
        if (ec != std::errc() || end != text.data() + text.size())
            return std::nullopt;
        return fromEpochInteger(value);
    }
    return fromEpochNumber(std::strtod(std::string(text).c_str(), nullptr));
}

std::optional<int64_t> TimestampParser::parse(const nlohmann::json &value)
{
    switch (value.type()) {
    case nlohmann::json::value_t::string:
        return parseText(value.get_ref<const std::string &>());
    case nlohmann::json::value_t::number_unsigned:
        return fromEpochInteger(static_cast<int64_t>(std::min<uint64_t>(value.get<uint64_t>(), INT64_MAX)));
    case nlohmann::json::value_t::number_integer:
        return fromEpochInteger(value.get<int64_t>());
    case nlohmann::json::value_t::number_float:
        return fromEpochNumber(value.get<double>());
    case nlohmann::json::value_t::array:
        // OTel JS HrTime: [seconds, nanoseconds]
        if (value.size() == 2 && value[0].is_number() && value[1].is_number()) {
            const double secs = value[0].get<double>();
            const double nanos = value[1].get<double>();
            if (secs > 0 && secs < 1e11 && nanos >= 0 && nanos < 1e9)
                return TimestampParser::scaledNs(static_cast<int64_t>(secs), 1000000000LL, static_cast<int64_t>(nanos));
        }
        return std::nullopt;
    default:
        return std::nullopt;
    }
}

int64_t TimestampParser::secondsToNs(double seconds)
{
    // Past ±292 years the product leaves int64; such an offset is as meaningless as NaN.
    if (!std::isfinite(seconds) || std::fabs(seconds) >= 9.2e9)
        return 0;
    return static_cast<int64_t>(std::llround(seconds * 1e9));
}

std::string TimestampParser::toIso(int64_t ns)
{
    // civil_from_days (Howard Hinnant)
    int64_t secs = ns / 1000000000LL;
    int64_t rem = ns % 1000000000LL;
    if (rem < 0) {
        rem += 1000000000LL;
        --secs;
    }
    int64_t days = secs / 86400;
    int64_t sod = secs % 86400;
    if (sod < 0) {
        sod += 86400;
        --days;
    }
    days += 719468;
    const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<long long>(y), m, d,
        int(sod / 3600), int(sod % 3600 / 60), int(sod % 60), int(rem / 1000000));
    return buf;
}
