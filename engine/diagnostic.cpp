// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/diagnostic.h"

#include "engine/utf8.h"

#include <algorithm>

namespace llmcl::engine {

namespace {

constexpr std::string_view byteOrderMark = "\xEF\xBB\xBF";

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
    if (lineStart == 0 && line.starts_with(byteOrderMark)) {
        hidden = byteOrderMark.size();
        line.remove_prefix(hidden);
    }
    const auto columnOf = [&](std::size_t offset) {
        const std::size_t inLine = std::min(offset - lineStart, fullLine.size());
        const std::size_t visible = inLine > hidden ? inLine - hidden : 0;
        return static_cast<std::uint32_t>(utf8::codePointCount(line.substr(0, visible)) + 1);
    };
    // The caret comes from the offsets, the authority; the header shows the stored columns.
    const std::uint32_t beginColumn = columnOf(range.begin.offset);
    const std::uint32_t endColumn = range.end.offset <= lineStart + fullLine.size()
        ? columnOf(range.end.offset)
        : static_cast<std::uint32_t>(utf8::codePointCount(line) + 1);
    out += displayedLine(line);
    out += '\n';
    out += caretLine(line, beginColumn, endColumn);
    out += '\n';
    return out;
}

} // namespace llmcl::engine
