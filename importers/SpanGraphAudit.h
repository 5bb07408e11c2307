#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

class ImportContext;

// Watches the spans of one file go by and reports the damage a tree cannot hide: a span id
// used twice in a trace, and parent chains that loop. Reports through ctx.warn(), naming the
// spans; never refuses a file. Keeps 64-bit hashes plus one short label per span, so a file of
// a million spans costs tens of megabytes, not a copy of the file.
class SpanGraphAudit
{
public:
    // Returns 1 for the first span with this (traceId, spanId), 2 for the next copy (with a
    // warning), and so on.
    int add(ImportContext &ctx, std::string_view traceId, std::string_view spanId, std::string_view parentSpanId,
        const std::string &where);
    // Reports every parent cycle once; call after the last span.
    void finish(ImportContext &ctx);

    int duplicateCount() const { return m_duplicates; }
    int cycleCount() const { return m_cycles; }

private:
    struct Node
    {
        uint64_t parent = 0; // 0 = none
        uint32_t labelOffset = 0;
        uint32_t labelLength = 0;
        uint32_t copies = 0;
        // finish()'s walk: 0 unvisited, 1 on the current path, 2 done. Kept in the node (it fits
        // in the padding) rather than in a second map the size of the file.
        uint8_t colour = 0;
    };
    static_assert(sizeof(Node) == 24, "the colour byte must stay in the padding");
    std::string_view label(const Node &n) const
    {
        return std::string_view(m_labels).substr(n.labelOffset, n.labelLength);
    }

    std::unordered_map<uint64_t, Node> m_nodes;
    std::string m_labels;
    int m_duplicates = 0;
    int m_cycles = 0;
};
