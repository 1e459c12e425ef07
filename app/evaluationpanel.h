// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "editor/contracteditor.h"
#include "editor/diagnosticscontroller.h"
#include "editor/verdictdisplay.h"

#include <QMetaObject>
#include <QPointer>
#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTreeView;
class QTreeWidget;

namespace llmcl::editor {
class LiveEvaluator;
} // namespace llmcl::editor

namespace llmcl::app {

class FixDiffView;
class VerdictModel;

// The live evaluation panel (docs/studio.md, "Live evaluation"): a sample turn — content,
// response (plain text) and context (JSON, marked in place when it does not parse) — evaluated
// against the contracts of the current editor on every edit of either. It shows the verdicts
// in a table and, through a VerdictDisplay, in the editor's gutter and annotations, and each
// applied auto_fix as a diff with its outcome after re-validation.
//
// The panel owns its LiveEvaluator; parsing and evaluation happen on its thread pool. GUI thread
// only.
class EvaluationPanel : public QWidget
{
    Q_OBJECT

public:
    explicit EvaluationPanel(QWidget *parent = nullptr);
    ~EvaluationPanel() override;

    // The two samples the panel keeps: the user's own (Scratch, pinned: only the user changes
    // it) and the last turn captured from a sessions file. The editors show one of them, and
    // edits change that one; switching is explicit (the source box, setSource()).
    enum Source
    {
        Scratch,
        Captured,
    };

    // Makes (content, response, context) the captured sample (a turn chosen in the Sessions
    // list ends up here). It is shown and evaluated when the captured sample is the one shown,
    // or when the scratch sample is empty (nothing would be lost); otherwise the scratch sample
    // stays in the editors and a note says where the turn went.
    void setSample(const QString &content, const QString &response, const QString &contextJson);
    // Shows (and evaluates) the scratch or the captured sample.
    void setSource(Source source);
    Source source() const { return m_source; }

    // The editor whose contracts are evaluated (null: none). `controller` is its
    // DiagnosticsController: each analysis it applies re-evaluates the sample.
    void setEditor(editor::ContractEditor *editor, editor::DiagnosticsController *controller);
    editor::ContractEditor *contractEditor() const { return m_editor; }

    // Empties the sample shown.
    void clearSample();
    // Puts the keyboard focus into the content editor.
    void focusSample();

    editor::LiveEvaluator *liveEvaluator() const { return m_evaluator; }
    VerdictModel *verdictModel() const { return m_model; }
    QTreeView *verdictView() const { return m_verdictView; }
    QPlainTextEdit *contentEdit() const { return m_content; }
    QPlainTextEdit *responseEdit() const { return m_response; }
    QPlainTextEdit *contextEdit() const { return m_context; }
    QLabel *contextErrorLabel() const { return m_contextError; }
    QLabel *statusLabel() const { return m_status; }
    QComboBox *sourceBox() const { return m_sourceBox; }
    // "The chosen turn is kept under Captured turn" while the scratch sample is shown.
    QLabel *sourceNote() const { return m_sourceNote; }
    QTreeWidget *fixList() const { return m_fixList; }
    FixDiffView *fixDiffView() const { return m_fixDiff; }
    QTabWidget *resultTabs() const { return m_resultTabs; }

    // The context's error as shown: the QString position marked (-1: none) and the tooltip.
    int contextErrorPosition() const { return m_contextErrorPosition; }
    QString contextErrorToolTip() const { return m_contextErrorText; }

Q_SIGNALS:
    // The user activated a verdict row: the clause's 1-based line in `file`.
    void clauseActivated(const QString &file, int line);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void sampleEdited();
    void showSource();
    void contractsAnalysed(quint64 revision);
    void showEvaluation();
    void showStale(bool stale);
    void showContextError(bool valid, const QString &error, int byteOffset);
    void showFix();
    void updateStatus();

    struct Sample
    {
        QString content;
        QString response;
        QString context;
        bool isEmpty() const
        {
            return content.isEmpty() && response.isEmpty() && context.isEmpty();
        }
    };

    editor::LiveEvaluator *m_evaluator;
    VerdictModel *m_model;
    QComboBox *m_sourceBox;
    QLabel *m_sourceNote;
    Sample m_samples[2];
    bool m_hasCaptured = false;
    Source m_source = Scratch;
    QPlainTextEdit *m_content;
    QPlainTextEdit *m_response;
    QPlainTextEdit *m_context;
    QLabel *m_contextError;
    QLabel *m_status;
    QTabWidget *m_resultTabs;
    QTreeView *m_verdictView;
    QTreeWidget *m_fixList;
    FixDiffView *m_fixDiff;
    QPointer<editor::ContractEditor> m_editor;
    QPointer<editor::DiagnosticsController> m_controller;
    QPointer<editor::VerdictDisplay> m_display;
    std::vector<QMetaObject::Connection> m_editorConnections;
    int m_contextErrorPosition = -1;
    QString m_contextErrorText;
    bool m_settingSample = false;
};

} // namespace llmcl::app
