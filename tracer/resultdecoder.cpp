// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/resultdecoder.h"

#include <utility>

namespace llmcl::tracer {

using detail::WireReader;
using namespace detail::verdictflags;

namespace {

// Values nest as deep as the contracts' expressions do; deeper is not what an encoder wrote.
constexpr int kMaxValueDepth = 256;

engine::SourceRange readRange(WireReader &r)
{
    engine::SourceRange range;
    range.begin.offset = r.u();
    range.begin.line = static_cast<std::uint32_t>(r.u());
    range.begin.column = static_cast<std::uint32_t>(r.u());
    range.end.offset = r.u();
    range.end.line = static_cast<std::uint32_t>(r.u());
    range.end.column = static_cast<std::uint32_t>(r.u());
    return range;
}

engine::Value readValue(WireReader &r, int depth)
{
    if (depth > kMaxValueDepth) {
        r.fail();
        return {};
    }
    switch (static_cast<engine::ValueType>(r.byte())) {
    case engine::ValueType::Null:
        return {};
    case engine::ValueType::Bool:
        return engine::Value::boolean(r.byte() != 0);
    case engine::ValueType::Int:
        return engine::Value::integer(r.s());
    case engine::ValueType::Float:
        return engine::Value::number(r.f());
    case engine::ValueType::String:
        return engine::Value::string(std::string(r.str()));
    case engine::ValueType::List: {
        std::vector<engine::Value> items;
        for (std::uint64_t n = r.u(); n && !r.failed(); --n)
            items.push_back(readValue(r, depth + 1));
        return engine::Value::list(std::move(items));
    }
    case engine::ValueType::Map: {
        std::vector<engine::MapEntry> entries;
        for (std::uint64_t n = r.u(); n && !r.failed(); --n) {
            std::string key(r.str());
            entries.emplace_back(std::move(key), readValue(r, depth + 1));
        }
        return engine::Value::mapLastWins(std::move(entries));
    }
    }
    r.fail();
    return {};
}

void readStrings(WireReader &r, std::vector<std::string> &strings)
{
    const std::uint64_t n = r.u();
    if (n > r.remaining())
        r.fail();
    strings.resize(r.failed() ? 0 : n);
    for (std::string &s : strings)
        s.assign(r.str());
}

// Resizes `items` to a count read from the bytes, refusing counts no encoder wrote (each item
// takes at least a byte), so that malformed bytes cannot ask for memory they do not have.
template<typename T>
bool resizeFrom(WireReader &r, std::vector<T> &items)
{
    const std::uint64_t n = r.u();
    if (r.failed() || n > r.remaining())
        return r.fail(), false;
    items.resize(n);
    return true;
}

} // namespace

ResultDecoder::ResultDecoder(std::string_view bytes, std::string name)
    : m_in(bytes)
    , m_name(std::move(name))
{ }

engine::Result<ResultDecoder> ResultDecoder::open(std::string_view bytes, std::string name)
{
    if (!bytes.starts_with(detail::kResultMagic))
        return engine::Error {name
            + ": not the results of a partition replay (of another "
              "version of llmcl?)"};
    ResultDecoder decoder(bytes.substr(detail::kResultMagic.size()), std::move(name));
    return decoder;
}

bool ResultDecoder::fail(const std::string &what)
{
    if (!m_error)
        m_error = engine::Error {m_name + ": malformed partition results: " + what};
    return false;
}

bool ResultDecoder::verdict(engine::ClauseVerdict &v)
{
    const std::uint64_t index = m_in.u();
    if (index == m_clauses.size()) {
        engine::ClauseRecord clause;
        clause.id.assign(m_in.str());
        clause.contract.assign(m_in.str());
        clause.kind = static_cast<engine::ClauseKind>(m_in.byte());
        clause.severity = static_cast<engine::ClauseSeverity>(m_in.byte());
        clause.file.assign(m_in.str());
        clause.range = readRange(m_in);
        m_clauses.push_back(std::make_shared<const engine::ClauseRecord>(std::move(clause)));
    } else if (index > m_clauses.size()) {
        return fail("a clause index out of range");
    }
    // Every verdict of a clause in this partition shares its record, as a replay's do.
    v.clause = m_clauses[index];
    const std::uint8_t flags = m_in.byte();
    v.status = static_cast<engine::ClauseStatus>(flags >> 5);
    v.durationNs = m_in.s();
    if (flags & kHasMessage)
        v.message.assign(m_in.str());
    else
        v.message.clear();
    v.errorRange = flags & kHasErrorRange ? readRange(m_in) : engine::SourceRange {};
    if (!(flags & kHasValues)) {
        v.values.clear();
    } else {
        const std::uint64_t lines = m_in.u();
        std::vector<engine::Explanation> explanations;
        for (std::uint64_t i = 0; i < lines && !m_in.failed(); ++i) {
            std::string expression(m_in.str());
            explanations.push_back({std::move(expression), readValue(m_in, 0)});
        }
        v.values = engine::Explanations(std::move(explanations));
    }
    if (flags & kHasWindow) {
        engine::ClauseVerdict::Window window;
        window.held = m_in.byte() != 0;
        window.target = m_in.f();
        window.rate = m_in.f();
        window.results = m_in.u();
        window.size = m_in.s();
        v.window = window;
    } else {
        v.window.reset();
    }
    if (flags & kHasTemporal) {
        if (!v.temporal)
            v.temporal.emplace();
        v.temporal->settledAt = m_in.s();
        readStrings(m_in, v.temporal->obligations);
        v.temporal->residual.assign(m_in.str());
    } else {
        v.temporal.reset();
    }
    return !m_in.failed() || fail("a verdict is cut off");
}

bool ResultDecoder::verdicts(std::vector<engine::ClauseVerdict> &verdicts)
{
    if (!resizeFrom(m_in, verdicts))
        return fail("a verdict count out of range");
    for (engine::ClauseVerdict &v : verdicts)
        if (!verdict(v))
            return false;
    return true;
}

void ResultDecoder::violations(std::vector<engine::Violation> &violations)
{
    if (!resizeFrom(m_in, violations))
        return;
    for (engine::Violation &v : violations) {
        v.contract.assign(m_in.str());
        v.clause.assign(m_in.str());
        v.kind = static_cast<engine::ClauseKind>(m_in.byte());
        v.line = static_cast<std::uint32_t>(m_in.u());
        v.message.assign(m_in.str());
        v.severity = static_cast<engine::ClauseSeverity>(m_in.byte());
        v.status = static_cast<engine::ClauseStatus>(m_in.byte());
    }
}

void ResultDecoder::readTurn()
{
    engine::TurnResult &t = m_turn;
    m_turnNumber = m_in.s();
    t.valid = m_in.byte() != 0;
    t.durationNs = m_in.s();
    t.content.clear();
    t.response.reset();
    violations(t.violations);
    if (resizeFrom(m_in, t.fixes))
        for (engine::FixRecord &fix : t.fixes) {
            fix.contract.assign(m_in.str());
            fix.clause.assign(m_in.str());
            fix.kind = static_cast<engine::ClauseKind>(m_in.byte());
            fix.line = static_cast<std::uint32_t>(m_in.u());
            fix.expression.assign(m_in.str());
            fix.before.assign(m_in.str());
            fix.after.assign(m_in.str());
            fix.confidence = m_in.f();
            fix.applied = m_in.byte() != 0;
            fix.outcome = static_cast<engine::FixOutcome>(m_in.byte());
            fix.error.assign(m_in.str());
            readStrings(m_in, fix.broken);
            fix.round = static_cast<int>(m_in.s());
        }
    if (resizeFrom(m_in, t.conflicts))
        for (engine::ConflictRecord &conflict : t.conflicts) {
            conflict.kind.assign(m_in.str());
            readStrings(m_in, conflict.clauses);
            conflict.resolution.assign(m_in.str());
            readStrings(m_in, conflict.suppressed);
        }
    if (resizeFrom(m_in, t.contracts))
        for (engine::ContractResult &contract : t.contracts) {
            contract.name.assign(m_in.str());
            contract.priority.assign(m_in.str());
            contract.valid = m_in.byte() != 0;
            if (!verdicts(contract.clauses))
                return;
        }
}

bool ResultDecoder::next()
{
    if (m_error || m_in.atEnd())
        return false;
    m_record = static_cast<Record>(m_in.byte());
    switch (m_record) {
    case Record::Conversation:
        m_conversation.id.assign(m_in.str());
        m_conversation.idFromLine = m_in.byte() != 0;
        m_conversation.line = m_in.u();
        m_conversation.byteOffset = m_in.u();
        break;
    case Record::Turn:
        readTurn();
        break;
    case Record::End:
        m_end.valid = m_in.byte() != 0;
        if (verdicts(m_end.settled))
            violations(m_end.violations);
        break;
    case Record::Problem:
        m_problem.line = m_in.u();
        m_problem.byteOffset = m_in.u();
        m_problem.message.assign(m_in.str());
        break;
    case Record::Done:
        m_done.lines = m_in.u();
        m_done.begin = m_in.u();
        m_done.end = m_in.u();
        break;
    default:
        return fail("an unknown record");
    }
    return !m_in.failed() || fail("a record is cut off");
}

} // namespace llmcl::tracer
