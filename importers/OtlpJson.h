#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

// The OTLP/JSON decodings of fixed64 times written as strings or numbers and of enums written
// as integers or as their proto names, from text (for OtlpSimdJson, which decodes AnyValues and
// KeyValue lists for the OTLP and OTel SDK importers) and from nlohmann values (for the Jaeger
// and Zipkin importers). Tolerant: a wrong-typed field decodes to "nothing", never throws.
namespace OtlpJson {

// SpanKind: 0..5 from an integer, "2", "SPAN_KIND_SERVER" or "SERVER"/"server"; -1 unknown.
int spanKind(const nlohmann::json *v);
const char *spanKindName(int kind); // "internal", "server", … ("" for unspecified)
// Status code: 0 unset, 1 ok, 2 error from 0..2, "STATUS_CODE_ERROR", "ERROR", "error".
int statusCode(const nlohmann::json *v);
// Integer fields that may be written as strings (flags, severityNumber); `fallback` when absent.
int64_t integer(const nlohmann::json *v, int64_t fallback = 0);

// The same decodings from text, shared with OtlpSimdJson (the simdjson hot path).
// Nanoseconds from "1544712660000000000" (or ISO-8601 text); 0 when unusable.
int64_t nanosFromText(std::string_view s);
int64_t integerFromText(std::string_view s, int64_t fallback);
// A JSON double as an integer (truncated); `fallback` when it is NaN, infinite or past int64, where
// a plain conversion is undefined behaviour.
int64_t integerFromDouble(double d, int64_t fallback);
int spanKindFromText(std::string_view s);
int statusCodeFromText(std::string_view s);
// An AnyValue's intValue written as text: the number when it fits in int64, else the text.
nlohmann::json intFromText(std::string_view s);

// Member lookup that tolerates a non-object parent; nullptr when absent or null.
const nlohmann::json *member(const nlohmann::json &object, const char *key);
inline const std::string *stringMember(const nlohmann::json &object, const char *key)
{
    const nlohmann::json *v = member(object, key);
    return v && v->is_string() ? &v->get_ref<const std::string &>() : nullptr;
}

} // namespace OtlpJson
