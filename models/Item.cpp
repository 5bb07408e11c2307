#include "Item.h"

#include <array>
#include <cstring>

namespace {
constexpr std::array<const char *, 13> kNames = {
    "llm", "tool", "retrieval", "agent", "handoff", "asr", "speech", "image", "audio", "log", "email", "http", "other"};
}

const char *itemKindName(ItemKind kind)
{
    return kNames[static_cast<size_t>(kind)];
}

ItemKind itemKindFromName(const std::string &name)
{
    for (size_t i = 0; i < kNames.size(); ++i) {
        if (name == kNames[i])
            return static_cast<ItemKind>(i);
    }
    return ItemKind::Other;
}
