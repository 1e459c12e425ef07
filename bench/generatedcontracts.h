// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What several benchmarks share, without Qt: the generated contract file of the editor and
// language-server benchmarks, and the quantile of latency samples.

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

namespace llmcl::bench {

// A contract file of `lines` lines (UTF-8) built from the constructs of the example workspace:
// header options, clauses with options, regex raw strings, comments, temporal formulas,
// non-ASCII text. Blocks of 16 lines, each a whole contract named after its block number.
inline std::string generateContractFile(int lines)
{
    static constexpr std::string_view block[] = {
        "// Generated benchmark contract: safety rules, part %1",
        "contract Safety%1(priority = high, conflict_resolution = most_restrictive,",
        "                  fix_strategy = best_fix, max_input = 4000) {",
        "    require len(content) <= max_input message: \"Input too long\"",
        "        auto_fix: content[:max_input]",
        "    ensure not match(response, r\"(?i)\\b(password|secret|token)\\b\")",
        "        message: \"Response contains sensitive information\" severity: critical",
        "    # JSON answers must parse",
        "    ensure if starts_with(trim(response), \"{\") then json_valid(response) else true",
        "        tags: [\"format\", \"json\"] confidence: 0.9",
        "    /* Refund requests: the policy must be cited within two turns.",
        "       Réponse attendue: « politique » 😀 */",
        "    temporal always (match(content, \"(?i)refund\") implies within 2 "
        "contains(response, \"policy\"))",
        "    ensure_prob word_count(response) >= 5, 0.95 window_size: 100",
        "}",
        "",
    };
    constexpr int size = int(std::size(block));
    std::string text;
    text.reserve(std::size_t(lines) * 60);
    for (int line = 0; line < lines; ++line) {
        const std::string_view pattern = block[line % size];
        if (const std::size_t at = pattern.find("%1"); at != std::string_view::npos) {
            text.append(pattern.substr(0, at));
            text.append(std::to_string(line / size));
            text.append(pattern.substr(at + 2));
        } else {
            text.append(pattern);
        }
        text += '\n';
    }
    return text;
}

// The q-quantile of `samples` (nearest rank), in the samples' unit.
inline double quantile(std::vector<double> samples, double q)
{
    if (samples.empty())
        return 0;
    std::sort(samples.begin(), samples.end());
    const auto rank = std::size_t(std::max(0.0, std::ceil(q * double(samples.size())) - 1));
    return samples[std::min(rank, samples.size() - 1)];
}

} // namespace llmcl::bench
