#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

class Workspace;

// Finds the conversations a complaint is about: by who (a user id, email or phone, followed
// through identity links), when (around a time, within a window) and what was said (a
// quote, through the full-text index and word similarity). Each hit says why. Read-only.
class ComplaintFinder
{
public:
    struct Query
    {
        std::string user; // id, email or phone; empty = any
        std::optional<int64_t> aroundNs;
        int64_t windowNs = 2LL * 3600 * 1'000'000'000;
        std::string quote;
        size_t limit = 20;
    };
    struct Hit
    {
        int64_t conversationId = 0;
        std::string key;
        std::string title;
        int64_t startNs = 0, endNs = 0;
        double score = 0;
        std::vector<std::string> reasons;
    };

    static std::vector<Hit> find(const Workspace &workspace, const Query &query);
};
