#pragma once
#include <nlohmann/json_fwd.hpp>

class Workspace;

// The `threadline analyze --json` document (ARCHITECTURE.md): conversations with their items
// as {source, ref}, findings with where they are, their continuation, confidence and
// evidence, clock skew per source; with `trees`, each conversation's decision tree.
// Reads what the Correlator wrote; never writes.
class AnalysisJson
{
public:
    struct Options
    {
        bool trees = false;
    };
    static nlohmann::json build(const Workspace &workspace, const Options &options);
};
