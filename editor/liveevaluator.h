// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "editor/jobchannel.h"
#include "editor/textdiff.h"
#include "engine/compiledset.h"
#include "engine/turnresult.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>
#include <string>
#include <vector>

class QThreadPool;

namespace llmcl::editor {

// One evaluation of the sample against the contracts, immutable once published: shared by the
// evaluation panel, the verdict display of the editor and tests.
struct LiveEvaluation
{
    // The LiveEvaluator's input generation this result belongs to.
    quint64 generation = 0;
    // The editor revision the contracts were analysed at: clause ranges refer to its text.
    quint64 contractsRevision = 0;
    // The path the document was analysed under (LanguageService::path()): verdicts whose file is
    // this one belong to the editor, the others to imported files.
    std::string documentPath;
    // False when there were no contracts to evaluate: only the context was checked.
    bool evaluated = true;
    // Evaluated with trace and fixes on.
    engine::TurnResult result;
    // One line per clause, in the order of result.contracts[*].clauses[*] (flattened):
    // explanation(verdict), computed on the worker.
    std::vector<QString> explanations;
    // One per result.fixes: the word diff between its before and after.
    std::vector<TextDiff> fixDiffs;
    // The context as typed did not parse (or is not an object): what is wrong, and the UTF-8
    // byte offset into the context text where it is (-1 when unknown). The turn was then
    // evaluated with the last context that parsed (contextFallback), else without context.
    bool contextValid = true;
    QString contextError;
    int contextErrorOffset = -1;
    bool contextFallback = false;
    // Wall-clock time of the worker (parse the context, evaluate, format), nanoseconds.
    qint64 workNs = 0;

    // The flattened verdicts in the order of `explanations`.
    std::vector<const engine::ClauseVerdict *> verdicts() const;
};

// Evaluates a sample turn (content, response, context JSON) against the compiled contracts of
// the current editor as either changes (docs/studio.md, "Live evaluation"):
//
// - setContracts() with the CompiledSet of each new analysis (DiagnosticsController::
//   diagnosticsApplied) evaluates at once; a null set (the contracts have errors) keeps the
//   last evaluation and marks it stale until contracts compile again.
// - setSample() debounces lightly: the first edit after a pause of delay() is evaluated at
//   once, the edits that follow while typing continues when it stops.
// - Work runs on a QThreadPool, at most one job in flight; every input change increments the
//   generation, and a result whose generation is no longer current is dropped (a job that starts
//   stale does not evaluate at all).
//
// Texts are converted to UTF-8 on the GUI thread (a copy); JSON parsing and evaluation happen
// on the pool. GUI thread only; destroying it while a job runs is safe (the result is dropped:
// JobChannel).
class LiveEvaluator : public QObject
{
    Q_OBJECT

public:
    // Long enough to take a word typed into the sample as one burst.
    static constexpr int kDefaultDelayMs = 50;

    explicit LiveEvaluator(QObject *parent = nullptr);
    ~LiveEvaluator() override;

    // `set` is null when the contracts have errors. `revision` is the editor revision they were
    // analysed at, `documentPath` the path they were analysed under.
    void setContracts(std::shared_ptr<const engine::CompiledSet> set, quint64 revision,
        const std::string &documentPath);
    // Forgets contracts and results (no editor): evaluationChanged() with a null evaluation.
    void clear();

    void setSample(const QString &content, const QString &response, const QString &contextJson);
    QString content() const { return m_content; }
    QString response() const { return m_response; }
    QString contextJson() const { return m_contextJson; }

    int delay() const { return m_timer.interval(); }
    void setDelay(int milliseconds) { m_timer.setInterval(milliseconds); }
    // Where jobs run; QThreadPool::globalInstance() by default. Must outlive the jobs.
    void setThreadPool(QThreadPool *pool) { m_pool = pool; }

    // The evaluation shown (null before the first one, or after clear()).
    std::shared_ptr<const LiveEvaluation> evaluation() const { return m_evaluation; }
    // True while the contracts do not compile: evaluation() is the last good one, greyed.
    bool isStale() const { return m_stale; }
    bool hasContracts() const { return m_set != nullptr; }
    // True while an evaluation is scheduled or running.
    bool isBusy() const;
    quint64 generation() const { return m_jobs.generation(); }

    int evaluationsStarted() const { return m_started; }
    int resultsDropped() const { return m_dropped; }

    // "len(response) = 12 >= 20 → false": the clause's condition with the values of its
    // sub-expressions written after them, then its value. Empty without explanation lines.
    static QString explanation(const engine::ClauseVerdict &verdict);
    // Splits "… at byte N" off a JSON parser error: the message without it and N (-1: none).
    static std::pair<QString, int> splitJsonError(const std::string &error);

Q_SIGNALS:
    void evaluationStarted(quint64 generation);
    // evaluation() changed: a new result, or cleared.
    void evaluationChanged();
    void staleChanged(bool stale);
    // The context text of the latest finished job was checked (also without contracts):
    // `byteOffset` is the UTF-8 offset of the problem in it, -1 when valid or unknown.
    void contextChecked(bool valid, const QString &error, int byteOffset);
    void resultDropped(quint64 generation);

private:
    void inputChanged(bool debounce);
    void requestEvaluation();
    void startEvaluation();
    void finishEvaluation(const std::shared_ptr<const LiveEvaluation> &evaluation,
        quint64 generation, const std::string &contextJson);
    // The input generation: every change of contracts or sample advances it.
    JobChannel<LiveEvaluator> m_jobs {this};
    void setStale(bool stale);

    QTimer m_timer;
    QThreadPool *m_pool;
    std::shared_ptr<const engine::CompiledSet> m_set;
    quint64 m_contractsRevision = 0;
    std::string m_documentPath;
    QString m_content;
    QString m_response;
    QString m_contextJson;
    // The last context text that parsed as an object: used while the typed one does not.
    std::string m_goodContextJson;
    std::shared_ptr<const LiveEvaluation> m_evaluation;
    quint64 m_lastStartedGeneration = 0;
    bool m_stale = false;
    bool m_inFlight = false;
    bool m_followUp = false;
    int m_started = 0;
    int m_dropped = 0;
};

} // namespace llmcl::editor
