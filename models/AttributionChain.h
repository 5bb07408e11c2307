#pragma once
#include <cstdint>
#include <string>
#include <vector>

class Workspace;

// For one output (a model answer, a chat reply, an email), what it was built from: the model
// call that produced it, its prompt and version, the model asked and served, the chunks
// retrieved for it (with scores) and the tool results it saw. Read-only.
class AttributionChain
{
public:
    struct Link
    {
        std::string role; // output, llm, prompt, model, retrieval, document, tool, input
        int64_t itemId = 0;
        std::string label;
        double score = -1; // retrieval score, when known
    };

    // Empty when the item is in no conversation.
    static std::vector<Link> build(const Workspace &workspace, int64_t outputItemId);
};
