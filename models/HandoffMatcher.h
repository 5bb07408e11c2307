#pragma once
#include <cstdint>
#include <string>
#include <vector>

// Finds, for each handoff whose callee never appeared under it, the trace most likely to be
// its continuation: a trace of the target agent starting shortly after, ranked by agent name,
// shared conversation and user, time and rootlessness. Each trace continues at most one handoff.
class HandoffMatcher
{
public:
    struct Handoff
    {
        int64_t itemId = 0;
        std::string target; // agent named as the callee ("" when the source never said)
        int64_t startNs = 0;
        int64_t endNs = 0;
        uint32_t traceId = 0;
        std::vector<uint32_t> conversationKeys; // sorted
        std::vector<uint32_t> persons; // sorted identity clusters
    };
    struct Candidate
    {
        int64_t itemId = 0; // the trace's earliest item
        uint32_t traceId = 0;
        std::vector<std::string> agents; // normalized agent names seen in the trace
        int64_t startNs = 0;
        bool rootless = false; // no true root: its top spans point at parents not in the workspace
        std::vector<uint32_t> conversationKeys;
        std::vector<uint32_t> persons;
    };
    struct Match
    {
        int handoff = -1;
        int candidate = -1;
        double score = 0;
        double confidence = 0;
        bool sameConversation = false;
        bool samePerson = false;
        int64_t gapNs = 0;
    };

    // "Billing Agent", "billing_agent", "transfer_to_billing" → "billing".
    static std::string normalizeAgent(const std::string &name);

    // windowNs: how long after the handoff a continuation may start.
    static std::vector<Match> match(
        const std::vector<Handoff> &handoffs, const std::vector<Candidate> &candidates, int64_t windowNs);
};
