// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string_view>

// How a contract applies fixes and resolves conflicts (its fix_strategy and
// conflict_resolution header options, LANGUAGE.md §2): read by the checker, carried by the
// compiled program, applied by the evaluator and the conflict analysis.

namespace llmcl::engine {

enum class FixStrategy : std::uint8_t
{
    FirstFix,
    AllFixes,
    BestFix
};

enum class ConflictResolution : std::uint8_t
{
    FailOnConflict,
    FirstWins,
    LastWins,
    MostRestrictive,
    LeastRestrictive,
    Merge
};

// "first_fix", "all_fixes", "best_fix" and "fail_on_conflict", "first_wins", …: the spellings
// of the header options.
constexpr std::string_view fixStrategyName(FixStrategy strategy) noexcept
{
    switch (strategy) {
    case FixStrategy::FirstFix:
        return "first_fix";
    case FixStrategy::AllFixes:
        return "all_fixes";
    case FixStrategy::BestFix:
        return "best_fix";
    }
    return "first_fix";
}

constexpr std::string_view conflictResolutionName(ConflictResolution resolution) noexcept
{
    switch (resolution) {
    case ConflictResolution::FailOnConflict:
        return "fail_on_conflict";
    case ConflictResolution::FirstWins:
        return "first_wins";
    case ConflictResolution::LastWins:
        return "last_wins";
    case ConflictResolution::MostRestrictive:
        return "most_restrictive";
    case ConflictResolution::LeastRestrictive:
        return "least_restrictive";
    case ConflictResolution::Merge:
        return "merge";
    }
    return "fail_on_conflict";
}

} // namespace llmcl::engine
