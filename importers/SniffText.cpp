#include "SniffText.h"

#include <cctype>

namespace SniffText {

bool hasJsonKey(std::string_view head, std::string_view quotedKey)
{
    size_t pos = 0;
    while ((pos = head.find(quotedKey, pos)) != std::string_view::npos) {
        pos += quotedKey.size();
        size_t p = pos;
        while (p < head.size() && std::isspace(static_cast<unsigned char>(head[p])))
            ++p;
        if (p < head.size() && head[p] == ':')
            return true;
    }
    return false;
}

} // namespace SniffText
