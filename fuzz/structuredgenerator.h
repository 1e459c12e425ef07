// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace llmcl::fuzz {

// The contract that holds the generator's self-checking clauses (see GeneratedCase).
constexpr std::string_view kOracleContract = "FuzzOracle";

struct GeneratedCase
{
    std::string source; // an LLMCL file (mostly valid, often very large)
    std::string response; // the sample turn's response; starts with "Thank you"
};

// Interprets fuzz bytes as a small program of grammar choices and repeat counts, and writes
// the LLMCL source it describes. Each byte read picks one choice (past the end every choice
// is the first: the smallest form), so that libFuzzer's mutations stay local. What random
// bytes rarely reach, this reaches in one step: `and`/`or`/`+`/comparison chains, postfix
// chains (`.a`, `[0]`, calls), list and map literals of up to ~200,000 items, deep
// parentheses, `not`, unary minus and call nesting, long strings, huge numbers, huge
// `within` / `window_size` values, long `extends` chains and wide contract parameters.
// Repeat counts cluster around the engine's likely limits (255, 32767, 65535, 65536…).
//
// Clauses of the contract kOracleContract are built to hold on the harness's sample turn
// (fixes off): `len([1, …, 1]) == N`, `any([false, …, true])`, `1 + … + 1 == N`,
// `context.a.a… == "leaf"` and similar, so that an engine that silently cuts a long list or
// chain gives a wrong verdict the harness catches, not only a crash. The response never holds
// "w" followed by a digit (the oracles look for "w0x", "w1x"… in it).
//
// The source is at most about `budget` bytes. The same bytes write the same case only under the
// same budget: regression inputs are replayed with the default.
constexpr std::size_t kSourceBudget = 3 * 1024 * 1024;
GeneratedCase generateCase(
    const std::uint8_t *data, std::size_t size, std::size_t budget = kSourceBudget);

} // namespace llmcl::fuzz
