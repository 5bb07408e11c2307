#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// Normalized word content of an utterance, so the same sentence in a chat log, an ASR
// transcript and an LLM prompt compares equal despite case, punctuation and filler.
class TextSimilarity
{
public:
    // Lower-case words of letters and digits ("Hi, I'm Ana!" → {"hi","i","m","ana"}).
    static std::vector<std::string> words(std::string_view text);
    // Hashes of consecutive word pairs (shingles), deduplicated and sorted.
    static std::vector<uint64_t> shingles(const std::vector<std::string> &words);
    // Same as shingles(words(text)) without building the words: the hot path for big workspaces.
    // Sets wordCount to the number of words seen.
    static std::vector<uint64_t> shingles(std::string_view text, size_t &wordCount);
    // Jaccard similarity of two sorted, deduplicated hash sets.
    static double jaccard(const std::vector<uint64_t> &a, const std::vector<uint64_t> &b);
    static uint64_t hash(std::string_view s);
};
