// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/conflictdecorations.h"

#include "editor/contracteditor.h"
#include "editor/diagnosticscontroller.h"
#include "engine/diagnosticcodes.h"
#include "engine/program.h"

#include <QPointer>

#include <filesystem>

namespace llmcl::editor {

namespace {

bool isConflict(const engine::Diagnostic &diagnostic)
{
    namespace codes = engine::codes;
    return diagnostic.code == codes::contradictoryClauses
        || diagnostic.code == codes::contradictoryMerge
        || diagnostic.code == codes::conflictSuppressed
        || diagnostic.code == codes::redundantClause;
}

bool sameFile(const std::string &a, const std::string &b)
{
    return a.empty() || b.empty() || a == b
        || std::filesystem::path(a).lexically_normal()
        == std::filesystem::path(b).lexically_normal();
}

} // namespace

ConflictDecorations::ConflictDecorations(ContractEditor *editor, DiagnosticsController *controller)
    : QObject(editor)
    , m_editor(editor)
    , m_controller(controller)
{
    m_suppressedIndicator = editor->indicatorDefine(QsciScintilla::TextColorIndicator);
    editor->setIndicatorForegroundColor(QColor(0x8a, 0x8a, 0x8a), m_suppressedIndicator);
    m_partnerIndicator = editor->indicatorDefine(QsciScintilla::DotBoxIndicator);
    editor->setIndicatorForegroundColor(QColor(0xd0, 0x80, 0x00), m_partnerIndicator);
    editor->SendScintilla(QsciScintillaBase::SCI_INDICSETUNDER, m_partnerIndicator, 1L);
    connect(
        controller, &DiagnosticsController::diagnosticsApplied, this, &ConflictDecorations::update);
    editor->setHoverTextProvider(this, [self = QPointer<ConflictDecorations>(this)](int position) {
        return self ? self->toolTipText(position) : QString();
    });
}

ConflictDecorations::~ConflictDecorations() = default;

void ConflictDecorations::update()
{
    const auto service = m_controller->languageService();
    if (!service)
        return;
    using Base = QsciScintillaBase;
    const long length = m_editor->SendScintilla(Base::SCI_GETLENGTH);

    // Conflict partners: the first clause of each conflict diagnostic in this document.
    m_editor->SendScintilla(Base::SCI_SETINDICATORCURRENT, m_partnerIndicator);
    m_editor->SendScintilla(Base::SCI_INDICATORCLEARRANGE, 0UL, length);
    m_partners.clear();
    const std::vector<engine::Diagnostic> &diagnostics = m_editor->diagnostics();
    for (std::size_t i = 0; i < diagnostics.size(); ++i) {
        const engine::Diagnostic &diagnostic = diagnostics[i];
        if (!isConflict(diagnostic) || diagnostic.related.empty())
            continue;
        const engine::RelatedLocation &other = diagnostic.related.front();
        if (!sameFile(other.file, service->path()))
            continue;
        const long begin = std::min(long(other.range.begin.offset), length);
        const long end = std::clamp(long(other.range.end.offset), begin, length);
        if (end <= begin)
            continue;
        Mark mark;
        mark.index = int(i);
        mark.partnerLine = int(diagnostic.range.begin.line);
        mark.text = QString::fromStdString(diagnostic.message);
        m_partners.push_back(mark);
        m_editor->SendScintilla(Base::SCI_SETINDICATORVALUE, int(m_partners.size()));
        m_editor->SendScintilla(Base::SCI_INDICATORFILLRANGE, begin, end - begin);
    }

    // Suppressed clauses: known from a compiled set only; a set with errors keeps the last ones.
    const auto &set = service->compileResult().set;
    if (!set)
        return;
    m_editor->SendScintilla(Base::SCI_SETINDICATORCURRENT, m_suppressedIndicator);
    m_editor->SendScintilla(Base::SCI_INDICATORCLEARRANGE, 0UL, length);
    m_suppressionReasons.clear();
    for (const engine::detail::CompiledClause &clause : set->data().clauses) {
        if (!clause.suppressed || !sameFile(clause.file, service->path()))
            continue;
        const long begin = std::min(long(clause.range.begin.offset), length);
        const long end = std::clamp(long(clause.range.end.offset), begin, length);
        if (end <= begin)
            continue;
        m_suppressionReasons.push_back(QString::fromStdString(clause.suppressionReason));
        m_editor->SendScintilla(Base::SCI_SETINDICATORVALUE, int(m_suppressionReasons.size()));
        m_editor->SendScintilla(Base::SCI_INDICATORFILLRANGE, begin, end - begin);
    }
}

QString ConflictDecorations::suppressionAt(int position) const
{
    const long value = m_editor->SendScintilla(
        QsciScintillaBase::SCI_INDICATORVALUEAT, m_suppressedIndicator, long(position));
    if (value <= 0 || std::size_t(value) > m_suppressionReasons.size())
        return {};
    return m_suppressionReasons[std::size_t(value) - 1];
}

std::pair<int, int> ConflictDecorations::indicatorRange(int indicator, int position) const
{
    using Base = QsciScintillaBase;
    return {int(m_editor->SendScintilla(Base::SCI_INDICATORSTART, indicator, long(position))),
        int(m_editor->SendScintilla(Base::SCI_INDICATOREND, indicator, long(position)))};
}

std::pair<int, int> ConflictDecorations::partnerOf(int position) const
{
    using Base = QsciScintillaBase;
    // On the first clause: the partner is the diagnostic's own range (the second clause).
    const long value =
        m_editor->SendScintilla(Base::SCI_INDICATORVALUEAT, m_partnerIndicator, long(position));
    if (value > 0 && std::size_t(value) <= m_partners.size())
        return m_editor->diagnosticRange(m_partners[std::size_t(value) - 1].index);
    // On the second clause: find the partner mark of a conflict diagnostic there.
    for (const int index : m_editor->diagnosticsAt(position)) {
        for (std::size_t m = 0; m < m_partners.size(); ++m) {
            if (m_partners[m].index != index)
                continue;
            const long length = m_editor->SendScintilla(Base::SCI_GETLENGTH);
            for (long at = 0; at < length;) {
                const long end =
                    m_editor->SendScintilla(Base::SCI_INDICATOREND, m_partnerIndicator, at);
                if (end <= at)
                    break;
                if (m_editor->SendScintilla(Base::SCI_INDICATORVALUEAT, m_partnerIndicator, at)
                    == long(m + 1))
                    return {int(at), int(end)};
                at = end;
            }
        }
    }
    return {-1, -1};
}

bool ConflictDecorations::goToPartner()
{
    const auto [begin, end] =
        partnerOf(int(m_editor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS)));
    if (begin < 0)
        return false;
    using Base = QsciScintillaBase;
    m_editor->SendScintilla(Base::SCI_ENSUREVISIBLEENFORCEPOLICY,
        m_editor->SendScintilla(Base::SCI_LINEFROMPOSITION, begin));
    m_editor->SendScintilla(Base::SCI_SETSEL, begin, long(end));
    m_editor->SendScintilla(Base::SCI_SCROLLRANGE, end, long(begin));
    return true;
}

QString ConflictDecorations::toolTipText(int position) const
{
    QStringList parts;
    if (const QString reason = suppressionAt(position); !reason.isEmpty())
        parts.append(QStringLiteral("<b>") + tr("Suppressed clause") + QStringLiteral("</b>: ")
            + reason.toHtmlEscaped());
    const long value = m_editor->SendScintilla(
        QsciScintillaBase::SCI_INDICATORVALUEAT, m_partnerIndicator, long(position));
    if (value > 0 && std::size_t(value) <= m_partners.size()) {
        const Mark &mark = m_partners[std::size_t(value) - 1];
        const auto [begin, end] = m_editor->diagnosticRange(mark.index);
        const int line = begin >= 0
            ? int(m_editor->SendScintilla(QsciScintillaBase::SCI_LINEFROMPOSITION, begin)) + 1
            : mark.partnerLine;
        parts.append(QStringLiteral("<b>") + tr("Conflicts with the clause on line %1").arg(line)
            + QStringLiteral("</b>: ") + mark.text.toHtmlEscaped() + QStringLiteral("<br/><i>")
            + tr("Go > Go to Conflicting Clause jumps there.") + QStringLiteral("</i>"));
    }
    return parts.join(QStringLiteral("<br/>"));
}

} // namespace llmcl::editor
