// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "editor/textdiff.h"

#include <QWidget>

class QLabel;
class QTextBrowser;

namespace llmcl::engine {
struct FixRecord;
}

namespace llmcl::app {

// One auto_fix as a word diff: the text before (deleted words struck through on red) and after
// (inserted words underlined on green) side by side, and the fix's outcome after
// re-validation (fixed, ineffective, broke with the clauses it broke, error with why). Strike
// and underline mark the changes without relying on colour. GUI thread only.
class FixDiffView : public QWidget
{
    Q_OBJECT

public:
    explicit FixDiffView(QWidget *parent = nullptr);

    // Shows `fix` with its diff (computed off the GUI thread by the LiveEvaluator); null: nothing.
    void setFix(const engine::FixRecord *fix, const editor::TextDiff &diff);
    void clear();

    QString outcomeText() const;
    QTextBrowser *beforeView() const { return m_before; }
    QTextBrowser *afterView() const { return m_after; }

    // The HTML of one side: Equal segments plain, Delete (before) or Insert (after) marked.
    static QString sideHtml(const editor::TextDiff &diff, bool before);
    // "fixed", "ineffective", "broke", "error", translated.
    static QString outcomeName(int outcome);

private:
    QLabel *m_outcome;
    QTextBrowser *m_before;
    QTextBrowser *m_after;
};

} // namespace llmcl::app
