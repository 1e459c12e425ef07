// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/verdictdisplay.h"

#include "editor/contracteditor.h"
#include "editor/liveevaluator.h"
#include "editor/verdicticons.h"

#include <Qsci/qscilexer.h>
#include <Qsci/qscistyle.h>

#include <algorithm>
#include <array>
#include <set>

namespace llmcl::editor {

using engine::ClauseStatus;

namespace {

// Marker slots in m_markers.
int slotOf(ClauseStatus status)
{
    switch (displayedStatus(status)) {
    case ClauseStatus::Pass:
        return 0;
    case ClauseStatus::Fail:
        return 1;
    case ClauseStatus::Error:
        return 2;
    case ClauseStatus::Suppressed:
        return 4;
    default:
        break;
    }
    return 3;
}

constexpr std::array<ClauseStatus, 5> kSlots = {ClauseStatus::Pass, ClauseStatus::Fail,
    ClauseStatus::Error, ClauseStatus::Pending, ClauseStatus::Suppressed};

// Which status a line with several verdicts shows: what needs attention first.
int rank(ClauseStatus status)
{
    switch (displayedStatus(status)) {
    case ClauseStatus::Error:
        return 4;
    case ClauseStatus::Fail:
        return 3;
    case ClauseStatus::Pending:
        return 2;
    case ClauseStatus::Pass:
        return 1;
    default:
        break;
    }
    return 0; // suppressed: only when every clause of the line is
}

// Moves the lines of `shown` as Scintilla has moved its markers and annotations after an edit
// that added (or removed, negative) `linesAdded` lines from line `first` on, from inside `line`.
// Lines removed are merged into `line`, which is then marked dirty.
template<typename Entry>
void moveLines(std::map<int, Entry> &shown, int line, int first, int linesAdded)
{
    std::map<int, Entry> moved;
    bool merged = false;
    for (auto &[shownLine, entry] : shown) {
        if (shownLine < first)
            moved.emplace(shownLine, std::move(entry));
        else if (linesAdded > 0 || shownLine >= first - linesAdded)
            moved.emplace(shownLine + linesAdded, std::move(entry));
        else
            merged = true; // removed: Scintilla merged its markers (and annotation) into `line`
    }
    if (merged)
        moved[line].dirty = true;
    shown = std::move(moved);
}

// Keeps the edit log bounded while no result arrives (contracts broken for a long time); the
// oldest edits are then forgotten and an old result may land a few lines off until the next.
constexpr std::size_t kMaxEdits = 10'000;

} // namespace

VerdictDisplay::VerdictDisplay(ContractEditor *editor)
    : QObject(editor)
    , m_editor(editor)
{
    defineMarkers();
    if (editor->margins() <= kVerdictMargin)
        editor->setMargins(kVerdictMargin + 1);
    editor->setMarginType(kVerdictMargin, QsciScintilla::SymbolMargin);
    editor->setMarginMarkerMask(kVerdictMargin, m_markerMask);
    editor->setMarginWidth(kVerdictMargin, m_markerSize + 4);
    editor->setMarginSensitivity(kVerdictMargin, false);
    // The diagnostics margin shows exactly the diagnostics' markers; keep it so even if it was
    // set before our markers existed with a broader mask.
    editor->setMarginMarkerMask(ContractEditor::kDiagnosticsMargin,
        editor->marginMarkerMask(ContractEditor::kDiagnosticsMargin) & ~m_markerMask);
    editor->setAnnotationDisplay(QsciScintilla::AnnotationIndented);

    // The annotation styles live among Scintilla's extended styles, past the 256 the
    // highlighting lexer may use: QsciStyle's own numbers (counting down from 63) are lexer
    // styles too, and the lexer recoloured them whenever it styled or changed theme.
    long first = editor->SendScintilla(QsciScintillaBase::SCI_ANNOTATIONGETSTYLEOFFSET);
    if (first == 0) {
        first = editor->SendScintilla(QsciScintillaBase::SCI_ALLOCATEEXTENDEDSTYLES, 2UL);
        editor->SendScintilla(QsciScintillaBase::SCI_ANNOTATIONSETSTYLEOFFSET, first);
    }
    const QFont font = editor->lexer() ? editor->lexer()->defaultFont() : editor->font();
    m_style = std::make_unique<QsciStyle>(int(first), QStringLiteral("LLMCL verdict annotation"),
        QColor(0x4a, 0x6a, 0x8a), editor->paper(), font);
    QFont italic = font;
    italic.setItalic(true);
    m_staleStyle = std::make_unique<QsciStyle>(int(first) + 1,
        QStringLiteral("LLMCL stale verdict annotation"), QColor(0x9a, 0x9a, 0x9a), editor->paper(),
        italic);
    updateStyles();
    // A note keeps the colours it was drawn with: a new theme draws them again.
    connect(editor, &ContractEditor::syntaxThemeChanged, this, [this] {
        updateStyles();
        apply(m_marks, m_notes, true);
    });

    connect(editor, &QsciScintillaBase::SCN_MODIFIED, this,
        [this](int position, int modificationType, const char *, int, int linesAdded, int, int, int,
            int, int) { onModified(position, modificationType, linesAdded); });
}

VerdictDisplay::~VerdictDisplay() = default;

VerdictDisplay *VerdictDisplay::of(ContractEditor *editor)
{
    if (!editor)
        return nullptr;
    if (auto *display = editor->findChild<VerdictDisplay *>(QString(), Qt::FindDirectChildrenOnly))
        return display;
    return new VerdictDisplay(editor);
}

void VerdictDisplay::defineMarkers()
{
    m_markerSize = std::clamp(
        int(m_editor->SendScintilla(QsciScintillaBase::SCI_TEXTHEIGHT, 0UL)) - 3, 10, 32);
    m_markerMask = 0;
    for (std::size_t slot = 0; slot < kSlots.size(); ++slot) {
        m_markers[slot] = m_editor->markerDefine(
            verdictImage(kSlots[slot], m_markerSize, m_stale), m_markers[slot]);
        m_markerMask |= 1 << m_markers[slot];
    }
}

int VerdictDisplay::markerNumber(ClauseStatus status) const
{
    return m_markers[slotOf(status)];
}

bool VerdictDisplay::hasVerdictOnLine(int line) const
{
    return m_marks.count(line) && !m_marks.at(line).dirty;
}

ClauseStatus VerdictDisplay::statusOnLine(int line) const
{
    const auto it = m_marks.find(line);
    return it == m_marks.end() || it->second.dirty ? ClauseStatus::Skipped : it->second.status;
}

void VerdictDisplay::updateStyles()
{
    // The lexer's default paper is the text's background (QsciScintilla::paper() is not, while
    // a lexer is set).
    const QColor paper = m_editor->lexer() ? m_editor->lexer()->paper(0) : m_editor->paper();
    const bool dark = paper.lightness() < 128;
    m_style->setPaper(paper);
    m_style->setColor(dark ? QColor(0x9c, 0xb8, 0xd6) : QColor(0x4a, 0x6a, 0x8a));
    m_staleStyle->setPaper(paper);
    m_staleStyle->setColor(dark ? QColor(0x80, 0x80, 0x80) : QColor(0x9a, 0x9a, 0x9a));
    m_style->apply(m_editor);
    m_staleStyle->apply(m_editor);
}

QString VerdictDisplay::annotationText(int line) const
{
    const long size = m_editor->SendScintilla(QsciScintillaBase::SCI_ANNOTATIONGETTEXT,
        static_cast<unsigned long>(line), static_cast<void *>(nullptr));
    if (size <= 0)
        return {};
    QByteArray buffer(size + 1, '\0');
    m_editor->SendScintilla(QsciScintillaBase::SCI_ANNOTATIONGETTEXT,
        static_cast<unsigned long>(line), static_cast<void *>(buffer.data()));
    buffer.truncate(size);
    return QString::fromUtf8(buffer);
}

int VerdictDisplay::annotationStyle() const
{
    return m_style->style();
}

int VerdictDisplay::staleAnnotationStyle() const
{
    return m_staleStyle->style();
}

void VerdictDisplay::onModified(int position, int modificationType, int linesAdded)
{
    if (linesAdded == 0
        || !(modificationType
            & (QsciScintillaBase::SC_MOD_INSERTTEXT | QsciScintillaBase::SC_MOD_DELETETEXT)))
        return;
    const int line =
        int(m_editor->SendScintilla(QsciScintillaBase::SCI_LINEFROMPOSITION, position));
    int first = line + 1;
    if (linesAdded > 0) {
        // Scintilla moves a line's markers and annotation down with its text when the
        // insertion starts at the beginning of the line.
        if (position == int(m_editor->SendScintilla(QsciScintillaBase::SCI_POSITIONFROMLINE, line)))
            first = line;
    }
    if (m_edits.size() == kMaxEdits)
        m_edits.erase(m_edits.begin(), m_edits.begin() + kMaxEdits / 2);
    m_edits.push_back({m_editor->revision(), first, linesAdded});

    // Move what is shown as Scintilla has moved it.
    moveLines(m_marks, line, first, linesAdded);
    moveLines(m_notes, line, first, linesAdded);
}

int VerdictDisplay::currentLine(int analysedLine, quint64 analysedRevision) const
{
    int line = analysedLine;
    for (const Edit &edit : m_edits) {
        if (edit.revision <= analysedRevision || line < edit.line)
            continue;
        if (edit.linesAdded > 0)
            line += edit.linesAdded;
        else
            line = std::max(edit.line - 1, line + edit.linesAdded);
    }
    return line;
}

void VerdictDisplay::setEvaluation(std::shared_ptr<const LiveEvaluation> evaluation)
{
    m_evaluation = std::move(evaluation);
    std::map<int, Mark> marks;
    std::map<int, Note> notes;
    if (m_evaluation) {
        const quint64 revision = m_evaluation->contractsRevision;
        // Edits up to the result's revision are not needed again: results come in order.
        std::erase_if(m_edits, [revision](const Edit &edit) { return edit.revision <= revision; });
        const int lineCount = m_editor->lines();
        const auto verdicts = m_evaluation->verdicts();
        std::map<int, int> count; // clauses per first line
        std::map<int, int> noteLine; // by first line: the last line of its clauses
        struct Row
        {
            int line;
            std::size_t index;
        };
        std::vector<Row> rows;
        for (std::size_t i = 0; i < verdicts.size(); ++i) {
            const engine::ClauseVerdict &verdict = *verdicts[i];
            if (verdict.file() != m_evaluation->documentPath || verdict.range().begin.line == 0)
                continue;
            const int line = currentLine(int(verdict.range().begin.line) - 1, revision);
            if (line < 0 || line >= lineCount)
                continue;
            rows.push_back({line, i});
            ++count[line];
            const int last = verdict.range().end.line > verdict.range().begin.line
                ? std::clamp(
                      currentLine(int(verdict.range().end.line) - 1, revision), line, lineCount - 1)
                : line;
            noteLine[line] = std::max(noteLine.count(line) ? noteLine[line] : line, last);
        }
        for (const Row &row : rows) {
            const engine::ClauseVerdict &verdict = *verdicts[row.index];
            const bool first = !marks.count(row.line);
            Mark &mark = marks[row.line];
            if (first || rank(verdict.status) > rank(mark.status))
                mark.status = verdict.status;
            QString text = verdictSymbol(verdict.status) + QLatin1Char(' ');
            if (count[row.line] > 1)
                text += QString::fromStdString(verdict.id()) + QLatin1Char(' ');
            text += verdictStatusText(verdict.status);
            const QString &explanation = m_evaluation->explanations[row.index];
            if (!explanation.isEmpty())
                text += QStringLiteral(": ") + explanation;
            if (!verdict.message.empty() && verdict.status != ClauseStatus::Pass)
                text += QStringLiteral(" — ") + QString::fromStdString(verdict.message);
            // Several clauses may end on one line (one clause ends where the next begins):
            // their rows join in one annotation.
            Note &note = notes[noteLine[row.line]];
            if (!note.text.isEmpty())
                note.text += QLatin1Char('\n');
            note.text += text;
        }
    }
    apply(std::move(marks), std::move(notes), false);
}

void VerdictDisplay::setStale(bool stale)
{
    if (stale == m_stale)
        return;
    m_stale = stale;
    defineMarkers(); // the same numbers, greyed or not: Scintilla redraws them
    apply(m_marks, m_notes, true);
}

void VerdictDisplay::clear()
{
    m_evaluation = nullptr;
    apply({}, {}, false);
    m_edits.clear();
}

void VerdictDisplay::apply(std::map<int, Mark> marks, std::map<int, Note> notes, bool restyle)
{
    std::set<int> touched;
    for (const auto &[line, mark] : m_marks) {
        if (!marks.count(line)) {
            unshowMark(line);
            touched.insert(line);
        }
    }
    for (auto &[line, mark] : marks) {
        const auto it = m_marks.find(line);
        const bool same =
            it != m_marks.end() && !it->second.dirty && it->second.status == mark.status;
        mark.dirty = false;
        if (same && !restyle)
            continue;
        showMark(line, mark.status);
        touched.insert(line);
    }
    m_marks = std::move(marks);

    for (const auto &[line, note] : m_notes) {
        if (!notes.count(line)) {
            m_editor->clearAnnotations(line);
            touched.insert(line);
        }
    }
    for (auto &[line, note] : notes) {
        const auto it = m_notes.find(line);
        const bool same = it != m_notes.end() && !it->second.dirty && it->second.text == note.text;
        note.dirty = false;
        if (same && !restyle)
            continue;
        m_editor->annotate(line, note.text, m_stale ? *m_staleStyle : *m_style);
        touched.insert(line);
    }
    m_notes = std::move(notes);
    m_linesTouched = int(touched.size());
}

void VerdictDisplay::showMark(int line, ClauseStatus status)
{
    for (const int marker : m_markers)
        m_editor->markerDelete(line, marker);
    m_editor->markerAdd(line, markerNumber(status));
}

void VerdictDisplay::unshowMark(int line)
{
    for (const int marker : m_markers)
        m_editor->markerDelete(line, marker);
}

} // namespace llmcl::editor
