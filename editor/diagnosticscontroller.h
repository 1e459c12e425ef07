// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "editor/jobchannel.h"
#include "engine/compiledset.h"
#include "engine/languageservice.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

class QThreadPool;

namespace llmcl::editor {

class ContractEditor;

// Keeps a ContractEditor's diagnostics current as the user types, without parsing on the GUI
// thread (docs/studio.md):
//
// 1. The first edit after a pause (no edit for delay(), 150 ms by default) is checked at once
//    (leading edge); edits that follow while typing goes on restart the delay, and the last
//    of them is checked when it expires (trailing edge).
// 2. For a check, the controller snapshots the document (revision, UTF-8 text, path, and the
//    CompileRequest the request provider gives: other open buffers, include path) and runs
//    engine::LanguageService::analyse() on a thread pool. Imports are read from disk there.
// 3. The result is applied with ContractEditor::setDiagnostics() only if the editor's revision
//    is still the snapshot's; otherwise it is dropped (resultDropped()). A job that starts
//    after its revision went stale does not analyse at all.
//
// At most one check per editor is in flight: a check requested during a check queues one
// follow-up check, started when the running one ends, so typing never piles up work.
//
// The controller is a child of its editor. Destroying it (or the editor) while a check runs
// is safe: the worker finishes and its result is discarded (JobChannel). GUI thread only.
class DiagnosticsController : public QObject
{
    Q_OBJECT

public:
    // The pause that separates two bursts of typing. Long enough that a word typed at
    // ordinary speed (about 5 characters a second and faster) is checked once more when it is
    // finished, not at every key; the first key of a burst is checked without waiting.
    static constexpr int kDefaultDelayMs = 150;

    using RequestProvider = std::function<engine::CompileRequest()>;

    explicit DiagnosticsController(ContractEditor *editor);
    ~DiagnosticsController() override;

    ContractEditor *editor() const { return m_editor; }

    // The debounce delay in milliseconds (0: every edit is checked as soon as no check runs).
    int delay() const { return m_timer.interval(); }
    void setDelay(int milliseconds) { m_timer.setInterval(milliseconds); }

    // Called on the GUI thread for each check; the document's own text and path are added to
    // what it returns. Default: an empty request (imports come from disk only).
    void setRequestProvider(RequestProvider provider) { m_requestProvider = std::move(provider); }

    // Where checks run; QThreadPool::globalInstance() by default. The pool must outlive the
    // checks started on it.
    void setThreadPool(QThreadPool *pool) { m_pool = pool; }

    // Checks the current text now, without waiting for the debounce delay (a file was opened,
    // an imported file was saved).
    void checkNow();

    // True while a check is scheduled or running.
    bool isBusy() const;

    // The analysis whose diagnostics the editor shows (null before the first result): tokens,
    // outline, hover and completion of that revision, safe to query from the GUI thread.
    std::shared_ptr<const engine::LanguageService> languageService() const { return m_service; }

    // The path the document is analysed under: the editor's file, or "untitled.llmcl" in the
    // current folder for a buffer never saved.
    std::string documentPath() const;

    // Counters for tests and benchmarks.
    int checksStarted() const { return m_checksStarted; }
    int resultsDropped() const { return m_resultsDropped; }

Q_SIGNALS:
    void checkStarted(quint64 revision);
    // The editor now shows the diagnostics of `revision`.
    void diagnosticsApplied(quint64 revision);
    // A check of `revision` finished (or was skipped) after the text had changed again.
    void resultDropped(quint64 revision);

private:
    struct Result;
    void onRevisionChanged(quint64 revision);
    void requestCheck();
    void startCheck();
    void finishCheck(const Result &result);

    // The channel's generation is the editor's latest revision: a job whose revision went stale
    // before it started does not analyse.
    JobChannel<DiagnosticsController> m_jobs {this};

    ContractEditor *m_editor;
    QTimer m_timer;
    QThreadPool *m_pool;
    RequestProvider m_requestProvider;
    std::shared_ptr<const engine::LanguageService> m_service;
    bool m_inFlight = false;
    bool m_followUp = false;
    // The revision the last check started with: the trailing edge skips a check of the same.
    quint64 m_lastStartedRevision = 0;
    int m_checksStarted = 0;
    int m_resultsDropped = 0;
};

} // namespace llmcl::editor
