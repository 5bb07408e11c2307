#include "Correlator.h"

#include "ClockSkewEstimator.h"
#include "EvidenceEdge.h"
#include "HandoffMatcher.h"
#include "Item.h"
#include "SqliteDatabase.h"
#include "TextSimilarity.h"
#include "TimestampParser.h"
#include "UnionFind.h"
#include "Workspace.h"

#include <nlohmann/json.hpp>

#include <QElapsedTimer>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <deque>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace {

using json = nlohmann::json;

// Identifier families, in the order of their strength as conversation evidence.
enum Family : uint8_t {
    FConversation,
    FSession,
    FThread,
    FCall,
    FTraceGroup,
    FTurn,
    FUpload,
    FToolCall,
    FRequest,
    FCorrelation,
    FMessage,
    FResponse,
    FFile,
    FUser,
    FEmail,
    FPhone,
    FAgent,
    FHandoffTo,
    FAccount,
    FOrder,
    FAmount,
    FId,
    FCount
};

const char *const kFamilyNames[FCount] = {"conversation", "session", "thread", "call", "trace_group", "turn", "upload",
    "tool_call", "request", "correlation", "message", "response", "file", "user", "email", "phone", "agent",
    "handoff_to", "account", "order", "amount", "id"};

uint8_t familyCode(std::string_view name)
{
    for (uint8_t f = 0; f < FCount; ++f)
        if (name == kFamilyNames[f])
            return f;
    return FId;
}

constexpr uint32_t bit(int f)
{
    return 1u << f;
}
// Keys that name one conversation: two groups holding different values of one of these
// families are different conversations, whatever weaker evidence says.
constexpr uint32_t kConversationLevel = bit(FConversation) | bit(FSession) | bit(FThread) | bit(FCall);
constexpr uint32_t kExplicit = kConversationLevel | bit(FTurn) | bit(FUpload) | bit(FToolCall) | bit(FRequest)
    | bit(FCorrelation) | bit(FMessage) | bit(FResponse) | bit(FFile);
constexpr uint32_t kPerson = bit(FUser) | bit(FEmail) | bit(FPhone);
constexpr uint32_t kRare = bit(FAccount) | bit(FOrder) | bit(FAmount) | bit(FId);

class StringPool
{
public:
    StringPool() { intern(std::string_view()); }
    uint32_t intern(std::string_view s)
    {
        auto it = m_map.find(s);
        if (it != m_map.end())
            return it->second;
        const uint32_t id = uint32_t(m_strings.size());
        m_strings.emplace_back(s);
        m_map.emplace(std::string_view(m_strings.back()), id);
        return id;
    }
    // Lower-cased, without allocating when the value is known already.
    uint32_t internLower(std::string_view s)
    {
        m_buf.assign(s.begin(), s.end());
        for (char &c : m_buf)
            c = char(std::tolower(static_cast<unsigned char>(c)));
        return intern(m_buf);
    }
    uint32_t lookup(const std::string &s) const
    {
        auto it = m_map.find(std::string_view(s));
        return it == m_map.end() ? 0 : it->second;
    }
    const std::string &str(uint32_t id) const { return m_strings[id]; }

private:
    std::unordered_map<std::string_view, uint32_t> m_map;
    std::deque<std::string> m_strings; // stable addresses for the views
    std::string m_buf;
};

struct Rec
{
    int64_t id = 0;
    int64_t start = 0;
    int64_t end = 0;
    int32_t source = 0; // index into sources
    uint32_t trace = 0, span = 0, parent = 0, actor = 0, name = 0;
    ItemKind kind = ItemKind::Other;
    uint8_t status = 0;
    bool remote = false;
    bool hasKeys = false;
};

struct KeyRow
{
    int32_t item;
    uint32_t value;
    uint32_t field;
    uint8_t family;
};

struct Utterance
{
    int32_t item;
    bool userRole;
    bool fromLlm;
    std::vector<uint64_t> shingles;
    std::string text;
};

struct SourceInfo
{
    int64_t id = 0;
    std::string path;
    bool relative = false;
    int64_t timeBase = 0;
    int64_t offset = 0; // estimated clock offset (ns), subtracted from its times
    bool reference = false; // carries trace context: the clock other sources are measured against
    // anchoring result
    bool anchored = false;
    int64_t newBase = 0;
    std::string anchorEvidence;
};

struct ValueGroup
{
    uint32_t value;
    uint32_t begin, end; // range in m_keys (sorted by value, item)
    uint32_t families;
};

struct Finding
{
    std::string kind;
    std::string severity;
    int32_t item = -1;
    int32_t related = -1;
    int32_t source = -1;
    double confidence = 1.0;
    bool hasOffset = false;
    int64_t offsetMs = 0;
    std::string explanation;
    std::vector<std::string> evidence;
    int32_t root = -1; // component, resolved to a conversation on write
};

std::string shortId(const std::string &v)
{
    return v.size() > 48 ? v.substr(0, 45) + "…" : v;
}

std::string formatMs(int64_t ns)
{
    const int64_t ms = ns / 1'000'000;
    if (std::llabs(ms) < 10'000)
        return std::to_string(ms) + " ms";
    const int64_t s = ms / 1000;
    if (std::llabs(s) < 600)
        return std::to_string(s) + " s";
    return std::to_string(s / 60) + " min";
}

std::string amountText(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

// Decimal numbers standing alone in a JSON or logfmt text: amounts (250.00), not times
// (10:00:00.123), versions (1.2.3) or epochs (1767261600.5).
void scanAmounts(std::string_view s, std::vector<std::string> &out)
{
    const size_t n = s.size();
    for (size_t i = 0; i < n; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(s[i])))
            continue;
        if (i > 0) {
            const char p = s[i - 1];
            // "amount":10.25 is an amount; 10:00:00.25 is a time.
            const bool jsonValue = p == ':' && i > 1 && s[i - 2] == '"';
            if (!jsonValue
                && (std::isalnum(static_cast<unsigned char>(p)) || p == '.' || p == ':' || p == '-' || p == '_'
                    || p == '/'))
                continue;
        }
        size_t j = i;
        while (j < n && std::isdigit(static_cast<unsigned char>(s[j])))
            ++j;
        const size_t intLen = j - i;
        if (j < n && s[j] == '.' && j + 1 < n && std::isdigit(static_cast<unsigned char>(s[j + 1])) && intLen <= 7) {
            size_t k = j + 1;
            while (k < n && std::isdigit(static_cast<unsigned char>(s[k])))
                ++k;
            const bool endOk = k >= n
                || !(std::isalnum(static_cast<unsigned char>(s[k])) || s[k] == '.' || s[k] == ':' || s[k] == '-');
            if (endOk && k - j - 1 <= 3)
                out.push_back(amountText(std::strtod(std::string(s.substr(i, k - i)).c_str(), nullptr)));
            i = k;
        } else {
            i = j;
        }
    }
}

std::string lower(std::string_view s)
{
    std::string r(s);
    for (char &c : r)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return r;
}

bool looksLikeIdToken(std::string_view t)
{
    if (t.size() < 5 || t.size() > 128)
        return false;
    int letters = 0, digits = 0;
    for (char c : t) {
        if (std::isalpha(static_cast<unsigned char>(c)))
            ++letters;
        else if (std::isdigit(static_cast<unsigned char>(c)))
            ++digits;
        else if (c != '-' && c != '_')
            return false;
    }
    return (letters > 0 && digits > 0) || digits >= 8;
}

std::string contentText(const json &content)
{
    if (content.is_string())
        return content.get<std::string>();
    std::string out;
    if (content.is_array()) {
        for (const json &part : content) {
            if (part.is_string()) {
                out += part.get<std::string>() + " ";
            } else if (part.is_object()) {
                for (const char *k : {"content", "text"}) {
                    auto it = part.find(k);
                    if (it != part.end() && it->is_string()) {
                        out += it->get<std::string>() + " ";
                        break;
                    }
                }
            }
        }
    }
    return out;
}

class Engine
{
public:
    Engine(Workspace &ws, const Correlator::Options &options)
        : m_db(ws.db())
        , m_opt(options)
    {
    }

    Correlator::Result run();

private:
    void stage(const char *name)
    {
        if (m_opt.progress)
            m_opt.progress(name);
    }
    void loadSources();
    void loadItems();
    void loadKeys();
    void buildGroups();
    void anchorRelativeSources();
    void joinTraces();
    void joinExplicitIds();
    void learnIdentity();
    void joinRareValues();
    void joinContent();
    void matchHandoffs();
    void attachLeftovers();
    void structuralFindings();
    void buildConversationsAndWrite(Correlator::Result &result);

    // union helpers
    bool unite(int32_t a, int32_t b, bool weak);
    bool conflicts(int32_t ra, int32_t rb) const;
    void addEdge(int32_t a, int32_t b, const char *rule, double weight, std::string evidence, bool suggested = false)
    {
        m_edges.push_back({m_items[size_t(a)].id, m_items[size_t(b)].id, rule, weight, std::move(evidence), suggested});
    }
    int64_t corrected(int32_t i) const
    {
        const Rec &r = m_items[size_t(i)];
        return r.start - m_sources[size_t(r.source)].offset;
    }
    const std::string &str(uint32_t id) const { return m_pool.str(id); }
    std::string where(int32_t i) const
    {
        return m_sources[size_t(m_items[size_t(i)].source)].path + " " + m_refs[size_t(i)];
    }
    const std::string &sourcePath(int32_t i) const { return m_sources[size_t(m_items[size_t(i)].source)].path; }
    const ValueGroup *group(uint32_t value) const
    {
        auto it = std::lower_bound(
            m_groups.begin(), m_groups.end(), value, [](const ValueGroup &g, uint32_t v) { return g.value < v; });
        return (it != m_groups.end() && it->value == value) ? &*it : nullptr;
    }
    std::vector<uint32_t> personsOf(int32_t root) const;
    bool isSpan(int32_t i) const { return m_items[size_t(i)].span != 0; }

    SqliteDatabase &m_db;
    Correlator::Options m_opt;
    StringPool m_pool;
    std::vector<SourceInfo> m_sources;
    std::unordered_map<int64_t, int32_t> m_sourceIndex;
    std::vector<Rec> m_items;
    std::vector<std::string> m_refs;
    std::vector<int32_t> m_idToIdx;
    std::vector<KeyRow> m_keys; // sorted by value, item
    std::vector<uint32_t> m_itemKeyBegin; // CSR of keys by item (indexes into m_keysByItem)
    std::vector<uint32_t> m_keysByItem;
    std::vector<ValueGroup> m_groups;
    std::vector<Utterance> m_utterances;
    std::unordered_map<int32_t, std::string> m_handoffTarget;
    std::unordered_map<int32_t, std::string> m_emailEvent;
    std::unordered_set<int32_t> m_remoteInvoke; // invoke_agent spans of kind CLIENT
    // 2: the record says a recording started, 1: that something started; read on demand.
    uint8_t startHint(int32_t item);
    std::unordered_map<int32_t, uint8_t> m_startHint;
    std::vector<std::pair<int32_t, std::pair<uint32_t, uint32_t>>> m_links; // item → (trace, span)
    std::unordered_map<uint32_t, int32_t> m_spanIndex; // span id → item
    UnionFind m_uf;
    std::vector<std::vector<std::pair<uint8_t, uint32_t>>> m_convIds; // per root
    std::vector<EvidenceEdge> m_edges;
    std::vector<Finding> m_findings;
    ClockSkewEstimator m_skew;
    // identity
    std::unordered_map<uint32_t, int32_t> m_personNode; // value → node
    UnionFind m_personUf;
    std::unordered_map<uint64_t, int32_t> m_identityWitness; // (value a, value b) → item
    std::unordered_map<int32_t, std::pair<int32_t, int32_t>>
        m_continuation; // handoff item idx → (cand item idx, finding)
    std::unordered_set<uint32_t> m_continuationTraces;
    std::vector<char> m_conversational; // per root, filled late
};

bool Engine::conflicts(int32_t ra, int32_t rb) const
{
    const auto &a = m_convIds[size_t(ra)];
    const auto &b = m_convIds[size_t(rb)];
    if (a.empty() || b.empty())
        return false;
    for (uint8_t f = FConversation; f <= FCall; ++f) {
        bool inA = false, inB = false, common = false;
        for (const auto &x : a)
            if (x.first == f) {
                inA = true;
                for (const auto &y : b)
                    if (y.first == f && y.second == x.second)
                        common = true;
            }
        for (const auto &y : b)
            if (y.first == f)
                inB = true;
        if (inA && inB && !common)
            return true;
    }
    return false;
}

bool Engine::unite(int32_t a, int32_t b, bool weak)
{
    const int32_t ra = m_uf.find(a), rb = m_uf.find(b);
    if (ra == rb)
        return false;
    if (weak && conflicts(ra, rb))
        return false;
    const int32_t r = m_uf.unite(ra, rb);
    const int32_t other = r == ra ? rb : ra;
    auto &dst = m_convIds[size_t(r)];
    auto &src = m_convIds[size_t(other)];
    for (const auto &x : src)
        if (dst.size() < 32 && std::find(dst.begin(), dst.end(), x) == dst.end())
            dst.push_back(x);
    std::vector<std::pair<uint8_t, uint32_t>>().swap(src);
    return true;
}

void Engine::loadSources()
{
    auto st = m_db.prepare("SELECT id, path, relative_times, time_base_ns FROM sources ORDER BY id");
    while (st.step()) {
        SourceInfo s;
        s.id = st.int64(0);
        s.path = st.text(1);
        s.relative = st.int64(2) != 0;
        s.timeBase = st.int64(3);
        m_sourceIndex[s.id] = int32_t(m_sources.size());
        m_sources.push_back(std::move(s));
    }
}

void Engine::loadItems()
{
    const int64_t maxId = m_db.queryInt("SELECT coalesce(max(id), 0) FROM items");
    const int64_t count = m_db.queryInt("SELECT count(*) FROM items");
    m_idToIdx.assign(size_t(maxId + 1), -1);
    m_items.reserve(size_t(count));
    m_refs.reserve(size_t(count));
    auto st = m_db.prepare(
        "SELECT id, source_id, ref, kind, name, actor, start_ns, end_ns, status, trace_id, span_id, parent_span_id, "
        "parent_remote, text, "
        "CASE WHEN kind IN ('llm','handoff','email','agent','tool') OR instr(detail, '\"links\"') > 0 THEN detail END, "
        "CASE WHEN kind IN ('tool','log','http','other') THEN attrs END, "
        "CASE WHEN kind = 'agent' AND name LIKE 'invoke_agent %' THEN attrs END "
        "FROM items ORDER BY id");
    std::vector<std::string> amounts;
    while (st.step()) {
        Rec r;
        r.id = st.int64(0);
        const auto src = m_sourceIndex.find(st.int64(1));
        r.source = src == m_sourceIndex.end() ? 0 : src->second;
        const int32_t idx = int32_t(m_items.size());
        m_refs.emplace_back(st.textView(2));
        r.kind = itemKindFromName(std::string(st.textView(3)));
        r.name = m_pool.intern(st.textView(4));
        r.actor = m_pool.intern(st.textView(5));
        r.start = st.int64(6);
        r.end = st.int64(7);
        r.status = uint8_t(st.int64(8));
        r.trace = m_pool.internLower(st.textView(9));
        r.span = m_pool.internLower(st.textView(10));
        r.parent = m_pool.internLower(st.textView(11));
        r.remote = st.int64(12) != 0;
        m_idToIdx[size_t(r.id)] = idx;

        const std::string_view text = st.textView(13);
        const std::string_view detail = st.textView(14);
        const std::string_view attrs = st.textView(15);
        json d;
        if (!detail.empty()) {
            d = json::parse(detail.begin(), detail.end(), nullptr, false);
            if (!d.is_object())
                d = json();
        }
        auto addUtterance = [&](std::string_view t, bool user, bool llm) {
            if (t.size() > 2000)
                return;
            size_t words = 0;
            auto sh = TextSimilarity::shingles(t, words);
            if (words < 4)
                return;
            Utterance u {idx, user, llm, std::move(sh), std::string(t.substr(0, 100))};
            m_utterances.push_back(std::move(u));
        };
        if (r.kind == ItemKind::Llm && d.is_object()) {
            for (const char *member : {"input_messages", "output_messages"}) {
                auto it = d.find(member);
                if (it == d.end() || !it->is_array())
                    continue;
                for (const json &m : *it) {
                    if (!m.is_object())
                        continue;
                    const std::string role = m.value("role", std::string());
                    if (role == "system" || role == "tool")
                        continue;
                    auto c = m.find("content");
                    if (c == m.end())
                        c = m.find("parts");
                    if (c != m.end())
                        addUtterance(contentText(*c), role == "user", true);
                }
            }
        } else if (!text.empty() && r.kind != ItemKind::Llm && r.kind != ItemKind::Tool && r.kind != ItemKind::Audio
            && r.kind != ItemKind::Image && r.kind != ItemKind::Email && r.kind != ItemKind::Http) {
            addUtterance(text, r.kind == ItemKind::Asr, false);
        }
        if (d.is_object()) {
            if (auto h = d.find("handoff"); h != d.end() && h->is_object()) {
                auto to = h->find("to");
                if (to != h->end() && to->is_string())
                    m_handoffTarget[idx] = to->get<std::string>();
                else
                    m_handoffTarget[idx] = std::string();
            }
            if (auto e = d.find("email"); e != d.end() && e->is_object())
                m_emailEvent[idx] = lower(e->value("event", std::string()));
            if (auto l = d.find("links"); l != d.end() && l->is_array()) {
                for (const json &link : *l) {
                    if (!link.is_object())
                        continue;
                    const std::string t = lower(link.value("trace_id", std::string()));
                    const std::string s = lower(link.value("span_id", std::string()));
                    if (!t.empty() || !s.empty())
                        m_links.push_back({idx, {m_pool.intern(t), m_pool.intern(s)}});
                }
            }
        }
        if (r.kind == ItemKind::Email && !m_emailEvent.count(idx))
            m_emailEvent[idx] = lower(std::string(st.textView(4)) + " " + std::string(text.substr(0, 200)));
        if (r.kind == ItemKind::Tool || !attrs.empty()) {
            amounts.clear();
            if (r.kind == ItemKind::Tool)
                scanAmounts(detail, amounts);
            scanAmounts(attrs, amounts);
            std::sort(amounts.begin(), amounts.end());
            amounts.erase(std::unique(amounts.begin(), amounts.end()), amounts.end());
            for (const std::string &a : amounts)
                m_keys.push_back({idx, m_pool.intern(a), m_pool.intern("amount"), FAmount});
        }
        if (const std::string_view ia = st.textView(16); !ia.empty()) {
            const std::string l = lower(ia);
            if (l.find("\"client\"") != std::string::npos || l.find("span_kind_client") != std::string::npos
                || l.find("\"kind\":3") != std::string::npos)
                m_remoteInvoke.insert(idx);
        }
        m_items.push_back(r);
    }
}

void Engine::loadKeys()
{
    auto st = m_db.prepare("SELECT item_id, kind, value, field FROM item_keys");
    while (st.step()) {
        const int64_t id = st.int64(0);
        if (id <= 0 || id >= int64_t(m_idToIdx.size()) || m_idToIdx[size_t(id)] < 0)
            continue;
        const int32_t idx = m_idToIdx[size_t(id)];
        const uint8_t fam = familyCode(st.textView(1));
        const std::string_view raw = st.textView(2);
        if (raw.empty())
            continue;
        const uint32_t value = m_pool.internLower(raw);
        const uint32_t field = m_pool.intern(st.textView(3));
        m_items[size_t(idx)].hasKeys = true;
        // A URL or path names a file: its last segment is an id too (…/rec_CA9f.wav).
        const auto slash = raw.find_last_of('/');
        if (slash != std::string_view::npos && slash + 1 < raw.size()) {
            std::string_view base = raw.substr(slash + 1);
            base = base.substr(0, base.find_first_of("?#"));
            if (!base.empty())
                m_keys.push_back({idx, m_pool.internLower(base), field, fam == FId ? uint8_t(FFile) : fam});
        }
        m_keys.push_back({idx, value, field, fam});
    }
    // A file named after a call or an upload: its id-looking name tokens are keys of its items.
    for (size_t s = 0; s < m_sources.size(); ++s) {
        std::string name = m_sources[s].path;
        if (const auto slash = name.find_last_of('/'); slash != std::string::npos)
            name.erase(0, slash + 1);
        name = lower(name);
        const std::string stem = name.substr(0, name.find('.'));
        std::vector<std::string> tokens {name};
        size_t startPos = 0;
        for (size_t i = 0; i <= stem.size(); ++i) {
            if (i == stem.size() || stem[i] == '_' || stem[i] == ' ' || stem[i] == '.') {
                const std::string tok = stem.substr(startPos, i - startPos);
                if (looksLikeIdToken(tok))
                    tokens.push_back(tok);
                startPos = i + 1;
            }
        }
        if (tokens.size() < 2 && !m_sources[s].relative)
            continue;
        // Only files that are one thing (a recording, a transcript) lend their name to their items.
        int32_t first = -1, n = 0;
        for (size_t i = 0; i < m_items.size() && n < 2; ++i)
            if (m_items[i].source == int32_t(s)) {
                if (first < 0)
                    first = int32_t(i);
                ++n;
            }
        if (first < 0 || (n > 1 && !m_sources[s].relative))
            continue;
        for (const std::string &t : tokens)
            m_keys.push_back({first, m_pool.intern(t), m_pool.intern("file name"), FFile});
    }
}

void Engine::buildGroups()
{
    std::sort(m_keys.begin(), m_keys.end(), [](const KeyRow &a, const KeyRow &b) {
        if (a.value != b.value)
            return a.value < b.value;
        if (a.item != b.item)
            return a.item < b.item;
        return a.family < b.family;
    });
    for (uint32_t i = 0; i < m_keys.size();) {
        uint32_t j = i;
        uint32_t fams = 0;
        while (j < m_keys.size() && m_keys[j].value == m_keys[i].value) {
            fams |= bit(m_keys[j].family);
            ++j;
        }
        m_groups.push_back({m_keys[i].value, i, j, fams});
        i = j;
    }
    m_itemKeyBegin.assign(m_items.size() + 1, 0);
    for (const KeyRow &k : m_keys)
        ++m_itemKeyBegin[size_t(k.item) + 1];
    for (size_t i = 1; i < m_itemKeyBegin.size(); ++i)
        m_itemKeyBegin[i] += m_itemKeyBegin[i - 1];
    m_keysByItem.resize(m_keys.size());
    std::vector<uint32_t> fill(m_itemKeyBegin.begin(), m_itemKeyBegin.end() - 1);
    for (uint32_t k = 0; k < m_keys.size(); ++k)
        m_keysByItem[fill[size_t(m_keys[k].item)]++] = k;
    // Conversation-level ids per item, the guard against weak merges.
    m_convIds.assign(m_items.size(), {});
    for (const KeyRow &k : m_keys)
        if (bit(k.family) & kConversationLevel) {
            auto &v = m_convIds[size_t(k.item)];
            const std::pair<uint8_t, uint32_t> e {k.family, k.value};
            if (std::find(v.begin(), v.end(), e) == v.end())
                v.push_back(e);
        }
}

uint8_t Engine::startHint(int32_t item)
{
    auto it = m_startHint.find(item);
    if (it != m_startHint.end())
        return it->second;
    auto st = m_db.prepare("SELECT lower(coalesce(name,'') || ' ' || coalesce(text,'') || ' ' || coalesce(attrs,'')) "
                           "FROM items WHERE id = ?");
    st.bind(1, m_items[size_t(item)].id);
    uint8_t hint = 0;
    if (st.step()) {
        const std::string_view l = st.textView(0);
        const bool starts = l.find("start") != std::string_view::npos || l.find("begin") != std::string_view::npos;
        if (l.find("record") != std::string_view::npos && starts)
            hint = 2;
        else if (starts || l.find("initiat") != std::string_view::npos || l.find("answer") != std::string_view::npos)
            hint = 1;
    }
    m_startHint[item] = hint;
    return hint;
}

void Engine::anchorRelativeSources()
{
    std::vector<std::vector<int32_t>> itemsOf(m_sources.size());
    for (size_t i = 0; i < m_items.size(); ++i)
        if (m_sources[size_t(m_items[i].source)].relative)
            itemsOf[size_t(m_items[i].source)].push_back(int32_t(i));
    for (size_t s = 0; s < m_sources.size(); ++s) {
        SourceInfo &src = m_sources[s];
        if (!src.relative || itemsOf[s].empty())
            continue;
        std::set<uint32_t> values;
        for (int32_t i : itemsOf[s])
            for (uint32_t k = m_itemKeyBegin[size_t(i)]; k < m_itemKeyBegin[size_t(i) + 1]; ++k) {
                const KeyRow &kr = m_keys[m_keysByItem[k]];
                if (bit(kr.family) & (kExplicit | bit(FId)))
                    values.insert(kr.value);
            }
        // The best anchor is the record saying the recording started (the transcript's zero),
        // then one saying the call started, then the earliest record naming it.
        int32_t best = -1;
        uint32_t bestValue = 0;
        int bestTier = 99;
        for (uint32_t v : values) {
            const ValueGroup *g = group(v);
            if (!g || g->end - g->begin > 64)
                continue;
            for (uint32_t k = g->begin; k < g->end; ++k) {
                const int32_t it = m_keys[k].item;
                const Rec &r = m_items[size_t(it)];
                if (m_sources[size_t(r.source)].relative || r.start <= 0)
                    continue;
                const uint8_t hint = startHint(it);
                const int tier = hint == 2 ? 0 : hint == 1 ? 1 : 2;
                if (best < 0 || tier < bestTier || (tier == bestTier && r.start < m_items[size_t(best)].start)) {
                    best = it;
                    bestValue = v;
                    bestTier = tier;
                }
            }
        }
        if (best < 0)
            continue;
        const int64_t anchor = m_items[size_t(best)].start;
        const int64_t delta = anchor - src.timeBase;
        for (int32_t i : itemsOf[s]) {
            m_items[size_t(i)].start += delta;
            if (m_items[size_t(i)].end != 0 || delta == 0)
                m_items[size_t(i)].end += delta;
        }
        const std::string what = str(m_items[size_t(best)].name).empty()
            ? std::string("the record")
            : "\"" + str(m_items[size_t(best)].name) + "\"";
        src.anchored = true;
        src.newBase = anchor;
        src.anchorEvidence = "placed at " + TimestampParser::toIso(anchor) + ": " + what + " in " + where(best)
            + " names " + shortId(str(bestValue));
        // A transcript or recording is one call: its pieces belong together and with the anchor.
        const int32_t first = itemsOf[s].front();
        for (int32_t i : itemsOf[s])
            unite(first, i, false);
        if (unite(first, best, false))
            addEdge(best, first, "anchor", 0.95, src.anchorEvidence);
    }
}

void Engine::joinTraces()
{
    std::unordered_map<uint32_t, int32_t> firstOfTrace;
    std::unordered_map<uint64_t, int32_t> firstOfTraceSource;
    for (size_t i = 0; i < m_items.size(); ++i) {
        const Rec &r = m_items[i];
        if (r.span != 0)
            m_spanIndex.emplace(r.span, int32_t(i));
        if (r.trace == 0)
            continue;
        auto ins = firstOfTrace.emplace(r.trace, int32_t(i));
        if (ins.second)
            continue;
        const int32_t first = ins.first->second;
        const uint64_t ts = (uint64_t(r.trace) << 20) ^ uint64_t(r.source);
        const bool newSource
            = firstOfTraceSource.emplace(ts, int32_t(i)).second && m_items[size_t(first)].source != r.source;
        if (unite(first, int32_t(i), false) && newSource)
            addEdge(first, int32_t(i), "trace", 1.0,
                "same trace id " + shortId(str(r.trace)) + " in " + sourcePath(first) + " and "
                    + sourcePath(int32_t(i)));
    }
    // Parents that sit in another trace, and span links.
    for (size_t i = 0; i < m_items.size(); ++i) {
        const Rec &r = m_items[i];
        if (r.parent == 0)
            continue;
        auto p = m_spanIndex.find(r.parent);
        if (p != m_spanIndex.end() && m_items[size_t(p->second)].trace != r.trace) {
            if (unite(p->second, int32_t(i), false))
                addEdge(p->second, int32_t(i), "trace_parent", 1.0,
                    "span " + shortId(str(r.span)) + " names parent " + shortId(str(r.parent)) + " from trace "
                        + shortId(str(m_items[size_t(p->second)].trace)));
        }
    }
    // Importers may write a span link as a trace_group key naming the linked trace.
    for (const KeyRow &k : m_keys) {
        if (k.family != FTraceGroup)
            continue;
        auto t = firstOfTrace.find(k.value);
        if (t != firstOfTrace.end() && unite(k.item, t->second, false))
            addEdge(k.item, t->second, "trace_link", 0.9,
                "span link from " + where(k.item) + " to trace " + shortId(str(k.value)));
    }
    for (const auto &link : m_links) {
        int32_t target = -1;
        if (link.second.second != 0) {
            auto p = m_spanIndex.find(link.second.second);
            if (p != m_spanIndex.end())
                target = p->second;
        }
        if (target < 0 && link.second.first != 0) {
            auto t = firstOfTrace.find(link.second.first);
            if (t != firstOfTrace.end())
                target = t->second;
        }
        if (target >= 0 && unite(link.first, target, false))
            addEdge(link.first, target, "trace_link", 0.9,
                "span link from " + where(link.first) + " to trace " + shortId(str(link.second.first)));
    }
}

void Engine::joinExplicitIds()
{
    // Strongest families first, so the stored evidence names the best reason for each join.
    std::vector<const ValueGroup *> order;
    for (const ValueGroup &g : m_groups)
        if ((g.families & kExplicit) && !(g.families & kPerson) && g.end - g.begin >= 2)
            order.push_back(&g);
    auto strength = [](const ValueGroup *g) {
        for (int f = 0; f < FCount; ++f)
            if (g->families & bit(f))
                return f;
        return int(FCount);
    };
    std::stable_sort(order.begin(), order.end(),
        [&](const ValueGroup *a, const ValueGroup *b) { return strength(a) < strength(b); });
    // Rarity: a value spread over many separate groups is a constant (an environment, a
    // project id), not evidence that they are one conversation.
    const size_t totalRoots = [&] {
        size_t n = 0;
        for (size_t i = 0; i < m_items.size(); ++i)
            if (m_uf.find(int32_t(i)) == int32_t(i))
                ++n;
        return n;
    }();
    const size_t convLimit = std::max<size_t>(64, totalRoots / 50);
    std::vector<int32_t> roots;
    for (const ValueGroup *g : order) {
        const bool convLevel = g->families & kConversationLevel;
        roots.clear();
        for (uint32_t k = g->begin; k < g->end; ++k)
            roots.push_back(m_uf.find(m_keys[k].item));
        std::sort(roots.begin(), roots.end());
        roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
        const size_t limit = convLevel ? convLimit : 24;
        if (roots.size() < 2 || roots.size() > limit)
            continue;
        if (!convLevel && str(g->value).size() < 6)
            continue; // "t-01", "42": counters, not identifiers
        const int fam = strength(g);
        const int32_t first = m_keys[g->begin].item;
        const std::string &value = str(g->value);
        for (uint32_t k = g->begin + 1; k < g->end; ++k) {
            const int32_t it = m_keys[k].item;
            if (it == first)
                continue;
            // Two log lines sharing a request/correlation id across sources describe one moment:
            // a clock sample for the skew estimate.
            // A span and a log line sharing a request or tool-call id describe one moment: a
            // clock sample. Two log lines do not (the downstream service works later).
            if ((fam == FRequest || fam == FCorrelation || fam == FToolCall)
                && m_items[size_t(it)].source != m_items[size_t(first)].source && g->end - g->begin <= 6
                && isSpan(it) != isSpan(first)) {
                const int32_t sp = isSpan(it) ? it : first, lg = isSpan(it) ? first : it;
                m_skew.addSample(m_sources[size_t(m_items[size_t(lg)].source)].id,
                    m_sources[size_t(m_items[size_t(sp)].source)].id,
                    m_items[size_t(lg)].start - m_items[size_t(sp)].start);
            }
            // Ids below the conversation (turn, request, message…) may be reused per conversation
            // ("t-01"): they never join groups that hold different conversation ids.
            if (!unite(first, it, !convLevel))
                continue;
            const std::string &f1 = str(m_keys[g->begin].field);
            const std::string &f2 = str(m_keys[k].field);
            std::string field = f1.empty() ? std::string(kFamilyNames[fam]) + " id" : f1;
            if (!f2.empty() && f2 != f1)
                field += " / " + f2;
            const double weight = convLevel ? 0.95 : 0.85;
            addEdge(first, it, "shared_id", weight,
                "same " + field + " " + shortId(value) + " in " + where(first) + " and " + where(it));
        }
    }
}

void Engine::learnIdentity()
{
    // Records that carry two person identifiers (a user directory entry, a caller lookup)
    // say those identifiers are one person. A value paired with many others (a support
    // mailbox) is a hub, not a person, and is left out.
    std::vector<std::pair<uint32_t, uint32_t>> pairs;
    std::vector<int32_t> witness;
    std::vector<std::pair<uint8_t, uint32_t>> vals;
    for (size_t i = 0; i < m_items.size(); ++i) {
        vals.clear();
        for (uint32_t k = m_itemKeyBegin[i]; k < m_itemKeyBegin[i + 1]; ++k) {
            const KeyRow &kr = m_keys[m_keysByItem[k]];
            if (bit(kr.family) & kPerson)
                vals.push_back({kr.family, kr.value});
        }
        if (vals.size() < 2 || vals.size() > 6)
            continue;
        for (size_t a = 0; a < vals.size(); ++a)
            for (size_t b = a + 1; b < vals.size(); ++b)
                if (vals[a].first != vals[b].first && vals[a].second != vals[b].second) {
                    pairs.push_back(
                        {std::min(vals[a].second, vals[b].second), std::max(vals[a].second, vals[b].second)});
                    witness.push_back(int32_t(i));
                }
    }
    std::unordered_map<uint32_t, std::unordered_set<uint32_t>> partners;
    for (const auto &p : pairs) {
        partners[p.first].insert(p.second);
        partners[p.second].insert(p.first);
    }
    for (const auto &entry : partners)
        if (!m_personNode.count(entry.first))
            m_personNode.emplace(entry.first, int32_t(m_personNode.size()));
    m_personUf.reset(m_personNode.size());
    for (size_t i = 0; i < pairs.size(); ++i) {
        const auto &p = pairs[i];
        if (partners[p.first].size() > 4 || partners[p.second].size() > 4)
            continue;
        m_personUf.unite(m_personNode[p.first], m_personNode[p.second]);
        m_identityWitness.emplace((uint64_t(p.first) << 32) | p.second, witness[i]);
    }
}

std::vector<uint32_t> Engine::personsOf(int32_t item) const
{
    std::vector<uint32_t> out;
    for (uint32_t k = m_itemKeyBegin[size_t(item)]; k < m_itemKeyBegin[size_t(item) + 1]; ++k) {
        const KeyRow &kr = m_keys[m_keysByItem[k]];
        if (!(bit(kr.family) & kPerson))
            continue;
        auto n = m_personNode.find(kr.value);
        // Person ids not linked to anything stand for themselves (offset past the node range).
        out.push_back(n == m_personNode.end() ? 0x80000000u + kr.value
                                              : uint32_t(const_cast<UnionFind &>(m_personUf).find(n->second)));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

void Engine::joinRareValues()
{
    // Pairs of items in different sources that share values few records carry (an account
    // number, an amount, an id no field name explained), close in time.
    struct PairInfo
    {
        double weight = 0;
        std::vector<uint32_t> values;
    };
    std::unordered_map<uint64_t, PairInfo> pairs;
    for (const ValueGroup &g : m_groups) {
        if (!(g.families & kRare) || (g.families & (kPerson | kExplicit)))
            continue;
        const uint32_t n = g.end - g.begin;
        if (n < 2 || n > 64)
            continue;
        const std::string &v = str(g.value);
        const bool bareId = !(g.families & (bit(FAmount) | bit(FAccount) | bit(FOrder)));
        const int64_t window = bareId ? m_opt.sharedIdWindowNs : m_opt.rareValueSearchNs;
        for (uint32_t a = g.begin; a < g.end; ++a)
            for (uint32_t b = a + 1; b < g.end; ++b) {
                int32_t ia = m_keys[a].item, ib = m_keys[b].item;
                if (ia == ib || m_items[size_t(ia)].source == m_items[size_t(ib)].source)
                    continue;
                const int64_t dt = std::llabs(m_items[size_t(ia)].start - m_items[size_t(ib)].start);
                if (dt > window)
                    continue;
                // Rarity where it matters: how many records carry the value around this moment
                // (a customer's account recurs in each of their conversations, hours apart).
                int local = 0;
                for (uint32_t c = g.begin; c < g.end; ++c) {
                    const int64_t tc = m_items[size_t(m_keys[c].item)].start;
                    if (std::llabs(tc - m_items[size_t(ia)].start) <= window
                        || std::llabs(tc - m_items[size_t(ib)].start) <= window)
                        ++local;
                }
                double w;
                if (g.families & bit(FAmount))
                    w = local <= 4 ? 0.75 : local <= 8 ? 0.5 : 0.0;
                else if (g.families & (bit(FAccount) | bit(FOrder)))
                    w = local <= 4 ? 1.0 : local <= 8 ? 0.6 : 0.0;
                else // a bare id: strong when it looks random and only these two records carry it
                    w = (n == 2 && looksLikeIdToken(v) && v.size() >= 8) ? 1.5 : local <= 4 ? 0.75 : 0.0;
                if (w <= 0)
                    continue;
                if (ia > ib)
                    std::swap(ia, ib);
                PairInfo &p = pairs[(uint64_t(uint32_t(ia)) << 32) | uint32_t(ib)];
                if (std::find(p.values.begin(), p.values.end(), g.value) == p.values.end()) {
                    p.weight += w;
                    p.values.push_back(g.value);
                }
            }
    }
    // Clock samples: a span and a log line joined by two or more rare values are one moment
    // seen by two clocks.
    for (const auto &entry : pairs) {
        if (entry.second.weight < 1.5 || entry.second.values.size() < 2)
            continue;
        int32_t a = int32_t(entry.first >> 32), b = int32_t(entry.first & 0xffffffffu);
        if (isSpan(a) == isSpan(b))
            continue;
        if (!isSpan(a))
            std::swap(a, b);
        m_skew.addSample(m_sources[size_t(m_items[size_t(b)].source)].id,
            m_sources[size_t(m_items[size_t(a)].source)].id, m_items[size_t(b)].start - m_items[size_t(a)].start);
    }
    std::vector<int64_t> reference;
    {
        std::vector<int64_t> withTrace(m_sources.size(), 0), total(m_sources.size(), 0);
        for (const Rec &r : m_items) {
            ++total[size_t(r.source)];
            if (r.trace != 0)
                ++withTrace[size_t(r.source)];
        }
        for (size_t s = 0; s < m_sources.size(); ++s)
            if (total[s] > 0 && withTrace[s] * 2 >= total[s]) {
                m_sources[s].reference = true;
                reference.push_back(m_sources[s].id);
            }
    }
    for (const auto &e : m_skew.solve(reference, m_opt.minSkewSamples)) {
        auto it = m_sourceIndex.find(e.first);
        if (it == m_sourceIndex.end())
            continue;
        SourceInfo &src = m_sources[size_t(it->second)];
        if (std::llabs(e.second.offsetNs) < m_opt.reportSkewNs / 2)
            continue; // within measurement noise: leave the clock alone
        src.offset = e.second.offsetNs;
        Finding f;
        f.kind = "clock_skew";
        f.severity = std::llabs(e.second.offsetNs) >= 1'000'000'000 ? "warning" : "info";
        f.source = it->second;
        f.confidence = e.second.confidence;
        f.hasOffset = true;
        f.offsetMs = (e.second.offsetNs + (e.second.offsetNs >= 0 ? 500'000 : -500'000)) / 1'000'000;
        f.explanation = src.path + " runs " + std::to_string(std::llabs(f.offsetMs)) + " ms "
            + (f.offsetMs > 0 ? "ahead of" : "behind") + " the trace clock (median of "
            + std::to_string(e.second.samples) + " joined pairs, spread " + formatMs(e.second.spreadNs) + ")";
        f.evidence.push_back(f.explanation);
        if (std::llabs(e.second.offsetNs) >= m_opt.reportSkewNs)
            m_findings.push_back(std::move(f));
    }
    // Now join with corrected times.
    std::vector<std::pair<uint64_t, const PairInfo *>> ordered;
    for (const auto &entry : pairs)
        if (entry.second.weight >= 1.5)
            ordered.push_back({entry.first, &entry.second});
    std::sort(ordered.begin(), ordered.end(), [](const auto &x, const auto &y) {
        return x.second->weight > y.second->weight || (x.second->weight == y.second->weight && x.first < y.first);
    });
    for (const auto &entry : ordered) {
        const int32_t a = int32_t(entry.first >> 32), b = int32_t(entry.first & 0xffffffffu);
        const PairInfo &p = *entry.second;
        const int64_t dt = corrected(b) - corrected(a);
        bool onlyIds = true;
        for (uint32_t v : p.values) {
            const ValueGroup *g = group(v);
            if (g && (g->families & (bit(FAmount) | bit(FAccount) | bit(FOrder))))
                onlyIds = false;
        }
        if (std::llabs(dt) > (onlyIds ? m_opt.sharedIdWindowNs : m_opt.rareValueWindowNs))
            continue;
        std::string vals;
        for (uint32_t v : p.values) {
            const ValueGroup *g = group(v);
            std::string fam = "value";
            if (g) {
                if (g->families & bit(FAmount))
                    fam = "amount";
                else if (g->families & bit(FAccount))
                    fam = "account";
                else if (g->families & bit(FOrder))
                    fam = "order";
                else
                    fam = "id";
            }
            if (!vals.empty())
                vals += " and ";
            vals += fam + " " + shortId(str(v));
        }
        const bool skewed = m_sources[size_t(m_items[size_t(a)].source)].offset != 0
            || m_sources[size_t(m_items[size_t(b)].source)].offset != 0;
        const std::string text = vals + " in " + where(a) + " and " + where(b) + ", " + formatMs(std::llabs(dt))
            + " apart" + (skewed ? " after skew correction" : "");
        const bool merged = unite(a, b, true);
        if (merged || m_uf.find(a) == m_uf.find(b))
            addEdge(a, b, "rare_values", std::min(0.9, 0.4 + 0.2 * p.weight), text);
    }
}

void Engine::joinContent()
{
    // Index shingles; common shingles ("thank you for") are dropped as evidence. A flat sorted
    // vector, not a hash map of vectors: millions of entries on big workspaces.
    std::vector<std::pair<uint64_t, uint32_t>> index;
    for (uint32_t u = 0; u < m_utterances.size(); ++u)
        for (uint64_t s : m_utterances[u].shingles)
            index.push_back({s, u});
    std::sort(index.begin(), index.end());
    std::vector<uint64_t> pairKeys;
    for (size_t i = 0; i < index.size();) {
        size_t j = i;
        while (j < index.size() && index[j].first == index[i].first)
            ++j;
        if (j - i >= 2 && j - i <= 12) {
            for (size_t a = i; a < j; ++a)
                for (size_t b = a + 1; b < j; ++b) {
                    const Utterance &ua = m_utterances[index[a].second], &ub = m_utterances[index[b].second];
                    if (ua.item == ub.item || m_items[size_t(ua.item)].source == m_items[size_t(ub.item)].source)
                        continue;
                    pairKeys.push_back((uint64_t(std::min(index[a].second, index[b].second)) << 32)
                        | std::max(index[a].second, index[b].second));
                }
        }
        i = j;
    }
    std::sort(pairKeys.begin(), pairKeys.end());
    std::vector<std::pair<uint64_t, int>> shared; // utterance pair → shingles in common
    for (size_t i = 0; i < pairKeys.size();) {
        size_t j = i;
        while (j < pairKeys.size() && pairKeys[j] == pairKeys[i])
            ++j;
        shared.push_back({pairKeys[i], int(j - i)});
        i = j;
    }
    struct Cand
    {
        uint32_t a, b;
        double sim;
    };
    std::vector<Cand> cands;
    for (const auto &entry : shared) {
        if (entry.second < 2)
            continue;
        const uint32_t a = uint32_t(entry.first >> 32), b = uint32_t(entry.first & 0xffffffffu);
        const Utterance &ua = m_utterances[a], &ub = m_utterances[b];
        // An LLM prompt holds the whole history: containment, not symmetric overlap, for it.
        double sim = TextSimilarity::jaccard(ua.shingles, ub.shingles);
        const size_t common = size_t(sim * double(ua.shingles.size() + ub.shingles.size()) / (1.0 + sim) + 0.5);
        const double containment = double(common) / double(std::min(ua.shingles.size(), ub.shingles.size()));
        sim = std::max(sim, containment * 0.9);
        if (sim < 0.6)
            continue;
        if (std::llabs(corrected(ua.item) - corrected(ub.item)) > m_opt.contentWindowNs)
            continue;
        cands.push_back({a, b, sim});
    }
    std::sort(cands.begin(), cands.end(), [](const Cand &x, const Cand &y) {
        return x.sim > y.sim || (x.sim == y.sim && (x.a < y.a || (x.a == y.a && x.b < y.b)));
    });
    for (const Cand &c : cands) {
        const Utterance &ua = m_utterances[c.a], &ub = m_utterances[c.b];
        const bool before = m_uf.find(ua.item) == m_uf.find(ub.item);
        const bool merged = unite(ua.item, ub.item, true);
        if (!merged && !before)
            continue;
        if (before && m_edges.size() > 4 * m_items.size())
            continue;
        std::string quote = ua.text.size() < ub.text.size() ? ua.text : ub.text;
        if (quote.size() > 80)
            quote = quote.substr(0, 77) + "…";
        char sim[16];
        std::snprintf(sim, sizeof sim, "%.2f", c.sim);
        addEdge(ua.item, ub.item, "content", 0.5 + 0.3 * c.sim,
            "the same words \"" + quote + "\" in " + where(ua.item) + " and " + where(ub.item) + " (similarity " + sim
                + ", " + formatMs(std::llabs(corrected(ua.item) - corrected(ub.item))) + " apart)");
    }
}

void Engine::matchHandoffs()
{
    // Per trace: earliest item, root presence, agents, conversation keys, persons.
    struct TraceInfo
    {
        int32_t first = -1;
        bool hasRoot = false;
        bool dangling = false;
        std::set<std::string> agents;
        std::set<uint32_t> conv;
        std::set<uint32_t> persons;
    };
    std::unordered_map<uint32_t, TraceInfo> traces;
    for (size_t i = 0; i < m_items.size(); ++i) {
        const Rec &r = m_items[i];
        if (r.trace == 0)
            continue;
        TraceInfo &t = traces[r.trace];
        if (t.first < 0 || r.start < m_items[size_t(t.first)].start)
            t.first = int32_t(i);
        if (r.span != 0) {
            if (r.parent == 0)
                t.hasRoot = true;
            else if (!m_spanIndex.count(r.parent))
                t.dangling = true;
        }
        // A handoff names its target; it is not evidence that the target ran.
        const bool handoffItem = r.kind == ItemKind::Handoff || m_handoffTarget.count(int32_t(i));
        if ((r.kind == ItemKind::Agent || r.kind == ItemKind::Llm || r.kind == ItemKind::Tool) && !handoffItem
            && !m_remoteInvoke.count(int32_t(i)))
            if (r.actor != 0)
                t.agents.insert(HandoffMatcher::normalizeAgent(str(r.actor)));
        for (uint32_t k = m_itemKeyBegin[i]; k < m_itemKeyBegin[i + 1]; ++k) {
            const KeyRow &kr = m_keys[m_keysByItem[k]];
            if (kr.family == FAgent && !handoffItem && !m_remoteInvoke.count(int32_t(i)))
                t.agents.insert(HandoffMatcher::normalizeAgent(str(kr.value)));
            else if (bit(kr.family) & kConversationLevel)
                t.conv.insert(kr.value);
        }
        for (uint32_t p : personsOf(int32_t(i)))
            t.persons.insert(p);
    }
    // Handoffs: handoff spans, spans naming a handoff target, invoke_agent calls to a remote agent.
    std::vector<HandoffMatcher::Handoff> handoffs;
    std::vector<int32_t> handoffIdx;
    std::unordered_map<uint32_t, std::vector<int32_t>> childrenOf; // parent span → children
    for (size_t i = 0; i < m_items.size(); ++i)
        if (m_items[i].parent != 0)
            childrenOf[m_items[i].parent].push_back(int32_t(i));
    for (size_t i = 0; i < m_items.size(); ++i) {
        const Rec &r = m_items[i];
        if (r.span == 0)
            continue;
        std::string target;
        bool isHandoff = r.kind == ItemKind::Handoff;
        if (auto it = m_handoffTarget.find(int32_t(i)); it != m_handoffTarget.end()) {
            isHandoff = true;
            target = it->second;
        }
        for (uint32_t k = m_itemKeyBegin[i]; k < m_itemKeyBegin[i + 1]; ++k) {
            const KeyRow &kr = m_keys[m_keysByItem[k]];
            if (kr.family == FHandoffTo) {
                isHandoff = true;
                if (target.empty())
                    target = str(kr.value);
            }
        }
        const std::string &name = str(r.name);
        if (!isHandoff && m_remoteInvoke.count(int32_t(i)) && name.size() > 13) {
            // A CLIENT invoke_agent span: a call to a remote agent service.
            isHandoff = true;
            target = name.substr(13);
        }
        if (!isHandoff)
            continue;
        const std::string norm = HandoffMatcher::normalizeAgent(target);
        // The callee appeared: a child span, or an item of the target agent later in the trace.
        bool appeared = false;
        if (auto c = childrenOf.find(r.span); c != childrenOf.end())
            for (int32_t ch : c->second)
                if (m_items[size_t(ch)].actor != r.actor || norm.empty()
                    || HandoffMatcher::normalizeAgent(str(m_items[size_t(ch)].actor)) == norm)
                    appeared = true;
        if (!appeared && !norm.empty())
            appeared = traces[r.trace].agents.count(norm) > 0;
        // A trace that links back to the handoff span is its callee, wherever it was exported.
        if (!appeared)
            for (const auto &link : m_links)
                if (link.second.second == r.span && m_items[size_t(link.first)].trace != r.trace) {
                    const TraceInfo &lt = traces[m_items[size_t(link.first)].trace];
                    if (norm.empty() || lt.agents.count(norm))
                        appeared = true;
                }
        if (appeared)
            continue;
        HandoffMatcher::Handoff h;
        h.itemId = r.id;
        h.target = norm;
        h.startNs = corrected(int32_t(i));
        h.endNs = r.end ? r.end - m_sources[size_t(r.source)].offset : h.startNs;
        h.traceId = r.trace;
        const TraceInfo &t = traces[r.trace];
        h.conversationKeys.assign(t.conv.begin(), t.conv.end());
        // The conversation the handoff already sits in lends its ids too.
        h.persons.assign(t.persons.begin(), t.persons.end());
        handoffs.push_back(std::move(h));
        handoffIdx.push_back(int32_t(i));
    }
    if (handoffs.empty())
        return;
    std::vector<HandoffMatcher::Candidate> cands;
    std::vector<uint32_t> candTrace;
    for (const auto &entry : traces) {
        const TraceInfo &t = entry.second;
        if (t.agents.empty() || t.first < 0)
            continue;
        HandoffMatcher::Candidate c;
        c.itemId = m_items[size_t(t.first)].id;
        c.traceId = entry.first;
        c.agents.assign(t.agents.begin(), t.agents.end());
        c.startNs = corrected(t.first);
        c.rootless = !t.hasRoot;
        c.conversationKeys.assign(t.conv.begin(), t.conv.end());
        c.persons.assign(t.persons.begin(), t.persons.end());
        cands.push_back(std::move(c));
        candTrace.push_back(entry.first);
    }
    std::sort(cands.begin(), cands.end(), [](const auto &a, const auto &b) { return a.itemId < b.itemId; });
    const auto matches = HandoffMatcher::match(handoffs, cands, m_opt.handoffWindowNs);
    std::unordered_map<int, const HandoffMatcher::Match *> byHandoff;
    for (const auto &m : matches)
        byHandoff[m.handoff] = &m;
    for (size_t h = 0; h < handoffs.size(); ++h) {
        const int32_t hi = handoffIdx[h];
        const Rec &r = m_items[size_t(hi)];
        Finding f;
        f.kind = "broken_handoff";
        f.severity = "error";
        f.item = hi;
        const std::string target
            = m_handoffTarget.count(hi) && !m_handoffTarget[hi].empty() ? m_handoffTarget[hi] : handoffs[h].target;
        f.explanation = "handoff from " + (str(r.actor).empty() ? std::string("an agent") : str(r.actor)) + " to "
            + (target.empty() ? std::string("an unnamed agent") : target) + " at " + TimestampParser::toIso(r.start)
            + ": the callee never appears under it";
        f.evidence.push_back("no span of " + (target.empty() ? std::string("the target agent") : target)
            + " follows the handoff in trace " + shortId(str(r.trace)));
        auto mit = byHandoff.find(int(h));
        if (mit == byHandoff.end()) {
            f.confidence = 0.6;
            f.evidence.push_back(
                "no trace of that agent starts within " + formatMs(m_opt.handoffWindowNs) + " after it");
            m_findings.push_back(std::move(f));
            continue;
        }
        const HandoffMatcher::Match &m = *mit->second;
        const HandoffMatcher::Candidate &c = cands[size_t(m.candidate)];
        const int32_t ci = m_idToIdx[size_t(c.itemId)];
        f.related = ci;
        f.confidence = m.confidence;
        std::string why = "trace " + shortId(str(c.traceId)) + " of agent "
            + (str(m_items[size_t(ci)].actor).empty() ? target : str(m_items[size_t(ci)].actor)) + " starts "
            + formatMs(c.startNs - handoffs[h].startNs) + " after the handoff"
            + (c.rootless ? " without a root span (its parent is not in the workspace)" : "");
        f.evidence.push_back(why);
        if (m.sameConversation)
            f.evidence.push_back("it carries the same conversation id");
        if (m.samePerson)
            f.evidence.push_back("it carries the same user");
        std::string edgeText = "suggested continuation of the handoff at " + where(hi) + ": " + why;
        if (m.sameConversation)
            edgeText += "; same conversation id";
        if (m.samePerson)
            edgeText += "; same user";
        addEdge(hi, ci, "handoff_continuation", m.confidence, edgeText, true);
        m_continuation[hi] = {ci, int32_t(m_findings.size())};
        m_continuationTraces.insert(c.traceId);
        // Confident continuations join the conversation (never against its conversation ids).
        if (m.confidence >= 0.5)
            unite(hi, ci, true);
        m_findings.push_back(std::move(f));
    }
    (void)candTrace;
}

void Engine::attachLeftovers()
{
    // Which groups are conversations: something conversational happened in them.
    const size_t n = m_items.size();
    m_conversational.assign(n, 0);
    for (size_t i = 0; i < n; ++i) {
        const Rec &r = m_items[i];
        const bool conv = r.kind == ItemKind::Llm || r.kind == ItemKind::Agent || r.kind == ItemKind::Asr
            || r.kind == ItemKind::Speech || r.kind == ItemKind::Handoff || r.kind == ItemKind::Retrieval
            || !m_convIds[i].empty() || (r.kind == ItemKind::Audio && m_sources[size_t(r.source)].relative);
        if (conv)
            m_conversational[size_t(m_uf.find(int32_t(i)))] = 1;
    }
    // Conversation's own ids live on the root after unions; recompute any root.
    for (size_t i = 0; i < n; ++i)
        if (m_conversational[i] && m_uf.find(int32_t(i)) != int32_t(i))
            m_conversational[size_t(m_uf.find(int32_t(i)))] = 1;

    // Time span and persons per conversational root.
    struct Span
    {
        int64_t start = INT64_MAX, end = INT64_MIN;
    };
    std::unordered_map<int32_t, Span> spans;
    std::unordered_map<uint32_t, std::vector<int32_t>> byPerson; // person → conversation roots
    std::unordered_map<uint64_t, int32_t> personItem; // (root, person) → an item naming the person
    std::unordered_map<uint64_t, std::vector<int32_t>> bySourceActor;
    for (size_t i = 0; i < n; ++i) {
        const int32_t root = m_uf.find(int32_t(i));
        if (!m_conversational[size_t(root)])
            continue;
        Span &s = spans[root];
        const int64_t t = corrected(int32_t(i));
        if (m_items[i].start > 0) {
            s.start = std::min(s.start, t);
            s.end = std::max(s.end, std::max(t, m_items[i].end - m_sources[size_t(m_items[i].source)].offset));
        }
        for (uint32_t p : personsOf(int32_t(i))) {
            auto &v = byPerson[p];
            if (v.empty() || v.back() != root)
                v.push_back(root);
            personItem.emplace((uint64_t(uint32_t(root)) << 32) | p, int32_t(i));
        }
        auto &sa = bySourceActor[(uint64_t(uint32_t(m_items[i].source)) << 32) | m_items[i].actor];
        if (sa.empty() || sa.back() != root)
            sa.push_back(root);
    }
    for (auto &entry : byPerson) {
        std::sort(entry.second.begin(), entry.second.end());
        entry.second.erase(std::unique(entry.second.begin(), entry.second.end()), entry.second.end());
    }
    // Non-conversational groups: attach through identity and time (an email event after the
    // conversation, a log of the user's request), else through time and actor.
    std::unordered_map<int32_t, std::vector<int32_t>> groups;
    for (size_t i = 0; i < n; ++i) {
        const int32_t root = m_uf.find(int32_t(i));
        if (!m_conversational[size_t(root)])
            groups[root].push_back(int32_t(i));
    }
    std::vector<int32_t> roots;
    for (const auto &g : groups)
        roots.push_back(g.first);
    std::sort(roots.begin(), roots.end());
    for (int32_t root : roots) {
        const auto &members = groups[root];
        int32_t first = -1;
        bool email = false;
        std::vector<uint32_t> persons;
        bool anyKeys = false;
        for (int32_t i : members) {
            if (m_items[size_t(i)].start > 0 && (first < 0 || corrected(i) < corrected(first)))
                first = i;
            if (m_items[size_t(i)].kind == ItemKind::Email)
                email = true;
            for (uint32_t p : personsOf(i))
                persons.push_back(p);
            anyKeys = anyKeys || m_items[size_t(i)].hasKeys;
        }
        if (first < 0)
            continue;
        std::sort(persons.begin(), persons.end());
        persons.erase(std::unique(persons.begin(), persons.end()), persons.end());
        const int64_t t = corrected(first);
        int32_t best = -1;
        int64_t bestGap = INT64_MAX;
        uint32_t bestPerson = 0;
        for (uint32_t p : persons) {
            auto it = byPerson.find(p);
            if (it == byPerson.end())
                continue;
            for (int32_t conv : it->second) {
                const Span &s = spans[conv];
                if (s.start == INT64_MAX)
                    continue;
                const int64_t after = email ? m_opt.emailAfterNs : 1800'000'000'000LL;
                const int64_t lead = email ? 0 : 300'000'000'000LL;
                if (t < s.start - lead || t > s.end + after)
                    continue;
                // The conversation closest before the event wins (a user's later chat is not it).
                const int64_t gap = t >= s.start ? std::max<int64_t>(0, t - s.end) : s.start - t;
                if (gap < bestGap || (gap == bestGap && conv < best)) {
                    bestGap = gap;
                    best = conv;
                    bestPerson = p;
                }
            }
        }
        if (best >= 0) {
            // Name the identifier that matched, and the record that linked it, if any.
            std::string via;
            int32_t target = -1;
            if (auto pi = personItem.find((uint64_t(uint32_t(best)) << 32) | bestPerson); pi != personItem.end())
                target = pi->second;
            std::string who;
            for (uint32_t k = m_itemKeyBegin[size_t(first)]; k < m_itemKeyBegin[size_t(first) + 1]; ++k) {
                const KeyRow &kr = m_keys[m_keysByItem[k]];
                if (bit(kr.family) & kPerson) {
                    who = str(kr.value);
                    break;
                }
            }
            std::string link;
            if (target >= 0) {
                for (uint32_t k = m_itemKeyBegin[size_t(target)]; k < m_itemKeyBegin[size_t(target) + 1]; ++k) {
                    const KeyRow &kr = m_keys[m_keysByItem[k]];
                    if (!(bit(kr.family) & kPerson) || str(kr.value) == who)
                        continue;
                    const uint32_t wv = m_pool.lookup(who);
                    auto w = m_identityWitness.find((uint64_t(std::min(wv, kr.value)) << 32) | std::max(wv, kr.value));
                    if (w != m_identityWitness.end()) {
                        link = "; " + who + " is " + str(kr.value) + " in " + where(w->second);
                        break;
                    }
                }
            }
            const Span &s = spans[best];
            const std::string rel
                = t >= s.end ? formatMs(t - s.end) + " after the conversation" : "during the conversation";
            unite(best, first, true);
            for (int32_t i : members)
                unite(first, i, false);
            addEdge(target >= 0 ? target : best, first, "identity_time", 0.6,
                (who.empty() ? std::string("the same person") : who) + " in " + where(first) + ", " + rel + link);
            continue;
        }
        // Time and actor alone: a keyless single record inside exactly one conversation of
        // the same source and actor.
        if (members.size() != 1 || anyKeys || email)
            continue;
        const Rec &r = m_items[size_t(first)];
        auto sa = bySourceActor.find((uint64_t(uint32_t(r.source)) << 32) | r.actor);
        if (sa == bySourceActor.end() || r.actor == 0)
            continue;
        int32_t only = -1;
        int hits = 0;
        for (int32_t conv : sa->second) {
            const Span &s = spans[conv];
            if (t >= s.start - 1'000'000'000 && t <= s.end + 1'000'000'000) {
                if (only != conv)
                    ++hits;
                only = conv;
            }
        }
        if (hits == 1 && unite(only, first, true))
            addEdge(only, first, "time_actor", 0.2,
                "logged by " + str(r.actor) + " in " + where(first) + " while the conversation was active");
    }
}

void Engine::structuralFindings()
{
    std::unordered_map<uint32_t, std::pair<bool, int32_t>> traceRoot; // trace → (has root, earliest dangling)
    for (size_t i = 0; i < m_items.size(); ++i) {
        const Rec &r = m_items[i];
        if (r.span == 0 || r.trace == 0)
            continue;
        auto &tr = traceRoot.emplace(r.trace, std::make_pair(false, -1)).first->second;
        if (r.parent == 0)
            tr.first = true;
        else if (!m_spanIndex.count(r.parent) && !r.remote)
            if (tr.second < 0 || r.start < m_items[size_t(tr.second)].start)
                tr.second = int32_t(i);
    }
    for (size_t i = 0; i < m_items.size(); ++i) {
        const Rec &r = m_items[i];
        if (r.span != 0 && r.status == 2) {
            Finding f;
            f.kind = "error";
            f.severity = "error";
            f.item = int32_t(i);
            f.explanation = (str(r.name).empty() ? std::string("span") : str(r.name)) + " failed";
            f.evidence.push_back("status ERROR on " + where(int32_t(i)));
            m_findings.push_back(std::move(f));
        }
        if (r.span == 0 || r.parent == 0 || m_spanIndex.count(r.parent))
            continue;
        const auto &tr = traceRoot[r.trace];
        if (r.remote) {
            Finding f;
            f.kind = "remote_parent_missing";
            f.severity = "info";
            f.item = int32_t(i);
            f.explanation = "span " + shortId(str(r.span)) + " continues a remote parent " + shortId(str(r.parent))
                + " that was not imported";
            f.evidence.push_back("parent is marked remote and is not in the workspace");
            m_findings.push_back(std::move(f));
        } else if (!tr.first && tr.second == int32_t(i)) {
            Finding f;
            f.kind = "orphan_trace";
            const bool continuation = m_continuationTraces.count(r.trace);
            f.severity = continuation ? "info" : "warning";
            f.item = int32_t(i);
            f.explanation = "trace " + shortId(str(r.trace)) + " has no root: its first span names parent "
                + shortId(str(r.parent)) + ", which is not in the workspace"
                + (continuation ? " (it continues a broken handoff)" : "");
            f.evidence.push_back(where(int32_t(i)));
            m_findings.push_back(std::move(f));
        } else if (tr.first) {
            Finding f;
            f.kind = "dangling_parent";
            f.severity = "warning";
            f.item = int32_t(i);
            f.explanation = "span " + shortId(str(r.span)) + " names parent " + shortId(str(r.parent))
                + ", which is not in the workspace";
            f.evidence.push_back(where(int32_t(i)));
            m_findings.push_back(std::move(f));
        }
    }
    for (const auto &entry : m_emailEvent) {
        const std::string &ev = entry.second;
        const bool failed = ev.find("drop") != std::string::npos || ev.find("bounce") != std::string::npos
            || ev.find("fail") != std::string::npos || ev.find("block") != std::string::npos
            || ev.find("reject") != std::string::npos;
        if (!failed)
            continue;
        Finding f;
        f.kind = "delivery_failure";
        f.item = entry.first;
        f.severity = "error";
        std::string who;
        const int32_t i = entry.first;
        for (uint32_t k = m_itemKeyBegin[size_t(i)]; k < m_itemKeyBegin[size_t(i) + 1]; ++k)
            if (m_keys[m_keysByItem[k]].family == FEmail)
                who = str(m_keys[m_keysByItem[k]].value);
        f.explanation = "email " + (who.empty() ? std::string() : "to " + who + " ") + "was not delivered ("
            + ev.substr(0, 60) + ")";
        f.evidence.push_back(where(i));
        m_findings.push_back(std::move(f));
    }
    std::sort(m_findings.begin(), m_findings.end(), [](const Finding &a, const Finding &b) {
        return std::make_pair(a.item, a.kind) < std::make_pair(b.item, b.kind);
    });
}

void Engine::buildConversationsAndWrite(Correlator::Result &result)
{
    const size_t n = m_items.size();
    std::vector<char> conv(n, 0);
    for (size_t i = 0; i < n; ++i) {
        const Rec &r = m_items[i];
        if (r.kind == ItemKind::Llm || r.kind == ItemKind::Agent || r.kind == ItemKind::Asr
            || r.kind == ItemKind::Speech || r.kind == ItemKind::Handoff || r.kind == ItemKind::Retrieval
            || !m_convIds[size_t(m_uf.find(int32_t(i)))].empty()
            || (r.kind == ItemKind::Audio && m_sources[size_t(r.source)].relative))
            conv[size_t(m_uf.find(int32_t(i)))] = 1;
    }
    struct Conv
    {
        int32_t root;
        std::vector<int32_t> items;
        int64_t start = INT64_MAX, end = INT64_MIN;
        std::string key, title;
        std::set<std::string> users, emails, phones, channels;
        int findings = 0;
        int worst = -1;
        int64_t id = 0;
    };
    std::unordered_map<int32_t, size_t> convIndex;
    std::vector<Conv> convs;
    for (size_t i = 0; i < n; ++i) {
        const int32_t root = m_uf.find(int32_t(i));
        if (!conv[size_t(root)])
            continue;
        auto ins = convIndex.emplace(root, convs.size());
        if (ins.second)
            convs.push_back(Conv {root, {}, INT64_MAX, INT64_MIN, {}, {}, {}, {}, {}, {}, 0, -1, 0});
        Conv &c = convs[ins.first->second];
        c.items.push_back(int32_t(i));
        const Rec &r = m_items[i];
        if (r.start > 0 || m_sources[size_t(r.source)].relative) {
            const int64_t t = corrected(int32_t(i));
            c.start = std::min(c.start, t);
            c.end = std::max(c.end, std::max(t, r.end ? r.end - m_sources[size_t(r.source)].offset : t));
        }
        switch (r.kind) {
        case ItemKind::Asr:
        case ItemKind::Speech:
        case ItemKind::Audio:
            c.channels.insert("voice");
            break;
        case ItemKind::Image:
            c.channels.insert("image");
            break;
        case ItemKind::Email:
            c.channels.insert("email");
            break;
        case ItemKind::Llm:
            c.channels.insert("chat");
            break;
        default:
            break;
        }
        for (uint32_t k = m_itemKeyBegin[i]; k < m_itemKeyBegin[i + 1]; ++k) {
            const KeyRow &kr = m_keys[m_keysByItem[k]];
            if (kr.family == FUser)
                c.users.insert(str(kr.value));
            else if (kr.family == FEmail)
                c.emails.insert(str(kr.value));
            else if (kr.family == FPhone)
                c.phones.insert(str(kr.value));
            else if (kr.family == FCall)
                c.channels.insert("voice");
            else if (kr.family == FUpload)
                c.channels.insert("image");
        }
    }
    // Users known through identity links (a caller phone that a directory maps to a user id).
    std::unordered_map<uint32_t, std::vector<uint32_t>> personValues;
    for (const auto &entry : m_personNode)
        personValues[uint32_t(m_personUf.find(entry.second))].push_back(entry.first);
    for (Conv &c : convs) {
        std::set<std::string> extra;
        for (const auto *set : {&c.users, &c.emails, &c.phones})
            for (const std::string &v : *set) {
                auto node = m_personNode.find(m_pool.lookup(v));
                if (node == m_personNode.end())
                    continue;
                for (uint32_t pv : personValues[uint32_t(m_personUf.find(node->second))]) {
                    const ValueGroup *g = group(pv);
                    if (g && (g->families & bit(FUser)))
                        extra.insert(str(pv));
                }
            }
        c.users.insert(extra.begin(), extra.end());
        if (c.start == INT64_MAX)
            c.start = c.end = 0;
    }
    std::sort(convs.begin(), convs.end(), [&](const Conv &a, const Conv &b) {
        return a.start != b.start ? a.start < b.start
                                  : m_items[size_t(a.items.front())].id < m_items[size_t(b.items.front())].id;
    });
    // Stable keys: the strongest conversation id, else the earliest item's place.
    std::unordered_set<std::string> usedKeys;
    for (size_t ci = 0; ci < convs.size(); ++ci) {
        Conv &c = convs[ci];
        c.id = int64_t(ci + 1);
        convIndex[c.root] = ci;
        std::map<std::pair<int, std::string>, int> counts;
        int32_t earliest = c.items.front();
        for (int32_t i : c.items) {
            if (corrected(i) < corrected(earliest))
                earliest = i;
            for (uint32_t k = m_itemKeyBegin[size_t(i)]; k < m_itemKeyBegin[size_t(i) + 1]; ++k) {
                const KeyRow &kr = m_keys[m_keysByItem[k]];
                if (bit(kr.family) & kConversationLevel)
                    ++counts[{kr.family, str(kr.value)}];
            }
        }
        std::string key;
        int bestFam = FCount, bestCount = 0;
        for (const auto &e : counts)
            if (e.first.first < bestFam || (e.first.first == bestFam && e.second > bestCount)) {
                bestFam = e.first.first;
                bestCount = e.second;
                key = std::string(kFamilyNames[bestFam]) + ":" + e.first.second;
            }
        if (key.empty()) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%016llx",
                static_cast<unsigned long long>(
                    TextSimilarity::hash(sourcePath(earliest) + "#" + m_refs[size_t(earliest)])));
            key = std::string("item:") + buf;
        }
        std::string unique = key;
        for (int k = 2; !usedKeys.insert(unique).second; ++k)
            unique = key + "#" + std::to_string(k);
        c.key = unique;
    }
    // Titles: the first thing the user said, else the first named step.
    {
        std::unordered_map<int32_t, std::pair<int64_t, const Utterance *>> firstUtt;
        for (const Utterance &u : m_utterances) {
            const int32_t root = m_uf.find(u.item);
            auto it = convIndex.find(root);
            if (it == convIndex.end() || (u.fromLlm && !u.userRole))
                continue;
            const int64_t t = corrected(u.item) + (u.fromLlm ? 1 : 0);
            auto &slot = firstUtt[root];
            if (!slot.second || t < slot.first)
                slot = {t, &u};
        }
        for (Conv &c : convs) {
            auto it = firstUtt.find(c.root);
            if (it != firstUtt.end()) {
                c.title = it->second.second->text;
            } else {
                for (int32_t i : c.items)
                    if (!str(m_items[size_t(i)].name).empty()) {
                        c.title = str(m_items[size_t(i)].name);
                        break;
                    }
            }
            if (c.title.size() > 90)
                c.title = c.title.substr(0, 87) + "…";
            if (c.title.empty())
                c.title = c.key;
        }
    }
    auto sevRank = [](const std::string &s) { return s == "error" ? 2 : s == "warning" ? 1 : 0; };
    for (Finding &f : m_findings) {
        if (f.item < 0)
            continue;
        auto it = convIndex.find(m_uf.find(f.item));
        if (it == convIndex.end())
            continue;
        f.root = int32_t(it->second);
        Conv &c = convs[it->second];
        ++c.findings;
        c.worst = std::max(c.worst, sevRank(f.severity));
    }

    // Write everything in one transaction; annotations and bookmarks are not touched.
    stage("writing");
    m_db.exec("PRAGMA foreign_keys = OFF");
    try {
        SqliteTransaction tx(m_db);
        m_db.exec("DELETE FROM findings");
        m_db.exec("DELETE FROM edges");
        m_db.exec("DELETE FROM conversation_items");
        m_db.exec("DELETE FROM conversations");
        // Bulk insert without the secondary indexes, then rebuild them from their own
        // definitions (sorting once beats a million random index inserts).
        std::vector<std::string> indexSql;
        {
            auto idx = m_db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name IN "
                                    "('conversation_items_item', 'edges_from', 'edges_to') AND sql IS NOT NULL");
            while (idx.step())
                indexSql.push_back(idx.text(0));
        }
        m_db.exec("DROP INDEX IF EXISTS conversation_items_item");
        m_db.exec("DROP INDEX IF EXISTS edges_from");
        m_db.exec("DROP INDEX IF EXISTS edges_to");
        auto upSrc = m_db.prepare("UPDATE sources SET clock_offset_ns = ? WHERE id = ?");
        auto upBase = m_db.prepare("UPDATE sources SET time_base_ns = ?, anchor_evidence = ? WHERE id = ?");
        auto shift
            = m_db.prepare("UPDATE items SET start_ns = start_ns + ?1, end_ns = CASE WHEN end_ns = 0 AND ?1 <> 0 AND "
                           "start_ns <> 0 THEN 0 ELSE end_ns + ?1 END WHERE source_id = ?2");
        for (const SourceInfo &s : m_sources) {
            upSrc.bind(1, s.offset).bind(2, s.id);
            upSrc.exec();
            if (s.anchored) {
                const int64_t delta = s.newBase - s.timeBase;
                if (delta != 0) {
                    shift.bind(1, delta).bind(2, s.id);
                    shift.exec();
                }
                upBase.bind(1, s.newBase).bind(2, s.anchorEvidence).bind(3, s.id);
                upBase.exec();
                result.anchored[s.path] = s.newBase;
            }
        }
        auto insConv = m_db.prepare("INSERT INTO conversations(id, key, title, user_ids, start_ns, end_ns, item_count, "
                                    "channels, finding_count, worst_severity) VALUES(?,?,?,?,?,?,?,?,?,?)");
        auto insCi = m_db.prepare("INSERT INTO conversation_items(conversation_id, item_id) VALUES(?,?)");
        static const char *sevNames[] = {"info", "warning", "error"};
        for (const Conv &c : convs) {
            json users = json::array();
            const auto &ids = !c.users.empty() ? c.users : !c.emails.empty() ? c.emails : c.phones;
            for (const std::string &u : ids)
                users.push_back(u);
            json channels = json::array();
            for (const std::string &ch : c.channels)
                channels.push_back(ch);
            insConv.bind(1, c.id)
                .bind(2, c.key)
                .bind(3, c.title)
                .bind(4, users.dump())
                .bind(5, c.start)
                .bind(6, c.end)
                .bind(7, int64_t(c.items.size()))
                .bind(8, channels.dump())
                .bind(9, c.findings);
            if (c.worst >= 0)
                insConv.bind(10, sevNames[c.worst]);
            else
                insConv.bindNull(10);
            insConv.exec();
            std::vector<int64_t> ids2;
            ids2.reserve(c.items.size());
            for (int32_t i : c.items)
                ids2.push_back(m_items[size_t(i)].id);
            std::sort(ids2.begin(), ids2.end());
            for (int64_t id : ids2) {
                insCi.bind(1, c.id).bind(2, id);
                insCi.exec();
            }
            result.attachedItems += int64_t(c.items.size());
        }
        auto insEdge = m_db.prepare(
            "INSERT INTO edges(from_item, to_item, rule, weight, evidence, suggested) VALUES(?,?,?,?,?,?)");
        std::unordered_map<size_t, int64_t> edgeRowOfFinding;
        for (const EvidenceEdge &e : m_edges) {
            insEdge.bind(1, e.fromItem)
                .bind(2, e.toItem)
                .bind(3, e.rule)
                .bind(4, std::round(e.weight * 100.0) / 100.0)
                .bind(5, e.evidence)
                .bind(6, e.suggested ? 1 : 0);
            insEdge.exec();
        }
        // Errors first, then warnings: the findings list pages in by id, and a support engineer
        // reads it from the top. Stable, so each severity keeps the order the checks ran in.
        std::stable_sort(m_findings.begin(), m_findings.end(),
            [&sevRank](const Finding &a, const Finding &b) { return sevRank(a.severity) > sevRank(b.severity); });
        auto insFinding
            = m_db.prepare("INSERT INTO findings(kind, severity, conversation_id, item_id, related_item_id, "
                           "source_id, confidence, offset_ms, explanation, evidence) VALUES(?,?,?,?,?,?,?,?,?,?)");
        for (const Finding &f : m_findings) {
            insFinding.bind(1, f.kind).bind(2, f.severity);
            if (f.root >= 0)
                insFinding.bind(3, convs[size_t(f.root)].id);
            else
                insFinding.bindNull(3);
            if (f.item >= 0)
                insFinding.bind(4, m_items[size_t(f.item)].id);
            else
                insFinding.bindNull(4);
            if (f.related >= 0)
                insFinding.bind(5, m_items[size_t(f.related)].id);
            else
                insFinding.bindNull(5);
            const int32_t src = f.source >= 0 ? f.source : (f.item >= 0 ? m_items[size_t(f.item)].source : -1);
            if (src >= 0)
                insFinding.bind(6, m_sources[size_t(src)].id);
            else
                insFinding.bindNull(6);
            insFinding.bind(7, f.confidence);
            if (f.hasOffset)
                insFinding.bind(8, f.offsetMs);
            else
                insFinding.bindNull(8);
            json ev = json::array();
            for (const std::string &e : f.evidence)
                ev.push_back(e);
            insFinding.bind(9, f.explanation).bind(10, ev.dump());
            insFinding.exec();
            if (f.kind == "broken_handoff")
                ++result.brokenHandoffs;
            if (f.kind == "clock_skew")
                result.skew[m_sources[size_t(f.source)].path] = {f.offsetMs * 1'000'000, f.confidence, 0};
        }
        for (const std::string &sql : indexSql)
            m_db.exec(sql);
        auto meta = m_db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES('analyzed_items', ?)");
        meta.bind(1, std::to_string(n));
        meta.exec();
        tx.commit();
    } catch (...) {
        m_db.exec("PRAGMA foreign_keys = ON");
        throw;
    }
    m_db.exec("PRAGMA foreign_keys = ON");
    result.conversations = int64_t(convs.size());
    result.edges = int64_t(m_edges.size());
    result.findings = int64_t(m_findings.size());
}

Correlator::Result Engine::run()
{
    QElapsedTimer timer;
    timer.start();
    Correlator::Result result;
    stage("reading items");
    loadSources();
    loadItems();
    stage("reading keys");
    loadKeys();
    stage("grouping keys");
    buildGroups();
    m_uf.reset(m_items.size());
    result.items = int64_t(m_items.size());
    stage("anchoring relative times");
    anchorRelativeSources();
    stage("joining traces");
    joinTraces();
    stage("joining shared ids");
    joinExplicitIds();
    learnIdentity();
    stage("joining rare values");
    joinRareValues();
    stage("joining content");
    joinContent();
    stage("matching handoffs");
    matchHandoffs();
    stage("attaching");
    attachLeftovers();
    stage("findings");
    structuralFindings();
    stage("conversations");
    buildConversationsAndWrite(result);
    result.seconds = double(timer.nsecsElapsed()) / 1e9;
    return result;
}

} // namespace

Correlator::Correlator(Workspace &workspace)
    : m_ws(workspace)
{
}

Correlator::Result Correlator::run(const Options &options)
{
    Engine engine(m_ws, options);
    return engine.run();
}
