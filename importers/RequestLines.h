#pragma once
#include <cstdint>
#include <functional>
#include <string>

class ImportContext;

// The collector file exporter's shape shared by the OTLP trace and log importers: one request
// per line. A bad line is warned about and skipped (the first 100 by name); a file where no
// line imports fails with the first line's error. Parsing is the caller's (each importer picks
// its parser), so the callback gets the text.
class RequestLines
{
public:
    // Parses and imports one request; throws ImportError for text it cannot use. `where` is
    // "line <n>", or empty when `text` is the whole (pretty-printed) document. `text` may be
    // rewritten (UTF-8 repair).
    using OnText = std::function<void(std::string &text, const std::string &where)>;

    // A whole file: a first line that is a complete JSON value means one request per line (the
    // collector's file exporter); otherwise the file is one document. An empty file is an
    // ImportError.
    static void readFile(ImportContext &ctx, const OnText &onText, const char *what);
};
