#include "AttributionChain.h"

#include "SqliteDatabase.h"
#include "TextCut.h"
#include "Workspace.h"

#include <nlohmann/json.hpp>

namespace {

using json = nlohmann::json;

std::string dumpShort(const json &v, size_t n = 120)
{
    std::string s = v.is_string() ? v.get<std::string>() : v.dump();
    if (s.size() <= n)
        return s;
    return s.substr(0, TextCut::utf8Length(s, n - 3)) + "...";
}

} // namespace

std::vector<AttributionChain::Link> AttributionChain::build(const Workspace &workspace, int64_t outputItemId)
{
    const SqliteDatabase &db = workspace.db();
    std::vector<Link> out;
    int64_t conversation = 0;
    {
        auto st = db.prepare("SELECT conversation_id FROM conversation_items WHERE item_id = ?");
        st.bind(1, outputItemId);
        if (!st.step())
            return out;
        conversation = st.int64(0);
    }
    struct Row
    {
        int64_t id, start;
        std::string kind, name, trace, text, modelReq, modelServed, promptName, promptVersion, detail;
    };
    std::vector<Row> rows;
    {
        auto st = db.prepare("SELECT i.id, i.start_ns - s.clock_offset_ns, i.kind, coalesce(i.name,''), "
                             "coalesce(i.trace_id,''), coalesce(i.text,''), coalesce(i.model_requested,''), "
                             "coalesce(i.model_served,''), coalesce(i.prompt_name,''), coalesce(i.prompt_version,''), "
                             "coalesce(i.detail,'') FROM conversation_items ci JOIN items i ON i.id = ci.item_id "
                             "JOIN sources s ON s.id = i.source_id WHERE ci.conversation_id = ? ORDER BY 2, 1");
        st.bind(1, conversation);
        while (st.step())
            rows.push_back({st.int64(0), st.int64(1), st.text(2), st.text(3), st.text(4), st.text(5), st.text(6),
                st.text(7), st.text(8), st.text(9), st.text(10)});
    }
    const Row *output = nullptr;
    for (const Row &r : rows)
        if (r.id == outputItemId)
            output = &r;
    if (!output)
        return out;
    out.push_back({"output", output->id, output->text.empty() ? output->name : output->text, -1});
    // The model call that produced it: itself, one joined to it by content, else the last one before it.
    const Row *llm = output->kind == "llm" ? output : nullptr;
    if (!llm) {
        auto st = db.prepare("SELECT CASE WHEN from_item = ?1 THEN to_item ELSE from_item END FROM edges "
                             "WHERE (from_item = ?1 OR to_item = ?1) AND rule = 'content'");
        st.bind(1, outputItemId);
        while (st.step() && !llm)
            for (const Row &r : rows)
                if (r.id == st.int64(0) && r.kind == "llm")
                    llm = &r;
    }
    if (!llm)
        for (const Row &r : rows)
            if (r.kind == "llm" && r.start <= output->start)
                llm = &r;
    if (!llm)
        return out;
    if (llm != output)
        out.push_back({"llm", llm->id, llm->name, -1});
    if (!llm->promptName.empty() || !llm->promptVersion.empty())
        out.push_back({"prompt", llm->id,
            llm->promptName + (llm->promptVersion.empty() ? "" : " version " + llm->promptVersion), -1});
    if (!llm->modelReq.empty() || !llm->modelServed.empty())
        out.push_back({"model", llm->id,
            "asked " + (llm->modelReq.empty() ? std::string("?") : llm->modelReq) + ", served "
                + (llm->modelServed.empty() ? std::string("?") : llm->modelServed),
            -1});
    // What the model saw: retrievals and tool results since the previous model call of its trace.
    int64_t windowStart = INT64_MIN;
    for (const Row &r : rows)
        if (r.kind == "llm" && r.id != llm->id && r.start < llm->start && r.trace == llm->trace)
            windowStart = std::max(windowStart, r.start);
    for (const Row &r : rows) {
        if (r.start > llm->start || r.start < windowStart || r.id == llm->id)
            continue;
        const json d = r.detail.empty() ? json() : json::parse(r.detail, nullptr, false);
        if (r.kind == "retrieval") {
            out.push_back({"retrieval", r.id, r.name, -1});
            if (d.is_object() && d.contains("documents") && d["documents"].is_array())
                for (const json &doc : d["documents"]) {
                    if (!doc.is_object())
                        continue;
                    double score = -1;
                    if (doc.contains("score") && doc["score"].is_number())
                        score = doc["score"].get<double>();
                    out.push_back({"document", r.id,
                        dumpShort(doc.value("id", json("?"))) + ": " + dumpShort(doc.value("content", json("")), 100),
                        score});
                }
        } else if (r.kind == "tool") {
            std::string l = r.name;
            if (d.is_object() && d.contains("tool") && d["tool"].is_object() && d["tool"].contains("result"))
                l += " → " + dumpShort(d["tool"]["result"]);
            out.push_back({"tool", r.id, l, -1});
        } else if (r.kind == "image") {
            out.push_back({"input", r.id, r.name, -1});
        }
    }
    return out;
}
