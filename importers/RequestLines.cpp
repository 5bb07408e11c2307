#include "RequestLines.h"

#include "ImportContext.h"
#include "ImportError.h"
#include "ImportInput.h"
#include "JsonParsing.h"
#include "Utf8Repair.h"

#include <nlohmann/json.hpp>

namespace {
constexpr int MaxLineWarnings = 100;
}

void RequestLines::read(ImportContext &ctx, nlohmann::json &&first, int64_t firstLine, std::string &line,
    const std::function<void(nlohmann::json &&, const std::string &)> &onRequest, const char *what)
{
    int badLines = 0;
    int goodLines = 0;
    std::string firstWhere, firstWhat; // a file where no line imports fails with its first error
    auto skip = [&](const ImportError &e) {
        if (firstWhat.empty()) {
            firstWhere = e.where();
            firstWhat = e.what();
        }
        if (++badLines <= MaxLineWarnings)
            ctx.warn(e.where(), std::string(e.what()) + "; line skipped");
    };
    auto handle = [&](nlohmann::json &&request, int64_t lineNumber) {
        try {
            onRequest(std::move(request), "line " + std::to_string(lineNumber));
            ++goodLines;
        } catch (const ImportError &e) {
            skip(e);
        }
    };
    handle(std::move(first), firstLine);
    ImportInput &input = ctx.input();
    while (input.readLine(line)) {
        if (JsonParsing::firstSignificant(line) == '\0')
            continue;
        const int64_t n = input.lineNumber();
        nlohmann::json request;
        try {
            request = Utf8Repair::parseJson(ctx, line, "line " + std::to_string(n));
        } catch (const ImportError &e) {
            skip(e);
            continue;
        }
        handle(std::move(request), n);
    }
    if (badLines > MaxLineWarnings)
        ctx.warn("", std::to_string(badLines - MaxLineWarnings) + " more bad lines skipped");
    if (goodLines == 0)
        throw ImportError(firstWhere, badLines > 1 ? firstWhat + " (and no other line is an " + what + ")" : firstWhat);
}

void RequestLines::readFile(
    ImportContext &ctx, const std::function<void(nlohmann::json &&, const std::string &)> &onRequest, const char *what)
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

    nlohmann::json value;
    const int64_t firstLine = input.lineNumber();
    bool firstIsValue = JsonParsing::tryParse(line, value);
    if (!firstIsValue) {
        std::string repaired = line;
        if (const size_t bad = Utf8Repair::repair(repaired); bad > 0 && JsonParsing::tryParse(repaired, value)) {
            ctx.warn("line " + std::to_string(firstLine),
                std::to_string(bad) + " byte(s) of invalid UTF-8 replaced with U+FFFD");
            firstIsValue = true;
        }
    }
    if (!firstIsValue) {
        std::string text = std::move(line);
        text += '\n';
        text += input.readAll();
        value = Utf8Repair::parseJson(ctx, text);
        // The document's text is no longer needed while its requests are read.
        text.clear();
        text.shrink_to_fit();
        onRequest(std::move(value), std::string());
        return;
    }
    read(ctx, std::move(value), firstLine, line, onRequest, what);
}
