#include "LogfmtImporter.h"

#include "ImportContext.h"
#include "ImportInput.h"
#include "RecordMapper.h"

#include <nlohmann/json.hpp>

#include <cctype>

namespace {

constexpr int SniffLines = 50;

bool keyChar(char c)
{
    return c > ' ' && c != '=' && c != '"' && c != 0x7F;
}

} // namespace

int LogfmtImporter::parseLine(std::string_view line, nlohmann::json &out)
{
    out = nlohmann::json::object();
    int pairs = 0;
    size_t i = 0;
    const size_t n = line.size();
    while (i < n) {
        while (i < n && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        if (i >= n)
            break;
        const size_t keyStart = i;
        while (i < n && keyChar(line[i]))
            ++i;
        if (i == keyStart) {
            // A stray quote or '=' where a key should start: not logfmt from here on.
            if (pairs == 0)
                return 0;
            break;
        }
        const std::string key(line.substr(keyStart, i - keyStart));
        if (i >= n || line[i] != '=') {
            if (i < n && line[i] != ' ' && line[i] != '\t')
                return pairs == 0 ? 0 : pairs;
            out[key] = "true"; // a bare key is a flag
            continue;
        }
        ++i; // '='
        std::string value;
        if (i < n && line[i] == '"') {
            ++i;
            bool closed = false;
            while (i < n) {
                const char c = line[i++];
                if (c == '\\' && i < n) {
                    const char e = line[i++];
                    value += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
                } else if (c == '"') {
                    closed = true;
                    break;
                } else {
                    value += c;
                }
            }
            if (!closed && pairs == 0)
                return 0;
        } else {
            const size_t valueStart = i;
            while (i < n && line[i] != ' ' && line[i] != '\t')
                ++i;
            value.assign(line.substr(valueStart, i - valueStart));
        }
        if (!RecordMapper::isValidUtf8(value))
            value = RecordMapper::latin1Fallback(value);
        std::string k = RecordMapper::isValidUtf8(key) ? key : RecordMapper::latin1Fallback(key);
        out[k] = std::move(value);
        ++pairs;
    }
    return pairs;
}

int LogfmtImporter::sniff(const SniffInput &in) const
{
    const std::string_view head = in.head;
    if (head.empty() || head.find('\0') != std::string_view::npos)
        return 0;
    const bool cut = head.back() != '\n';
    int lines = 0, logfmt = 0;
    size_t pos = 0;
    while (pos < head.size() && lines < SniffLines) {
        size_t end = head.find('\n', pos);
        const bool last = end == std::string_view::npos;
        if (last)
            end = head.size();
        std::string_view line = head.substr(pos, end - pos);
        pos = end + 1;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
            line.remove_suffix(1);
        if (line.empty() || (last && cut))
            continue;
        if (line.front() == '{' || line.front() == '[')
            return 0;
        ++lines;
        nlohmann::json obj;
        // Two pairs at least, and the first token a pair: "a=b" inside prose is not logfmt.
        if (parseLine(line, obj) >= 2) {
            const auto eq = line.find('='), sp = line.find(' ');
            if (eq != std::string_view::npos && (sp == std::string_view::npos || eq < sp))
                ++logfmt;
        }
    }
    if (lines == 0 || logfmt * 3 < lines * 2)
        return 0;
    return 12;
}

void LogfmtImporter::run(ImportContext &ctx) const
{
    ImportInput &input = ctx.input();
    std::string line;
    while (input.readLine(line)) {
        const int64_t n = input.lineNumber();
        const std::string where = "line " + std::to_string(n);
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        if (line.size() > MaxLineBytes) {
            ctx.warn(where,
                "skipped: the line is " + std::to_string(line.size() >> 20) + " MiB, longer than the "
                    + std::to_string(MaxLineBytes >> 20) + " MiB a log line may be");
            continue;
        }
        nlohmann::json record;
        if (parseLine(line, record) == 0) {
            ctx.warn(where, "skipped: not key=value pairs");
            continue;
        }
        ctx.addItem(RecordMapper::map(record, "line:" + std::to_string(n)));
    }
}
