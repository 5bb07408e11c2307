#pragma once
#include <QString>

#include <cstdint>

// One item as the timeline draws it: times, lane, state and the few texts a tooltip needs.
struct TimelineItem
{
    int64_t id = 0;
    int64_t startNs = 0; // as recorded by its source
    int64_t endNs = 0;
    int64_t clockOffsetNs = 0; // the source's estimated skew; corrected = recorded - offset
    int lane = 0; // TimelineLanes::Lane
    int status = 0; // 0 unset, 1 ok, 2 error
    bool broken = false; // a broken handoff
    int64_t continuationId = 0; // its most likely continuation, 0 if none
    QString kind;
    QString name;
    QString actor;
    QString text;

    int64_t start(bool corrected) const { return corrected ? startNs - clockOffsetNs : startNs; }
    int64_t end(bool corrected) const
    {
        const int64_t e = endNs > startNs ? endNs : startNs;
        return corrected ? e - clockOffsetNs : e;
    }
};
