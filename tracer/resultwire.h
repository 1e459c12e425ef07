// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

// The byte format of a partition's results (tracer::ResultEncoder, tracer::ResultDecoder):
// what a Dask worker sends back to the client. Little-endian, no alignment: unsigned integers
// as LEB128 varints, signed ones zigzag-encoded first, doubles as their 8 bytes, strings as a
// length and the bytes. docs/distributed.md describes the records.

namespace llmcl::tracer::detail {

// The first bytes of every partition's results; the version changes with the records.
inline constexpr std::string_view kResultMagic = "LLMCLPR2";

enum class ResultRecord : std::uint8_t
{
    Conversation = 1, // a conversation starts: its id and line
    Turn = 2, // a turn's result
    End = 3, // the conversation's end
    Problem = 4, // a malformed line, skipped
    Done = 5, // the partition was read to its end: lines and bytes it covered
};

// A verdict's first byte: its status in the top three bits, and which optional parts follow.
namespace verdictflags {
inline constexpr unsigned kHasWindow = 1;
inline constexpr unsigned kHasTemporal = 2;
inline constexpr unsigned kHasMessage = 4;
inline constexpr unsigned kHasErrorRange = 8;
inline constexpr unsigned kHasValues = 16;
} // namespace verdictflags

class WireWriter
{
public:
    explicit WireWriter(std::string &out)
        : m_out(out)
    { }
    void byte(std::uint8_t b) { m_out.push_back(static_cast<char>(b)); }
    void u(std::uint64_t v)
    {
        while (v >= 0x80) {
            m_out.push_back(static_cast<char>((v & 0x7f) | 0x80));
            v >>= 7;
        }
        m_out.push_back(static_cast<char>(v));
    }
    void s(std::int64_t v)
    {
        u((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
    }
    void f(double d)
    {
        const auto bits = std::bit_cast<std::uint64_t>(d);
        for (int i = 0; i < 8; ++i)
            m_out.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
    }
    void str(std::string_view text)
    {
        u(text.size());
        m_out.append(text);
    }

private:
    std::string &m_out;
};

// Reads what WireWriter wrote. A read past the end, or a length that does not fit, sets
// failed() and yields zeros and empty strings: the caller checks once per record.
class WireReader
{
public:
    explicit WireReader(std::string_view data)
        : m_data(data)
    { }
    bool atEnd() const { return m_pos >= m_data.size(); }
    bool failed() const { return m_failed; }
    std::size_t remaining() const { return m_data.size() - m_pos; }
    std::uint8_t byte()
    {
        if (m_pos >= m_data.size())
            return fail(), 0;
        return static_cast<std::uint8_t>(m_data[m_pos++]);
    }
    std::uint64_t u()
    {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_pos >= m_data.size())
                return fail(), 0;
            const auto b = static_cast<std::uint8_t>(m_data[m_pos++]);
            v |= std::uint64_t(b & 0x7f) << shift;
            if (!(b & 0x80))
                return v;
        }
        return fail(), 0;
    }
    std::int64_t s()
    {
        const std::uint64_t v = u();
        return static_cast<std::int64_t>((v >> 1) ^ (~(v & 1) + 1));
    }
    double f()
    {
        if (m_data.size() - m_pos < 8 || m_pos > m_data.size())
            return fail(), 0.0;
        std::uint64_t bits = 0;
        for (int i = 0; i < 8; ++i)
            bits |= std::uint64_t(static_cast<std::uint8_t>(m_data[m_pos++])) << (8 * i);
        return std::bit_cast<double>(bits);
    }
    std::string_view str()
    {
        const std::uint64_t n = u();
        if (n > m_data.size() - m_pos)
            return fail(), std::string_view();
        const std::string_view text = m_data.substr(m_pos, n);
        m_pos += n;
        return text;
    }
    void fail()
    {
        m_failed = true;
        m_pos = m_data.size();
    }

private:
    std::string_view m_data;
    std::size_t m_pos = 0;
    bool m_failed = false;
};

} // namespace llmcl::tracer::detail
