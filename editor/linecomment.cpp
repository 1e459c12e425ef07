// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/linecomment.h"

#include <Qsci/qsciscintilla.h>

#include <algorithm>
#include <climits>
#include <string>
#include <vector>

namespace llmcl::editor {

namespace {

std::string lineText(QsciScintilla *editor, long line)
{
    const long begin = editor->SendScintilla(QsciScintillaBase::SCI_POSITIONFROMLINE, line);
    const long end = editor->SendScintilla(QsciScintillaBase::SCI_GETLINEENDPOSITION, line);
    std::string text;
    if (end > begin) {
        std::vector<char> buffer(std::size_t(end - begin) + 1);
        editor->SendScintilla(QsciScintillaBase::SCI_GETTEXTRANGE, begin, end, buffer.data());
        text.assign(buffer.data(), std::size_t(end - begin));
    }
    return text;
}

std::size_t indentation(const std::string &line)
{
    return line.find_first_not_of(" \t") == std::string::npos ? line.size()
                                                              : line.find_first_not_of(" \t");
}

bool isBlankLine(const std::string &line)
{
    return line.find_first_not_of(" \t\r") == std::string::npos;
}

} // namespace

bool LineComment::toggle(QsciScintilla *editor)
{
    using Base = QsciScintillaBase;
    const long anchor = editor->SendScintilla(Base::SCI_GETSELECTIONSTART);
    const long caret = editor->SendScintilla(Base::SCI_GETSELECTIONEND);
    const long first = editor->SendScintilla(Base::SCI_LINEFROMPOSITION, anchor);
    long last = editor->SendScintilla(Base::SCI_LINEFROMPOSITION, caret);
    if (last > first && editor->SendScintilla(Base::SCI_POSITIONFROMLINE, last) == caret)
        --last;

    std::vector<std::string> lines;
    bool allCommented = true;
    std::size_t column = SIZE_MAX;
    for (long line = first; line <= last; ++line) {
        lines.push_back(lineText(editor, line));
        const std::string &text = lines.back();
        if (isBlankLine(text))
            continue;
        const std::size_t indent = indentation(text);
        column = std::min(column, indent);
        const std::string_view rest = std::string_view(text).substr(indent);
        if (!rest.starts_with("//") && !rest.starts_with("#"))
            allCommented = false;
    }
    if (column == SIZE_MAX)
        return false;

    // A bare cursor stays on its character; a selection grows to the whole lines.
    const bool bareCursor = anchor == caret;
    const long cursorLine = first;
    const long cursorColumn = caret - editor->SendScintilla(Base::SCI_POSITIONFROMLINE, first);
    long cursorShift = 0;
    editor->SendScintilla(Base::SCI_BEGINUNDOACTION);
    for (long line = last; line >= first; --line) {
        const std::string &text = lines[std::size_t(line - first)];
        if (isBlankLine(text))
            continue;
        const long lineStart = editor->SendScintilla(Base::SCI_POSITIONFROMLINE, line);
        if (allCommented) {
            const std::size_t indent = indentation(text);
            std::size_t length = text.compare(indent, 2, "//") == 0 ? 2 : 1;
            if (indent + length < text.size() && text[indent + length] == ' ')
                ++length;
            editor->SendScintilla(Base::SCI_DELETERANGE, lineStart + long(indent), long(length));
            if (line == cursorLine && cursorColumn > long(indent))
                cursorShift = -std::min(long(length), cursorColumn - long(indent));
        } else {
            editor->SendScintilla(Base::SCI_INSERTTEXT, lineStart + long(column), "// ");
            if (line == cursorLine && cursorColumn >= long(column))
                cursorShift = 3;
        }
    }
    editor->SendScintilla(Base::SCI_ENDUNDOACTION);
    if (bareCursor) {
        editor->SendScintilla(Base::SCI_GOTOPOS,
            editor->SendScintilla(Base::SCI_POSITIONFROMLINE, cursorLine) + cursorColumn
                + cursorShift);
    } else {
        editor->SendScintilla(Base::SCI_SETSEL,
            editor->SendScintilla(Base::SCI_POSITIONFROMLINE, first),
            editor->SendScintilla(Base::SCI_GETLINEENDPOSITION, last));
    }
    return true;
}

} // namespace llmcl::editor
