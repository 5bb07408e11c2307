#pragma once
#include <cstddef>
#include <string_view>

// Cutting text to a byte budget (a name, an excerpt, a stored message) without leaving half a
// UTF-8 character at the end, which Qt and SQLite's JSON would then show or reject as invalid.
namespace Utf8Text {

// The length of the longest prefix of `text` of at most `maxBytes` that does not end inside a
// character: a character that ends exactly at the limit is kept whole. Bytes that are not
// UTF-8 there (continuation bytes with no lead) are cut at the limit.
size_t prefixLength(std::string_view text, size_t maxBytes);

} // namespace Utf8Text
