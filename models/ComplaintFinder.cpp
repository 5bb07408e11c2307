#include "ComplaintFinder.h"

#include "SqliteDatabase.h"
#include "TextSimilarity.h"
#include "TimestampParser.h"
#include "Workspace.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace {

std::string lower(std::string s)
{
    for (char &c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The forms a person identifier is stored in (KeyExtractor::normalize): emails lower-case,
// phones "+digits".
std::vector<std::string> userForms(const std::string &u)
{
    std::vector<std::string> forms {u, lower(u)};
    std::string digits;
    for (char c : u)
        if (std::isdigit(static_cast<unsigned char>(c)))
            digits += c;
    if (digits.size() >= 7 && u.find('@') == std::string::npos) {
        forms.push_back("+" + digits);
        if (digits.size() == 10)
            forms.push_back("+1" + digits);
    }
    return forms;
}

std::string ftsQuery(const std::string &quote)
{
    // Words OR-ed: a paraphrase still finds its sentence; similarity ranks afterwards.
    std::string q;
    for (const std::string &w : TextSimilarity::words(quote)) {
        if (w.size() < 3)
            continue;
        if (!q.empty())
            q += " OR ";
        q += "\"" + w + "\"";
    }
    return q;
}

} // namespace

std::vector<ComplaintFinder::Hit> ComplaintFinder::find(const Workspace &workspace, const Query &query)
{
    const SqliteDatabase &db = workspace.db();
    struct Acc
    {
        double score = 0;
        bool userMatch = false, timeOk = true, quoteMatch = false;
        std::vector<std::string> reasons;
    };
    std::map<int64_t, Acc> acc;
    std::map<int64_t, std::pair<int64_t, int64_t>> spans;
    std::map<int64_t, std::pair<std::string, std::string>> names;
    {
        auto st = db.prepare("SELECT id, key, coalesce(title,''), start_ns, end_ns FROM conversations");
        while (st.step()) {
            spans[st.int64(0)] = {st.int64(3), st.int64(4)};
            names[st.int64(0)] = {st.text(1), st.text(2)};
        }
    }
    if (!query.user.empty()) {
        // The identifiers of this person: the value itself, then every person id that shares a
        // record with it (a directory entry, a caller lookup), one more hop.
        std::set<std::string> values;
        for (const std::string &f : userForms(query.user))
            values.insert(f);
        auto linked = db.prepare(
            "SELECT DISTINCT k2.value FROM item_keys k1 JOIN item_keys k2 ON k2.item_id = k1.item_id "
            "WHERE k1.value = ? AND k1.kind IN ('user','email','phone') AND k2.kind IN ('user','email','phone')");
        for (int hop = 0; hop < 2; ++hop) {
            std::set<std::string> next = values;
            for (const std::string &v : values) {
                linked.bind(1, v);
                while (linked.step())
                    next.insert(linked.text(0));
                linked.reset();
            }
            if (next.size() > 12)
                break; // a hub (a shared mailbox), not one person
            values.swap(next);
        }
        auto convs = db.prepare("SELECT DISTINCT ci.conversation_id, k.value FROM item_keys k "
                                "JOIN conversation_items ci ON ci.item_id = k.item_id "
                                "WHERE k.value = ? AND k.kind IN ('user','email','phone')");
        for (const std::string &v : values) {
            convs.bind(1, v);
            while (convs.step()) {
                Acc &a = acc[convs.int64(0)];
                if (!a.userMatch) {
                    a.userMatch = true;
                    a.score += 3;
                    a.reasons.push_back(convs.text(1) == query.user || convs.text(1) == lower(query.user)
                            ? "user " + convs.text(1) + " appears in it"
                            : "identity: " + query.user + " is " + convs.text(1) + ", which appears in it");
                }
            }
            convs.reset();
        }
    }
    if (!query.quote.empty()) {
        const auto qs = TextSimilarity::shingles(TextSimilarity::words(query.quote));
        const std::string fts = ftsQuery(query.quote);
        if (!fts.empty()) {
            auto st = db.prepare("SELECT ci.conversation_id, i.id, coalesce(i.text, i.name, ''), s.path, i.ref "
                                 "FROM items_fts f JOIN items i ON i.id = f.rowid "
                                 "JOIN conversation_items ci ON ci.item_id = i.id JOIN sources s ON s.id = i.source_id "
                                 "WHERE items_fts MATCH ? ORDER BY rank LIMIT 400");
            st.bind(1, fts);
            std::map<int64_t, std::pair<double, std::string>> best;
            while (st.step()) {
                const std::string text = st.text(2);
                const auto ts = TextSimilarity::shingles(TextSimilarity::words(text));
                // How much of the quote the text holds (a quote is usually part of an utterance).
                size_t common = 0;
                for (uint64_t h : qs)
                    if (std::binary_search(ts.begin(), ts.end(), h))
                        ++common;
                const double sim = qs.empty() ? 0 : double(common) / double(qs.size());
                auto &b = best[st.int64(0)];
                if (sim > b.first) {
                    std::string quote = text.size() > 80 ? text.substr(0, 77) + "..." : text;
                    char s[16];
                    std::snprintf(s, sizeof s, "%.2f", sim);
                    b = {sim,
                        std::string("quote ") + s + " similar to " + st.text(3) + " " + st.text(4) + ": \"" + quote
                            + "\""};
                }
            }
            for (const auto &b : best) {
                if (b.second.first < 0.2)
                    continue;
                Acc &a = acc[b.first];
                a.quoteMatch = true;
                a.score += 4 * b.second.first;
                a.reasons.push_back(b.second.second);
            }
        }
    }
    if (query.aroundNs) {
        const int64_t t = *query.aroundNs;
        for (const auto &s : spans) {
            const int64_t dist
                = t < s.second.first ? s.second.first - t : (t > s.second.second ? t - s.second.second : 0);
            if (dist > query.windowNs)
                continue;
            if (query.user.empty() && query.quote.empty())
                acc[s.first];
            auto it = acc.find(s.first);
            if (it == acc.end())
                continue;
            it->second.score += 2.0 * (1.0 - double(dist) / double(std::max<int64_t>(1, query.windowNs)));
            const int64_t min = dist / 60'000'000'000LL;
            it->second.reasons.push_back(dist == 0 ? "active at " + TimestampParser::toIso(t)
                                                   : std::to_string(min) + " min from " + TimestampParser::toIso(t));
        }
        for (auto &a : acc) {
            const auto &s = spans[a.first];
            const int64_t dist = t < s.first ? s.first - t : (t > s.second ? t - s.second : 0);
            a.second.timeOk = dist <= query.windowNs;
        }
    }
    std::vector<Hit> hits;
    for (const auto &a : acc) {
        if (!query.user.empty() && !a.second.userMatch)
            continue;
        if (!a.second.timeOk)
            continue;
        Hit h;
        h.conversationId = a.first;
        h.key = names[a.first].first;
        h.title = names[a.first].second;
        h.startNs = spans[a.first].first;
        h.endNs = spans[a.first].second;
        h.score = a.second.score;
        h.reasons = a.second.reasons;
        hits.push_back(std::move(h));
    }
    std::sort(hits.begin(), hits.end(),
        [](const Hit &x, const Hit &y) { return x.score != y.score ? x.score > y.score : x.startNs < y.startNs; });
    if (hits.size() > query.limit)
        hits.resize(query.limit);
    return hits;
}
