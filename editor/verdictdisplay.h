// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/turnresult.h"

#include <QObject>
#include <QString>

#include <map>
#include <memory>
#include <vector>

class QsciStyle;

namespace llmcl::editor {

class ContractEditor;
struct LiveEvaluation;

// Shows a live evaluation's clause verdicts in a ContractEditor: a symbol per clause line in the
// verdict margin (kVerdictMargin; shapes in verdicticons.h, worst status of the line's clauses
// wins) on the clause's first line, and an annotation under the clause's last line (a clause
// written over several lines keeps them together), one row per verdict: symbol, status,
// explanation ("len(response) = 12 >= 20 → false") and message. Annotations sit between lines,
// so they do not change the line numbers Scintilla and the engine count. Their colours follow
// the editor's syntax theme (light or dark background).
//
// Positions: the verdicts' ranges refer to the text the contracts were analysed from
// (LiveEvaluation::contractsRevision). The display logs the line insertions and deletions made
// since (from Scintilla's modification notifications) and maps each clause line through them,
// exactly as Scintilla moves the markers and annotations already shown; so a result that
// arrives after more typing still lands on the clause's current line.
//
// Cost on the GUI thread: a new result touches only the lines whose symbol or text changed;
// re-annotating every line happens only when the stale (greyed) look is switched. An edit that
// adds or removes lines shifts the bookkeeping (a few thousand integers at most).
//
// The display is a child of its editor. GUI thread only.
class VerdictDisplay : public QObject
{
    Q_OBJECT

public:
    static constexpr int kVerdictMargin = 3;

    explicit VerdictDisplay(ContractEditor *editor);
    ~VerdictDisplay() override;

    // The display of `editor`, created on first use.
    static VerdictDisplay *of(ContractEditor *editor);

    ContractEditor *editor() const { return m_editor; }

    // Shows `evaluation`'s verdicts of the editor's document (null: none).
    void setEvaluation(std::shared_ptr<const LiveEvaluation> evaluation);
    std::shared_ptr<const LiveEvaluation> evaluation() const { return m_evaluation; }
    // Greyed symbols and annotations: the contracts stopped compiling, the verdicts are the last
    // good ones.
    void setStale(bool stale);
    bool isStale() const { return m_stale; }
    void clear();

    // The marker number of a status (Skipped has Pending's).
    int markerNumber(engine::ClauseStatus status) const;
    // Whether a verdict symbol is on `line` (0-based); the status shown there, or Skipped when
    // none is.
    bool hasVerdictOnLine(int line) const;
    engine::ClauseStatus statusOnLine(int line) const;
    // The annotation style numbers (fresh and greyed).
    int annotationStyle() const;
    int staleAnnotationStyle() const;

    // Lines whose marker or annotation the last setEvaluation() changed (for tests and the
    // benchmark: an unchanged result changes none).
    int linesTouched() const { return m_linesTouched; }

    // The annotation under `line` (0-based) as Scintilla holds it, whoever set it.
    // QsciScintilla::annotation() of QScintilla 2.14 returns garbage; this reads it correctly.
    QString annotationText(int line) const;

    // Where a clause line of the analysed text (0-based) is now.
    int currentLine(int analysedLine, quint64 analysedRevision) const;

private:
    // A line's symbol; a line's annotation.
    struct Mark
    {
        engine::ClauseStatus status = engine::ClauseStatus::Pending;
        bool dirty = false; // lines were merged into it: redraw whatever it shows
    };
    struct Note
    {
        QString text;
        bool dirty = false;
    };
    struct Edit
    {
        quint64 revision; // the revision after the edit
        int line; // first line whose markers move
        int linesAdded; // negative: removed
    };

    void defineMarkers();
    void onModified(int position, int modificationType, int linesAdded);
    void apply(std::map<int, Mark> marks, std::map<int, Note> notes, bool restyle);
    // The annotation styles' colours for the editor's current background.
    void updateStyles();
    void showMark(int line, engine::ClauseStatus status);
    void unshowMark(int line);

    ContractEditor *m_editor;
    std::unique_ptr<QsciStyle> m_style;
    std::unique_ptr<QsciStyle> m_staleStyle;
    int m_markers[5] = {-1, -1, -1, -1, -1}; // Pass, Fail, Error, Pending, Suppressed
    int m_markerMask = 0;
    int m_markerSize = 0;
    std::shared_ptr<const LiveEvaluation> m_evaluation;
    std::map<int, Mark> m_marks; // by current line
    std::map<int, Note> m_notes; // by current line
    std::vector<Edit> m_edits; // since the oldest revision a result may still refer to
    bool m_stale = false;
    int m_linesTouched = 0;
};

} // namespace llmcl::editor
