#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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
        uint64_t key = 0;
        uint64_t parent = 0; // 0 = none
        uint32_t labelOffset = 0;
        uint32_t labelLength = 0;
        uint32_t copies = 0;
        // finish()'s walk: 0 unvisited, 1 on the current path, 2 done. Kept in the node (it fits
        // in the padding) rather than in a second table the size of the file.
        uint8_t colour = 0;
    };
    static_assert(sizeof(Node) == 32, "the colour byte must stay in the padding");
    // Open addressing over the span hashes (never 0, so 0 marks a free slot), pointing into
    // m_nodes. A node-based map cost a cache miss and an allocation per span, plus its
    // rehashes: 1.3 of the parsing thread's CPU seconds at 1 M spans.
    struct Slot
    {
        uint64_t key = 0;
        uint32_t node = 0;
    };
    // The slot holding key, or the free slot where it would go.
    size_t probe(uint64_t key) const;
    Node *find(uint64_t key);
    // The node for key, and whether it was added now.
    std::pair<Node *, bool> insert(uint64_t key);
    size_t slotOf(uint64_t key) const { return size_t((key * 0x9E3779B97F4A7C15ull) >> m_shift); }
    void grow();
    std::string_view label(const Node &n) const
    {
        return std::string_view(m_labels).substr(n.labelOffset, n.labelLength);
    }

    std::vector<Node> m_nodes; // in file order, so cycles are reported in the order they start
    std::vector<Slot> m_slots;
    int m_shift = 64;
    std::string m_labels;
    int m_duplicates = 0;
    int m_cycles = 0;
};
