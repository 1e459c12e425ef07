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

    const QFont font = editor->lexer() ? editor->lexer()->defaultFont() : editor->font();
    m_style = std::make_unique<QsciStyle>(-1, QStringLiteral("LLMCL verdict annotation"),
        QColor(0x4a, 0x6a, 0x8a), editor->paper(), font);
    QFont italic = font;
    italic.setItalic(true);
    m_staleStyle = std::make_unique<QsciStyle>(-1, QStringLiteral("LLMCL stale verdict annotation"),
        QColor(0x9a, 0x9a, 0x9a), editor->paper(), italic);

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
    return m_shown.count(line) && !m_shown.at(line).text.isEmpty();
}

ClauseStatus VerdictDisplay::statusOnLine(int line) const
{
    const auto it = m_shown.find(line);
    return it == m_shown.end() ? ClauseStatus::Skipped : it->second.status;
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
    std::map<int, Shown> moved;
    bool merged = false;
    for (auto &[shownLine, entry] : m_shown) {
        if (shownLine < first) {
            moved.emplace(shownLine, std::move(entry));
        } else if (linesAdded > 0) {
            moved.emplace(shownLine + linesAdded, std::move(entry));
        } else if (shownLine >= first - linesAdded) {
            moved.emplace(shownLine + linesAdded, std::move(entry));
        } else {
            merged = true; // removed: Scintilla merged its markers (and annotation) into `line`
        }
    }
    if (merged)
        moved[line].dirty = true;
    m_shown = std::move(moved);
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
    std::map<int, Shown> wanted;
    if (m_evaluation) {
        const quint64 revision = m_evaluation->contractsRevision;
        // Edits up to the result's revision are not needed again: results come in order.
        std::erase_if(m_edits, [revision](const Edit &edit) { return edit.revision <= revision; });
        const int lineCount = m_editor->lines();
        const auto verdicts = m_evaluation->verdicts();
        std::map<int, int> count;
        struct Row
        {
            int line;
            std::size_t index;
        };
        std::vector<Row> rows;
        for (std::size_t i = 0; i < verdicts.size(); ++i) {
            const engine::ClauseVerdict &verdict = *verdicts[i];
            if (verdict.file != m_evaluation->documentPath || verdict.range.begin.line == 0)
                continue;
            const int line = currentLine(int(verdict.range.begin.line) - 1, revision);
            if (line < 0 || line >= lineCount)
                continue;
            rows.push_back({line, i});
            ++count[line];
        }
        for (const Row &row : rows) {
            const engine::ClauseVerdict &verdict = *verdicts[row.index];
            Shown &entry = wanted[row.line];
            if (entry.text.isEmpty() || rank(verdict.status) > rank(entry.status))
                entry.status = verdict.status;
            QString text = verdictSymbol(verdict.status) + QLatin1Char(' ');
            if (count[row.line] > 1)
                text += QString::fromStdString(verdict.id) + QLatin1Char(' ');
            text += verdictStatusText(verdict.status);
            const QString &explanation = m_evaluation->explanations[row.index];
            if (!explanation.isEmpty())
                text += QStringLiteral(": ") + explanation;
            if (!verdict.message.empty() && verdict.status != ClauseStatus::Pass)
                text += QStringLiteral(" — ") + QString::fromStdString(verdict.message);
            if (!entry.text.isEmpty())
                entry.text += QLatin1Char('\n');
            entry.text += text;
        }
    }
    apply(std::move(wanted), false);
}

void VerdictDisplay::setStale(bool stale)
{
    if (stale == m_stale)
        return;
    m_stale = stale;
    defineMarkers(); // the same numbers, greyed or not: Scintilla redraws them
    std::map<int, Shown> same = m_shown;
    apply(std::move(same), true);
}

void VerdictDisplay::clear()
{
    m_evaluation = nullptr;
    apply({}, false);
    m_edits.clear();
}

void VerdictDisplay::apply(std::map<int, Shown> wanted, bool restyle)
{
    m_linesTouched = 0;
    for (const auto &[line, entry] : m_shown) {
        if (!wanted.count(line)) {
            unshow(line);
            ++m_linesTouched;
        }
    }
    for (auto &[line, entry] : wanted) {
        const auto it = m_shown.find(line);
        const bool same = it != m_shown.end() && !it->second.dirty
            && it->second.status == entry.status && it->second.text == entry.text;
        entry.dirty = false;
        if (same && !restyle)
            continue;
        if (entry.text.isEmpty())
            unshow(line);
        else
            show(line, entry);
        ++m_linesTouched;
    }
    std::erase_if(wanted, [](const auto &item) { return item.second.text.isEmpty(); });
    m_shown = std::move(wanted);
}

void VerdictDisplay::show(int line, const Shown &entry)
{
    for (const int marker : m_markers)
        m_editor->markerDelete(line, marker);
    m_editor->markerAdd(line, markerNumber(entry.status));
    m_editor->annotate(line, entry.text, m_stale ? *m_staleStyle : *m_style);
}

void VerdictDisplay::unshow(int line)
{
    for (const int marker : m_markers)
        m_editor->markerDelete(line, marker);
    m_editor->clearAnnotations(line);
}

} // namespace llmcl::editor
