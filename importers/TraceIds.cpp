#include "TraceIds.h"

#include <cstdint>
#include <vector>

namespace TraceIds {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int base64Value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+' || c == '-')
        return 62;
    if (c == '/' || c == '_')
        return 63;
    return -1;
}

} // namespace

bool isHex(std::string_view s)
{
    if (s.empty())
        return false;
    for (char c : s)
        if (hexValue(c) < 0)
            return false;
    return true;
}

std::string lowerHex(std::string_view s)
{
    std::string out(s);
    for (char &c : out)
        if (c >= 'A' && c <= 'F')
            c = char(c - 'A' + 'a');
    return out;
}

std::string bytesToHex(std::string_view bytes)
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

bool base64Decode(std::string_view s, std::string &out)
{
    out.clear();
    while (!s.empty() && s.back() == '=')
        s.remove_suffix(1);
    if (s.empty() || s.size() % 4 == 1)
        return false;
    uint32_t acc = 0;
    int bits = 0;
    for (char c : s) {
        const int v = base64Value(c);
        if (v < 0)
            return false;
        acc = (acc << 6) | uint32_t(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += char((acc >> bits) & 0xFF);
        }
    }
    return true;
}

bool isAllZero(std::string_view s)
{
    if (s.empty())
        return false;
    for (char c : s)
        if (c != '0')
            return false;
    return true;
}

std::string normalize(std::string_view s, size_t byteCount)
{
    if (s.empty())
        return {};
    if (s.size() == byteCount * 2) {
        // The usual case, three times per span: hex of the right length, checked, lowered and
        // copied in one pass.
        std::string out(s);
        bool hex = true, zero = true;
        for (char &c : out) {
            if (c >= 'A' && c <= 'F')
                c = char(c - 'A' + 'a');
            else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
                hex = false;
            zero &= c == '0';
        }
        if (hex)
            return zero ? std::string() : out;
    }
    std::string bytes;
    if (base64Decode(s, bytes) && bytes.size() == byteCount) {
        std::string hex = bytesToHex(bytes);
        return isAllZero(hex) ? std::string() : hex;
    }
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && isHex(s.substr(2)))
        s.remove_prefix(2);
    if (isHex(s))
        return isAllZero(s) ? std::string() : lowerHex(s);
    return std::string(s);
}

std::string decimalToHex(std::string_view digits, size_t hexChars)
{
    if (digits.empty() || digits.size() > 200)
        return {};
    // Long division of the decimal digit string by 16, repeated; fine for 39-digit ids.
    std::vector<int> number;
    number.reserve(digits.size());
    for (char c : digits) {
        if (c < '0' || c > '9')
            return {};
        number.push_back(c - '0');
    }
    std::string reversed;
    static const char hexDigits[] = "0123456789abcdef";
    while (!number.empty()) {
        std::vector<int> quotient;
        quotient.reserve(number.size());
        int remainder = 0;
        for (int d : number) {
            const int cur = remainder * 10 + d;
            const int q = cur / 16;
            remainder = cur % 16;
            if (!quotient.empty() || q != 0)
                quotient.push_back(q);
        }
        reversed += hexDigits[remainder];
        number.swap(quotient);
    }
    while (reversed.size() < hexChars)
        reversed += '0';
    return std::string(reversed.rbegin(), reversed.rend());
}

} // namespace TraceIds
