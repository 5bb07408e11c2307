#pragma once
#include <nlohmann/json.hpp>

#include <functional>
#include <string>

class ImportContext;

// Reads a file that is either one JSON document (object or array) or JSON Lines, as the
// agent-platform exports come both ways. JSONL is recognised when the first non-empty line is
// a complete JSON value and more follows; a bad line is a warning, a bad document an ImportError.
class JsonDocumentReader
{
public:
    // Called once per JSONL line (where = "line N") or once for the whole document (where = "").
    using Visitor = std::function<void(nlohmann::json &&value, const std::string &where)>;

    // Throws ImportError for an empty file, a file that is not JSON or a broken document.
    // Returns the number of values visited.
    static int read(ImportContext &ctx, const Visitor &visit);
};
