#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>

class Workspace;

// The correlation engine: reads items and item_keys, joins every item into conversations with
// evidence (trace structure, shared ids, identity, content, rare values in time, time+actor),
// anchors relative-time sources, estimates clock skew and writes conversations,
// conversation_items, edges and findings in one transaction. Never touches annotations or
// bookmarks; conversation keys are stable so annotations on a conversation survive.
class Correlator
{
public:
    struct Options
    {
        int64_t rareValueWindowNs = 1'500'000'000; // after skew correction
        int64_t rareValueSearchNs = 10'000'000'000; // before skew is known
        int64_t sharedIdWindowNs = 600'000'000'000; // generic ids seen in two sources
        int64_t contentWindowNs = 900'000'000'000;
        int64_t handoffWindowNs = 600'000'000'000;
        int64_t emailAfterNs = 48LL * 3600 * 1'000'000'000;
        int minSkewSamples = 1; // one or two pairs still count, at a lower confidence
        int64_t reportSkewNs = 100'000'000; // smaller offsets are noise, not findings
        std::function<void(const char *stage)> progress;
    };

    struct SkewResult
    {
        int64_t offsetNs = 0;
        double confidence = 0;
        int samples = 0;
    };

    struct Result
    {
        int64_t items = 0;
        int64_t conversations = 0;
        int64_t attachedItems = 0;
        int64_t edges = 0;
        int64_t findings = 0;
        int64_t brokenHandoffs = 0;
        std::map<std::string, SkewResult> skew; // source path → estimate (reported ones)
        std::map<std::string, int64_t> anchored; // source path → new time base
        double seconds = 0;
    };

    explicit Correlator(Workspace &workspace);
    Result run(const Options &options);
    Result run() { return run(Options()); }

private:
    Workspace &m_ws;
};
