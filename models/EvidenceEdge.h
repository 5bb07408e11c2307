#pragma once
#include <cstdint>
#include <string>

// One join the correlator found between two items: the rule that fired, how much it is
// worth, and a sentence a support engineer can check. Stored as a row of `edges`.
struct EvidenceEdge
{
    int64_t fromItem = 0;
    int64_t toItem = 0;
    std::string rule; // trace, trace_parent, trace_link, shared_id, anchor, identity, content, rare_values, time_actor,
                      // handoff_continuation
    double weight = 0;
    std::string evidence;
    bool suggested = false; // inferred, for the user to accept or reject
};
