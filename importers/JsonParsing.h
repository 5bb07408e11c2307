#pragma once
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <utility>

// JSON parsing shared by every importer: errors become ImportError with a line and column
// (or byte offset) a user can find, and nesting is bounded so no walker recurses without end.
namespace JsonParsing {

constexpr int MaxDepth = 512;

// Throws ImportError. `where` prefixes the location ("line 12" for a JSONL line, "" for a document).
nlohmann::json parse(std::string_view text, const std::string &where = std::string());

// parse() of a piece of a file that starts at `line`, `column` of it (a line of a JSON-lines
// file): errors are located in the file, not in the piece.
nlohmann::json parseAt(std::string_view text, int64_t line, int64_t column);

// "line 3, column 17" of a byte offset in `text`.
std::string locate(std::string_view text, size_t byte);

// Where in `text` (line and column) and what (without nlohmann's "[json.exception…]" prefix)
// of an nlohmann::json exception thrown while parsing it: a parse error, or a number too large
// for a double (out_of_range 406, which has no offset: the number is looked up in the text).
std::pair<std::string, std::string> describeError(std::string_view text, const std::exception &e);

// Like parse() but returns false instead of throwing; *error gets the message.
bool tryParse(std::string_view text, nlohmann::json &out, std::string *error = nullptr);

// The deepest bracket nesting outside strings; cheap pre-check before parsing.
int nestingDepth(std::string_view text, size_t *offendingOffset = nullptr, int limit = MaxDepth);

// A JSON string attribute that itself holds JSON (gen_ai.input.messages as a string):
// returns the parsed value, or the original when it is not JSON.
nlohmann::json maybeParseEmbedded(const nlohmann::json &value);

// The same without copying a value that is not embedded JSON: returns `storage` holding the
// parsed value, or `value` itself.
const nlohmann::json &embeddedOrSelf(const nlohmann::json &value, nlohmann::json &storage);

// First non-space character, to tell '{' documents from '[' arrays from JSON lines.
char firstSignificant(std::string_view text);

} // namespace JsonParsing
