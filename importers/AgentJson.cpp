#include "AgentJson.h"

#include "SemanticMapper.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace AgentJson {

using nlohmann::json;

std::string str(const json &obj, const char *key)
{
    if (!obj.is_object())
        return {};
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
        return {};
    if (it->is_string())
        return it->get<std::string>();
    if (it->is_number() || it->is_boolean())
        return it->dump();
    return {};
}

const json &member(const json &obj, const char *key)
{
    static const json null;
    if (!obj.is_object())
        return null;
    auto it = obj.find(key);
    return it == obj.end() ? null : *it;
}

int64_t tokenCount(const json &usage, std::initializer_list<const char *> keys)
{
    if (!usage.is_object())
        return -1;
    for (const char *k : keys) {
        auto it = usage.find(k);
        if (it == usage.end() || !it->is_number())
            continue;
        // A count beyond int64 is nonsense; converting it would be undefined or wrap negative.
        if (it->is_number_unsigned() && it->get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max()))
            continue;
        if (it->is_number_float() && !(std::abs(it->get<double>()) < 9.2e18))
            continue;
        return it->get<int64_t>();
    }
    return -1;
}

void applyMapper(const json &attrs, Item &item, json &detail)
{
    json mapped = json::object();
    SemanticMapper::apply(attrs, item, mapped);
    for (auto it = mapped.begin(); it != mapped.end(); ++it)
        if (!detail.contains(it.key()))
            detail[it.key()] = *it;
    // A model name (o1-mini) looks like an id but is shared by unrelated conversations.
    item.keys.erase(std::remove_if(item.keys.begin(), item.keys.end(),
                        [&item](const ItemKey &k) {
                            return k.kind != "conversation" && k.kind != "user"
                                && (k.value == item.modelRequested || k.value == item.modelServed);
                        }),
        item.keys.end());
}

} // namespace AgentJson
