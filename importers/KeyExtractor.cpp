#include "KeyExtractor.h"

#include "JsonParsing.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <unordered_set>

namespace {

constexpr int MaxDepth = 24;
constexpr size_t MaxValueLength = 200;

// Splits "gen_ai.conversation.id", "callSid", "X-Request-ID" into lower-case words.
std::vector<std::string> fieldWords(std::string_view field)
{
    std::vector<std::string> words;
    std::string cur;
    char prev = 0;
    for (char c : field) {
        const bool alnum = std::isalnum(static_cast<unsigned char>(c));
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

bool has(const std::vector<std::string> &words, const char *w)
{
    return std::find(words.begin(), words.end(), w) != words.end();
}

bool looksLikeEmail(std::string_view v)
{
    const auto at = v.find('@');
    if (at == std::string_view::npos || at == 0 || v.find('@', at + 1) != std::string_view::npos)
        return false;
    const auto dot = v.find('.', at);
    if (dot == std::string_view::npos || dot == at + 1 || dot + 1 >= v.size())
        return false;
    return std::none_of(
        v.begin(), v.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)) || c == '<' || c == '>'; });
}

bool looksLikePhone(std::string_view v)
{
    // +15551234567, +1 (555) 123-4567; a leading + or separators required, so bare numbers
    // (amounts, epochs) are not taken for phones.
    int digitsCount = 0;
    bool plus = false, sep = false;
    for (size_t i = 0; i < v.size(); ++i) {
        const char c = v[i];
        if (std::isdigit(static_cast<unsigned char>(c)))
            ++digitsCount;
        else if (c == '+' && i == 0)
            plus = true;
        else if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '.')
            sep = true;
        else
            return false;
    }
    return digitsCount >= 7 && digitsCount <= 15 && (plus || (sep && digitsCount >= 10));
}

bool looksLikeTimestamp(std::string_view v)
{
    return v.size() >= 10 && std::isdigit(static_cast<unsigned char>(v[0])) && v[4] == '-' && v[7] == '-';
}

bool looksLikeToken(std::string_view v)
{
    if (v.size() < 6 || v.size() > 128)
        return false;
    int letters = 0, digitsCount = 0;
    for (char c : v) {
        if (std::isalpha(static_cast<unsigned char>(c)))
            ++letters;
        else if (std::isdigit(static_cast<unsigned char>(c)))
            ++digitsCount;
        else if (c != '-' && c != '_' && c != ':' && c != '.' && c != '/' && c != '#')
            return false;
    }
    if (looksLikeTimestamp(v))
        return false;
    // Version strings (1.2.3) and decimals are not identifiers.
    if (letters == 0 && v.find('.') != std::string_view::npos)
        return false;
    // Long digit runs are ids (account numbers); mixed letters+digits are ids (conv_8842).
    return (letters > 0 && digitsCount > 0) || (letters == 0 && digitsCount >= 8);
}

void addKey(std::vector<ItemKey> &out, const std::string &family, std::string_view value, const std::string &field)
{
    if (value.empty() || value.size() > MaxValueLength)
        return;
    out.push_back({family, KeyExtractor::normalize(family, value), field});
}

void walk(const nlohmann::json &value, const std::string &field, std::vector<ItemKey> &out, int depth)
{
    if (depth > MaxDepth)
        return;
    if (value.is_object()) {
        for (auto it = value.begin(); it != value.end(); ++it)
            walk(it.value(), field.empty() ? it.key() : field + "." + it.key(), out, depth + 1);
        return;
    }
    if (value.is_array()) {
        for (const auto &element : value)
            walk(element, field, out, depth + 1);
        return;
    }
    if (value.is_number_integer() || value.is_number_unsigned()) {
        // Numeric ids only when the field name says so (orderId: 99123); numbers are
        // otherwise amounts, counts and times.
        const std::string family = KeyExtractor::familyForField(field);
        if (!family.empty())
            addKey(out, family, value.dump(), field);
        return;
    }
    if (!value.is_string())
        return;
    const std::string &s = value.get_ref<const std::string &>();
    const char first = JsonParsing::firstSignificant(s);
    if ((first == '{' || first == '[') && s.size() < (1u << 20)) {
        const nlohmann::json inner = JsonParsing::maybeParseEmbedded(value);
        if (!inner.is_string()) {
            walk(inner, field, out, depth + 1);
            return;
        }
    }
    if (s.size() > MaxValueLength)
        return;
    std::string family = KeyExtractor::familyForValue(s);
    if (family.empty())
        return;
    if (family == "id") {
        const std::string byName = KeyExtractor::familyForField(field);
        if (!byName.empty() && byName != "email" && byName != "phone")
            family = byName;
    }
    addKey(out, family, s, field);
}

} // namespace

std::string KeyExtractor::familyForField(std::string_view field)
{
    // Only the last few words matter: "attributes.gen_ai.conversation.id" is about the conversation.
    std::vector<std::string> words = fieldWords(field);
    if (words.size() > 4)
        words.erase(words.begin(), words.end() - 4);
    if (words.empty())
        return {};
    if (has(words, "tool") && has(words, "call"))
        return "tool_call";
    if (has(words, "conversation") || has(words, "conv") || has(words, "chat"))
        return "conversation";
    if (has(words, "thread"))
        return "thread";
    if (has(words, "session") || has(words, "group"))
        return "session";
    if (has(words, "turn"))
        return "turn";
    if (has(words, "upload") || has(words, "attachment") || has(words, "screenshot"))
        return "upload";
    if (has(words, "call") || has(words, "sid"))
        return "call";
    if (has(words, "email") || has(words, "mail") || has(words, "recipient"))
        return "email";
    if (has(words, "phone") || has(words, "msisdn") || has(words, "caller") || has(words, "ani"))
        return "phone";
    if (has(words, "user") || has(words, "enduser") || has(words, "customer") || has(words, "uid"))
        return "user";
    if (has(words, "correlation") || has(words, "corr"))
        return "correlation";
    if (has(words, "request") || has(words, "req"))
        return "request";
    if (has(words, "message") || has(words, "msg"))
        return "message";
    if (has(words, "order"))
        return "order";
    if (has(words, "account") || has(words, "acct") || has(words, "iban"))
        return "account";
    if (has(words, "ticket") || has(words, "case") || has(words, "job") || has(words, "transaction")
        || has(words, "txn") || has(words, "payment") || has(words, "refund"))
        return "id";
    const std::string &last = words.back();
    if (last == "id" || last == "ids" || last == "key" || last == "ref" || last == "uuid")
        return "id";
    return {};
}

std::string KeyExtractor::familyForValue(std::string_view value)
{
    if (value.empty() || value.size() > MaxValueLength)
        return {};
    if (looksLikeEmail(value))
        return "email";
    if (looksLikePhone(value))
        return "phone";
    if (looksLikeToken(value))
        return "id";
    return {};
}

std::string KeyExtractor::normalize(const std::string &family, std::string_view value)
{
    std::string v(value);
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back())))
        v.pop_back();
    size_t start = 0;
    while (start < v.size() && std::isspace(static_cast<unsigned char>(v[start])))
        ++start;
    v.erase(0, start);
    if (family == "email") {
        std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    } else if (family == "phone") {
        std::string d;
        for (char c : v)
            if (std::isdigit(static_cast<unsigned char>(c)))
                d += c;
        v = "+" + d;
    }
    return v;
}

void KeyExtractor::extract(const nlohmann::json &value, const std::string &field, std::vector<ItemKey> &out)
{
    walk(value, field, out, 0);
}

void KeyExtractor::extractFromFileName(std::string_view fileName, std::vector<ItemKey> &out)
{
    // Strip the extension(s), then take every token that looks like an id: rec_CA9f3e21.wav → CA9f3e21,
    // and the whole stem too, since logs often name the file.
    const auto slash = fileName.find_last_of('/');
    if (slash != std::string_view::npos)
        fileName.remove_prefix(slash + 1);
    out.push_back({"file", std::string(fileName), "file name"});
    std::string_view stem = fileName.substr(0, fileName.find('.'));
    size_t start = 0;
    for (size_t i = 0; i <= stem.size(); ++i) {
        if (i == stem.size() || stem[i] == '_' || stem[i] == ' ') {
            const std::string_view token = stem.substr(start, i - start);
            if (looksLikeToken(token))
                out.push_back({"id", std::string(token), "file name"});
            start = i + 1;
        }
    }
}

void KeyExtractor::dedupe(std::vector<ItemKey> &keys)
{
    std::unordered_set<std::string> seen;
    std::vector<ItemKey> unique;
    unique.reserve(keys.size());
    for (ItemKey &k : keys) {
        if (seen.insert(k.kind + '\x1f' + k.value).second)
            unique.push_back(std::move(k));
    }
    keys.swap(unique);
}
