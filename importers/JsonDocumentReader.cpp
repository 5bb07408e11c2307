#include "JsonDocumentReader.h"

#include "ImportContext.h"
#include "ImportError.h"
#include "ImportInput.h"
#include "JsonParsing.h"

#include <string_view>

namespace {

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    return s;
}

} // namespace

int JsonDocumentReader::read(ImportContext &ctx, const Visitor &visit)
{
    const std::string text = ctx.input().readAll();
    const char first = JsonParsing::firstSignificant(text);
    if (first == '\0')
        throw ImportError("", "the file is empty");
    if (first != '{' && first != '[')
        throw ImportError("byte 0", "not JSON (expected '{' or '[')");

    // Where the first non-empty line ends, and whether anything follows it.
    size_t pos = 0;
    if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF)
        pos = 3; // UTF-8 byte order mark
    std::string_view firstLine;
    size_t afterFirst = std::string::npos;
    while (pos < text.size()) {
        const size_t nl = text.find('\n', pos);
        const std::string_view line
            = trimmed(std::string_view(text).substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
        pos = nl == std::string::npos ? text.size() : nl + 1;
        if (!line.empty()) {
            firstLine = line;
            afterFirst = pos;
            break;
        }
    }
    nlohmann::json probe;
    const bool jsonLines = afterFirst < text.size()
        && JsonParsing::firstSignificant(std::string_view(text).substr(afterFirst)) != '\0'
        && JsonParsing::tryParse(firstLine, probe);
    if (!jsonLines) {
        visit(JsonParsing::parse(text), std::string());
        return 1;
    }

    int count = 0, lineNo = 0;
    pos = 0;
    while (pos < text.size()) {
        const size_t nl = text.find('\n', pos);
        const char *lineStart = text.data() + pos;
        std::string_view line
            = trimmed(std::string_view(text).substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
        pos = nl == std::string::npos ? text.size() : nl + 1;
        ++lineNo;
        if (lineNo == 1 && line.size() >= 3 && static_cast<unsigned char>(line[0]) == 0xEF)
            line.remove_prefix(3);
        if (line.empty())
            continue;
        const std::string where = "line " + std::to_string(lineNo);
        nlohmann::json value;
        try {
            // Located in the file: this line, and the column counting what trimming took off.
            value = JsonParsing::parseAt(line, lineNo, 1 + (line.data() - lineStart));
        } catch (const ImportError &e) {
            ctx.warn(e.where(), e.what());
            continue;
        }
        ++count;
        visit(std::move(value), where);
    }
    return count;
}
