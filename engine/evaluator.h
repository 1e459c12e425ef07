// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/compiledset.h"
#include "engine/turnresult.h"
#include "engine/value.h"

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace llmcl::engine {

class EvalScratch;
class ValidationCache;
class ValidationCacheFront;
namespace detail {
class Machine;
class OutputPhaseHook;
class SessionMonitors;
} // namespace detail

// One turn to evaluate (LANGUAGE.md §5, §9). The texts are viewed, not copied: they must stay
// alive during evaluateTurn(). Texts must be valid UTF-8 (callers report invalid input; the
// engine never crashes on it, but counts each ill-formed byte run as one code point).
struct TurnInput
{
    std::string_view content;
    std::optional<std::string_view> response; // nullopt: the input phase only
    Value context; // a map (the turn's context merged over the conversation metadata) or null
    std::int64_t turnNumber = 1;
    std::int64_t conversationLength = 1;
    std::optional<std::string_view> previousContent;
    std::optional<std::string_view> previousResponse;
    Value history; // a list of {content, response} maps, or null for none
};

struct EvalOptions
{
    bool fix = false; // apply auto_fix repairs (LANGUAGE.md §10)
    bool trace = false; // record explanations (ClauseVerdict::values)
    // With trace: only clauses that do not pass carry explanations. A clause is evaluated
    // without tracing and, when it fails, errs or adds a false result to its window, evaluated
    // again with tracing (evaluation is deterministic), so that a passing clause costs what it
    // costs untraced. Temporal clauses are traced as with trace alone.
    bool traceOnlyFailures = false;
    int maxFixAttempts = 3;
    double confidenceThreshold = 0.0; // best_fix skips fixes below it
    // Serves and keeps stateless clause verdicts (validationcache.h); null: no caching.
    ValidationCache *cache = nullptr;
};

// Receives events while a turn is evaluated, on the evaluating thread.
class TraceListener
{
public:
    virtual ~TraceListener();
    virtual void clauseEvaluated(const ClauseVerdict &verdict, int round);
    virtual void fixApplied(const FixRecord &fix);
};

// Evaluates turns against a compiled set. Holds per-thread scratch memory (regex match data,
// JSON buffers) so that evaluation does not allocate on the hot path: create one Evaluator
// per thread and reuse it for many turns. Not thread-safe; the CompiledSet it shares is.
class Evaluator
{
public:
    explicit Evaluator(std::shared_ptr<const CompiledSet> set);
    ~Evaluator();
    Evaluator(const Evaluator &) = delete;
    Evaluator &operator=(const Evaluator &) = delete;

    // Evaluates one turn: the input phase, its fixes, then (with a response) the output phase
    // and its fixes. Never throws: evaluation errors are `error` verdicts. `recycled`: a result
    // of an earlier turn of the same set that the caller is done with, whose strings and
    // containers the new result reuses (see Session::addTurn); any result, or none, gives the
    // same verdicts.
    TurnResult evaluateTurn(const TurnInput &turn, const EvalOptions &options = {},
        TraceListener *listener = nullptr, TurnResult recycled = {});

    // The fast path for benchmarks and replays that need only the verdicts: evaluates the
    // clauses of one phase without fixes, writing each status into `statuses` (resized to the
    // set's clause count once). Returns whether the phase is valid. No allocation after the
    // first call for clauses that pass on ASCII text.
    bool evaluatePhase(
        const TurnInput &turn, ClauseKind phase, std::vector<ClauseStatus> &statuses);

    const CompiledSet &set() const noexcept { return *m_set; }

private:
    friend class Session;
    // `recycled`: a result of an earlier turn whose memory the new result reuses (see
    // Session::addTurn), or an empty one.
    TurnResult evaluate(const TurnInput &turn, const EvalOptions &options, TraceListener *listener,
        detail::OutputPhaseHook *hook, TurnResult recycled = {});
    void bind(const TurnInput &turn);

    std::shared_ptr<const CompiledSet> m_set;
    std::unique_ptr<EvalScratch> m_scratch;
    std::unique_ptr<detail::Machine> m_machine;
    std::unique_ptr<ValidationCacheFront> m_cacheFront; // this evaluator's view of options.cache
    Value m_emptyMap;
    Value m_emptyList;
    // The set's clause records (the same pointers, so verdicts compare as the set's), sharing
    // one reference count of this evaluator's, which keeps the set alive: the verdicts it makes
    // count their references there instead of on the set's records, which every thread's
    // verdicts of the same clause would otherwise update at once (a cache line bouncing between
    // cores at each conversation's end of a parallel replay).
    std::vector<std::shared_ptr<const ClauseRecord>> m_records;
    // The temporal monitors of the last Session that borrowed this evaluator, reset and given
    // to the next one (building them for each conversation was a few dozen allocations).
    struct SpareMonitorsDeleter
    {
        void operator()(detail::SessionMonitors *monitors) const noexcept;
    };
    std::unique_ptr<detail::SessionMonitors, SpareMonitorsDeleter> m_spareMonitors;
};

} // namespace llmcl::engine
