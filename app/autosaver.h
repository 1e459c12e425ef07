// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/recoverystore.h"
#include "editor/jobchannel.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>

namespace llmcl::editor {
class ContractEditor;
}

namespace llmcl::app {

// Writes the unsaved buffers of the tracked editors to the recovery area (docs/studio.md,
// "Recovery after a crash"). The first change after a write starts a single-shot timer of
// interval() seconds, not restarted by further typing: while the user types, a buffer is
// written once per interval; when they stop, at most interval() seconds later. The text is
// snapshotted on the GUI thread (one copy of Scintilla's bytes) and written by a worker thread,
// one write at a time, newest generation wins.
//
// A buffer's entry is removed when the buffer becomes unmodified (saved, or undone to the saved
// text) or is untracked (its tab closed). endSession() removes the whole session (a clean
// exit). An editor destroyed without untrack() (the window torn down without a clean close)
// keeps its entry: that is the crash the next start offers to recover from.
//
// GUI thread only; the destructor waits for the write in progress.
class Autosaver : public QObject
{
    Q_OBJECT

public:
    explicit Autosaver(
        const QString &root = RecoveryStore::defaultRoot(), QObject *parent = nullptr);
    ~Autosaver() override;

    RecoveryStore &store() { return m_store; }

    // Seconds between a change and the write of the changed buffer.
    int interval() const { return m_intervalMs / 1000; }
    void setInterval(int seconds);
    // The same in milliseconds (tests use short intervals).
    void setIntervalMs(int milliseconds);

    void track(editor::ContractEditor *editor);
    // The buffer was closed on purpose: its entry goes.
    void untrack(editor::ContractEditor *editor);
    // The window closed cleanly: every entry of this session goes, and nothing more is written.
    void endSession();
    // Writes every modified buffer whose latest revision is not written yet, and waits for the
    // writes to finish.
    void flush();

    // The id of `editor`'s entry in the store; empty when it is not tracked.
    QString bufferId(editor::ContractEditor *editor) const;
    // The revision of `editor` last handed to a write (0: none since the last removal).
    quint64 writtenRevision(editor::ContractEditor *editor) const;

Q_SIGNALS:
    // A write failed (disk full, permissions); `message` names the file and the cause.
    void writeFailed(const QString &message);

private:
    struct Buffer
    {
        QString id;
        quint64 generation = 0;
        quint64 writtenRevision = 0;
        QTimer *timer = nullptr;
    };
    void changed(editor::ContractEditor *editor);
    void writeNow(editor::ContractEditor *editor);
    void removeEntry(editor::ContractEditor *editor);

    RecoveryStore m_store;
    // Reports failed writes back; the writes themselves are ordered by the pool of one thread
    // and by the store's generations, not by the channel.
    editor::JobChannel<Autosaver> m_jobs {this};
    QThreadPool m_pool;
    QHash<editor::ContractEditor *, Buffer> m_buffers;
    int m_intervalMs;
    bool m_ended = false;
};

} // namespace llmcl::app
