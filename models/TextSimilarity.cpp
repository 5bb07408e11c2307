#include "TextSimilarity.h"

#include <algorithm>
#include <cctype>

std::vector<std::string> TextSimilarity::words(std::string_view text)
{
    std::vector<std::string> out;
    std::string cur;
    for (char c : text) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || u >= 0x80) {
            cur += char(std::tolower(u));
        } else if (!cur.empty()) {
            out.push_back(std::move(cur));
            cur.clear();
        }
    }
    if (!cur.empty())
        out.push_back(std::move(cur));
    return out;
}

uint64_t TextSimilarity::hash(std::string_view s)
{
    uint64_t h = 1469598103934665603ull; // FNV-1a
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return h;
}

std::vector<uint64_t> TextSimilarity::shingles(const std::vector<std::string> &w)
{
    std::vector<uint64_t> out;
    if (w.size() == 1)
        out.push_back(hash(w[0]));
    for (size_t i = 0; i + 1 < w.size(); ++i)
        out.push_back(hash(w[i]) * 31 + hash(w[i + 1]));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<uint64_t> TextSimilarity::shingles(std::string_view text, size_t &wordCount)
{
    // Must hash exactly like hash(word): FNV-1a over the lower-cased word.
    std::vector<uint64_t> out;
    wordCount = 0;
    uint64_t prev = 0, cur = 1469598103934665603ull;
    bool inWord = false;
    auto endWord = [&] {
        if (wordCount > 0)
            out.push_back(prev * 31 + cur);
        prev = cur;
        ++wordCount;
        cur = 1469598103934665603ull;
        inWord = false;
    };
    for (char c : text) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || u >= 0x80) {
            cur ^= static_cast<unsigned char>(std::tolower(u));
            cur *= 1099511628211ull;
            inWord = true;
        } else if (inWord) {
            endWord();
        }
    }
    if (inWord)
        endWord();
    if (wordCount == 1)
        out.push_back(prev);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

double TextSimilarity::jaccard(const std::vector<uint64_t> &a, const std::vector<uint64_t> &b)
{
    if (a.empty() || b.empty())
        return 0;
    size_t i = 0, j = 0, common = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i] == b[j]) {
            ++common;
            ++i;
            ++j;
        } else if (a[i] < b[j]) {
            ++i;
        } else {
            ++j;
        }
    }
    return double(common) / double(a.size() + b.size() - common);
}
