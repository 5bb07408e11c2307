#include "AnalysisJson.h"

#include "DecisionTreeBuilder.h"
#include "SqliteDatabase.h"
#include "TimestampParser.h"
#include "Workspace.h"

#include <nlohmann/json.hpp>

#include <unordered_map>

namespace {

using json = nlohmann::json;

json treeJson(const DecisionNode &n, const std::unordered_map<int64_t, std::pair<std::string, std::string>> &where)
{
    json j = {{"role", n.role}, {"label", n.label}};
    if (n.itemId) {
        auto it = where.find(n.itemId);
        if (it != where.end())
            j["item"] = {{"source", it->second.first}, {"ref", it->second.second}};
    }
    if (n.broken)
        j["broken"] = true;
    if (n.suggested) {
        j["suggested"] = true;
        j["confidence"] = n.confidence;
        if (n.edgeId)
            j["edge"] = n.edgeId;
    }
    if (!n.children.empty()) {
        json c = json::array();
        for (const DecisionNode &child : n.children)
            c.push_back(treeJson(child, where));
        j["children"] = std::move(c);
    }
    return j;
}

} // namespace

json AnalysisJson::build(const Workspace &workspace, const Options &options)
{
    const SqliteDatabase &db = workspace.db();
    json out = {{"conversations", json::array()}, {"findings", json::array()}};
    std::unordered_map<int64_t, std::pair<std::string, std::string>> where; // item → (source, ref)
    std::unordered_map<int64_t, std::string> keyOf;
    std::vector<int64_t> ids;
    {
        auto st = db.prepare("SELECT id, key, coalesce(title,''), coalesce(user_ids,'[]'), start_ns, end_ns, "
                             "coalesce(channels,'[]') FROM conversations ORDER BY start_ns, id");
        while (st.step()) {
            json c;
            c["id"] = st.text(1);
            c["title"] = st.text(2);
            json users = json::parse(st.text(3), nullptr, false);
            c["user_ids"] = users.is_array() ? users : json::array();
            c["start"] = TimestampParser::toIso(st.int64(4));
            c["end"] = TimestampParser::toIso(st.int64(5));
            json channels = json::parse(st.text(6), nullptr, false);
            c["channels"] = channels.is_array() ? channels : json::array();
            c["items"] = json::array();
            keyOf[st.int64(0)] = st.text(1);
            ids.push_back(st.int64(0));
            out["conversations"].push_back(std::move(c));
        }
    }
    {
        auto st = db.prepare("SELECT ci.conversation_id, i.id, s.path, i.ref FROM conversation_items ci "
                             "JOIN items i ON i.id = ci.item_id JOIN sources s ON s.id = i.source_id "
                             "ORDER BY ci.conversation_id, i.start_ns - s.clock_offset_ns, i.id");
        std::unordered_map<int64_t, size_t> index;
        for (size_t i = 0; i < ids.size(); ++i)
            index[ids[i]] = i;
        while (st.step()) {
            const int64_t id = st.int64(1);
            where[id] = {st.text(2), st.text(3)};
            auto it = index.find(st.int64(0));
            if (it != index.end())
                out["conversations"][it->second]["items"].push_back({{"source", st.text(2)}, {"ref", st.text(3)}});
        }
    }
    auto locate = [&](int64_t item) -> json {
        auto it = where.find(item);
        if (it == where.end()) {
            auto st
                = db.prepare("SELECT s.path, i.ref FROM items i JOIN sources s ON s.id = i.source_id WHERE i.id = ?");
            st.bind(1, item);
            if (!st.step())
                return nullptr;
            where[item] = {st.text(0), st.text(1)};
            it = where.find(item);
        }
        return {{"source", it->second.first}, {"ref", it->second.second}};
    };
    {
        auto st = db.prepare("SELECT f.kind, f.severity, f.item_id, f.related_item_id, f.confidence, f.offset_ms, "
                             "f.explanation, coalesce(f.evidence,'[]'), f.conversation_id, s.path FROM findings f "
                             "LEFT JOIN sources s ON s.id = f.source_id "
                             "ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, f.id");
        while (st.step()) {
            json f;
            f["kind"] = st.text(0);
            f["severity"] = st.text(1);
            if (f["kind"] == "clock_skew") {
                f["source"] = st.isNull(9) ? json(nullptr) : json(st.text(9));
                f["offset_ms"] = st.int64(5);
                f["confidence"] = st.real(4);
                f["explanation"] = st.text(6);
                out["findings"].push_back(std::move(f));
                continue;
            }
            if (!st.isNull(2))
                f["at"] = locate(st.int64(2));
            if (!st.isNull(3))
                f["continuation"] = locate(st.int64(3));
            f["confidence"] = st.real(4);
            json ev = json::parse(st.text(7), nullptr, false);
            f["evidence"] = ev.is_array() ? ev : json::array();
            f["explanation"] = st.text(6);
            if (!st.isNull(8) && keyOf.count(st.int64(8)))
                f["conversation"] = keyOf[st.int64(8)];
            out["findings"].push_back(std::move(f));
        }
    }
    if (options.trees) {
        for (size_t i = 0; i < ids.size(); ++i) {
            json tree = json::array();
            for (const DecisionNode &n : DecisionTreeBuilder::build(workspace, ids[i]))
                tree.push_back(treeJson(n, where));
            out["conversations"][i]["tree"] = std::move(tree);
        }
    }
    return out;
}
