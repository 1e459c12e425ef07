// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/session.h"

#include "engine/machine.h"
#include "engine/temporalmonitor.h"

namespace llmcl::engine {

namespace detail {

// The temporal monitors of one conversation, one per temporal clause of the set.
class SessionMonitors final : public OutputPhaseHook
{
public:
    explicit SessionMonitors(const CompiledSetData &set)
        : m_set(set)
    {
        m_monitors.resize(set.clauses.size());
        for (std::size_t i = 0; i < set.clauses.size(); ++i) {
            const CompiledClause &clause = set.clauses[i];
            if (clause.kind == ClauseKind::Temporal && clause.temporal && !clause.suppressed)
                m_monitors[i] =
                    std::make_unique<TemporalMonitor>(clause.temporal, clause.atomTexts);
        }
    }

    bool trace = false;

    // Whether these are the monitors of `set`'s clauses.
    bool isFor(const CompiledSetData &set) const noexcept { return &m_set == &set; }

    // Starts a new conversation: every monitor as it was built.
    void reset()
    {
        for (const std::unique_ptr<TemporalMonitor> &monitor : m_monitors)
            if (monitor)
                monitor->reset();
        m_step = 0;
        trace = false;
    }

    void afterOutputPhase(
        Machine &machine, std::vector<ClauseVerdict *> &verdicts, TurnResult &result) override
    {
        ++m_step;
        bool changed = false;
        for (std::size_t i = 0; i < m_monitors.size(); ++i) {
            TemporalMonitor *monitor = m_monitors[i].get();
            if (!monitor || !verdicts[i])
                continue;
            const CompiledClause &clause = m_set.clauses[i];
            ClauseVerdict &verdict = *verdicts[i];
            std::string error;
            SourceRange errorRange;
            if (monitor->verdict() == MonitorVerdict::Pending) {
                monitor->step(m_step, [&](std::uint32_t atom) {
                    Value value;
                    if (!machine.eval(clause.program, clause.atoms[atom], value)) {
                        if (error.empty()) {
                            error = machine.error();
                            errorRange = machine.errorRange();
                        }
                        return AtomValue::Error;
                    }
                    return value.truthy() ? AtomValue::True : AtomValue::False;
                });
            }
            describe(*monitor, clause, verdict);
            if (!error.empty()) {
                verdict.status = ClauseStatus::Error;
                verdict.message = std::move(error);
                verdict.errorRange = errorRange;
                result.violations.push_back(violationOf(verdict));
                changed = true;
            } else if (verdict.status == ClauseStatus::Fail && monitor->settledAt() == m_step) {
                result.violations.push_back(violationOf(verdict));
                changed = true;
            }
        }
        if (changed)
            updateValidity(result);
    }

    // Settles every pending monitor; returns the verdicts that settled now, holding `records`
    // (the evaluator's, one per clause of the set).
    std::vector<ClauseVerdict> end(const std::vector<std::shared_ptr<const ClauseRecord>> &records)
    {
        std::vector<ClauseVerdict> settled;
        for (std::size_t i = 0; i < m_monitors.size(); ++i) {
            TemporalMonitor *monitor = m_monitors[i].get();
            if (!monitor || monitor->verdict() != MonitorVerdict::Pending)
                continue;
            monitor->end();
            ClauseVerdict v = detail::unevaluatedVerdict(records[i]);
            describe(*monitor, m_set.clauses[i], v);
            settled.push_back(std::move(v));
        }
        return settled;
    }

private:
    void describe(const TemporalMonitor &monitor, const CompiledClause &clause, ClauseVerdict &v)
    {
        switch (monitor.verdict()) {
        case MonitorVerdict::Satisfied:
            v.status = ClauseStatus::Pass;
            v.message.clear();
            break;
        case MonitorVerdict::Violated:
            v.status = ClauseStatus::Fail;
            v.message =
                clause.message + " (violated at turn " + std::to_string(monitor.settledAt()) + ")";
            break;
        case MonitorVerdict::Pending:
            v.status = ClauseStatus::Pending;
            v.message.clear();
            break;
        }
        ClauseVerdict::Temporal state;
        state.settledAt = monitor.verdict() == MonitorVerdict::Pending ? 0 : monitor.settledAt();
        if (trace) {
            for (const Obligation &o : monitor.obligations()) {
                std::string text = "turn " + std::to_string(o.armedAt) + ": " + o.text;
                if (o.dueBy >= 0)
                    text += " due by turn " + std::to_string(o.dueBy);
                state.obligations.push_back(std::move(text));
            }
            state.residual = monitor.residual();
        }
        v.temporal = std::move(state);
    }

    const CompiledSetData &m_set;
    std::vector<std::unique_ptr<TemporalMonitor>> m_monitors;
    std::int64_t m_step = 0;
};

} // namespace detail

namespace {

// The turn's context over the conversation's metadata.
Value mergedContext(const Value &metadata, const Value &context)
{
    if (!metadata.isMap() || metadata.asMap().empty())
        return context;
    if (!context.isMap() || context.asMap().empty())
        return metadata;
    std::vector<MapEntry> entries(context.asMap().begin(), context.asMap().end());
    for (const MapEntry &entry : metadata.asMap())
        if (!context.find(entry.first))
            entries.push_back(entry);
    return Value::map(std::move(entries));
}

} // namespace

Session::Session(
    std::shared_ptr<const CompiledSet> set, Value metadata, ProbabilisticWindows *windows)
    : m_ownEvaluator(std::make_unique<Evaluator>(std::move(set)))
    , m_evaluator(*m_ownEvaluator)
    , m_monitors(std::make_unique<detail::SessionMonitors>(m_evaluator.set().data()))
    , m_metadata(std::move(metadata))
    , m_windows(windows)
{ }

Session::Session(Evaluator &evaluator, Value metadata, ProbabilisticWindows *windows)
    : m_evaluator(evaluator)
    , m_metadata(std::move(metadata))
    , m_windows(windows)
{
    if (evaluator.m_spareMonitors && evaluator.m_spareMonitors->isFor(evaluator.set().data())) {
        m_monitors.reset(evaluator.m_spareMonitors.release());
        m_monitors->reset();
    } else {
        m_monitors = std::make_unique<detail::SessionMonitors>(evaluator.set().data());
    }
}

Session::~Session()
{
    // A borrowed evaluator keeps the monitors for its next conversation.
    if (!m_ownEvaluator && m_monitors)
        m_evaluator.m_spareMonitors.reset(m_monitors.release());
}

void Evaluator::SpareMonitorsDeleter::operator()(detail::SessionMonitors *monitors) const noexcept
{
    delete monitors;
}

TurnResult Session::addTurn(std::string_view content, std::optional<std::string_view> response,
    const Value &context, const EvalOptions &options, TraceListener *listener, TurnResult recycled)
{
    ++m_turns;
    TurnInput turn;
    turn.content = content;
    turn.response = response;
    turn.context = mergedContext(m_metadata, context);
    turn.turnNumber = m_turns;
    turn.conversationLength = m_turns;
    if (m_previousContent)
        turn.previousContent = *m_previousContent;
    if (m_previousResponse)
        turn.previousResponse = *m_previousResponse;
    if (m_evaluator.set().data().usesHistory)
        turn.history = Value::list(m_history);

    m_monitors->trace = options.trace;
    TurnResult result =
        m_evaluator.evaluate(turn, options, listener, m_monitors.get(), std::move(recycled));
    if (m_windows)
        m_windows->apply(result);

    // Assigned, not replaced: the strings keep their storage from turn to turn.
    if (m_previousContent)
        m_previousContent->assign(content);
    else
        m_previousContent.emplace(content);
    if (!response)
        m_previousResponse.reset();
    else if (m_previousResponse)
        m_previousResponse->assign(*response);
    else
        m_previousResponse.emplace(*response);
    if (m_evaluator.set().data().usesHistory) {
        std::vector<MapEntry> entry;
        entry.emplace_back("content", Value::string(std::string(content)));
        entry.emplace_back(
            "response", response ? Value::string(std::string(*response)) : Value::null());
        m_history.push_back(Value::map(std::move(entry)));
    }
    return result;
}

ConversationEnd Session::end()
{
    ConversationEnd end;
    if (m_ended)
        return end;
    m_ended = true;
    // Verdicts (ids, files, ranges) only for the clauses that settle now: copying all the
    // set's clauses' strings here was most of what ending a conversation cost.
    end.settled = m_monitors->end(m_evaluator.m_records);
    if (m_windows) {
        std::vector<ClauseVerdict> windows = m_windows->endConversation();
        end.settled.insert(end.settled.end(), std::make_move_iterator(windows.begin()),
            std::make_move_iterator(windows.end()));
    }
    for (const ClauseVerdict &v : end.settled) {
        if (v.status != ClauseStatus::Fail && v.status != ClauseStatus::Error)
            continue;
        end.violations.push_back(violationOf(v));
        if (invalidates(v.severity()))
            end.valid = false;
    }
    return end;
}

} // namespace llmcl::engine
