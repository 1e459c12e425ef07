// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

#include <vector>

namespace llmcl::editor {

class ContractEditor;
class DiagnosticsController;

// Conflicts between clauses (LANGUAGE.md §11) shown on both clauses, and suppressed clauses
// greyed, in a ContractEditor.
//
// A conflict diagnostic (E3001, E3002, W3001, W3002) is on the second clause of the pair, with
// the first as its related location; ContractEditor squiggles the second. This class marks the
// first one too (a dotted box) when it is in the same document, and each end's tooltip names the
// other ("conflicts with the clause on line 3") and says how the conflict was resolved (the
// diagnostic's message carries the rule: priority, first_wins, …). partnerOf() links the two:
// the Studio's Go to Conflicting Clause jumps from one to the other.
//
// A clause the compiled set suppresses is painted grey (its text, not its background, so the
// syntax colours of other text stay readable) and its tooltip gives the reason ("suppressed:
// conflicts with Safety#1 (priority critical > low)"). Suppression is known only for a set that
// compiles; while it does not, the last greying is kept, like the last verdicts.
//
// Updated when the controller applies an analysis; the marks move with the text in between.
// Child of its editor; GUI thread only.
class ConflictDecorations : public QObject
{
    Q_OBJECT

public:
    ConflictDecorations(ContractEditor *editor, DiagnosticsController *controller);
    ~ConflictDecorations() override;

    // Indicator numbers (for tests and themes).
    int suppressedIndicator() const { return m_suppressedIndicator; }
    int partnerIndicator() const { return m_partnerIndicator; }

    // The reason why the clause at byte `position` is suppressed, empty when it is not.
    QString suppressionAt(int position) const;
    // The byte range [first, second) of the other clause of a conflict at `position` (either
    // end), or (-1, -1).
    std::pair<int, int> partnerOf(int position) const;
    // Selects the other clause of the conflict at the cursor. False when there is none.
    bool goToPartner();

    // The tooltip fragment for `position`.
    QString toolTipText(int position) const;

private:
    struct Mark
    {
        int index = 0; // the indicator value - 1
        QString text;
        int partnerLine = 0; // 1-based, 0: none
    };
    void update();
    std::pair<int, int> indicatorRange(int indicator, int position) const;

    ContractEditor *m_editor;
    DiagnosticsController *m_controller;
    int m_suppressedIndicator = -1;
    int m_partnerIndicator = -1;
    std::vector<QString> m_suppressionReasons; // by indicator value - 1
    std::vector<Mark> m_partners; // by indicator value - 1
};

} // namespace llmcl::editor
