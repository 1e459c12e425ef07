// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>

class QImage;

namespace llmcl::editor {

class ContractEditor;
class DiagnosticsController;

// Clause breakpoints of one contract editor: a symbol in their own margin (kMargin) on the
// first line of a clause, toggled by clicking that margin or with toggle(). The conversation
// stepper stops at the first turn where a clause with a breakpoint fails.
//
// Only lines where a clause begins (its keyword, per the controller's latest analysis) take a
// breakpoint; clicks elsewhere do nothing. Without an analysis yet, nothing can be set. The
// markers move with the text as it is edited, so lines() follows the clauses; a breakpoint
// whose line is deleted goes with it.
//
// The object owns one Scintilla marker number (allocated with markerDefine(), so it never
// collides with the markers other parts define) and sets kMargin's mask to exactly that
// marker, so no other margin shows it and it shows no other marker. It is a child of the
// editor. GUI thread only.
class ClauseBreakpoints : public QObject
{
    Q_OBJECT

public:
    // The symbol margin of the breakpoints. ContractEditor::kDiagnosticsMargin is 1, folding 2,
    // live verdicts 3.
    static constexpr int kMargin = 4;

    // `controller` gives the analysis that says where clauses begin; it must belong to `editor`
    // (both outlive this object, which is the editor's child).
    ClauseBreakpoints(ContractEditor *editor, DiagnosticsController *controller);
    ~ClauseBreakpoints() override;

    ContractEditor *editor() const { return m_editor; }

    // The Scintilla marker number of the breakpoint symbol.
    int markerNumber() const { return m_marker; }

    // Whether a clause begins on `line` (0-based) in the latest analysis.
    bool isClauseLine(int line) const;
    // Sets or clears the breakpoint on `line` (0-based). Returns false, changing nothing, when
    // no clause begins there (and there is no breakpoint to clear).
    bool toggle(int line);
    bool hasBreakpoint(int line) const;
    void clear();

    // The lines (0-based, ascending) that carry a breakpoint now.
    QList<int> lines() const;

    // The breakpoint symbol (an octagon, like a stop sign: a shape no diagnostic uses).
    static QImage symbol(int pixelSize);

Q_SIGNALS:
    void breakpointsChanged();

private:
    ContractEditor *m_editor;
    DiagnosticsController *m_controller;
    int m_marker = -1;
};

} // namespace llmcl::editor
