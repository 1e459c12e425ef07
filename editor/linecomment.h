// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QsciScintilla;

namespace llmcl::editor {

// Toggle Comment (Ctrl+/) with LLMCL's line comment, `//` (LANGUAGE.md §1).
//
// The lines are those of the selection (a selection that ends at the start of a line leaves
// that line out), or the cursor's line. When every non-blank one of them starts with a comment
// (`//` or `#`, after indentation) they are uncommented (the marker and one space after it
// go); otherwise `// ` is inserted in all non-blank lines at the smallest indentation among them,
// so that the block stays aligned. One undo step; the selection then covers the whole lines.
// Blank lines are left alone. Text work only, no parsing: GUI thread.
class LineComment
{
public:
    // False when there was nothing to do (only blank lines).
    static bool toggle(QsciScintilla *editor);
};

} // namespace llmcl::editor
