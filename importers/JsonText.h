#pragma once
#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

// Compact JSON text for what the import stores (attrs, detail): the same bytes as
// nlohmann's dump(-1, ' ', false, replace) — invalid UTF-8 becomes U+FFFD — written several
// times faster, because most strings need no escaping and are copied as one run.
namespace JsonText {

void append(std::string &out, const nlohmann::json &value);
std::string dump(const nlohmann::json &value);
// One JSON string: `s` quoted and escaped, as append() writes a string value.
void appendString(std::string &out, std::string_view s);

// For a buffer reused from one value to the next (its capacity saves an allocation each time):
// frees it once one huge value has grown it past 1 MB, so that size is not kept for good.
void releaseIfLarge(std::string &buffer);

} // namespace JsonText
