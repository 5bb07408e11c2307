#include "JsonParsing.h"

#include "FastJson.h"
#include "ImportError.h"

#include <nlohmann/json.hpp>

namespace JsonParsing {

int nestingDepth(std::string_view text, size_t *offendingOffset, int limit)
{
    int depth = 0, maxDepth = 0;
    bool inString = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++depth > maxDepth) {
                maxDepth = depth;
                if (depth > limit) {
                    if (offendingOffset)
                        *offendingOffset = i;
                    return depth;
                }
            }
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return maxDepth;
}

namespace {

// Where `text` sits in its file: a line of a JSON-lines file starts at (its line, 1), or later
// when its leading blanks were trimmed off.
struct Origin
{
    int64_t line = 1, column = 1;
};

// Line and column are what an editor shows; bytes are what a hex viewer shows.
std::string locateFrom(std::string_view text, size_t byte, Origin origin)
{
    int64_t line = origin.line, col = origin.column;
    const size_t stop = std::min(byte, text.size());
    for (size_t i = 0; i < stop; ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

// describeError's byte offset; `message` becomes the "what".
size_t errorByte(std::string_view text, const std::exception &e, std::string &message)
{
    message = e.what();
    size_t byte = 0;
    if (const auto *parse = dynamic_cast<const nlohmann::json::parse_error *>(&e)) {
        byte = parse->byte > 0 ? parse->byte - 1 : 0;
        // nlohmann prefixes "[json.exception.parse_error.101] parse error at line 1, column 5: "
        if (const auto colon = message.find(": "); colon != std::string::npos)
            message = message.substr(colon + 2);
    } else {
        // "[json.exception.out_of_range.406] number overflow parsing '1e999'"
        if (const auto close = message.find(']'); close != std::string::npos)
            message = message.substr(close + 2 <= message.size() ? close + 2 : close + 1);
        const auto open = message.find('\'');
        const auto end = message.rfind('\'');
        if (open != std::string::npos && end > open)
            byte = std::min(text.find(std::string_view(message).substr(open + 1, end - open - 1)), text.size());
    }
    return byte;
}

nlohmann::json parseFrom(std::string_view text, const std::string &where, Origin origin)
{
    size_t at = 0;
    if (nestingDepth(text, &at) > MaxDepth)
        throw ImportError(where.empty() ? locateFrom(text, at, origin) : where,
            "JSON nested deeper than " + std::to_string(MaxDepth) + " levels");
    try {
        return nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::exception &e) {
        std::string message;
        const size_t byte = errorByte(text, e, message);
        throw ImportError(where.empty() ? locateFrom(text, byte, origin) : where, "invalid JSON: " + message);
    }
}

} // namespace

std::string locate(std::string_view text, size_t byte)
{
    return locateFrom(text, byte, Origin());
}

nlohmann::json parse(std::string_view text, const std::string &where)
{
    return parseFrom(text, where, Origin());
}

nlohmann::json parseAt(std::string_view text, int64_t line, int64_t column)
{
    return parseFrom(text, std::string(), Origin {line, column});
}

std::pair<std::string, std::string> describeError(std::string_view text, const std::exception &e)
{
    std::string message;
    const size_t byte = errorByte(text, e, message);
    return {locate(text, byte), message};
}

bool tryParse(std::string_view text, nlohmann::json &out, std::string *error)
{
    try {
        out = parse(text);
        return true;
    } catch (const ImportError &e) {
        if (error)
            *error = e.describe();
        return false;
    }
}

const nlohmann::json &embeddedOrSelf(const nlohmann::json &value, nlohmann::json &storage)
{
    if (!value.is_string())
        return value;
    const std::string &s = value.get_ref<const std::string &>();
    const char c = firstSignificant(s);
    if (c != '{' && c != '[')
        return value;
    // Nesting deeper than MaxDepth needs more brackets than a short string holds.
    if (s.size() > size_t(MaxDepth) && nestingDepth(s) > MaxDepth)
        return value;
    // Every LLM span carries its messages as JSON in a string: simdjson reads them several
    // times faster; the slow parser stays for what it refuses (integers beyond 64 bits).
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (!parser.parse(s).get(root)) {
        storage = FastJson::toJson(root);
        return storage;
    }
    nlohmann::json parsed = nlohmann::json::parse(s, nullptr, false);
    if (parsed.is_discarded())
        return value;
    storage = std::move(parsed);
    return storage;
}

nlohmann::json maybeParseEmbedded(const nlohmann::json &value)
{
    nlohmann::json storage;
    const nlohmann::json &result = embeddedOrSelf(value, storage);
    if (&result == &storage)
        return storage;
    return value;
}

char firstSignificant(std::string_view text)
{
    size_t i = 0;
    // Skip a UTF-8 byte order mark.
    if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF && static_cast<unsigned char>(text[1]) == 0xBB
        && static_cast<unsigned char>(text[2]) == 0xBF)
        i = 3;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return c;
    }
    return '\0';
}

} // namespace JsonParsing
