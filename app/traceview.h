// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/turntrace.h"
#include "engine/turnresult.h"

#include <QPointer>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <functional>
#include <memory>

class QAction;
class QComboBox;
class QFileDialog;
class QLabel;
class QTreeView;

namespace llmcl::app {

class ClauseEventsFilter;
class ClauseEventsModel;
class TraceTimeline;

// The trace of the stepper's current turn: a timeline of nested bars (TraceTimeline) above a
// table of clause events (ClauseEventsModel through ClauseEventsFilter) that can be filtered
// by status and contract. Clicking a clause bar or a row emits clauseActivated() with the
// clause's source range (DebugTools selects it in the editor); the timeline's click also
// selects the row.
//
// exportTrace() writes the turn with the tracer's exporters (the formats of `llmcl replay
// --trace`: llmcl-trace, Chrome trace events, OTLP/JSON) atomically (QSaveFile: the target is
// replaced only when the whole document was written). GUI thread only.
class TraceView : public QWidget
{
    Q_OBJECT

public:
    using Format = TraceFormat;

    explicit TraceView(QWidget *parent = nullptr);
    ~TraceView() override;

    // Shows turn `turnNumber` (1-based) of conversation `conversationId`; null: nothing.
    void setTurn(std::shared_ptr<const engine::TurnResult> result, const QString &conversationId,
        int turnNumber);
    // The sessions file the turn comes from (named in exports).
    void setSessionsPath(const QString &path) { m_sessionsPath = path; }

    // Writes the shown turn's trace to `path`. False (with a message naming the file and the
    // cause) when there is no turn or the file cannot be written.
    bool exportTrace(const QString &path, Format format, QString *errorMessage) const;
    // Asks for a file and a format in a window-modal file dialog (opened asynchronously), then
    // exports. The dialog starts in the folder of the last export (Settings), else in
    // `defaultFolder()` (the workspace); the suggested name ends in the format's extension
    // ("refund-1-turn-3.chrome.json") and follows the format when another is chosen; an
    // existing file is replaced only when the user confirms it.
    void exportTraceDialog();
    QAction *exportAction() const { return m_exportAction; }
    // The dialog exportTraceDialog() opened last (null before), kept for the next export.
    QFileDialog *exportDialog() const;
    void setDefaultFolder(std::function<QString()> folder) { m_defaultFolder = std::move(folder); }
    // "<conversation>-turn-<n>" with the format's extension (.trace.json, .chrome.json,
    // .otlp.json).
    static QString suggestedName(const QString &conversationId, int turnNumber, Format format);

    TraceTimeline *timeline() const { return m_timeline; }
    ClauseEventsModel *eventsModel() const { return m_events; }
    ClauseEventsFilter *eventsFilter() const { return m_filter; }
    QTreeView *eventsView() const { return m_view; }
    QComboBox *statusFilter() const { return m_statusBox; }
    QComboBox *contractFilter() const { return m_contractBox; }

Q_SIGNALS:
    void clauseActivated(const QString &file, int beginOffset, int endOffset);
    void exportFailed(const QString &message);

private:
    void activate(const engine::ClauseVerdict *verdict);
    void formatChosen(const QString &nameFilter);
    void fileChosen(const QString &path);
    void exportTo(const QString &path, Format format);
    Format formatOfFilter(const QString &nameFilter) const;

    TraceTimeline *m_timeline;
    ClauseEventsModel *m_events;
    ClauseEventsFilter *m_filter;
    QTreeView *m_view;
    QComboBox *m_statusBox;
    QComboBox *m_contractBox;
    QLabel *m_title;
    QAction *m_exportAction;
    QPointer<QFileDialog> m_exportDialog;
    QStringList m_exportFilters; // by Format
    std::function<QString()> m_defaultFolder;
    QString m_conversationId;
    QString m_sessionsPath;
    int m_turnNumber = 0;
};

} // namespace llmcl::app
