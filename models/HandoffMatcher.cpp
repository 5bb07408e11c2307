#include "HandoffMatcher.h"

#include "TimestampParser.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <unordered_map>

namespace {

bool intersects(const std::vector<uint32_t> &a, const std::vector<uint32_t> &b)
{
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i] == b[j])
            return true;
        if (a[i] < b[j])
            ++i;
        else
            ++j;
    }
    return false;
}

double nameScore(const std::string &target, const std::vector<std::string> &agents)
{
    if (target.empty())
        return agents.empty() ? 0.0 : 0.4; // an unnamed target: any agent trace, weakly
    double best = 0;
    for (const std::string &a : agents) {
        if (a == target)
            return 1.0;
        if (a.size() >= 4 && target.size() >= 4
            && (a.find(target) != std::string::npos || target.find(a) != std::string::npos))
            best = std::max(best, 0.7);
    }
    return best;
}

} // namespace

std::string HandoffMatcher::normalizeAgent(const std::string &name)
{
    std::string s;
    for (char c : name)
        if (std::isalnum(static_cast<unsigned char>(c)))
            s += char(std::tolower(static_cast<unsigned char>(c)));
    for (const char *prefix : {"transferto", "handoffto", "invokeagent"})
        if (s.rfind(prefix, 0) == 0)
            s.erase(0, std::char_traits<char>::length(prefix));
    if (s.size() > 5 && s.compare(s.size() - 5, 5, "agent") == 0)
        s.erase(s.size() - 5);
    return s;
}

std::vector<HandoffMatcher::Match> HandoffMatcher::match(
    const std::vector<Handoff> &handoffs, const std::vector<Candidate> &candidates, int64_t windowNs)
{
    // Candidates sorted by start so each handoff looks only at its time window.
    std::vector<int> order(candidates.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return candidates[a].startNs < candidates[b].startNs; });
    std::vector<int64_t> starts;
    starts.reserve(order.size());
    for (int i : order)
        starts.push_back(candidates[i].startNs);

    const int64_t before = 2'000'000'000; // a continuation may log its first span a little early (skew)
    std::vector<Match> all;
    std::vector<std::pair<double, double>> bestTwo(handoffs.size(), {0.0, 0.0});
    for (size_t h = 0; h < handoffs.size(); ++h) {
        const Handoff &ho = handoffs[h];
        // A huge window or a time near the int64 limits must not wrap.
        const int64_t first = TimestampParser::saturatingAdd(ho.startNs, -before);
        const int64_t last = TimestampParser::saturatingAdd(ho.startNs, windowNs);
        auto it = std::lower_bound(starts.begin(), starts.end(), first);
        for (; it != starts.end() && *it <= last; ++it) {
            const int c = order[size_t(it - starts.begin())];
            const Candidate &ca = candidates[size_t(c)];
            if (ca.traceId == ho.traceId && ho.traceId != 0)
                continue;
            const double ns = nameScore(ho.target, ca.agents);
            if (ns <= 0)
                continue;
            // Different conversation ids on both sides: another conversation's agent.
            if (!ho.conversationKeys.empty() && !ca.conversationKeys.empty()
                && !intersects(ho.conversationKeys, ca.conversationKeys))
                continue;
            if (!ho.persons.empty() && !ca.persons.empty() && !intersects(ho.persons, ca.persons))
                continue;
            Match m;
            m.handoff = int(h);
            m.candidate = c;
            m.sameConversation = intersects(ho.conversationKeys, ca.conversationKeys);
            m.samePerson = intersects(ho.persons, ca.persons);
            m.gapNs = ca.startNs - std::max(ho.startNs, std::min(ho.endNs, ca.startNs));
            const double gapS = std::max<int64_t>(0, ca.startNs - ho.startNs) / 1e9;
            const double timeScore = std::exp(-gapS / 30.0);
            m.score = 2.0 * ns + (m.sameConversation ? 2.0 : 0.0) + (m.samePerson ? 1.0 : 0.0)
                + (ca.rootless ? 0.5 : 0.0) + 1.5 * timeScore;
            all.push_back(m);
            auto &bt = bestTwo[h];
            if (m.score > bt.first) {
                bt.second = bt.first;
                bt.first = m.score;
            } else if (m.score > bt.second) {
                bt.second = m.score;
            }
        }
    }
    // Greedy global assignment, best pairs first: a trace continues one handoff.
    std::sort(all.begin(), all.end(), [](const Match &a, const Match &b) {
        if (a.score != b.score)
            return a.score > b.score;
        return a.gapNs < b.gapNs;
    });
    std::vector<char> handoffDone(handoffs.size(), 0), candidateUsed(candidates.size(), 0);
    std::vector<Match> out;
    for (Match &m : all) {
        if (handoffDone[size_t(m.handoff)] || candidateUsed[size_t(m.candidate)])
            continue;
        handoffDone[size_t(m.handoff)] = 1;
        candidateUsed[size_t(m.candidate)] = 1;
        // Max score is 2+2+1+0.5+1.5 = 7; a clear margin over the runner-up adds trust.
        const auto &bt = bestTwo[size_t(m.handoff)];
        const double margin = bt.second > 0 ? std::min(1.0, (m.score - bt.second) / 2.0) : 1.0;
        double conf = (0.25 + 0.1 * m.score) * (0.7 + 0.3 * margin);
        m.confidence = std::round(std::clamp(conf, 0.05, 0.98) * 100.0) / 100.0;
        out.push_back(m);
    }
    return out;
}
