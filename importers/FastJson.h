#pragma once
#include <nlohmann/json_fwd.hpp>
#include <simdjson.h>

#include <string>

class ImportContext;

// The import hot path's JSON parser: simdjson's DOM (one reused tape, no allocation per node)
// for the large request lines of OTLP files, with the error behaviour of JsonParsing — invalid
// UTF-8 repaired with a warning, nesting bounded, every other failure an ImportError located by
// line and column. A parsed element lives until the next parse().
class FastJson
{
public:
    FastJson();

    // Parses a JSON line or a whole document. `text` may be rewritten (UTF-8 repair).
    simdjson::dom::element parse(ImportContext &ctx, std::string &text, const std::string &where);

    // A plain JSON subtree as nlohmann::json, for the parts that go on to SemanticMapper and the
    // stored attributes (numbers keep their integer/unsigned/double type).
    static nlohmann::json toJson(simdjson::dom::element value);

    // "an object", "a string", "null", …: the same words JsonParsing's messages use.
    static std::string typeName(simdjson::dom::element value);

private:
    simdjson::dom::parser m_parser;
    // simdjson refuses integers beyond 64 bits that nlohmann reads as doubles; such a text is
    // re-serialized by nlohmann and parsed from here.
    std::string m_fallback;
};
