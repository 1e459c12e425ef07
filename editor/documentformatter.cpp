// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/documentformatter.h"

#include "editor/contracteditor.h"
#include "editor/offsetmapper.h"
#include "engine/formatter.h"

#include <QThreadPool>

#include <algorithm>

namespace llmcl::editor {

struct DocumentFormatter::Result
{
    quint64 revision = 0;
    std::string before;
    engine::FormatResult formatted;
};

namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

} // namespace

DocumentFormatter::DocumentFormatter(ContractEditor *editor)
    : QObject(editor)
    , m_editor(editor)
    , m_pool(QThreadPool::globalInstance())
{ }

DocumentFormatter::~DocumentFormatter() = default;

std::size_t DocumentFormatter::equivalentOffset(
    std::string_view before, std::size_t offset, std::string_view after)
{
    offset = std::min(offset, before.size());
    const auto solid = std::size_t(std::count_if(before.begin(),
        before.begin() + std::ptrdiff_t(offset), [](char c) { return !isBlank(c); }));
    std::size_t seen = 0;
    std::size_t i = 0;
    for (; i < after.size() && seen < solid; ++i) {
        if (!isBlank(after[i]))
            ++seen;
    }
    // A cursor that stood in blanks after the token stays after it (not before the next one).
    return i;
}

void DocumentFormatter::format()
{
    if (m_busy)
        return;
    m_busy = true;
    m_jobs.start(m_pool,
        [revision = m_editor->revision(), text = m_editor->utf8Text(),
            file = m_editor->displayName().toStdString()](
            const JobChannel<DocumentFormatter>::Job &job) {
            Result result;
            result.revision = revision;
            result.formatted = engine::formatSource(text, {}, file);
            result.before = text;
            job.deliver(&DocumentFormatter::apply, std::move(result));
        });
}

void DocumentFormatter::apply(const Result &result)
{
    m_busy = false;
    if (result.revision != m_editor->revision()) {
        Q_EMIT finished(false, tr("The text changed while it was being formatted; format again"));
        return;
    }
    for (const engine::Diagnostic &diagnostic : result.formatted.diagnostics) {
        if (diagnostic.severity == engine::Severity::Error) {
            Q_EMIT finished(false,
                tr("Not formatted: line %1: %2")
                    .arg(diagnostic.range.begin.line)
                    .arg(QString::fromStdString(diagnostic.message)));
            return;
        }
    }
    const std::string &after = result.formatted.text;
    if (!result.formatted.changed || after == result.before) {
        Q_EMIT finished(false, tr("Already formatted"));
        return;
    }
    using Base = QsciScintillaBase;
    const auto caret = std::size_t(m_editor->SendScintilla(Base::SCI_GETCURRENTPOS));
    const std::size_t newCaret = equivalentOffset(result.before, caret, after);
    const int firstVisible = m_editor->firstVisibleLine();
    const OffsetMapper change(result.before, after);
    const std::size_t begin = change.changeBegin();
    const std::string_view replacement =
        std::string_view(after).substr(begin, change.currentChangeEnd() - begin);
    m_editor->SendScintilla(Base::SCI_BEGINUNDOACTION);
    m_editor->SendScintilla(Base::SCI_SETTARGETRANGE, begin, long(change.analysedChangeEnd()));
    m_editor->SendScintilla(Base::SCI_REPLACETARGET, replacement.size(), replacement.data());
    m_editor->SendScintilla(Base::SCI_ENDUNDOACTION);
    // The formatter writes LF line ends.
    m_editor->setEolMode(QsciScintilla::EolUnix);
    m_editor->SendScintilla(Base::SCI_GOTOPOS, newCaret);
    m_editor->setFirstVisibleLine(firstVisible);
    m_editor->SendScintilla(Base::SCI_SCROLLCARET);
    Q_EMIT finished(true, tr("Formatted"));
}

} // namespace llmcl::editor
