#pragma once
#include <nlohmann/json_fwd.hpp>
#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

// OtlpJson's decodings read from a simdjson DOM: the OTLP trace importer's hot path walks the
// request without building an nlohmann DOM and decodes only what it keeps (attributes, events,
// links) into nlohmann values. Same tolerance: a wrong-typed field decodes to "nothing".
namespace OtlpSimdJson {

using Element = simdjson::dom::element;

// A member of an object that is present and not null; false for a non-object parent.
bool member(Element object, std::string_view key, Element &out);
// A string member, or nullptr-like empty optional semantics: false when absent or not a string.
bool stringMember(Element object, std::string_view key, std::string_view &out);

nlohmann::json anyValue(Element v);
void takeKeyValues(Element list, nlohmann::json &out, const std::string &prefix = std::string());

int64_t nanos(Element v);
int spanKind(Element v);
int statusCode(Element v);
int64_t integer(Element v, int64_t fallback = 0);

} // namespace OtlpSimdJson
