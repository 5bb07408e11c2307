#pragma once
#include <cstdint>
#include <map>
#include <vector>

// Estimates each source's clock offset from pairs of items that evidence already joined and
// that describe the same moment (a tool span and the API log line it caused). Robust: the
// median of many pairs, with the spread turned into a confidence; one odd pair moves nothing.
class ClockSkewEstimator
{
public:
    struct Estimate
    {
        int64_t offsetNs = 0; // add to the reference time to get this source's clock: t_source - t_true
        double confidence = 0; // 0..1
        int samples = 0;
        int64_t spreadNs = 0; // median absolute deviation
    };

    // delta = time in `source` minus time of the same moment in `other`.
    void addSample(int64_t source, int64_t other, int64_t deltaNs);

    // Sources in `reference` keep offset 0; others are solved outward from them (two hops).
    // A source needs at least `minSamples` samples against an already-solved source.
    std::map<int64_t, Estimate> solve(const std::vector<int64_t> &reference, int minSamples = 3) const;

    static int64_t median(std::vector<int64_t> values);

private:
    std::map<std::pair<int64_t, int64_t>, std::vector<int64_t>> m_samples; // (source, other) → deltas
};
