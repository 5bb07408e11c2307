#pragma once
#include <string>
#include <string_view>

// Trace and span identifiers as exporters spell them (hex in any case, base64 with or without
// padding, decimal integers up to 2^128, "0x…" hex) turned into the one spelling the workspace
// joins on: lowercase hex. Ids in none of these shapes are kept exactly as written.
namespace TraceIds {

bool isHex(std::string_view s);
std::string lowerHex(std::string_view s);
std::string bytesToHex(std::string_view bytes);

// Standard or URL-safe alphabet, padding optional; false when `s` is not base64.
bool base64Decode(std::string_view s, std::string &out);

// An OTLP id of `byteCount` bytes (16 trace, 8 span): hex of the right length wins, then
// base64 decoding to exactly that many bytes, then any hex, else the text as spelled.
// All-zero ids mean "none" and come back empty.
std::string normalize(std::string_view s, size_t byteCount);

// A non-negative decimal integer (any length) as zero-padded lowercase hex of `hexChars`
// digits (more when the number needs them); empty when `digits` is not a decimal integer.
std::string decimalToHex(std::string_view digits, size_t hexChars);

bool isAllZero(std::string_view s);

} // namespace TraceIds
