// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace llmcl::tracer {

// SHA-256 (FIPS 180-4): the content hashes of the workspace database (imported conversations,
// contract snapshots), as lowercase hex readable in the sqlite3 shell. Uses the processor's
// SHA extensions when it has them (about 10× faster), the portable rounds otherwise; both give
// the same digests.
class Sha256
{
public:
    void add(std::string_view data);
    // A length-prefixed field ("<decimal length>:<bytes>"), so that ("ab", "c") and
    // ("a", "bc") hash differently.
    void field(std::string_view data);
    // The field of `tag` followed by `data`, without building that string: the same digest
    // as field(std::string(1, tag) + data).
    void field(char tag, std::string_view data);
    // The digest as 64 hex digits. Ends the hash: call it once.
    std::string hex();

    // For tests: whether the SHA extensions are used, and a switch to the portable rounds.
    static bool accelerated();
    static void forcePortable(bool portable);

private:
    void compress(const std::uint8_t *blocks, std::size_t count);

    std::array<std::uint32_t, 8> m_state = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    std::array<std::uint8_t, 64> m_block {};
    std::size_t m_used = 0;
    std::uint64_t m_length = 0;
};

} // namespace llmcl::tracer
