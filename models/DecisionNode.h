#pragma once
#include <cstdint>
#include <string>
#include <vector>

// One node of a conversation's decision tree: turn → retrieval → prompt → model call →
// tool call → handoff → output, with logs hung under the step they explain.
struct DecisionNode
{
    // turn, agent, retrieval, llm, tool, handoff, continuation, output, log, email, media, other
    std::string role;
    int64_t itemId = 0; // 0 for synthetic nodes (a turn that groups steps)
    std::string label; // what the tree shows in its first column
    bool broken = false; // a handoff whose callee never appeared under it
    bool suggested = false; // an inferred edge (dashed in the tree) the user may accept or reject
    int64_t edgeId = 0; // the edges row behind a suggested/inferred link, 0 if structural
    double confidence = 1.0;
    std::vector<DecisionNode> children;
};
