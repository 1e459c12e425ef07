// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>

// ASCII character classes and case mapping that ignore the C library's locale.
//
// std::tolower, std::isalpha and their family follow LC_CTYPE, which a desktop application
// sets from the user's environment (QCoreApplication calls setlocale(LC_ALL, "")). Under a
// Turkish locale std::tolower('I') is not 'i', so "PRIORITY" would not be "priority"; other
// locales classify bytes above 0x7F as letters. LLMCL's keywords, option names and values are
// ASCII and case-insensitive in the same way everywhere: the engine, tracer and CLI use these.
// Bytes outside ASCII are never letters, digits or spaces here and map to themselves.
namespace llmcl::engine::ascii {

constexpr bool isDigit(char c) noexcept
{
    return c >= '0' && c <= '9';
}

constexpr bool isUpper(char c) noexcept
{
    return c >= 'A' && c <= 'Z';
}

constexpr bool isLower(char c) noexcept
{
    return c >= 'a' && c <= 'z';
}

constexpr bool isAlpha(char c) noexcept
{
    return isUpper(c) || isLower(c);
}

constexpr bool isAlnum(char c) noexcept
{
    return isAlpha(c) || isDigit(c);
}

// The value of a hexadecimal digit (either case), or -1.
constexpr int hexValue(char c) noexcept
{
    if (isDigit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Space, tab, LF, VT, FF and CR: what std::isspace accepts in the "C" locale.
constexpr bool isSpace(char c) noexcept
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

constexpr char toLower(char c) noexcept
{
    return isUpper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr char toUpper(char c) noexcept
{
    return isLower(c) ? static_cast<char>(c - 'a' + 'A') : c;
}

inline std::string lowered(std::string_view text)
{
    std::string out(text);
    for (char &c : out)
        c = toLower(c);
    return out;
}

constexpr bool equalsIgnoringCase(std::string_view a, std::string_view b) noexcept
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (toLower(a[i]) != toLower(b[i]))
            return false;
    }
    return true;
}

} // namespace llmcl::engine::ascii
