#pragma once
// Text checks the sniffers run on a file's first bytes, before anything is parsed.
#include <string_view>

namespace SniffText {

// Whether `quotedKey` ("\"name\"", quotes included) stands in `head` as a JSON member name:
// followed, after any whitespace, by a colon.
bool hasJsonKey(std::string_view head, std::string_view quotedKey);

} // namespace SniffText
