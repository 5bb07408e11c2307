#pragma once
#include <QString>

#include <cstddef>
#include <string_view>

// Cutting text to a budget (a name, an excerpt, a stored message, what a panel shows) without
// leaving half a character at the end: half a UTF-8 sequence is invalid text to Qt and to
// SQLite's JSON, half a surrogate pair draws as a box.
namespace TextCut {

// The length of the longest prefix of `text` of at most `maxBytes` that does not end inside a
// character: a character that ends exactly at the limit is kept whole. Bytes that are not
// UTF-8 there (continuation bytes with no lead) are cut at the limit.
size_t utf8Length(std::string_view text, size_t maxBytes);

// The same for UTF-16: at most `maxChars` code units, never half a surrogate pair.
qsizetype utf16Length(const QString &text, qsizetype maxChars);

} // namespace TextCut
