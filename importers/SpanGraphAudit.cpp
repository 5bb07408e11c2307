#include "SpanGraphAudit.h"

#include "ImportContext.h"

#include <functional>
#include <unordered_set>
#include <vector>

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

int SpanGraphAudit::add(ImportContext &ctx, std::string_view traceId, std::string_view spanId,
    std::string_view parentSpanId, const std::string &where)
{
    if (spanId.empty())
        return 1;
    const uint64_t key = spanHash(traceId, spanId);
    const uint64_t parent = parentSpanId.empty() ? 0 : spanHash(traceId, parentSpanId);
    auto [it, inserted] = m_nodes.try_emplace(key);
    if (!inserted) {
        const int copy = int(++it->second.copies) + 1;
        if (++m_duplicates <= MaxListed)
            ctx.warn(where,
                "duplicate span id " + std::string(spanId) + " in trace " + std::string(traceId)
                    + " (every copy imported; this one as ref …#" + std::to_string(copy) + ")");
        return copy;
    }
    it->second.parent = parent;
    it->second.labelOffset = uint32_t(m_labels.size());
    // Labels are capped so a hostile id cannot blow the arena; the offset stays in range for
    // any file this importer can hold.
    const std::string_view shortSpan = spanId.substr(0, 64);
    const std::string_view shortTrace = traceId.substr(0, 64);
    m_labels.append(shortTrace).append("/").append(shortSpan);
    it->second.labelLength = uint32_t(shortTrace.size() + 1 + shortSpan.size());
    return 1;
}

void SpanGraphAudit::finish(ImportContext &ctx)
{
    // Colour walk (Node::colour). Iterative: chains can be long.
    std::vector<uint64_t> path;
    for (const auto &[start, node] : m_nodes) {
        if (node.colour != 0)
            continue;
        path.clear();
        uint64_t cur = start;
        while (true) {
            auto found = m_nodes.find(cur);
            if (found == m_nodes.end())
                break; // parent not in the file (a dangling parent is not this class's business)
            uint8_t &c = found->second.colour;
            if (c == 2)
                break;
            if (c == 1) {
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
                    names += std::string(label(m_nodes[path[i]]));
                }
                ctx.warn("", "parent cycle: " + names + " → back to the first (imported as recorded)");
                break;
            }
            c = 1;
            path.push_back(cur);
            if (found->second.parent == 0)
                break;
            cur = found->second.parent;
        }
        for (uint64_t p : path)
            m_nodes.find(p)->second.colour = 2;
    }
    if (m_duplicates > MaxListed)
        ctx.warn("", std::to_string(m_duplicates - MaxListed) + " more duplicate span ids (all imported)");
    if (m_cycles > MaxListed)
        ctx.warn("", std::to_string(m_cycles - MaxListed) + " more parent cycles (imported as recorded)");
}
