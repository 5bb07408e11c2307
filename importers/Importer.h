#pragma once
#include <string>
#include <string_view>

class ImportContext;

// What a format sniffer sees: the first bytes of the (decompressed) file and its name.
// Detection is by content; the name only breaks ties (media, .vtt/.srt).
struct SniffInput
{
    std::string_view head;
    std::string fileName;
};

// One input format. Stateless: the registry holds one instance of each and they may run
// on several threads at once. Never writes SQL of its own: everything goes through
// ctx.writer().
class Importer
{
public:
    virtual ~Importer() = default;
    // Stable id used by --format and stored in sources.format, e.g. "otlp-traces".
    virtual const char *format() const = 0;
    virtual const char *description() const = 0;
    // 0 = not this format, 100 = certainly this format.
    virtual int sniff(const SniffInput &in) const = 0;
    // Throws ImportError for damage that makes the file unusable; ctx.warn() for damage
    // that only costs one record.
    virtual void run(ImportContext &ctx) const = 0;
};
