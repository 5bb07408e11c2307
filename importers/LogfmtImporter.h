#pragma once
#include "Importer.h"

#include <nlohmann/json_fwd.hpp>

#include <string_view>

// logfmt lines (Heroku, Go's slog/logrus text handlers): key=value and key="quoted \"value\"".
// Each line becomes a flat JSON object and then an item through RecordMapper, like JSONL.
class LogfmtImporter : public Importer
{
public:
    const char *format() const override { return "logfmt"; }
    const char *description() const override { return "logfmt key=value logs"; }
    int sniff(const SniffInput &in) const override;
    void run(ImportContext &ctx) const override;

    // Parses one line into `out` (an object of strings; a bare key is "true"). Returns the
    // number of key=value pairs; 0 when the line is not logfmt.
    static int parseLine(std::string_view line, nlohmann::json &out);

    static constexpr size_t MaxLineBytes = size_t(16) << 20;
};
