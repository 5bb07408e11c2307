#include "SpanGraphAudit.h"

#include "ImportContext.h"

#include <functional>

namespace {

// Past this many, a file is broken wholesale; one summary says so instead of a warning per span.
constexpr int MaxListed = 20;

uint64_t spanHash(std::string_view traceId, std::string_view spanId)
{
    const uint64_t a = std::hash<std::string_view>()(traceId);
    const uint64_t b = std::hash<std::string_view>()(spanId);
    const uint64_t h = a * 0x9E3779B97F4A7C15ull ^ (b + 0x632BE59BD9B4E019ull + (a << 6) + (a >> 2));
    return h == 0 ? 1 : h;
}

} // namespace

size_t SpanGraphAudit::probe(uint64_t key) const
{
    const size_t mask = m_slots.size() - 1;
    size_t i = slotOf(key);
    while (m_slots[i].key != 0 && m_slots[i].key != key)
        i = (i + 1) & mask;
    return i;
}

SpanGraphAudit::Node *SpanGraphAudit::find(uint64_t key)
{
    if (m_slots.empty())
        return nullptr;
    const Slot &slot = m_slots[probe(key)];
    return slot.key == key ? &m_nodes[slot.node] : nullptr;
}

std::pair<SpanGraphAudit::Node *, bool> SpanGraphAudit::insert(uint64_t key)
{
    // At most half full: a miss then probes about two slots.
    if ((m_nodes.size() + 1) * 2 > m_slots.size())
        grow();
    Slot &slot = m_slots[probe(key)];
    if (slot.key == key)
        return {&m_nodes[slot.node], false};
    slot = {key, uint32_t(m_nodes.size())};
    m_nodes.push_back(Node {});
    m_nodes.back().key = key;
    return {&m_nodes.back(), true};
}

void SpanGraphAudit::grow()
{
    const size_t capacity = m_slots.empty() ? 1024 : m_slots.size() * 2;
    m_shift = 64;
    for (size_t c = capacity; c > 1; c >>= 1)
        --m_shift;
    m_slots.assign(capacity, Slot {});
    // Keys are unique, so each probe ends on a free slot.
    for (uint32_t n = 0; n < uint32_t(m_nodes.size()); ++n)
        m_slots[probe(m_nodes[n].key)] = {m_nodes[n].key, n};
}

int SpanGraphAudit::add(ImportContext &ctx, std::string_view traceId, std::string_view spanId,
    std::string_view parentSpanId, const std::string &where)
{
    if (spanId.empty())
        return 1;
    const uint64_t key = spanHash(traceId, spanId);
    const uint64_t parent = parentSpanId.empty() ? 0 : spanHash(traceId, parentSpanId);
    auto [node, inserted] = insert(key);
    if (!inserted) {
        const int copy = int(++node->copies) + 1;
        if (++m_duplicates <= MaxListed)
            ctx.warn(where,
                "duplicate span id " + std::string(spanId) + " in trace " + std::string(traceId)
                    + " (every copy imported; this one as ref …#" + std::to_string(copy) + ")");
        return copy;
    }
    node->parent = parent;
    node->labelOffset = uint32_t(m_labels.size());
    // Labels are capped so a hostile id cannot blow the arena; the offset stays in range for
    // any file this importer can hold.
    const std::string_view shortSpan = spanId.substr(0, 64);
    const std::string_view shortTrace = traceId.substr(0, 64);
    m_labels.append(shortTrace).append("/").append(shortSpan);
    node->labelLength = uint32_t(shortTrace.size() + 1 + shortSpan.size());
    return 1;
}

void SpanGraphAudit::finish(ImportContext &ctx)
{
    // Colour walk (Node::colour), from each span in file order. Iterative: chains can be long.
    std::vector<Node *> path;
    for (Node &first : m_nodes) {
        if (first.colour != 0)
            continue;
        path.clear();
        Node *cur = &first;
        while (cur) {
            if (cur->colour == 2)
                break;
            if (cur->colour == 1) {
                // cur is on the path: the loop is path[from..end].
                if (++m_cycles > MaxListed)
                    break;
                std::string names;
                size_t from = 0;
                while (from < path.size() && path[from] != cur)
                    ++from;
                int listed = 0;
                for (size_t i = from; i < path.size(); ++i) {
                    if (++listed > 8) {
                        names += ", …";
                        break;
                    }
                    if (!names.empty())
                        names += " → ";
                    names += std::string(label(*path[i]));
                }
                ctx.warn("", "parent cycle: " + names + " → back to the first (imported as recorded)");
                break;
            }
            cur->colour = 1;
            path.push_back(cur);
            // A parent not in the file is not this class's business.
            cur = cur->parent == 0 ? nullptr : find(cur->parent);
        }
        for (Node *p : path)
            p->colour = 2;
    }
    if (m_duplicates > MaxListed)
        ctx.warn("", std::to_string(m_duplicates - MaxListed) + " more duplicate span ids (all imported)");
    if (m_cycles > MaxListed)
        ctx.warn("", std::to_string(m_cycles - MaxListed) + " more parent cycles (imported as recorded)");
}
