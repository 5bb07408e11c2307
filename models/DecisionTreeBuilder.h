#pragma once
#include "DecisionNode.h"

#include <vector>

class Workspace;

// Builds one conversation's decision tree from the workspace tables (items, edges,
// findings, annotations). Read-only; shared by `analyze --trees`, reports and the tree view.
class DecisionTreeBuilder
{
public:
    static std::vector<DecisionNode> build(const Workspace &workspace, int64_t conversationId);
};
