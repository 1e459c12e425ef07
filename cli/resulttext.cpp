// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/resulttext.h"

#include "engine/ast.h"
#include "engine/utf8.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace llmcl::cli {

namespace {

std::string plural(std::size_t count, std::string_view singular, std::string_view plural)
{
    std::string out = std::to_string(count);
    out += ' ';
    out += count == 1 ? singular : plural;
    return out;
}

const engine::ClauseVerdict *findVerdict(const engine::TurnResult &result, std::string_view id)
{
    for (const engine::ContractResult &contract : result.contracts)
        for (const engine::ClauseVerdict &verdict : contract.clauses)
            if (verdict.id() == id)
                return &verdict;
    return nullptr;
}

// "file:line" of a clause, or "line N" when its file is not known.
std::string where(const engine::TurnResult &result, std::string_view id, std::uint32_t line)
{
    const engine::ClauseVerdict *verdict = findVerdict(result, id);
    if (verdict && !verdict->file().empty())
        return verdict->file() + ':' + std::to_string(line);
    return "line " + std::to_string(line);
}

// Code points, for padding columns of UTF-8 text.
std::size_t width(std::string_view text)
{
    return engine::utf8::codePointCount(text);
}

void padded(std::ostream &out, std::string_view text, std::size_t columnWidth)
{
    out << text;
    for (std::size_t w = width(text); w < columnWidth; ++w)
        out << ' ';
}

} // namespace

std::string quotedText(std::string_view text, std::size_t maxCodePoints)
{
    static constexpr std::string_view hex = "0123456789abcdef";
    std::string out = "\"";
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (count == maxCodePoints) {
            out += "…";
            break;
        }
        const engine::utf8::DecodeResult r = engine::utf8::decodeAt(text, i);
        i += r.length;
        ++count;
        const char32_t c = r.valid ? r.codePoint : engine::utf8::replacementCharacter;
        switch (c) {
        case U'"':
            out += "\\\"";
            continue;
        case U'\\':
            out += "\\\\";
            continue;
        case U'\n':
            out += "\\n";
            continue;
        case U'\r':
            out += "\\r";
            continue;
        case U'\t':
            out += "\\t";
            continue;
        default:
            break;
        }
        // Other C0 and C1 controls and the bidirectional overrides could reflow or disguise
        // what the terminal shows: escape them.
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E)
            || (c >= 0x2066 && c <= 0x2069)) {
            out += "\\u";
            for (int shift = 12; shift >= 0; shift -= 4)
                out += hex[(c >> shift) & 0xF];
            continue;
        }
        engine::utf8::append(out, c);
    }
    out += '"';
    return out;
}

std::string formatDuration(std::int64_t nanoseconds)
{
    if (nanoseconds < 1000)
        return std::to_string(nanoseconds) + " ns";
    // One decimal, always with a point: std::to_chars ignores the locale, printf would not.
    const double ns = static_cast<double>(nanoseconds);
    const auto [value, unit] = nanoseconds < 1000000 ? std::pair(ns / 1e3, " µs")
        : nanoseconds < 1000000000                   ? std::pair(ns / 1e6, " ms")
                                                     : std::pair(ns / 1e9, " s");
    std::array<char, 32> buffer {};
    const auto end = std::to_chars(
        buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed, 1);
    return std::string(buffer.data(), end.ptr) + unit;
}

void printTurnResult(std::ostream &out, const engine::TurnResult &result)
{
    std::size_t clauseCount = 0;
    for (const engine::ContractResult &contract : result.contracts)
        clauseCount += contract.clauses.size();

    out << (result.valid ? "VALID" : "INVALID") << ": "
        << plural(result.violations.size(), "violation", "violations") << ", "
        << plural(result.fixes.size(), "fix", "fixes") << ", "
        << plural(clauseCount, "clause", "clauses") << " in "
        << plural(result.contracts.size(), "contract", "contracts") << " ("
        << formatDuration(result.durationNs) << ")\n";

    if (!result.violations.empty()) {
        out << "\nViolations:\n";
        for (const engine::Violation &violation : result.violations) {
            out << "  " << where(result, violation.clause, violation.line) << ": "
                << engine::clauseSeverityName(violation.severity) << '[' << violation.clause
                << "]: ";
            if (violation.status == engine::ClauseStatus::Error)
                out << "evaluation error: ";
            out << violation.message << '\n';
        }
    }

    if (!result.fixes.empty()) {
        out << "\nFixes:\n";
        for (const engine::FixRecord &fix : result.fixes) {
            out << "  " << where(result, fix.clause, fix.line) << ": " << fix.clause << " (round "
                << fix.round << "): " << engine::fixOutcomeName(fix.outcome);
            if (!fix.applied)
                out << ", not applied";
            if (fix.outcome == engine::FixOutcome::Error && !fix.error.empty())
                out << ": " << fix.error;
            if (fix.outcome == engine::FixOutcome::Broke && !fix.broken.empty()) {
                out << ": broke";
                for (const std::string &broken : fix.broken)
                    out << ' ' << broken;
            }
            out << "\n    " << quotedText(fix.before) << " → " << quotedText(fix.after) << '\n';
        }
        out << "\nContent after fixes: " << quotedText(result.content) << '\n';
        if (result.response)
            out << "Response after fixes: " << quotedText(*result.response) << '\n';
    }

    if (clauseCount == 0)
        return;

    struct Row
    {
        std::string status, id, kind, where, duration, message;
    };
    std::vector<Row> rows;
    rows.push_back({"status", "clause", "kind", "line", "duration", "message"});
    for (const engine::ContractResult &contract : result.contracts)
        for (const engine::ClauseVerdict &verdict : contract.clauses) {
            std::string location = verdict.file().empty()
                ? std::to_string(verdict.range().begin.line)
                : verdict.file() + ':' + std::to_string(verdict.range().begin.line);
            rows.push_back({std::string(engine::clauseStatusName(verdict.status)), verdict.id(),
                std::string(engine::clauseKindName(verdict.kind())), std::move(location),
                formatDuration(verdict.durationNs), verdict.message});
        }
    std::array<std::size_t, 5> widths {};
    for (const Row &row : rows) {
        widths[0] = std::max(widths[0], width(row.status));
        widths[1] = std::max(widths[1], width(row.id));
        widths[2] = std::max(widths[2], width(row.kind));
        widths[3] = std::max(widths[3], width(row.where));
        widths[4] = std::max(widths[4], width(row.duration));
    }
    out << "\nClauses:\n";
    for (const Row &row : rows) {
        out << "  ";
        padded(out, row.status, widths[0] + 2);
        padded(out, row.id, widths[1] + 2);
        padded(out, row.kind, widths[2] + 2);
        padded(out, row.where, widths[3] + 2);
        if (row.message.empty()) {
            out << row.duration << '\n';
            continue;
        }
        padded(out, row.duration, widths[4] + 2);
        out << row.message << '\n';
    }
}

} // namespace llmcl::cli
