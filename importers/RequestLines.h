#pragma once
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <functional>
#include <string>

class ImportContext;

// The collector file exporter's shape shared by the OTLP trace and log importers: one request
// per line. A bad line is warned about and skipped (the first 100 by name); a file where no
// line imports fails with the first line's error.
class RequestLines
{
public:
    // A whole file: a first line that is a complete JSON value means one request per line (the
    // collector's file exporter); otherwise the file is one (pretty-printed) document, passed
    // to `onRequest` with an empty `where`. An empty file is an ImportError.
    static void readFile(ImportContext &ctx,
        const std::function<void(nlohmann::json &&, const std::string &where)> &onRequest, const char *what);

    // `first` is the already-parsed first line (number `firstLine`); `line` is the caller's
    // reusable buffer. `onRequest` throws ImportError for a request it cannot use.
    static void read(ImportContext &ctx, nlohmann::json &&first, int64_t firstLine, std::string &line,
        const std::function<void(nlohmann::json &&, const std::string &where)> &onRequest, const char *what);
};
