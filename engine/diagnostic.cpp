// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/diagnostic.h"

#include "engine/utf8.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace llmcl::engine {

namespace {

// What a terminal is shown for one decoded code point of a quoted source line. Anything that
// could reflow or recolour the terminal (controls, C1 controls, bidirectional overrides that
// make "Trojan Source" text look harmless) and ill-formed bytes become one visible U+FFFD.
char32_t displayed(const utf8::DecodeResult &r) noexcept
{
    const char32_t c = r.codePoint;
    if (!r.valid)
        return utf8::replacementCharacter;
    if (c == U'\t')
        return c;
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069))
        return utf8::replacementCharacter;
    return c;
}

int cellWidth(const utf8::DecodeResult &r) noexcept
{
    const char32_t c = displayed(r);
    return c == U'\t' ? 1 : utf8::displayWidth(c); // as caretLine() counts a tab
}

// How much of a long source line an excerpt shows, in terminal cells (tabs count as one),
// without its cut marks: the range and its context fit a 132-column terminal with them.
constexpr std::size_t kExcerptWidth = 120;
// Context kept before a range too wide for the excerpt.
constexpr std::size_t kExcerptLead = 16;
constexpr std::string_view kCutMark = "\u2026"; // one cell

bool isContinuationByte(char c) noexcept
{
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Byte offsets [begin, end) of the part of `line` an excerpt shows.
struct Window
{
    std::size_t begin = 0;
    std::size_t end = 0;
};

// Where the code points of line[from, to) end once they have taken `cells` cells at most.
std::size_t advanceCells(std::string_view line, std::size_t from, std::size_t to, std::size_t cells,
    std::size_t *used = nullptr)
{
    std::size_t taken = 0;
    while (from < to) {
        const utf8::DecodeResult r = utf8::decode(line.substr(from));
        const auto width = static_cast<std::size_t>(cellWidth(r));
        if (taken + width > cells)
            break;
        taken += width;
        from += r.length;
    }
    if (used)
        *used = taken;
    return from;
}

// The earliest code point boundary before `to` from which at most `cells` cells reach it.
// Every byte that is not a continuation byte starts a decoding step (a maximal subpart never
// extends over one), so scanning may start at the first such byte of a stretch that holds
// `cells` cells of at most 4 bytes each.
std::size_t retreatCells(
    std::string_view line, std::size_t to, std::size_t cells, std::size_t *used = nullptr)
{
    std::size_t start = to > 4 * cells ? to - 4 * cells : 0;
    while (start < to && isContinuationByte(line[start]))
        ++start;
    std::vector<std::pair<std::size_t, std::size_t>> steps; // (offset, cells)
    for (std::size_t i = start; i < to;) {
        const utf8::DecodeResult r = utf8::decode(line.substr(i));
        steps.emplace_back(i, static_cast<std::size_t>(cellWidth(r)));
        i += r.length;
    }
    std::size_t first = steps.size();
    std::size_t taken = 0;
    while (first > 0 && taken + steps[first - 1].second <= cells)
        taken += steps[--first].second;
    // Combining marks whose base was cut off would combine with the cut mark.
    while (first < steps.size() && steps[first].second == 0)
        ++first;
    const std::size_t begin = first < steps.size() ? steps[first].first : to;
    if (used)
        *used = taken;
    return begin;
}

// The window of `line` to show for a range from byte `from` to byte `to` of it: the whole
// line when it fits kExcerptWidth cells, otherwise a window around the range's start, with the
// range centred when it fits and its start and kExcerptLead cells before it when not.
Window excerptWindow(std::string_view line, std::size_t from, std::size_t to)
{
    // A line's cells never exceed its bytes: short lines are shown whole without counting.
    if (line.size() <= kExcerptWidth
        || advanceCells(line, 0, line.size(), kExcerptWidth) == line.size())
        return {0, line.size()};
    std::size_t rangeCells = 0;
    advanceCells(line, from, to, kExcerptWidth, &rangeCells);
    const std::size_t lead = rangeCells + kExcerptLead >= kExcerptWidth
        ? kExcerptLead
        : (kExcerptWidth - rangeCells) / 2;
    std::size_t leftCells = 0;
    std::size_t begin = retreatCells(line, from, lead, &leftCells);
    std::size_t rightCells = 0;
    const std::size_t end =
        advanceCells(line, from, line.size(), kExcerptWidth - leftCells, &rightCells);
    // Near the end of the line, what the right side leaves goes to the left.
    if (end == line.size() && leftCells + rightCells < kExcerptWidth && begin > 0)
        begin = retreatCells(line, from, kExcerptWidth - rightCells);
    return {begin, end};
}

std::string displayedLine(std::string_view line)
{
    std::string out;
    out.reserve(line.size());
    for (std::size_t i = 0; i < line.size();) {
        const utf8::DecodeResult r = utf8::decode(line.substr(i));
        utf8::append(out, displayed(r));
        i += r.length;
    }
    return out;
}

} // namespace

std::string_view severityName(Severity severity) noexcept
{
    switch (severity) {
    case Severity::Error:
        return "error";
    case Severity::Warning:
        return "warning";
    case Severity::Info:
        return "info";
    }
    return "error";
}

Diagnostic makeDiagnostic(Severity severity, std::string_view code, const SourceRange &range,
    std::string file, std::string message)
{
    Diagnostic d;
    d.severity = severity;
    d.code = std::string(code);
    d.message = std::move(message);
    d.range = range;
    d.file = std::move(file);
    return d;
}

std::string formatDiagnosticHeader(const Diagnostic &diagnostic)
{
    std::string out = diagnostic.file.empty() ? std::string("<input>") : diagnostic.file;
    out += ':';
    out += std::to_string(diagnostic.range.begin.line);
    out += ':';
    out += std::to_string(diagnostic.range.begin.column);
    out += ": ";
    out += diagnostic.severity == Severity::Info ? std::string_view("note")
                                                 : severityName(diagnostic.severity);
    out += '[';
    out += diagnostic.code;
    out += "]: ";
    out += diagnostic.message;
    return out;
}

std::string_view sourceLineAt(std::string_view source, std::size_t offset) noexcept
{
    offset = std::min(offset, source.size());
    const std::size_t previousNewline =
        offset == 0 ? std::string_view::npos : source.rfind('\n', offset - 1);
    const std::size_t begin = previousNewline == std::string_view::npos ? 0 : previousNewline + 1;
    std::size_t end = source.find('\n', begin);
    if (end == std::string_view::npos)
        end = source.size();
    std::string_view line = source.substr(begin, end - begin);
    if (line.ends_with('\r') && end < source.size())
        line.remove_suffix(1);
    return line;
}

std::string caretLine(std::string_view line, std::uint32_t beginColumn, std::uint32_t endColumn)
{
    std::string out;
    std::uint32_t column = 1;
    bool caretPlaced = false;
    for (std::size_t i = 0; i < line.size(); ++column) {
        if (column >= endColumn && caretPlaced)
            break;
        const utf8::DecodeResult r = utf8::decode(line.substr(i));
        i += r.length;
        const char32_t c = displayed(r);
        int width = c == U'\t' ? 1 : utf8::displayWidth(c);
        if (column < beginColumn) {
            if (c == U'\t')
                out += '\t';
            else
                out.append(static_cast<std::size_t>(width), ' ');
            continue;
        }
        if (!caretPlaced) {
            out += '^';
            caretPlaced = true;
            if (column >= endColumn)
                break; // an empty range: the caret alone
            width = std::max(width, 1) - 1;
        }
        out.append(static_cast<std::size_t>(width), '~');
    }
    if (!caretPlaced)
        out += '^';
    return out;
}

std::string formatDiagnostic(const Diagnostic &diagnostic, std::string_view source)
{
    std::string out = formatDiagnosticHeader(diagnostic);
    out += '\n';
    const SourceRange &range = diagnostic.range;
    if (range.begin.offset > source.size() || range.end.offset < range.begin.offset)
        return out;

    const std::string_view fullLine = sourceLineAt(source, range.begin.offset);
    const auto lineStart = static_cast<std::size_t>(fullLine.data() - source.data());
    std::string_view line = fullLine;
    std::size_t hidden = 0; // bytes of a leading BOM, which takes no column
    if (lineStart == 0 && line.starts_with(utf8::byteOrderMark)) {
        hidden = utf8::byteOrderMark.size();
        line.remove_prefix(hidden);
    }
    // Byte offsets into `line`.
    const auto inLine = [&](std::size_t offset) {
        const std::size_t at = std::min(offset - lineStart, fullLine.size());
        return at > hidden ? at - hidden : 0;
    };
    // The caret comes from the offsets, the authority; the header shows the stored columns.
    const std::size_t from = inLine(range.begin.offset);
    const std::size_t to =
        range.end.offset <= lineStart + fullLine.size() ? inLine(range.end.offset) : line.size();
    // A long line is shown as a window around the range: a minified 100 KB line would
    // otherwise print whole, with as many tildes. Columns count from the window's start.
    const Window window = excerptWindow(line, from, to);
    const std::string_view shown = line.substr(window.begin, window.end - window.begin);
    const auto columnOf = [&](std::size_t offset) {
        offset = std::clamp(offset, window.begin, window.end);
        return static_cast<std::uint32_t>(
            utf8::codePointCount(line.substr(window.begin, offset - window.begin)) + 1);
    };
    const bool cutBefore = window.begin > 0;
    const bool cutAfter = window.end < line.size();
    if (cutBefore)
        out += kCutMark;
    out += displayedLine(shown);
    if (cutAfter)
        out += kCutMark;
    out += '\n';
    if (cutBefore)
        out += ' ';
    out += caretLine(shown, columnOf(from), columnOf(to));
    if (to > window.end)
        out += '~'; // under the cut mark: the range goes on
    out += '\n';
    return out;
}

namespace {

void appendCount(std::string &out, std::size_t count, std::string_view singular)
{
    if (count == 0)
        return;
    if (!out.empty())
        out += ", ";
    out += std::to_string(count);
    out += ' ';
    out += singular;
    if (count != 1)
        out += 's';
}

} // namespace

std::string diagnosticSummary(std::span<const Diagnostic> diagnostics)
{
    std::size_t errors = 0;
    std::size_t warnings = 0;
    std::size_t notes = 0;
    for (const Diagnostic &diagnostic : diagnostics) {
        switch (diagnostic.severity) {
        case Severity::Error:
            ++errors;
            break;
        case Severity::Warning:
            ++warnings;
            break;
        case Severity::Info:
            ++notes;
            break;
        }
    }
    std::string summary;
    appendCount(summary, errors, "error");
    appendCount(summary, warnings, "warning");
    appendCount(summary, notes, "note");
    return summary.empty() ? std::string("no problems") : summary;
}

} // namespace llmcl::engine
