#include "KeyExtractor.h"

#include "JsonParsing.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace {

constexpr int MaxDepth = 24;
constexpr size_t MaxValueLength = 200;
constexpr size_t MaxFreeTextLength = 4096;

bool isAlpha(char c)
{
    return std::isalpha(static_cast<unsigned char>(c)) != 0;
}
bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
bool isAlnum(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
bool isHex(char c)
{
    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}
std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

// Splits "gen_ai.conversation.id", "callSid", "X-Request-ID" into lower-case words.
std::vector<std::string> fieldWords(std::string_view field)
{
    std::vector<std::string> words;
    std::string cur;
    char prev = 0;
    for (char c : field) {
        const bool alnum = isAlnum(c);
        const bool upper = std::isupper(static_cast<unsigned char>(c));
        if (!alnum || (upper && prev && std::islower(static_cast<unsigned char>(prev)))) {
            if (!cur.empty())
                words.push_back(cur);
            cur.clear();
        }
        if (alnum)
            cur += char(std::tolower(static_cast<unsigned char>(c)));
        prev = c;
    }
    if (!cur.empty())
        words.push_back(cur);
    return words;
}

// The word lists are string_views so a miss costs a length compare, not a strlen and a strcmp.
template <size_t N> bool oneOf(std::string_view w, const std::string_view (&list)[N])
{
    for (const std::string_view item : list)
        if (w == item)
            return true;
    return false;
}

// What a field's name says about its value: a family, "not an identifier at all" (hosts,
// URLs, versions, secrets, hashes, model names), or nothing.
struct FieldVerdict
{
    std::string family;
    bool excluded = false;
    bool amount = false;
};

FieldVerdict judgeFieldUncached(std::string_view field);

// A verdict depends on the field name alone and the same few dozen names repeat on every span
// of a large import: remember them (bounded, per thread).
FieldVerdict judgeField(std::string_view field)
{
    thread_local std::unordered_map<std::string, FieldVerdict> cache;
    thread_local std::string probe;
    probe.assign(field.data(), field.size());
    if (auto it = cache.find(probe); it != cache.end())
        return it->second;
    if (cache.size() >= 4096)
        cache.clear();
    FieldVerdict v = judgeFieldUncached(field);
    cache.emplace(probe, v);
    return v;
}

FieldVerdict judgeFieldUncached(std::string_view field)
{
    FieldVerdict v;
    std::vector<std::string> words = fieldWords(field);
    if (words.empty())
        return v;
    const size_t n = words.size();
    const std::string &last = words[n - 1];
    const std::string prev = n >= 2 ? words[n - 2] : std::string();

    static constexpr std::string_view excludedWords[] = {"host", "hostname", "ip", "ipv4", "ipv6", "url", "uri", "href",
        "link", "path", "route", "version", "ver", "v", "level", "lvl", "severity", "sha", "sha1", "sha256", "md5",
        "hash", "checksum", "etag", "signature", "password", "passwd", "secret", "token", "tokens", "cookie",
        "authorization", "auth", "apikey", "model", "models", "timestamp", "time", "date", "ts", "useragent", "pid",
        "port", "seek", "temperature", "confidence", "probability", "logprob", "duration", "flags", "cvv"};
    if (oneOf(last, excludedWords) || (prev == "user" && last == "agent") || (prev == "api" && last == "key")
        || (prev == "host" && last == "name") || (prev == "model" && (last == "id" || last == "uuid"))
        || (prev == "trace" && last == "flags")) {
        v.excluded = true;
        return v;
    }
    static constexpr std::string_view amountWords[] = {"amount", "total", "price", "subtotal"};
    static constexpr std::string_view amountUnits[] = {"usd", "eur", "gbp", "value", "due", "paid"};
    if (oneOf(last, amountWords) || (oneOf(prev, amountWords) && oneOf(last, amountUnits))) {
        v.amount = true;
        v.family = "amount";
        return v;
    }

    static constexpr std::string_view suffixes[]
        = {"id", "ids", "sid", "key", "ref", "uuid", "guid", "number", "num", "no", "nr", "identifier"};
    const bool hasSuffix = oneOf(last, suffixes);
    if (hasSuffix && n == 1) {
        v.family = last == "sid" ? "call" : "id";
        return v;
    }
    const std::string &subject = hasSuffix ? prev : last;
    const std::string before = hasSuffix ? (n >= 3 ? words[n - 3] : std::string()) : prev;

    if ((subject == "call" && before == "tool") || (subject == "tool" && hasSuffix) || subject == "toolcall")
        v.family = "tool_call";
    else if (subject == "conversation" || subject == "conv" || subject == "chat" || subject == "dialog"
        || subject == "dialogue")
        v.family = "conversation";
    else if (subject == "thread")
        v.family = "thread";
    else if (subject == "session" || subject == "sess" || subject == "group")
        v.family = "session";
    else if (subject == "turn")
        v.family = "turn";
    else if (subject == "upload" || subject == "attachment" || subject == "screenshot"
        || (subject == "file" && hasSuffix))
        v.family = "upload";
    else if (subject == "call" || subject == "callsid")
        v.family = "call";
    else if (subject == "email" || subject == "mail" || subject == "recipient" || subject == "mailbox")
        v.family = "email";
    else if (subject == "phone" || subject == "msisdn" || subject == "caller" || subject == "callee" || subject == "ani"
        || subject == "dnis" || subject == "mobile" || subject == "tel" || subject == "telephone")
        v.family = "phone";
    else if (subject == "user" || subject == "enduser" || subject == "customer" || subject == "cust" || subject == "uid"
        || subject == "member" || subject == "username" || ((last == "name" || last == "login") && prev == "user"))
        v.family = "user";
    else if (subject == "correlation" || subject == "corr" || subject == "context" || subject == "correlationid")
        v.family = "correlation";
    else if (subject == "request" || subject == "req" || subject == "requestid")
        v.family = "request";
    else if ((subject == "message" || subject == "msg" || subject == "smtp") && hasSuffix)
        v.family = "message";
    else if (subject == "smtp" || subject == "msgid" || subject == "messageid")
        v.family = "message";
    else if (subject == "response" && hasSuffix)
        v.family = "response";
    else if (subject == "agent" && hasSuffix)
        v.family = "agent";
    else if (subject == "order" || subject == "ord")
        v.family = "order";
    else if (subject == "account" || subject == "acct" || subject == "acc" || subject == "iban"
        || subject == "accountnumber")
        v.family = "account";
    else if (subject == "ticket" || subject == "case" || subject == "job" || subject == "transaction"
        || subject == "txn" || subject == "payment" || subject == "refund" || subject == "invoice"
        || subject == "booking" || subject == "reservation" || subject == "incident")
        v.family = "id";
    else if (hasSuffix)
        v.family = "id";
    return v;
}

bool looksLikeEmail(std::string_view v)
{
    const auto at = v.find('@');
    if (at == std::string_view::npos || at == 0 || v.find('@', at + 1) != std::string_view::npos)
        return false;
    const auto dot = v.find('.', at);
    if (dot == std::string_view::npos || dot == at + 1 || dot + 1 >= v.size() || v.back() == '.')
        return false;
    return std::none_of(v.begin(), v.end(), [](char c) {
        return std::isspace(static_cast<unsigned char>(c)) || c == '<' || c == '>' || c == '/' || c == ':' || c == '"'
            || c == ',';
    });
}

bool looksLikePhone(std::string_view v)
{
    // +15551234567, +1 (555) 123-4567; a leading + or separators required, so bare numbers
    // (amounts, epochs) are not taken for phones.
    int digitsCount = 0;
    bool plus = false, sep = false;
    for (size_t i = 0; i < v.size(); ++i) {
        const char c = v[i];
        if (isDigit(c))
            ++digitsCount;
        else if (c == '+' && i == 0)
            plus = true;
        else if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '.')
            sep = true;
        else
            return false;
    }
    // Dotted digit groups are versions and IPs, not phones.
    if (!plus && v.find('.') != std::string_view::npos)
        return false;
    return digitsCount >= 7 && digitsCount <= 15 && (plus || (sep && digitsCount >= 10));
}

bool looksLikeTimestamp(std::string_view v)
{
    return v.size() >= 10 && isDigit(v[0]) && v[4] == '-' && v[7] == '-';
}

bool looksLikeUuid(std::string_view v)
{
    if (v.size() != 36)
        return false;
    for (size_t i = 0; i < v.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? v[i] != '-' : !isHex(v[i]))
            return false;
    }
    return true;
}

// Twilio-style SIDs: two upper-case letters and 32 hex digits (CA… calls, SM… messages).
std::string twilioFamily(std::string_view v)
{
    if (v.size() != 34 || !std::isupper(static_cast<unsigned char>(v[0]))
        || !std::isupper(static_cast<unsigned char>(v[1])))
        return {};
    for (size_t i = 2; i < v.size(); ++i)
        if (!isHex(v[i]))
            return {};
    const std::string_view p = v.substr(0, 2);
    if (p == "CA")
        return "call";
    if (p == "SM" || p == "MM")
        return "message";
    return "id";
}

bool looksLikeVersion(std::string_view v)
{
    size_t i = 0;
    if (i < v.size() && (v[i] == 'v' || v[i] == 'V'))
        ++i;
    int groups = 0;
    while (i < v.size()) {
        const size_t start = i;
        while (i < v.size() && isDigit(v[i]))
            ++i;
        if (i == start)
            return false;
        ++groups;
        if (i < v.size() && v[i] == '.') {
            ++i;
            continue;
        }
        break;
    }
    if (groups < 2)
        return false;
    // Pre-release and build suffixes: 1.0.0-rc.1, 2.8.7+build5
    return i == v.size() || v[i] == '-' || v[i] == '+';
}

bool looksLikeLevel(std::string_view v)
{
    static constexpr std::string_view levels[] = {"trace", "debug", "info", "notice", "warn", "warning", "error", "err",
        "fatal", "crit", "critical", "alert", "emerg", "stats", "verbose", "severe", "fine", "finer", "finest"};
    std::string s = lower(v);
    while (!s.empty() && isDigit(s.back()))
        s.pop_back();
    return oneOf(s, levels);
}

bool looksLikeQuantity(std::string_view v)
{
    // 1500ms, 15MB, 44.1kHz, 2x
    size_t i = 0;
    while (i < v.size() && (isDigit(v[i]) || v[i] == '.'))
        ++i;
    if (i == 0 || i == v.size())
        return false;
    static constexpr std::string_view units[]
        = {"ms", "s", "us", "ns", "m", "h", "d", "min", "sec", "secs", "kb", "mb", "gb", "tb", "kib", "mib", "gib", "b",
            "px", "k", "x", "hz", "khz", "mhz", "ghz", "fps", "kbps", "mbps", "rpm", "st", "nd", "rd", "th"};
    return oneOf(lower(v.substr(i)), units);
}

// api.example.com, renovate.log, node-1.prod.local: dotted names whose last label is all
// letters are hosts or file names, not identifiers.
bool looksLikeDottedName(std::string_view v)
{
    const auto dot = v.rfind('.');
    if (dot == std::string_view::npos || dot + 1 >= v.size())
        return false;
    const std::string_view tail = v.substr(dot + 1);
    return tail.size() >= 2 && tail.size() <= 12 && std::all_of(tail.begin(), tail.end(), isAlpha);
}

constexpr std::string_view NoisePrefixes[] = {"gpt", "claude", "gemini", "llama", "mistral", "utf", "iso", "rfc", "sha",
    "md", "x86", "h264", "h265", "mp3", "mp4", "http", "https", "tls", "ssl", "ipv", "v", "win", "amd64", "arm64",
    "aac", "pcm", "int", "uint", "float", "s3", "ec2", "base64"};

// The family a prefix gives its id: conv_8842 → conversation, cust-5512 → user, ACC-0192 → account.
std::string prefixFamily(std::string_view prefix)
{
    static constexpr std::string_view conversation[] = {"conv", "conversation", "chat", "dlg"};
    static constexpr std::string_view user[] = {"cust", "customer", "user", "usr", "u", "cus", "member"};
    static constexpr std::string_view account[] = {"acc", "acct", "account"};
    static constexpr std::string_view order[] = {"ord", "order", "po"};
    static constexpr std::string_view upload[]
        = {"upload", "upl", "up", "att", "attachment", "file", "img", "screenshot"};
    static constexpr std::string_view session[] = {"sess", "session"};
    static constexpr std::string_view thread[] = {"thread", "thr", "thd"};
    static constexpr std::string_view request[] = {"req", "request"};
    static constexpr std::string_view message[] = {"msg", "message"};
    static constexpr std::string_view turn[] = {"turn"};
    static constexpr std::string_view call[] = {"call", "rec", "recording"};
    static constexpr std::string_view response[] = {"resp", "response"};
    if (oneOf(prefix, conversation))
        return "conversation";
    if (oneOf(prefix, user))
        return "user";
    if (oneOf(prefix, account))
        return "account";
    if (oneOf(prefix, order))
        return "order";
    if (oneOf(prefix, upload))
        return "upload";
    if (oneOf(prefix, session))
        return "session";
    if (oneOf(prefix, thread))
        return "thread";
    if (oneOf(prefix, request))
        return "request";
    if (oneOf(prefix, message))
        return "message";
    if (oneOf(prefix, turn))
        return "turn";
    if (oneOf(prefix, call))
        return "call";
    if (oneOf(prefix, response))
        return "response";
    return {};
}

// letters[_-]rest where rest holds a digit: conv_8842, cust-5512, ACC-0192, A-19.
// Returns the prefix (lower-cased) or "" when the value has no such shape.
std::string idPrefix(std::string_view v)
{
    size_t i = 0;
    while (i < v.size() && isAlpha(v[i]))
        ++i;
    if (i == 0 || i > 14 || i + 1 >= v.size() || (v[i] != '_' && v[i] != '-'))
        return {};
    bool digit = false;
    for (size_t j = i + 1; j < v.size(); ++j) {
        if (isDigit(v[j]))
            digit = true;
        else if (!isAlpha(v[j]) && v[j] != '_' && v[j] != '-')
            return {};
    }
    if (!digit)
        return {};
    const std::string prefix = lower(v.substr(0, i));
    if (oneOf(prefix, NoisePrefixes))
        return {};
    return prefix;
}

// o1, o3-mini, o4-mini-high: OpenAI's reasoning-model names, shared by unrelated records.
bool looksLikeModelName(std::string_view v)
{
    if (v.size() < 2 || (v[0] != 'o' && v[0] != 'O') || !isDigit(v[1]))
        return false;
    size_t i = 1;
    while (i < v.size() && isDigit(v[i]))
        ++i;
    return i == v.size() || (v[i] == '-' && i + 1 < v.size() && isAlpha(v[i + 1]));
}

// ai.generateText.doGenerate, gen_ai.chat: dotted vocabulary words without a digit are names of
// operations, not identifiers.
bool looksLikeVocabulary(std::string_view v)
{
    if (v.find('.') == std::string_view::npos || v.front() == '.' || v.back() == '.')
        return false;
    return std::all_of(v.begin(), v.end(), [](char c) { return isAlpha(c) || c == '.' || c == '_'; });
}

bool looksLikeToken(std::string_view v)
{
    if (v.size() < 6 || v.size() > 128)
        return false;
    int letters = 0, digitsCount = 0;
    for (char c : v) {
        if (isAlpha(c))
            ++letters;
        else if (isDigit(c))
            ++digitsCount;
        else if (c != '-' && c != '_' && c != ':' && c != '.' && c != '#')
            return false;
    }
    if (looksLikeTimestamp(v) || looksLikeVersion(v) || looksLikeLevel(v) || looksLikeQuantity(v)
        || looksLikeDottedName(v) || looksLikeModelName(v) || looksLikeVocabulary(v))
        return false;
    // gpt-4o, utf-8, sha-256: names of things, shared by unrelated records.
    size_t alpha = 0;
    while (alpha < v.size() && isAlpha(v[alpha]))
        ++alpha;
    if (alpha > 0 && alpha < v.size() && (v[alpha] == '-' || v[alpha] == '_' || isDigit(v[alpha]))
        && oneOf(lower(v.substr(0, alpha)), NoisePrefixes))
        return false;
    // Decimals and dotted numbers (IPs) are not identifiers.
    if (letters == 0 && v.find('.') != std::string_view::npos)
        return false;
    // Long digit runs are ids (account numbers); mixed letters+digits are ids (conv_8842).
    return (letters > 0 && digitsCount > 0) || (letters == 0 && digitsCount >= 8);
}

// A value with no whitespace that a field name vouches for: qjifsaDDI under logContext.
bool acceptableNamedToken(std::string_view v)
{
    if (v.size() < 2 || v.size() > 128)
        return false;
    for (char c : v)
        if (std::isspace(static_cast<unsigned char>(c)) || c == '"' || c == '<' || c == '>')
            return false;
    if (v.find("://") != std::string_view::npos || v.front() == '/')
        return false;
    static constexpr std::string_view stop[] = {"true", "false", "null", "none", "nil", "undefined", "unknown",
        "anonymous", "n/a", "na", "empty", "default", "yes", "no"};
    return !oneOf(lower(v), stop) && !looksLikeTimestamp(v) && !looksLikeLevel(v);
}

std::optional<double> parseAmount(std::string_view v)
{
    std::string digitsOnly;
    bool seenDigit = false;
    for (char c : v) {
        if (isDigit(c)) {
            digitsOnly += c;
            seenDigit = true;
        } else if (c == '.' || (c == '-' && !seenDigit)) {
            digitsOnly += c;
        } else if (c == ',' || c == ' ' || c == '$' || static_cast<unsigned char>(c) >= 0x80 || isAlpha(c)) {
            continue; // thousands separators, currency symbols and codes
        } else {
            return std::nullopt;
        }
    }
    if (!seenDigit || std::count(digitsOnly.begin(), digitsOnly.end(), '.') > 1)
        return std::nullopt;
    char *end = nullptr;
    const double d = std::strtod(digitsOnly.c_str(), &end);
    if (!end || *end != '\0' || !std::isfinite(d))
        return std::nullopt;
    return d;
}

void addKey(std::vector<ItemKey> &out, const std::string &family, std::string_view value, std::string_view field)
{
    if (value.empty() || value.size() > MaxValueLength)
        return;
    std::string normalized = KeyExtractor::normalize(family, value);
    if (!normalized.empty())
        out.push_back({family, std::move(normalized), std::string(field)});
}

bool hasMediaExtension(std::string_view name)
{
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos)
        return false;
    static constexpr std::string_view exts[] = {"wav", "mp3", "m4a", "ogg", "oga", "opus", "flac", "webm", "mp4", "png",
        "jpg", "jpeg", "gif", "webp", "pdf", "vtt", "srt", "aac", "amr"};
    return oneOf(lower(name.substr(dot + 1)), exts);
}

// A URL or path naming a recording or attachment ("…/rec_CA9f….wav?x=1") yields its file name,
// which media imported from that file also carries.
void addFileKeys(std::string_view s, std::string_view field, std::vector<ItemKey> &out)
{
    if (s.size() > 2048)
        return;
    std::string_view p = s.substr(0, s.find_first_of("?#"));
    const auto slash = p.find_last_of("/\\");
    if (slash != std::string_view::npos)
        p.remove_prefix(slash + 1);
    if (p.empty() || p.size() > MaxValueLength || !hasMediaExtension(p))
        return;
    if (std::any_of(p.begin(), p.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); }))
        return;
    std::vector<ItemKey> fromName;
    KeyExtractor::extractFromFileName(p, fromName);
    for (ItemKey &k : fromName) {
        k.field = std::string(field);
        out.push_back(std::move(k));
    }
}

// Identifiers inside prose: "refund for order A-19 failed (conv_8842, ann@example.com)".
// Stricter than for a field value: only shapes that are rarely words.
void scanText(std::string_view text, std::string_view field, std::vector<ItemKey> &out)
{
    static constexpr std::string_view keywords[]
        = {"order", "account", "acct", "ticket", "case", "call", "conversation", "conv", "customer", "user", "invoice",
            "booking", "reservation", "upload", "session", "thread", "request"};
    std::string prevWord;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size()
            && (std::isspace(static_cast<unsigned char>(text[i])) || std::strchr(",;()[]{}<>\"'`!|=", text[i])))
            ++i;
        const size_t start = i;
        while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))
            && !std::strchr(",;()[]{}<>\"'`!|=", text[i]))
            ++i;
        std::string_view tok = text.substr(start, i - start);
        while (!tok.empty() && std::strchr(".:?#", tok.back()))
            tok.remove_suffix(1);
        while (!tok.empty() && tok.front() == '#')
            tok.remove_prefix(1);
        if (tok.empty())
            continue;
        if (tok.size() <= MaxValueLength) {
            std::string family;
            if (looksLikeEmail(tok))
                family = "email";
            else if (tok.front() == '+' && looksLikePhone(tok))
                family = "phone";
            else if (looksLikeUuid(tok))
                family = "id";
            else if (!(family = twilioFamily(tok)).empty()) {
            } else if (const std::string prefix = idPrefix(tok); !prefix.empty()) {
                family = prefixFamily(prefix);
                const bool upperPrefix = std::isupper(static_cast<unsigned char>(tok.front()))
                    && std::isupper(static_cast<unsigned char>(tok[prefix.size() - 1]));
                if (family.empty() && upperPrefix && prefix.size() >= 2)
                    family = "id"; // INC-1234, ACC-0192 style
            }
            if (family.empty() && oneOf(prevWord, keywords) && std::any_of(tok.begin(), tok.end(), isDigit)
                && tok.size() >= 2 && acceptableNamedToken(tok) && !looksLikeQuantity(tok)) {
                const FieldVerdict v = judgeField(prevWord);
                family = v.family.empty() ? "id" : v.family;
                if (family == "email" || family == "phone")
                    family = "id";
            }
            if (family.empty() && tok.size() >= 12 && looksLikeToken(tok) && tok.find('.') == std::string_view::npos
                && std::count_if(tok.begin(), tok.end(), isDigit) >= 3
                && std::count_if(tok.begin(), tok.end(), isAlpha) >= 2)
                family = "id";
            if (!family.empty())
                addKey(out, family, tok, field);
            else if (hasMediaExtension(tok))
                addFileKeys(tok, field, out);
        }
        prevWord = lower(tok);
    }
}

void walkString(std::string_view raw, std::string_view field, std::vector<ItemKey> &out)
{
    const FieldVerdict verdict = judgeField(field);
    // Compared as string_views: a literal's length is known, so a mismatch costs no strlen.
    const std::string_view fieldFamily = verdict.family;
    // <id@host> is how mail headers spell a Message-ID; the brackets are not part of it.
    const std::string_view s
        = raw.size() > 2 && raw.front() == '<' && raw.back() == '>' ? raw.substr(1, raw.size() - 2) : raw;
    if (fieldFamily == "message" && !verdict.excluded && acceptableNamedToken(s)) {
        addKey(out, "message", s, field);
        return;
    }
    if (verdict.amount) {
        if (s.size() <= 40)
            if (parseAmount(s))
                addKey(out, "amount", s, field);
        return;
    }
    const bool urlish = s.find("://") != std::string::npos || (!s.empty() && (s.front() == '/' || s.front() == '\\'));
    if (urlish || verdict.excluded) {
        addFileKeys(s, field, out);
        return;
    }
    if (s.size() > MaxValueLength) {
        if (s.size() <= MaxFreeTextLength)
            scanText(s, field, out);
        return;
    }
    std::string family = KeyExtractor::familyForValue(s);
    if (!family.empty()) {
        // The field name knows better than the value's shape, except for emails and phones.
        if (std::string_view(family) != "email" && std::string_view(family) != "phone" && !verdict.family.empty()
            && fieldFamily != "email" && fieldFamily != "phone")
            family = verdict.family;
        addKey(out, family, s, field);
        return;
    }
    const bool vouched = fieldFamily != "id" || std::any_of(s.begin(), s.end(), isDigit)
        || (s.size() >= 6
            && std::any_of(s.begin(), s.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)); })
            && std::any_of(s.begin(), s.end(), [](char c) { return std::islower(static_cast<unsigned char>(c)); }));
    if (!verdict.family.empty() && fieldFamily != "email" && fieldFamily != "phone" && vouched
        && acceptableNamedToken(s) && !looksLikeQuantity(s) && !looksLikeVersion(s) && !looksLikeModelName(s)
        && !looksLikeVocabulary(s)) {
        addKey(out, verdict.family, s, field);
        return;
    }
    if (hasMediaExtension(s)) {
        addFileKeys(s, field, out);
        return;
    }
    if (s.find(' ') != std::string::npos)
        scanText(s, field, out);
}

// A string walk() parses as embedded JSON.
bool mayHoldJson(std::string_view s)
{
    const char first = JsonParsing::firstSignificant(s);
    return (first == '{' || first == '[') && s.size() < (1u << 20);
}

void walk(const nlohmann::json &value, std::string_view field, std::vector<ItemKey> &out, int depth)
{
    if (depth > MaxDepth)
        return;
    if (value.is_object()) {
        // One path buffer per object: each member appends ".name" and takes it off again.
        std::string path(field);
        const size_t parentLength = path.size();
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (parentLength > 0)
                path += '.';
            path += it.key();
            walk(it.value(), path, out, depth + 1);
            path.resize(parentLength);
        }
        return;
    }
    if (value.is_array()) {
        for (const auto &element : value)
            walk(element, field, out, depth + 1);
        return;
    }
    if (value.is_number()) {
        // Numbers are amounts, counts and times unless the field's name says otherwise
        // (orderId: 99123; total: 250).
        const FieldVerdict verdict = judgeField(field);
        if (verdict.excluded || verdict.family.empty())
            return;
        if (verdict.amount) {
            addKey(out, "amount", value.dump(), field);
        } else if (value.is_number_integer() || value.is_number_unsigned()) {
            if (std::string_view(verdict.family) != "email")
                addKey(out, verdict.family, value.dump(), field);
        }
        return;
    }
    if (!value.is_string())
        return;
    const std::string &s = value.get_ref<const std::string &>();
    if (mayHoldJson(s)) {
        nlohmann::json storage;
        const nlohmann::json &inner = JsonParsing::embeddedOrSelf(value, storage);
        if (!inner.is_string()) {
            walk(inner, field, out, depth + 1);
            return;
        }
    }
    walkString(s, field, out);
}

} // namespace

std::string KeyExtractor::familyForField(std::string_view field)
{
    const FieldVerdict v = judgeField(field);
    return v.excluded ? std::string() : v.family;
}

std::string KeyExtractor::familyForValue(std::string_view value)
{
    if (value.empty() || value.size() > MaxValueLength)
        return {};
    if (looksLikeEmail(value))
        return "email";
    if (looksLikePhone(value))
        return "phone";
    if (value.find("://") != std::string_view::npos || value.front() == '/')
        return {};
    if (looksLikeUuid(value))
        return "id";
    if (std::string f = twilioFamily(value); !f.empty())
        return f;
    if (const std::string prefix = idPrefix(value); !prefix.empty()) {
        const std::string f = prefixFamily(prefix);
        if (!f.empty())
            return f;
        if (value.size() >= 4 && !looksLikeVersion(value) && !looksLikeQuantity(value))
            return "id";
    }
    if (looksLikeToken(value))
        return "id";
    return {};
}

std::string KeyExtractor::normalize(const std::string &family, std::string_view value)
{
    const std::string_view kind = family;
    std::string v(value);
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back())))
        v.pop_back();
    size_t start = 0;
    while (start < v.size() && std::isspace(static_cast<unsigned char>(v[start])))
        ++start;
    v.erase(0, start);
    if (kind == "email") {
        if (v.size() > 2 && v.front() == '<' && v.back() == '>')
            v = v.substr(1, v.size() - 2);
        v = lower(v);
    } else if (kind == "phone") {
        std::string d;
        for (char c : v)
            if (isDigit(c))
                d += c;
        v = "+" + d;
    } else if (kind == "amount") {
        const auto amount = parseAmount(v);
        if (!amount)
            return {};
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.2f", *amount);
        v = buf;
    } else if (kind == "message") {
        // <14c5d75ce93.dfd.64b469@ismtpd-555> and the bare form are the same Message-ID.
        if (v.size() > 2 && v.front() == '<' && v.back() == '>')
            v = v.substr(1, v.size() - 2);
    }
    return v;
}

void KeyExtractor::extract(const nlohmann::json &value, std::string_view field, std::vector<ItemKey> &out)
{
    walk(value, field, out, 0);
}

void KeyExtractor::extractText(std::string_view value, std::string_view field, std::vector<ItemKey> &out)
{
    // Only a string that may hold JSON needs a value to parse; the rest is what walk() does
    // with any other string.
    if (mayHoldJson(value)) {
        walk(nlohmann::json(std::string(value)), field, out, 0);
        return;
    }
    walkString(value, field, out);
}

void KeyExtractor::extractParsed(
    const nlohmann::json &value, const nlohmann::json &parsed, std::string_view field, std::vector<ItemKey> &out)
{
    // What walk() does with a string holding JSON, from the parsed value.
    if (value.is_string() && mayHoldJson(value.get_ref<const std::string &>()) && !parsed.is_string())
        walk(parsed, field, out, 1);
    else
        walk(value, field, out, 0);
}

void KeyExtractor::extractFromFileName(std::string_view fileName, std::vector<ItemKey> &out)
{
    // rec_CA9f3e21.wav → the file name itself (logs often name the file), the call id after
    // "rec", and every id-looking token; conv_8842_screenshot.png → conv_8842 as a conversation.
    const auto slash = fileName.find_last_of("/\\");
    if (slash != std::string_view::npos)
        fileName.remove_prefix(slash + 1);
    if (fileName.empty())
        return;
    out.push_back({"file", std::string(fileName), "file name"});
    const std::string_view stem = fileName.substr(0, fileName.find('.'));
    std::vector<std::string_view> parts;
    size_t start = 0;
    for (size_t i = 0; i <= stem.size(); ++i) {
        if (i == stem.size() || stem[i] == '_' || stem[i] == ' ') {
            if (i > start)
                parts.push_back(stem.substr(start, i - start));
            start = i + 1;
        }
    }
    for (size_t i = 0; i < parts.size(); ++i) {
        const std::string_view part = parts[i];
        const std::string word = lower(part);
        const bool alphaOnly = std::all_of(part.begin(), part.end(), isAlpha);
        if (alphaOnly && i + 1 < parts.size()) {
            const std::string_view next = parts[i + 1];
            const bool nextHasDigit = std::any_of(next.begin(), next.end(), isDigit);
            const std::string family = prefixFamily(word);
            if (nextHasDigit && !family.empty()) {
                // rec_<id>: the id alone is the call's; conv_8842: the joined form is the id.
                if (word == "rec" || word == "recording" || word == "call")
                    out.push_back({"call", std::string(next), "file name"});
                else
                    out.push_back({family,
                        std::string(stem.substr(
                            size_t(part.data() - stem.data()), size_t(next.data() + next.size() - part.data()))),
                        "file name"});
            }
        }
        if (alphaOnly)
            continue;
        std::string family = familyForValue(part);
        if (family.empty() && part.size() >= 4 && std::any_of(part.begin(), part.end(), isDigit)
            && std::any_of(part.begin(), part.end(), isAlpha) && !looksLikeQuantity(part))
            family = "id";
        if (!family.empty())
            out.push_back({family, normalize(family, part), "file name"});
    }
}

void KeyExtractor::dedupe(std::vector<ItemKey> &keys)
{
    // An item has a handful of keys: comparing them pairwise in place costs less than hashing
    // a joined string per key. Long lists (a log record full of ids) still go through a set.
    if (keys.size() <= 32) {
        size_t kept = 0;
        for (size_t i = 0; i < keys.size(); ++i) {
            bool duplicate = false;
            for (size_t j = 0; j < kept && !duplicate; ++j)
                duplicate = keys[j].value == keys[i].value && keys[j].kind == keys[i].kind;
            if (duplicate)
                continue;
            if (kept != i)
                keys[kept] = std::move(keys[i]);
            ++kept;
        }
        keys.erase(keys.begin() + static_cast<std::ptrdiff_t>(kept), keys.end());
        return;
    }
    std::unordered_set<std::string> seen;
    std::vector<ItemKey> unique;
    unique.reserve(keys.size());
    for (ItemKey &k : keys) {
        if (seen.insert(k.kind + '\x1f' + k.value).second)
            unique.push_back(std::move(k));
    }
    keys.swap(unique);
}
