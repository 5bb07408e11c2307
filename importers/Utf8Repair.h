#pragma once
#include <nlohmann/json_fwd.hpp>

#include <string>

class ImportContext;

// Exports from Latin-1 systems and truncated multi-byte sequences put invalid UTF-8 into JSON
// files; the JSON parser refuses them. Replacing each bad byte with U+FFFD lets the rest import
// (with a warning) instead of losing the whole file.
namespace Utf8Repair {

// Replaces every byte that is not part of a well-formed UTF-8 sequence; returns how many.
size_t repair(std::string &text);

// JsonParsing::parse, retried once after repair() when the text is not UTF-8; the repair is
// reported through ctx.warn(where, …). Throws ImportError like JsonParsing::parse.
nlohmann::json parseJson(ImportContext &ctx, std::string &text, const std::string &where = std::string());

} // namespace Utf8Repair
