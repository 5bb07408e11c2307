#pragma once
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

// Turns the time shapes found in the wild into nanoseconds since the Unix epoch (UTC).
class TimestampParser
{
public:
    // ISO-8601 / RFC 3339 with any offset, 'T' or ' ' separator, any fraction length, '.' or ','
    // decimal mark; a missing offset means UTC. Also RFC 7231 HTTP dates
    // ("Fri, 07 Feb 2025 01:53:41 GMT") and numeric strings (see fromEpochNumber). Only times
    // from 1970 to 2262 are times: every result is >= 0, so differences cannot overflow.
    static std::optional<int64_t> parseText(std::string_view text);

    // Epoch seconds, milliseconds, microseconds or nanoseconds, told apart by magnitude
    // (anything after 1973 and before 5138 resolves unambiguously).
    static std::optional<int64_t> fromEpochNumber(double value);
    static std::optional<int64_t> fromEpochInteger(int64_t value);

    // A JSON value of any of the above shapes; also OTel JS [seconds, nanoseconds] pairs.
    static std::optional<int64_t> parse(const nlohmann::json &value);

    // value × nsPerUnit + extraNs, or nothing when that leaves int64 nanoseconds (before 1677 or
    // after 2262): such a time is no time, where the plain arithmetic would overflow.
    static std::optional<int64_t> scaledNs(int64_t value, int64_t nsPerUnit, int64_t extraNs = 0);

    // a + b, held at the ends of int64 instead of wrapping: for windows and views around a time,
    // which may reach past the last representable one.
    static int64_t saturatingAdd(int64_t a, int64_t b);

    // Jaeger's and Zipkin's microseconds since the epoch as nanoseconds; nothing when not after
    // 1970 or past 2262, like every other time here.
    static std::optional<int64_t> fromMicroseconds(int64_t us);

    // Jaeger's and Zipkin's start and duration in microseconds as [start, end) nanoseconds: (0, 0)
    // when the start is no time (not after 1970, or after 2262), a zero-length span when only the
    // end is.
    static std::pair<int64_t, int64_t> microsecondSpan(int64_t startUs, int64_t durationUs);

    // Seconds (relative offsets such as transcript segment times) to nanoseconds.
    static int64_t secondsToNs(double seconds);

    // 2026-01-01T10:00:00.123Z, for JSON output and reports.
    static std::string toIso(int64_t ns);
};
