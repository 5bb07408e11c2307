#include "DecisionTreeBuilder.h"

#include "SqliteDatabase.h"
#include "Workspace.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

namespace {

using json = nlohmann::json;

struct Node
{
    int64_t id = 0;
    std::string source, ref, kind, name, actor, trace, span, parent, text, modelReq, modelServed, promptName,
        promptVersion, attrs, detail;
    int64_t start = 0, inTok = -1, outTok = -1;
    int status = 0;
};

struct Edge
{
    int64_t id, from, to;
    std::string rule;
    double weight;
    bool suggested;
};

std::string clip(const std::string &s, size_t n = 90)
{
    std::string t;
    for (char c : s)
        t += (c == '\n' || c == '\r') ? ' ' : c;
    return t.size() > n ? t.substr(0, n - 3) + "..." : t;
}

std::string role(const Node &n)
{
    if (n.kind == "llm" || n.kind == "tool" || n.kind == "retrieval" || n.kind == "handoff" || n.kind == "agent"
        || n.kind == "email")
        return n.kind;
    if (n.kind == "asr" || n.kind == "speech" || n.kind == "audio" || n.kind == "image")
        return "media";
    return "log";
}

bool isUtterance(const Node &n)
{
    if (n.kind == "audio" || n.kind == "image" || n.kind == "email")
        return false;
    int words = 0;
    bool in = false;
    for (char c : n.text) {
        const bool w = std::isalnum(static_cast<unsigned char>(c));
        if (w && !in)
            ++words;
        in = w;
    }
    return words >= 4;
}

std::string speaker(const Node &n)
{
    for (const std::string *src : {&n.attrs, &n.detail}) {
        if (src->empty())
            continue;
        const json j = json::parse(*src, nullptr, false);
        if (!j.is_object())
            continue;
        for (const char *k : {"role", "speaker", "from", "author"}) {
            auto it = j.find(k);
            if (it != j.end() && it->is_string())
                return it->get<std::string>();
        }
        if (auto seg = j.find("segment");
            seg != j.end() && seg->is_object() && seg->contains("speaker") && (*seg)["speaker"].is_string())
            return (*seg)["speaker"].get<std::string>();
    }
    return {};
}

std::string label(const Node &n)
{
    if (n.kind == "llm") {
        std::string l = n.name.empty() ? "model call" : n.name;
        if (!n.modelServed.empty() && n.modelServed != n.modelReq)
            l += " → " + n.modelServed;
        else if (!n.modelServed.empty() && n.name.find(n.modelServed) == std::string::npos)
            l += " (" + n.modelServed + ")";
        if (!n.promptName.empty())
            l += " · prompt " + n.promptName + (n.promptVersion.empty() ? "" : " " + n.promptVersion);
        if (n.inTok >= 0 || n.outTok >= 0)
            l += " · " + std::to_string(std::max<int64_t>(0, n.inTok)) + "→"
                + std::to_string(std::max<int64_t>(0, n.outTok)) + " tokens";
        return l;
    }
    if (n.kind == "tool") {
        std::string l = n.name.empty() ? "tool call" : n.name;
        const json d = n.detail.empty() ? json() : json::parse(n.detail, nullptr, false);
        if (d.is_object() && d.contains("tool") && d["tool"].is_object()) {
            const json &t = d["tool"];
            if (t.contains("arguments"))
                l += " "
                    + clip(t["arguments"].is_string() ? t["arguments"].get<std::string>() : t["arguments"].dump(), 60);
            if (t.contains("result"))
                l += " → " + clip(t["result"].is_string() ? t["result"].get<std::string>() : t["result"].dump(), 50);
        }
        return l;
    }
    std::string text = n.text.empty() ? n.name : n.text;
    const std::string who = speaker(n);
    if (!who.empty() && n.kind != "email")
        text = who + ": " + text;
    if (text.empty())
        text = n.kind + " " + n.ref;
    return clip(text);
}

} // namespace

std::vector<DecisionNode> DecisionTreeBuilder::build(const Workspace &workspace, int64_t conversationId)
{
    const SqliteDatabase &db = workspace.db();
    std::vector<Node> nodes;
    std::unordered_map<int64_t, size_t> byId;
    {
        auto st = db.prepare(
            "SELECT i.id, s.path, i.ref, i.kind, coalesce(i.name,''), coalesce(i.actor,''), i.start_ns - "
            "s.clock_offset_ns, "
            "coalesce(i.trace_id,''), coalesce(i.span_id,''), coalesce(i.parent_span_id,''), coalesce(i.text,''), "
            "coalesce(i.model_requested,''), coalesce(i.model_served,''), coalesce(i.prompt_name,''), "
            "coalesce(i.prompt_version,''), coalesce(i.input_tokens,-1), coalesce(i.output_tokens,-1), i.status, "
            "CASE WHEN i.kind IN ('log','other','asr','speech','http') THEN coalesce(i.attrs,'') ELSE '' END, "
            "coalesce(i.detail,'') "
            "FROM conversation_items ci JOIN items i ON i.id = ci.item_id JOIN sources s ON s.id = i.source_id "
            "WHERE ci.conversation_id = ? ORDER BY i.start_ns - s.clock_offset_ns, i.id");
        st.bind(1, conversationId);
        while (st.step()) {
            Node n;
            n.id = st.int64(0);
            n.source = st.text(1);
            n.ref = st.text(2);
            n.kind = st.text(3);
            n.name = st.text(4);
            n.actor = st.text(5);
            n.start = st.int64(6);
            n.trace = st.text(7);
            n.span = st.text(8);
            n.parent = st.text(9);
            n.text = st.text(10);
            n.modelReq = st.text(11);
            n.modelServed = st.text(12);
            n.promptName = st.text(13);
            n.promptVersion = st.text(14);
            n.inTok = st.int64(15);
            n.outTok = st.int64(16);
            n.status = int(st.int64(17));
            n.attrs = st.text(18);
            n.detail = st.text(19);
            byId[n.id] = nodes.size();
            nodes.push_back(std::move(n));
        }
    }
    if (nodes.empty())
        return {};
    std::vector<Edge> edges;
    {
        auto st = db.prepare("SELECT e.id, e.from_item, e.to_item, e.rule, e.weight, e.suggested FROM edges e "
                             "JOIN conversation_items ci ON ci.item_id = e.from_item WHERE ci.conversation_id = ?1 "
                             "UNION SELECT e.id, e.from_item, e.to_item, e.rule, e.weight, e.suggested FROM edges e "
                             "JOIN conversation_items ci ON ci.item_id = e.to_item WHERE ci.conversation_id = ?1");
        st.bind(1, conversationId);
        while (st.step())
            edges.push_back({st.int64(0), st.int64(1), st.int64(2), st.text(3), st.real(4), st.int64(5) != 0});
    }
    std::map<int64_t, std::pair<bool, int64_t>> broken; // handoff item → (broken, continuation item)
    {
        auto st = db.prepare("SELECT item_id, coalesce(related_item_id, 0) FROM findings WHERE kind = 'broken_handoff' "
                             "AND item_id IN (SELECT item_id FROM conversation_items WHERE conversation_id = ?)");
        st.bind(1, conversationId);
        while (st.step())
            broken[st.int64(0)] = {true, st.int64(1)};
    }

    const size_t n = nodes.size();
    std::vector<int> parentOf(n, -1); // structural parent (index)
    std::unordered_map<std::string, size_t> spanIdx;
    for (size_t i = 0; i < n; ++i)
        if (!nodes[i].span.empty())
            spanIdx[nodes[i].span] = i;
    // Continuation traces hang under their handoff, whole.
    std::map<size_t, std::pair<size_t, const Edge *>> continuationOf; // continuation root → (handoff, edge)
    std::set<std::string> continuationTraces;
    for (const auto &b : broken) {
        if (!b.second.second || !byId.count(b.first) || !byId.count(b.second.second))
            continue;
        const size_t h = byId[b.first], c = byId[b.second.second];
        const Edge *edge = nullptr;
        for (const Edge &e : edges)
            if (e.suggested && e.from == b.first && e.to == b.second.second)
                edge = &e;
        continuationOf[c] = {h, edge};
        continuationTraces.insert(nodes[c].trace);
    }
    // Spans under their parents; logs naming a span (trace context) under it.
    for (size_t i = 0; i < n; ++i) {
        const Node &nd = nodes[i];
        if (continuationOf.count(i))
            continue;
        if (!nd.parent.empty()) {
            auto p = spanIdx.find(nd.parent);
            if (p != spanIdx.end() && p->second != i)
                parentOf[i] = int(p->second);
        }
    }
    // Logs hang under the step they explain: follow the evidence from tool/llm/http spans
    // outward to log lines (rare values, request ids), breadth first, nearest step wins.
    std::vector<std::vector<std::pair<size_t, std::string>>> adj(n);
    for (const Edge &e : edges) {
        if (e.suggested || !byId.count(e.from) || !byId.count(e.to))
            continue;
        const size_t a = byId[e.from], b = byId[e.to];
        adj[a].push_back({b, e.rule});
        adj[b].push_back({a, e.rule});
    }
    std::deque<size_t> queue;
    std::vector<char> seen(n, 0);
    for (size_t i = 0; i < n; ++i)
        if (!nodes[i].span.empty()
            && (nodes[i].kind == "tool" || nodes[i].kind == "http" || nodes[i].kind == "llm"
                || nodes[i].kind == "retrieval")) {
            queue.push_back(i);
            seen[i] = 1;
        }
    while (!queue.empty()) {
        const size_t a = queue.front();
        queue.pop_front();
        for (const auto &nb : adj[a]) {
            const size_t b = nb.first;
            if (seen[b] || !nodes[b].span.empty() || parentOf[b] >= 0)
                continue;
            const bool fromSpan = !nodes[a].span.empty();
            // Conversation ids join a chat line to every model call; they explain nothing.
            const bool explains = nb.second == "rare_values" || nb.second == "trace"
                || (nb.second == "shared_id" && nodes[b].kind != "email"
                    && (!isUtterance(nodes[b]) || (!fromSpan && speaker(nodes[b]).empty()))
                    && (fromSpan ? nodes[a].kind != "llm" || nodes[b].kind == "log" : true));
            if (!explains)
                continue;
            if (fromSpan && nodes[a].kind == "llm" && isUtterance(nodes[b]))
                continue;
            seen[b] = 1;
            parentOf[b] = int(a);
            queue.push_back(b);
        }
    }
    // Tool calls under the model call that asked for them (tool_call id evidence).
    for (const Edge &e : edges) {
        if (e.rule != "shared_id" || !byId.count(e.from) || !byId.count(e.to))
            continue;
        size_t a = byId[e.from], b = byId[e.to];
        if (nodes[a].kind == "tool")
            std::swap(a, b);
        if (nodes[a].kind == "llm" && nodes[b].kind == "tool" && nodes[a].trace == nodes[b].trace
            && nodes[a].start <= nodes[b].start)
            parentOf[b] = int(a);
    }

    // Turns: each model call of the main flow opens one; the rest joins the turn that was open.
    std::vector<int64_t> turnStarts;
    for (size_t i = 0; i < n; ++i)
        if (nodes[i].kind == "llm" && !continuationTraces.count(nodes[i].trace)
            && (parentOf[i] < 0 || nodes[size_t(parentOf[i])].kind == "agent"))
            turnStarts.push_back(nodes[i].start);
    std::sort(turnStarts.begin(), turnStarts.end());
    const int64_t lead = 1'000'000'000; // the user speaks a moment before the model is called
    auto turnOf = [&](int64_t t, bool opensTurn = false) {
        const auto it = std::upper_bound(turnStarts.begin(), turnStarts.end(), t + (opensTurn ? 0 : lead));
        return it == turnStarts.begin() ? 0 : int(it - turnStarts.begin()) - 1;
    };

    std::vector<std::vector<size_t>> children(n);
    std::vector<int> shownUnder(n, -1); // the node whose children list holds i
    std::vector<size_t> topLevel;
    for (size_t i = 0; i < n; ++i) {
        size_t up = 0;
        if (continuationOf.count(i))
            up = continuationOf[i].first;
        else if (parentOf[i] >= 0
            && !(nodes[size_t(parentOf[i])].kind == "agent" && nodes[size_t(parentOf[i])].parent.empty()
                && nodes[i].kind != "agent" && !continuationOf.count(size_t(parentOf[i]))))
            up = size_t(parentOf[i]);
        else {
            topLevel.push_back(i);
            continue;
        }
        children[up].push_back(i);
        shownUnder[i] = int(up);
    }
    // Parent chains that loop (spans that name each other as parent, handoffs continued by
    // their own callers) reach no top-level node and would vanish from the tree: the earliest
    // step of each unreachable group becomes a top-level node, its loop cut there.
    {
        std::vector<char> reached(n, 0);
        std::vector<size_t> stack;
        auto reach = [&](size_t root) {
            stack.assign(1, root);
            reached[root] = 1;
            while (!stack.empty()) {
                const size_t i = stack.back();
                stack.pop_back();
                for (size_t c : children[i])
                    if (!reached[c]) {
                        reached[c] = 1;
                        stack.push_back(c);
                    }
            }
        };
        for (size_t i : topLevel)
            reach(i);
        for (size_t i = 0; i < n; ++i) {
            if (reached[i])
                continue;
            auto &siblings = children[size_t(shownUnder[i])];
            siblings.erase(std::remove(siblings.begin(), siblings.end(), i), siblings.end());
            shownUnder[i] = -1;
            topLevel.insert(std::upper_bound(topLevel.begin(), topLevel.end(), i), i);
            reach(i);
        }
    }

    // One step without its children.
    auto describe = [&](size_t i) {
        const Node &nd = nodes[i];
        DecisionNode d;
        d.role = role(nd);
        d.itemId = nd.id;
        d.label = label(nd);
        if (auto b = broken.find(nd.id); b != broken.end()) {
            d.broken = true;
            d.role = "handoff";
            d.label += "  ✖ callee never appeared";
        }
        if (auto c = continuationOf.find(i); c != continuationOf.end()) {
            d.role = "continuation";
            d.suggested = true;
            if (c->second.second) {
                d.edgeId = c->second.second->id;
                d.confidence = c->second.second->weight;
            }
            d.label = "suggested continuation: " + d.label;
        }
        if (d.role == "log" && isUtterance(nd)) {
            const std::string who = speaker(nd);
            if (who == "assistant" || who == "agent" || who == "bot")
                d.role = "output";
        }
        return d;
    };
    // Every view, report and export walks the tree recursively: below MaxDepth levels (a span
    // chain nested deeper than anyone reads) the descendants hang flat, in order, under
    // their ancestor at that depth, so no walk needs more than MaxDepth frames.
    constexpr int MaxDepth = 100;
    std::function<DecisionNode(size_t, int)> make = [&](size_t i, int depth) {
        DecisionNode d = describe(i);
        if (depth < MaxDepth) {
            for (size_t c : children[i])
                d.children.push_back(make(c, depth + 1));
            return d;
        }
        std::vector<size_t> stack(children[i].rbegin(), children[i].rend());
        while (!stack.empty()) {
            const size_t c = stack.back();
            stack.pop_back();
            d.children.push_back(describe(c));
            stack.insert(stack.end(), children[c].rbegin(), children[c].rend());
        }
        return d;
    };

    std::vector<DecisionNode> roots;
    if (turnStarts.empty()) {
        for (size_t i : topLevel)
            roots.push_back(make(i, 1));
        return roots;
    }
    std::vector<DecisionNode> turns(turnStarts.size());
    for (size_t t = 0; t < turns.size(); ++t) {
        turns[t].role = "turn";
        turns[t].label = "Turn " + std::to_string(t + 1);
    }
    std::vector<bool> titled(turns.size(), false);
    for (size_t i : topLevel) {
        const Node &nd = nodes[i];
        if (nd.kind == "agent" && nd.parent.empty() && !children[i].empty()) {
            // An agent's root span frames the whole conversation: show it as the first step.
            DecisionNode d;
            d.role = "agent";
            d.itemId = nd.id;
            d.label = label(nd);
            roots.push_back(d);
            for (size_t c : children[i]) {
                const int t = turnOf(nodes[c].start, nodes[c].kind == "llm");
                turns[size_t(t)].children.push_back(make(c, 2));
            }
            continue;
        }
        const int t = turnOf(nd.start, nd.kind == "llm");
        DecisionNode d = make(i, 2);
        const std::string who = speaker(nd);
        const bool userSpoke = (nd.kind == "log" || nd.kind == "other" || nd.kind == "asr" || nd.kind == "speech")
            && who != "assistant" && who != "agent" && who != "bot" && who != "system";
        if (!titled[size_t(t)] && isUtterance(nd) && userSpoke && d.role != "output") {
            turns[size_t(t)].label = "Turn " + std::to_string(t + 1) + ": " + clip(nd.text, 70);
            titled[size_t(t)] = true;
        }
        turns[size_t(t)].children.push_back(std::move(d));
    }
    // Keep each turn's steps in time order.
    std::unordered_map<int64_t, int64_t> startOf;
    for (const Node &nd : nodes)
        startOf[nd.id] = nd.start;
    for (DecisionNode &turn : turns) {
        std::stable_sort(turn.children.begin(), turn.children.end(),
            [&](const DecisionNode &a, const DecisionNode &b) { return startOf[a.itemId] < startOf[b.itemId]; });
        roots.push_back(std::move(turn));
    }
    return roots;
}
