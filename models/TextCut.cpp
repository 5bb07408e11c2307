#include "TextCut.h"

namespace TextCut {

size_t utf8Length(std::string_view text, size_t maxBytes)
{
    if (text.size() <= maxBytes)
        return text.size();
    auto continues = [&text](size_t i) { return (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80; };
    // The first byte left out decides: a continuation byte means the cut splits a character,
    // which then starts at most three bytes earlier.
    size_t lead = maxBytes;
    for (int back = 0; back < 3 && lead > 0 && continues(lead); ++back)
        --lead;
    if (lead == maxBytes || static_cast<unsigned char>(text[lead]) < 0xC0)
        return maxBytes; // no split, or continuation bytes with no lead: not UTF-8, cut anywhere
    return lead;
}

qsizetype utf16Length(const QString &text, qsizetype maxChars)
{
    if (text.size() <= maxChars)
        return text.size();
    if (maxChars <= 0)
        return 0;
    return text.at(maxChars - 1).isHighSurrogate() ? maxChars - 1 : maxChars;
}

} // namespace TextCut
