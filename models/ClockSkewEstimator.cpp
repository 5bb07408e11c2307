#include "ClockSkewEstimator.h"

#include <algorithm>
#include <cmath>
#include <set>

void ClockSkewEstimator::addSample(int64_t source, int64_t other, int64_t deltaNs)
{
    if (source == other)
        return;
    m_samples[{source, other}].push_back(deltaNs);
    m_samples[{other, source}].push_back(-deltaNs);
}

int64_t ClockSkewEstimator::median(std::vector<int64_t> values)
{
    if (values.empty())
        return 0;
    const size_t mid = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + mid, values.end());
    int64_t m = values[mid];
    if (values.size() % 2 == 0) {
        const int64_t lower = *std::max_element(values.begin(), values.begin() + mid);
        // m >= lower, so the unsigned distance is exact and its half fits back in int64.
        m = lower + int64_t((uint64_t(m) - uint64_t(lower)) / 2);
    }
    return m;
}

std::map<int64_t, ClockSkewEstimator::Estimate> ClockSkewEstimator::solve(
    const std::vector<int64_t> &reference, int minSamples) const
{
    std::map<int64_t, Estimate> solved;
    for (int64_t r : reference)
        solved[r] = Estimate {0, 1.0, 0, 0};
    // Two rounds: sources joined to the reference clock, then sources joined only to those
    // (a downstream service log keyed by the API's id).
    for (int round = 0; round < 2; ++round) {
        std::map<int64_t, Estimate> next;
        std::set<int64_t> unsolved;
        for (const auto &entry : m_samples)
            if (!solved.count(entry.first.first))
                unsolved.insert(entry.first.first);
        for (int64_t source : unsolved) {
            std::vector<int64_t> deltas;
            for (const auto &entry : m_samples) {
                if (entry.first.first != source)
                    continue;
                const auto ref = solved.find(entry.first.second);
                if (ref == solved.end())
                    continue;
                for (int64_t d : entry.second)
                    deltas.push_back(d + ref->second.offsetNs);
            }
            if (int(deltas.size()) < minSamples)
                continue;
            Estimate e;
            e.samples = int(deltas.size());
            e.offsetNs = median(deltas);
            std::vector<int64_t> dev;
            dev.reserve(deltas.size());
            for (int64_t d : deltas)
                dev.push_back(std::llabs(d - e.offsetNs));
            e.spreadNs = median(dev);
            // More pairs and a tighter spread relative to the offset mean more trust.
            const double countFactor = std::min(1.0, e.samples / 8.0);
            const double spreadMs = e.spreadNs / 1e6;
            const double spreadFactor = 1.0 / (1.0 + spreadMs / 50.0);
            e.confidence = std::round(100.0 * (0.3 + 0.7 * countFactor * spreadFactor)) / 100.0;
            next[source] = e;
        }
        if (next.empty())
            break;
        for (auto &entry : next)
            solved.insert(entry);
    }
    for (int64_t r : reference)
        solved.erase(r);
    return solved;
}
