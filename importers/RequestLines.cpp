#include "RequestLines.h"

#include "ImportContext.h"
#include "ImportError.h"
#include "ImportInput.h"
#include "JsonParsing.h"
#include "Utf8Repair.h"

#include <nlohmann/json.hpp>

namespace {
constexpr int MaxLineWarnings = 100;

// Whether a first line is a JSON value on its own (as it is in JSON lines), even if it needs
// the UTF-8 repair the request parser will make; validated without building a DOM.
bool isCompleteValue(const std::string &line)
{
    if (nlohmann::json::accept(line))
        return true;
    std::string repaired = line;
    return Utf8Repair::repair(repaired) > 0 && nlohmann::json::accept(repaired);
}
} // namespace

void RequestLines::readFile(ImportContext &ctx, const OnText &onText, const char *what)
{
    ImportInput &input = ctx.input();
    std::string line;
    bool any = false;
    while (input.readLine(line)) {
        if (JsonParsing::firstSignificant(line) != '\0') {
            any = true;
            break;
        }
    }
    if (!any)
        throw ImportError("", "the file is empty");

    if (JsonParsing::nestingDepth(line) > JsonParsing::MaxDepth || !isCompleteValue(line)) {
        std::string text = std::move(line);
        text += '\n';
        text += input.readAll();
        onText(text, std::string());
        return;
    }

    int badLines = 0;
    int goodLines = 0;
    std::string firstWhere, firstWhat; // a file where no line imports fails with its first error
    int64_t n = input.lineNumber();
    do {
        if (JsonParsing::firstSignificant(line) == '\0')
            continue;
        n = input.lineNumber();
        try {
            onText(line, "line " + std::to_string(n));
            ++goodLines;
        } catch (const ImportError &e) {
            if (firstWhat.empty()) {
                firstWhere = e.where();
                firstWhat = e.what();
            }
            if (++badLines <= MaxLineWarnings)
                ctx.warn(e.where(), std::string(e.what()) + "; line skipped");
        }
    } while (input.readLine(line));
    if (badLines > MaxLineWarnings)
        ctx.warn("", std::to_string(badLines - MaxLineWarnings) + " more bad lines skipped");
    if (goodLines == 0)
        throw ImportError(firstWhere, badLines > 1 ? firstWhat + " (and no other line is an " + what + ")" : firstWhat);
}
