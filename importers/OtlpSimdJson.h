#pragma once
#include <nlohmann/json_fwd.hpp>
#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

// OTLP/JSON read from a simdjson DOM: the OTLP trace and log importers and the OTel SDK span
// importer walk the document without building an nlohmann DOM and decode only what they keep
// (attributes, bodies, events, links) into nlohmann values. The one AnyValue decoder; times and
// enums share OtlpJson's text decodings. Tolerant: a wrong-typed field decodes to "nothing".
namespace OtlpSimdJson {

using Element = simdjson::dom::element;

// A member of an object that is present and not null; false for a non-object parent.
bool member(Element object, std::string_view key, Element &out);
// A string member, or nullptr-like empty optional semantics: false when absent or not a string.
bool stringMember(Element object, std::string_view key, std::string_view &out);

// {"stringValue":"x"} → "x", {"intValue":"12"} → 12, kvlistValue → object, arrayValue →
// array, bytesValue → its base64 text, {} → null. A value that is not an AnyValue object is
// returned as it is (some exporters write plain JSON).
nlohmann::json anyValue(Element v);
// The text anyValue() decodes `v` to when that is a string: a plain string, or an AnyValue whose
// first member is a string "stringValue" (the first member decides). False for anything else.
bool stringAnyValue(Element v, std::string_view &out);
// One `{"key": k, "value": AnyValue}` entry, in one pass: the first of a repeated member counts.
// False when `kv` is not an object or has no string key; `hasValue` is false when the value is
// absent or null (`value` is then unset).
bool keyValue(Element kv, std::string_view &key, Element &value, bool &hasValue);
// Adds `[{key, value}]` (or a plain object map) to `out` as prefix+key → decoded value.
void takeKeyValues(Element list, nlohmann::json &out, const std::string &prefix = std::string());
// A resourceSpans/resourceLogs entry's resource attributes as "resource.<key>" members, and the
// service name among them (the items' actor; "" when none).
nlohmann::json resourceAttributes(Element entry, std::string &serviceName);
// A scope's non-empty name and version as otel.scope.name/otel.scope.version members of `out`.
void addScopeNameVersion(Element scope, nlohmann::json &out);

int64_t nanos(Element v);
// The time in `object`'s member `key` (string or number nanoseconds), 0 when absent.
int64_t nanosMember(Element object, std::string_view key);
int spanKind(Element v);
int statusCode(Element v);
int64_t integer(Element v, int64_t fallback = 0);

} // namespace OtlpSimdJson
