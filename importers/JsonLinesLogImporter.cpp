#include "JsonLinesLogImporter.h"

#include "ImportContext.h"
#include "ImportError.h"
#include "ImportInput.h"
#include "JsonParsing.h"
#include "RecordMapper.h"

#include <nlohmann/json.hpp>

namespace {

constexpr int SniffLines = 50;

enum class LineParse { Failed, Utf8, Latin1 };

// One line as JSON; a line that is not UTF-8 is read as Latin-1 (or mixed) rather than lost.
// Detection and import share it, so a log written in Latin-1 is detected as the log it is.
LineParse parseLine(std::string_view line, nlohmann::json &out, std::string *error = nullptr)
{
    if (JsonParsing::tryParse(line, out, error))
        return LineParse::Utf8;
    if (!RecordMapper::isValidUtf8(line) && JsonParsing::tryParse(RecordMapper::latin1Fallback(line), out))
        return LineParse::Latin1;
    return LineParse::Failed;
}

} // namespace

int JsonLinesLogImporter::sniff(const SniffInput &in) const
{
    if (JsonParsing::firstSignificant(in.head) != '{' || RecordMapper::namesSpecificFormat(in.head))
        return 0;
    // The head may end mid-line; that last piece proves nothing either way.
    const bool cut = !in.head.empty() && in.head.back() != '\n';
    int lines = 0, objects = 0;
    size_t pos = 0;
    while (pos < in.head.size() && lines < SniffLines) {
        size_t end = in.head.find('\n', pos);
        const bool last = end == std::string_view::npos;
        if (last)
            end = in.head.size();
        std::string_view line = in.head.substr(pos, end - pos);
        pos = end + 1;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
            line.remove_suffix(1);
        if (JsonParsing::firstSignificant(line) == '\0')
            continue;
        if (last && cut)
            break;
        ++lines;
        nlohmann::json value;
        if (JsonParsing::firstSignificant(line) == '{' && parseLine(line, value) != LineParse::Failed
            && value.is_object())
            ++objects;
    }
    if (lines == 0) {
        // A single line longer than the head: an object that starts like a log record.
        return cut ? 10 : 0;
    }
    // Most lines must be objects on their own: a pretty-printed document is not JSONL.
    if (objects * 3 < lines * 2)
        return 0;
    return 15;
}

void JsonLinesLogImporter::run(ImportContext &ctx) const
{
    ImportInput &input = ctx.input();
    std::string line;
    int64_t latin1Lines = 0, firstLatin1 = 0;
    while (input.readLine(line)) {
        const int64_t n = input.lineNumber();
        const std::string where = "line " + std::to_string(n);
        const char first = JsonParsing::firstSignificant(line);
        if (first == '\0')
            continue;
        if (line.size() > MaxLineBytes) {
            ctx.warn(where,
                "skipped: the line is " + std::to_string(line.size() >> 20) + " MiB, longer than the "
                    + std::to_string(MaxLineBytes >> 20) + " MiB a log line may be");
            continue;
        }
        if (first != '{') {
            ctx.warn(where, "skipped: not a JSON object");
            continue;
        }
        nlohmann::json record;
        std::string error;
        const LineParse parsed = parseLine(line, record, &error);
        if (parsed == LineParse::Failed) {
            // The error locates itself within the line ("line 1, column 43: …"); the line is ours to name.
            if (error.rfind("line 1, ", 0) == 0)
                error = error.substr(8);
            ctx.warn(where, "skipped: " + error);
            continue;
        }
        if (parsed == LineParse::Latin1 && latin1Lines++ == 0)
            firstLatin1 = n;
        if (!record.is_object()) {
            ctx.warn(where, "skipped: not a JSON object");
            continue;
        }
        ctx.addItem(RecordMapper::map(record, "line:" + std::to_string(n)));
    }
    if (latin1Lines > 0)
        ctx.warn("line " + std::to_string(firstLatin1),
            std::to_string(latin1Lines) + (latin1Lines == 1 ? " line was" : " lines were")
                + " not valid UTF-8 and were read as Latin-1");
}
