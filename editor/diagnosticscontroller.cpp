// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/diagnosticscontroller.h"

#include "editor/contracteditor.h"

#include <QThreadPool>

namespace llmcl::editor {

struct DiagnosticsController::Result
{
    quint64 revision = 0;
    // Null when the job was skipped because its revision was already stale.
    std::shared_ptr<const engine::LanguageService> service;
};

DiagnosticsController::DiagnosticsController(ContractEditor *editor)
    : QObject(editor)
    , m_editor(editor)
    , m_pool(QThreadPool::globalInstance())
{
    m_jobs.setGeneration(editor->revision());
    m_timer.setSingleShot(true);
    m_timer.setInterval(kDefaultDelayMs);
    // The trailing edge: typing stopped for the delay; check what was typed since the last
    // check started (nothing when the leading check already saw the last edit).
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_editor->revision() != m_lastStartedRevision)
            requestCheck();
    });
    connect(
        editor, &ContractEditor::revisionChanged, this, &DiagnosticsController::onRevisionChanged);
    // A file loaded or saved under a new name is checked at once: nobody is typing.
    connect(editor, &ContractEditor::filePathChanged, this, &DiagnosticsController::checkNow);
}

DiagnosticsController::~DiagnosticsController() = default;

std::string DiagnosticsController::documentPath() const
{
    const QString path = m_editor->filePath();
    return path.isEmpty() ? std::string("untitled.llmcl") : path.toStdString();
}

bool DiagnosticsController::isBusy() const
{
    return m_inFlight || m_followUp
        || (m_timer.isActive() && m_editor->revision() != m_lastStartedRevision);
}

void DiagnosticsController::onRevisionChanged(quint64 revision)
{
    m_jobs.setGeneration(revision);
    // The timer runs while edits come faster than the delay: the first edit after a pause is
    // checked at once (leading edge), the ones that follow when typing stops (trailing edge).
    const bool afterPause = !m_timer.isActive();
    m_timer.start();
    if (afterPause)
        requestCheck();
}

void DiagnosticsController::checkNow()
{
    m_timer.stop();
    requestCheck();
}

void DiagnosticsController::requestCheck()
{
    if (m_inFlight)
        m_followUp = true;
    else
        startCheck();
}

void DiagnosticsController::startCheck()
{
    m_followUp = false;
    m_inFlight = true;
    ++m_checksStarted;

    // The snapshot: everything the worker needs, copied on the GUI thread (a memcpy of the
    // buffer; no parsing, no I/O).
    const quint64 revision = m_editor->revision();
    m_lastStartedRevision = revision;
    engine::CompileRequest request =
        m_requestProvider ? m_requestProvider() : engine::CompileRequest {};
    std::string path = documentPath();
    std::string text = m_editor->utf8Text();
    Q_EMIT checkStarted(revision);

    // Always delivered, stale or not: finishCheck() starts the follow-up check.
    m_jobs.start(m_pool,
        [revision, path = std::move(path), text = std::move(text), request = std::move(request)](
            const JobChannel<DiagnosticsController>::Job &job) mutable {
            Result result {revision, nullptr};
            if (!job.isStale()) {
                result.service = std::make_shared<const engine::LanguageService>(
                    engine::LanguageService::analyse(
                        std::move(path), std::move(text), std::move(request)));
            }
            job.deliver(&DiagnosticsController::finishCheck, std::move(result));
        });
}

void DiagnosticsController::finishCheck(const Result &result)
{
    m_inFlight = false;
    // A re-check requested while this one ran (the file got its path, an import was saved)
    // supersedes it even when the text is unchanged.
    if (result.service && result.revision == m_editor->revision() && !m_followUp) {
        m_service = result.service;
        m_editor->setDiagnostics(result.revision, m_service->diagnostics());
        Q_EMIT diagnosticsApplied(result.revision);
    } else {
        ++m_resultsDropped;
        Q_EMIT resultDropped(result.revision);
    }
    if (m_followUp)
        startCheck();
}

} // namespace llmcl::editor
