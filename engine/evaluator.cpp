// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/evaluator.h"

#include "engine/evalscratch.h"
#include "engine/machine.h"
#include "engine/probabilisticwindows.h"
#include "engine/validationcache.h"

#include <algorithm>
#include <array>
#include <bit>
#include <chrono>

namespace llmcl::engine {

std::string_view clauseStatusName(ClauseStatus status) noexcept
{
    switch (status) {
    case ClauseStatus::Pass:
        return "pass";
    case ClauseStatus::Fail:
        return "fail";
    case ClauseStatus::Error:
        return "error";
    case ClauseStatus::Pending:
        return "pending";
    case ClauseStatus::Suppressed:
        return "suppressed";
    case ClauseStatus::Skipped:
        return "skipped";
    }
    return "skipped";
}

std::string_view clauseSeverityName(ClauseSeverity severity) noexcept
{
    switch (severity) {
    case ClauseSeverity::Critical:
        return "critical";
    case ClauseSeverity::Error:
        return "error";
    case ClauseSeverity::Warning:
        return "warning";
    case ClauseSeverity::Info:
        return "info";
    }
    return "error";
}

std::string_view fixOutcomeName(FixOutcome outcome) noexcept
{
    switch (outcome) {
    case FixOutcome::Fixed:
        return "fixed";
    case FixOutcome::Ineffective:
        return "ineffective";
    case FixOutcome::Broke:
        return "broke";
    case FixOutcome::Error:
        return "error";
    }
    return "error";
}

std::optional<FixOutcome> fixOutcomeFromName(std::string_view name) noexcept
{
    for (const FixOutcome outcome :
        {FixOutcome::Fixed, FixOutcome::Ineffective, FixOutcome::Broke, FixOutcome::Error})
        if (fixOutcomeName(outcome) == name)
            return outcome;
    return std::nullopt;
}

TraceListener::~TraceListener() = default;
void TraceListener::clauseEvaluated(const ClauseVerdict &, int)
{ }
void TraceListener::fixApplied(const FixRecord &)
{ }

ClauseVerdict detail::unevaluatedVerdict(const std::shared_ptr<const ClauseRecord> &record)
{
    return ClauseVerdict(record);
}

namespace {

using detail::CompiledClause;
using detail::detached;
using detail::kNoNode;
using detail::Machine;
using detail::Slot;

using Clock = std::chrono::steady_clock;

std::int64_t nanosecondsSince(Clock::time_point start)
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
}

Value &slot(Machine &machine, Slot s)
{
    return machine.slots[static_cast<std::size_t>(s)];
}

Value optionalText(const std::optional<std::string_view> &text)
{
    return text ? Value::borrowedString(*text) : Value::null();
}

bool isPhaseClause(ClauseKind clause, ClauseKind phase) noexcept
{
    if (phase == ClauseKind::Require)
        return clause == ClauseKind::Require;
    return clause != ClauseKind::Require;
}

bool isFailing(ClauseStatus s) noexcept
{
    return s == ClauseStatus::Fail || s == ClauseStatus::Error;
}

} // namespace

// The state of one evaluateTurn() call.
class TurnRun
{
public:
    TurnRun(const detail::CompiledSetData &set, Machine &machine, const EvalOptions &options,
        TraceListener *listener, ValidationCacheFront &cacheFront)
        : m_set(set)
        , m_machine(machine)
        , m_options(options)
        , m_listener(listener)
        , m_cacheFront(cacheFront)
    { }

    struct Outcome
    {
        ClauseStatus status = ClauseStatus::Skipped;
        std::string message;
        SourceRange errorRange;
        std::uint32_t errorNode = kNoNode; // the node errorRange is the range of
        Value matchGroup;
        bool held = false; // ensure_prob: whether the condition held
        Explanations values; // when traced
    };

    // The machine's slots changed (a fix rewrote a text): the cache must hash them again and
    // compare them with its copies again.
    void slotsChanged() noexcept
    {
        m_hashed = 0;
        m_cacheFront.inputsChanged(~0u);
    }

    // Evaluates one clause's condition on the machine's current slots, through the cache when
    // there is one.
    Outcome evaluate(const CompiledClause &clause, bool trace)
    {
        if (!usesCache(clause))
            return evaluateUncached(clause, trace);
        ValidationCache &cache = *m_options.cache;
        // With fixing on, an entry also carries match_group for the clause's auto_fix.
        const bool keepMatchGroup = m_options.fix && clause.autoFix != kNoNode;
        const auto index = static_cast<std::size_t>(&clause - m_set.clauses.data());
        VerdictSource source;
        source.clause = &m_cacheFront.clauseIdentity(
            cache, index, [&] { return detail::clauseIdentity(clause); });
        source.inputs = cachedInputs(clause);
        source.values = m_machine.slots.data();
        source.key = cacheKey(clause, source.inputs, keepMatchGroup);
        if (const CachedVerdict *cached = m_cacheFront.lookup(cache, source);
            cached && (cached->traced || !trace) && (cached->keepsMatchGroup || !keepMatchGroup)) {
            Outcome outcome;
            outcome.status = cached->status;
            if (!cached->message.empty())
                outcome.message = cached->message;
            // The failing node's range in this clause: its own place, wherever the clause
            // that stored the entry was.
            if (cached->errorNode < clause.program.ranges.size()) {
                outcome.errorNode = cached->errorNode;
                outcome.errorRange = clause.program.ranges[cached->errorNode];
            }
            outcome.held = cached->held;
            if (!cached->matchGroup.isNull())
                outcome.matchGroup = cached->matchGroup;
            if (trace)
                outcome.values = cached->values;
            return outcome;
        }
        Outcome outcome = evaluateUncached(clause, trace);
        CachedVerdict cached;
        cached.status = outcome.status;
        cached.message = outcome.message;
        cached.errorNode = outcome.errorNode;
        cached.held = outcome.held;
        cached.traced = trace;
        cached.keepsMatchGroup = keepMatchGroup;
        if (trace)
            cached.values = outcome.values;
        cached.matchGroup = outcome.matchGroup;
        m_cacheFront.store(cache, source, std::move(cached));
        return outcome;
    }

    // evaluate() with the options' tracing: all clauses, or only those that do not pass.
    Outcome evaluateAsAsked(const CompiledClause &clause)
    {
        if (!m_options.trace || !m_options.traceOnlyFailures)
            return evaluate(clause, m_options.trace);
        Outcome outcome = evaluate(clause, false);
        const bool passed = outcome.status == ClauseStatus::Pass
            || outcome.status == ClauseStatus::Suppressed
            || (outcome.status == ClauseStatus::Pending && outcome.held);
        if (passed || clause.condition == kNoNode)
            return outcome;
        outcome.values = evaluate(clause, true).values;
        return outcome;
    }

    Outcome evaluateUncached(const CompiledClause &clause, bool trace)
    {
        Outcome outcome;
        if (clause.suppressed) {
            outcome.status = ClauseStatus::Suppressed;
            outcome.message = clause.suppressionReason;
            return outcome;
        }
        if (clause.condition == kNoNode) {
            outcome.status = ClauseStatus::Pending; // temporal and probabilistic: issue 4
            return outcome;
        }
        slot(m_machine, Slot::MatchGroup) = Value::null();
        m_traceLines.clear();
        m_machine.trace = trace ? &m_traceLines : nullptr;
        Value value;
        if (!m_machine.eval(clause.program, clause.condition, value)) {
            outcome.status = ClauseStatus::Error;
            outcome.message = m_machine.error();
            outcome.errorRange = m_machine.errorRange();
            outcome.errorNode = m_machine.errorNode();
        } else if (value.truthy()) {
            outcome.status = ClauseStatus::Pass;
        } else {
            outcome.status = ClauseStatus::Fail;
            outcome.message = clause.message;
        }
        m_machine.trace = nullptr;
        if (trace)
            outcome.values = Explanations(std::move(m_traceLines));
        if (clause.kind == ClauseKind::EnsureProb) {
            // One result for the clause's window; the window, not the turn, decides the
            // verdict (ProbabilisticWindows). An evaluation error stays an error verdict and
            // counts as a result where the condition did not hold.
            outcome.held = outcome.status == ClauseStatus::Pass;
            if (outcome.status != ClauseStatus::Error) {
                outcome.status = ClauseStatus::Pending;
                outcome.message.clear();
            }
        }
        // Only a fix reads match_group later, after the text it views may have changed.
        if (m_options.fix && clause.autoFix != kNoNode)
            outcome.matchGroup = detached(slot(m_machine, Slot::MatchGroup));
        return outcome;
    }

    // Points the phase's text slot at `text`, with its ASCII flag worked out here, once: every
    // clause reads a copy of the slot, and copies made before the flag is known work it out
    // each for itself (five scans of the 2 KB answer per turn of the reference contract).
    void setText(Slot textSlot, std::string_view text)
    {
        Value &value = slot(m_machine, textSlot);
        value = Value::borrowedString(text);
        (void)value.isAscii();
    }

    // Runs one phase with its fixes. `text` is the text the phase's fixes rewrite (content for
    // the input phase, response for the output phase); the machine's slot for it is kept in
    // step.
    void runPhase(ClauseKind phase, std::string &text, TurnResult &result,
        std::vector<ClauseVerdict *> &verdicts)
    {
        const Slot textSlot = phase == ClauseKind::Require ? Slot::Content : Slot::Response;
        setText(textSlot, text);
        slotsChanged();

        std::vector<std::uint32_t> clauses;
        std::uint32_t inputs = 0; // read by the clauses the cache serves
        for (std::uint32_t i = 0; i < m_set.clauses.size(); ++i)
            if (isPhaseClause(m_set.clauses[i].kind, phase)) {
                clauses.push_back(i);
                if (usesCache(m_set.clauses[i]))
                    inputs |= cachedInputs(m_set.clauses[i]);
            }
        // The slots' hashes belong to the turn, not to whichever clause reads a slot first:
        // hashing a 2 KB answer costs as much as several hits, and inside that clause's timing
        // it made its hit look several times dearer than the others.
        // Comparing them with the copies the cache's entries keep is the turn's too.
        if (m_options.cache) {
            hashSlots(inputs);
            m_cacheFront.compareInputs(inputs, m_machine.slots.data());
        }

        std::vector<ClauseStatus> status(m_set.clauses.size(), ClauseStatus::Skipped);
        std::vector<Value> matchGroups(m_set.clauses.size());
        // One clock read per clause: a clause's time runs from the end of the previous one's
        // (the phase's start for the first), so the few moves between two clauses count for
        // the next one. Two reads per clause were half of what a cache hit cost.
        auto mark = Clock::now();
        for (std::uint32_t i : clauses) {
            const CompiledClause &clause = m_set.clauses[i];
            ClauseVerdict &verdict = *verdicts[i];
            Outcome outcome = evaluateAsAsked(clause);
            verdict.values = std::move(outcome.values);
            if (clause.kind == ClauseKind::EnsureProb)
                verdict.window = window(clause, outcome.held);
            const auto end = Clock::now();
            verdict.durationNs =
                std::chrono::duration_cast<std::chrono::nanoseconds>(end - mark).count();
            mark = end;
            verdict.status = outcome.status;
            verdict.message = std::move(outcome.message);
            verdict.errorRange = outcome.errorRange;
            status[i] = outcome.status;
            matchGroups[i] = std::move(outcome.matchGroup);
            if (m_listener) {
                m_listener->clauseEvaluated(verdict, 0);
                mark = Clock::now(); // a listener's time is nobody's clause
            }
        }

        if (m_options.fix)
            fix(phase, textSlot, clauses, text, status, matchGroups, result);

        for (std::uint32_t i : clauses) {
            if (!isFailing(status[i]))
                continue;
            Violation v = violationOf(*verdicts[i]);
            v.status = status[i];
            // The message of the verdict as it arrived, unless fixing changed the reason.
            if (status[i] != verdicts[i]->status)
                v.message =
                    status[i] == ClauseStatus::Fail ? m_set.clauses[i].message : m_lastError[i];
            result.violations.push_back(std::move(v));
        }
    }

private:
    bool usesCache(const CompiledClause &clause) const noexcept
    {
        return m_options.cache && !clause.suppressed && clause.condition != kNoNode;
    }

    // Hashes the slots of `inputs` (bit i: slot i) that are not hashed yet.
    void hashSlots(std::uint32_t inputs)
    {
        for (std::uint32_t s = 0; s < static_cast<std::uint32_t>(Slot::Count); ++s)
            if ((inputs & ~m_hashed) & (1u << s)) {
                m_slotHash[s] = hashValue(m_machine.slots[s]);
                m_hashed |= 1u << s;
            }
    }

    // The slots a clause's cached verdict depends on. Not match_group: evaluation resets it
    // before the condition runs, so a clause reads only what its own regex calls set.
    static std::uint32_t cachedInputs(const CompiledClause &clause) noexcept
    {
        return clause.inputs & ~(1u << static_cast<unsigned>(Slot::MatchGroup));
    }

    // The clause's fingerprint with hashes of exactly the slots it reads (`inputs`).
    std::uint64_t cacheKey(const CompiledClause &clause, std::uint32_t inputs, bool keepMatchGroup)
    {
        std::uint64_t key = hashCombine(clause.fingerprint, keepMatchGroup ? 1 : 2);
        if (inputs & ~m_hashed) // a fix rewrote a text; otherwise runPhase() hashed them
            hashSlots(inputs);
        for (; inputs != 0; inputs &= inputs - 1) {
            const auto s = static_cast<std::uint32_t>(std::countr_zero(inputs));
            key = hashCombine(key, m_slotHash[s] + s);
        }
        return key;
    }

    ClauseVerdict::Window window(const CompiledClause &clause, bool held)
    {
        ClauseVerdict::Window w;
        w.held = held;
        w.size = clause.windowSize;
        Value target;
        if (clause.probability != kNoNode
            && m_machine.eval(clause.program, clause.probability, target) && target.isNumber())
            w.target = target.asNumber();
        return w;
    }

    void fix(ClauseKind phase, Slot textSlot, const std::vector<std::uint32_t> &clauses,
        std::string &text, std::vector<ClauseStatus> &status, std::vector<Value> &matchGroups,
        TurnResult &result)
    {
        m_lastError.assign(m_set.clauses.size(), {});
        for (int round = 1; round <= m_options.maxFixAttempts; ++round) {
            // The fixes this round applies, per contract strategy.
            std::vector<std::uint32_t> chosen;
            std::vector<double> confidences;
            for (std::uint32_t c = 0; c < m_set.contracts.size(); ++c) {
                const detail::CompiledContract &contract = m_set.contracts[c];
                std::vector<std::uint32_t> candidates;
                for (std::uint32_t i : contract.clauses)
                    if (isPhaseClause(m_set.clauses[i].kind, phase)
                        && status[i] == ClauseStatus::Fail && m_set.clauses[i].autoFix != kNoNode)
                        candidates.push_back(i);
                if (candidates.empty())
                    continue;
                switch (contract.fixStrategy) {
                case FixStrategy::FirstFix:
                    chosen.push_back(candidates.front());
                    break;
                case FixStrategy::AllFixes:
                    chosen.insert(chosen.end(), candidates.begin(), candidates.end());
                    break;
                case FixStrategy::BestFix: {
                    std::uint32_t best = kNoNode;
                    double bestConfidence = -1.0;
                    for (std::uint32_t i : candidates) {
                        const double confidence = confidenceOf(i, matchGroups[i]).value_or(0.0);
                        if (confidence < m_options.confidenceThreshold)
                            continue;
                        if (confidence > bestConfidence) {
                            best = i;
                            bestConfidence = confidence;
                        }
                    }
                    if (best != kNoNode)
                        chosen.push_back(best);
                    break;
                }
                }
            }
            if (chosen.empty())
                return;

            // Apply them in evaluation order, each to the output of the previous.
            std::sort(chosen.begin(), chosen.end());
            const std::size_t firstRecord = result.fixes.size();
            bool changed = false;
            for (std::uint32_t i : chosen) {
                const CompiledClause &clause = m_set.clauses[i];
                FixRecord record;
                record.contract = clause.contract;
                record.clause = clause.id;
                record.kind = clause.kind;
                record.line = clause.range.begin.line;
                record.expression = clause.autoFixText;
                record.before = text;
                record.round = round;
                // The slot borrows `text`, which the previous fix may have replaced: point it at
                // the current text before the confidence and the fix read it.
                setText(textSlot, text);
                const std::optional<double> confidence = confidenceOf(i, matchGroups[i]);
                record.confidence = confidence.value_or(0.0);
                slot(m_machine, Slot::MatchGroup) = matchGroups[i];
                Value fixed;
                if (!confidence) {
                    record.outcome = FixOutcome::Error;
                    record.error = "confidence: " + m_confidenceError;
                    record.after = text;
                } else if (!m_machine.eval(clause.program, clause.autoFix, fixed)) {
                    record.outcome = FixOutcome::Error;
                    record.error = m_machine.error();
                    record.after = text;
                } else {
                    std::string after = str(fixed);
                    record.applied = true;
                    changed = changed || after != text;
                    record.after = after;
                    text = std::move(after);
                    // The old text is gone: nothing may borrow it any more.
                    setText(textSlot, text);
                }
                result.fixes.push_back(std::move(record));
            }
            setText(textSlot, text);
            slotsChanged();

            // Re-validate the phase on the repaired text.
            std::vector<ClauseStatus> after(status.size(), ClauseStatus::Skipped);
            for (std::uint32_t i : clauses) {
                Outcome outcome = evaluate(m_set.clauses[i], false);
                after[i] = outcome.status;
                matchGroups[i] = std::move(outcome.matchGroup);
                if (outcome.status == ClauseStatus::Error)
                    m_lastError[i] = std::move(outcome.message);
            }
            std::vector<std::string> broken;
            int brokenPriority = -1; // the highest priority among the broken clauses
            for (std::uint32_t i : clauses) {
                if (!isFailing(status[i]) && isFailing(after[i])
                    && status[i] != ClauseStatus::Pending) {
                    broken.push_back(m_set.clauses[i].id);
                    brokenPriority = std::max(
                        brokenPriority, m_set.contracts[m_set.clauses[i].contractIndex].priority);
                }
            }
            for (std::size_t r = firstRecord; r < result.fixes.size(); ++r) {
                FixRecord &record = result.fixes[r];
                if (record.outcome == FixOutcome::Error)
                    continue;
                const std::uint32_t clause = chosen[r - firstRecord];
                if (!broken.empty()) {
                    record.outcome = FixOutcome::Broke;
                    record.broken = broken;
                } else {
                    record.outcome = after[clause] == ClauseStatus::Pass ? FixOutcome::Fixed
                                                                         : FixOutcome::Ineffective;
                }
                if (m_listener)
                    m_listener->fixApplied(record);
            }
            if (!broken.empty()) {
                // A fix conflict (LANGUAGE.md §11): resolved in favour of the higher priority.
                // When a broken clause outranks a fix that broke it, the round is undone.
                ConflictRecord conflict;
                conflict.kind = "fix";
                conflict.resolution = "priority";
                int fixerPriority = 1000;
                for (std::size_t r = firstRecord; r < result.fixes.size(); ++r) {
                    if (result.fixes[r].outcome != FixOutcome::Broke)
                        continue;
                    conflict.clauses.push_back(result.fixes[r].clause);
                    const std::uint32_t clause = chosen[r - firstRecord];
                    fixerPriority = std::min(fixerPriority,
                        m_set.contracts[m_set.clauses[clause].contractIndex].priority);
                }
                conflict.clauses.insert(conflict.clauses.end(), broken.begin(), broken.end());
                const bool undo = brokenPriority > fixerPriority;
                if (undo) {
                    for (std::size_t r = firstRecord; r < result.fixes.size(); ++r) {
                        if (result.fixes[r].outcome == FixOutcome::Broke) {
                            result.fixes[r].applied = false;
                            conflict.suppressed.push_back(result.fixes[r].clause);
                        }
                    }
                    text = result.fixes[firstRecord].before;
                    setText(textSlot, text);
                    slotsChanged();
                    result.conflicts.push_back(std::move(conflict));
                    return; // the same fixes would break the same clauses again
                }
                conflict.suppressed = broken;
                result.conflicts.push_back(std::move(conflict));
            }
            status = std::move(after);
            if (!changed)
                return; // another round would compute the same texts
        }
    }

    // The confidence of clause i's fix (LANGUAGE.md §3: default 1.0), or nullopt when its
    // expression fails or is no number in 0..1.
    std::optional<double> confidenceOf(std::uint32_t i, const Value &matchGroup)
    {
        const CompiledClause &clause = m_set.clauses[i];
        if (clause.confidence == kNoNode)
            return 1.0;
        slot(m_machine, Slot::MatchGroup) = matchGroup;
        Value value;
        if (!m_machine.eval(clause.program, clause.confidence, value)) {
            m_confidenceError = m_machine.error();
            return std::nullopt;
        }
        if (!value.isNumber() || value.asNumber() < 0.0 || value.asNumber() > 1.0) {
            m_confidenceError = "must be a number between 0 and 1, not " + repr(value);
            return std::nullopt;
        }
        return value.asNumber();
    }

    const detail::CompiledSetData &m_set;
    Machine &m_machine;
    const EvalOptions &m_options;
    TraceListener *m_listener;
    ValidationCacheFront &m_cacheFront;
    std::vector<std::string> m_lastError;
    std::string m_confidenceError;
    std::vector<Explanation> m_traceLines; // what the machine records for one clause
    std::array<std::uint64_t, static_cast<std::size_t>(Slot::Count)> m_slotHash {};
    std::uint32_t m_hashed = 0; // bit i: m_slotHash[i] is current
};

Evaluator::Evaluator(std::shared_ptr<const CompiledSet> set)
    : m_set(std::move(set))
    , m_scratch(std::make_unique<EvalScratch>())
    , m_machine(std::make_unique<detail::Machine>(*m_scratch))
    , m_cacheFront(std::make_unique<ValidationCacheFront>())
    , m_emptyMap(Value::map({}))
    , m_emptyList(Value::list({}))
{
    // The records again, under a reference count of this evaluator's own (see m_records).
    const auto owner = std::make_shared<const std::shared_ptr<const CompiledSet>>(m_set);
    const detail::CompiledSetData &data = m_set->data();
    m_records.reserve(data.clauses.size());
    for (const detail::CompiledClause &clause : data.clauses)
        m_records.emplace_back(owner, clause.record.get());
}

Evaluator::~Evaluator() = default;

void Evaluator::bind(const TurnInput &turn)
{
    Machine &m = *m_machine;
    slot(m, Slot::Content) = Value::borrowedString(turn.content);
    slot(m, Slot::Response) = optionalText(turn.response);
    slot(m, Slot::Context) = turn.context.isMap() ? turn.context : m_emptyMap;
    slot(m, Slot::TurnNumber) = Value::integer(turn.turnNumber);
    slot(m, Slot::ConversationLength) = Value::integer(turn.conversationLength);
    slot(m, Slot::PreviousContent) = optionalText(turn.previousContent);
    slot(m, Slot::PreviousResponse) = optionalText(turn.previousResponse);
    slot(m, Slot::History) = turn.history.isList() ? turn.history : m_emptyList;
    slot(m, Slot::MatchGroup) = Value::null();
}

TurnResult Evaluator::evaluateTurn(
    const TurnInput &turn, const EvalOptions &options, TraceListener *listener, TurnResult recycled)
{
    return evaluate(turn, options, listener, nullptr, std::move(recycled));
}

namespace {

// Makes `result` hold one `skipped` verdict per clause, grouped by contract. A `result` of an
// earlier turn of the same set (its verdicts hold the same clause records) keeps its strings
// and containers: only what a turn sets is reset (making every verdict afresh, and freeing it
// again, was a fifth of a replayed turn's allocations).
void prepareResult(const detail::CompiledSetData &set,
    const std::vector<std::shared_ptr<const ClauseRecord>> &records, TurnResult &result)
{
    bool reusable = result.contracts.size() == set.contracts.size();
    for (std::size_t c = 0; reusable && c < set.contracts.size(); ++c) {
        const std::vector<std::uint32_t> &clauses = set.contracts[c].clauses;
        reusable = result.contracts[c].clauses.size() == clauses.size();
        for (std::size_t k = 0; reusable && k < clauses.size(); ++k)
            reusable = result.contracts[c].clauses[k].clause == set.clauses[clauses[k]].record;
    }
    result.valid = true;
    result.violations.clear();
    result.fixes.clear();
    result.durationNs = 0;
    if (!reusable) {
        result.contracts.clear();
        result.contracts.reserve(set.contracts.size());
        for (const detail::CompiledContract &contract : set.contracts) {
            ContractResult &c = result.contracts.emplace_back();
            c.name = contract.name;
            c.priority = contract.priorityName;
            c.clauses.reserve(contract.clauses.size());
            for (std::uint32_t i : contract.clauses)
                c.clauses.push_back(detail::unevaluatedVerdict(records[i]));
        }
        return;
    }
    for (std::size_t c = 0; c < set.contracts.size(); ++c) {
        ContractResult &contract = result.contracts[c];
        contract.name = set.contracts[c].name;
        contract.priority = set.contracts[c].priorityName;
        contract.valid = true;
        for (std::size_t k = 0; k < contract.clauses.size(); ++k) {
            ClauseVerdict &v = contract.clauses[k];
            v.status = ClauseStatus::Skipped;
            v.durationNs = 0;
            v.message.clear();
            v.errorRange = {};
            v.values.clear();
            v.window.reset();
            v.temporal.reset();
        }
    }
}

} // namespace

TurnResult Evaluator::evaluate(const TurnInput &turn, const EvalOptions &options,
    TraceListener *listener, detail::OutputPhaseHook *hook, TurnResult recycled)
{
    const auto start = Clock::now();
    const detail::CompiledSetData &set = m_set->data();
    TurnResult result = std::move(recycled);
    bind(turn);

    // One verdict per clause, grouped by contract, all `skipped` until a phase runs them.
    prepareResult(set, m_records, result);
    std::vector<ClauseVerdict *> verdicts(set.clauses.size(), nullptr);
    for (std::size_t c = 0; c < set.contracts.size(); ++c)
        for (std::size_t k = 0; k < set.contracts[c].clauses.size(); ++k)
            verdicts[set.contracts[c].clauses[k]] = &result.contracts[c].clauses[k];

    result.conflicts = set.conflicts;
    TurnRun run(set, *m_machine, options, listener, *m_cacheFront);
    result.content.assign(turn.content);
    run.runPhase(ClauseKind::Require, result.content, result, verdicts);
    if (turn.response) {
        std::string response = result.response ? std::move(*result.response) : std::string();
        response.assign(*turn.response);
        run.runPhase(ClauseKind::Ensure, response, result, verdicts);
        if (hook) {
            slot(*m_machine, Slot::Response) = Value::borrowedString(*turn.response);
            slot(*m_machine, Slot::Content) = Value::borrowedString(result.content);
            (void)slot(*m_machine, Slot::Response).isAscii(); // for the monitors' copies
            (void)slot(*m_machine, Slot::Content).isAscii();
            hook->afterOutputPhase(*m_machine, verdicts, result);
        }
        result.response = std::move(response);
    } else {
        result.response.reset();
    }

    updateValidity(result);
    result.durationNs = nanosecondsSince(start);
    return result;
}

bool Evaluator::evaluatePhase(
    const TurnInput &turn, ClauseKind phase, std::vector<ClauseStatus> &statuses)
{
    const detail::CompiledSetData &set = m_set->data();
    bind(turn);
    statuses.resize(set.clauses.size());
    Machine &m = *m_machine;
    // Once per turn rather than once per clause: the copies the clauses make keep the answer.
    // (evaluate() points the slots at its own copies of the texts: TurnRun::setText().)
    (void)slot(m, Slot::Content).isAscii();
    (void)slot(m, Slot::Response).isAscii();
    m.trace = nullptr;
    bool valid = true;
    Value value;
    for (std::size_t i = 0; i < set.clauses.size(); ++i) {
        const CompiledClause &clause = set.clauses[i];
        if (!isPhaseClause(clause.kind, phase)) {
            statuses[i] = ClauseStatus::Skipped;
            continue;
        }
        if (clause.suppressed) {
            statuses[i] = ClauseStatus::Suppressed;
            continue;
        }
        if (clause.condition == kNoNode || clause.kind == ClauseKind::EnsureProb) {
            statuses[i] = ClauseStatus::Pending;
            continue;
        }
        ClauseStatus s;
        if (!m.eval(clause.program, clause.condition, value))
            s = ClauseStatus::Error;
        else
            s = value.truthy() ? ClauseStatus::Pass : ClauseStatus::Fail;
        statuses[i] = s;
        if (s != ClauseStatus::Pass && invalidates(clause.severity))
            valid = false;
    }
    return valid;
}

} // namespace llmcl::engine
