#pragma once
// Field access and attribute mapping the agent-platform importers (Agents SDK, Langfuse,
// LangSmith) share for their run, span and observation objects.
#include "Item.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>

namespace AgentJson {

// A string, number or boolean member as text; "" when absent, null, not scalar or `obj` is not an object.
std::string str(const nlohmann::json &obj, const char *key);

// A member, or null when absent or `obj` is not an object.
const nlohmann::json &member(const nlohmann::json &obj, const char *key);

// The first of `keys` in a usage object that holds a number; -1 when none does.
int64_t tokenCount(const nlohmann::json &usage, std::initializer_list<const char *> keys);

// The mapper fills what the format left open; what the importer set from the format's own
// fields stays as it is. Model names are dropped from the item's keys.
void applyMapper(const nlohmann::json &attrs, Item &item, nlohmann::json &detail);

} // namespace AgentJson
