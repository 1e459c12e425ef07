// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/liveevaluator.h"

#include "engine/evaluator.h"
#include "engine/json.h"
#include "engine/value.h"

#include <QElapsedTimer>
#include <QThreadPool>

#include <algorithm>
#include <optional>
#include <tuple>

namespace llmcl::editor {

namespace {

// Values longer than this are cut in explanations: an annotation is one line per clause.
constexpr qsizetype kMaxValueLength = 60;

QString shortRepr(const engine::Value &value)
{
    QString text = QString::fromStdString(engine::repr(value));
    text.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    if (text.size() > kMaxValueLength)
        text = text.left(kMaxValueLength - 1) + QChar(0x2026);
    return text;
}

struct Parsed
{
    engine::Value context;
    bool ok = true;
    std::string error;
};

Parsed parseContext(const std::string &text)
{
    Parsed parsed;
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return parsed; // an empty context: none
    if (!engine::parseJson(text, parsed.context, parsed.error)) {
        parsed.ok = false;
        return parsed;
    }
    if (!parsed.context.isMap()) {
        parsed.ok = false;
        parsed.context = engine::Value();
        parsed.error = "the context must be a JSON object at byte " + std::to_string(first);
    }
    return parsed;
}

} // namespace

std::vector<const engine::ClauseVerdict *> LiveEvaluation::verdicts() const
{
    std::vector<const engine::ClauseVerdict *> all;
    for (const engine::ContractResult &contract : result.contracts)
        for (const engine::ClauseVerdict &verdict : contract.clauses)
            all.push_back(&verdict);
    return all;
}

LiveEvaluator::LiveEvaluator(QObject *parent)
    : QObject(parent)
    , m_pool(QThreadPool::globalInstance())
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(kDefaultDelayMs);
    // The trailing edge of a burst of sample edits.
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_jobs.generation() != m_lastStartedGeneration)
            requestEvaluation();
    });
}

LiveEvaluator::~LiveEvaluator() = default;

bool LiveEvaluator::isBusy() const
{
    return m_inFlight || m_followUp
        || (m_timer.isActive() && m_jobs.generation() != m_lastStartedGeneration);
}

void LiveEvaluator::setContracts(std::shared_ptr<const engine::CompiledSet> set, quint64 revision,
    const std::string &documentPath)
{
    m_contractsRevision = revision;
    m_documentPath = documentPath;
    if (!set) {
        // Keep what was shown, greyed: the last verdicts are still the best information there
        // is while the user fixes a syntax error.
        m_set = nullptr;
        m_jobs.advance();
        setStale(m_evaluation != nullptr);
        return;
    }
    m_set = std::move(set);
    // The analysis was debounced already; evaluate at once.
    inputChanged(false);
}

void LiveEvaluator::clear()
{
    m_set = nullptr;
    m_documentPath.clear();
    m_contractsRevision = 0;
    m_jobs.advance();
    m_timer.stop();
    m_followUp = false;
    setStale(false);
    if (m_evaluation) {
        m_evaluation = nullptr;
        Q_EMIT evaluationChanged();
    }
}

void LiveEvaluator::setSample(
    const QString &content, const QString &response, const QString &contextJson)
{
    if (content == m_content && response == m_response && contextJson == m_contextJson)
        return;
    m_content = content;
    m_response = response;
    m_contextJson = contextJson;
    inputChanged(true);
}

void LiveEvaluator::inputChanged(bool debounce)
{
    m_jobs.advance();
    if (!debounce) {
        requestEvaluation();
        return;
    }
    const bool afterPause = !m_timer.isActive();
    m_timer.start();
    if (afterPause)
        requestEvaluation();
}

void LiveEvaluator::requestEvaluation()
{
    // Without contracts the job still checks the context, so that it is marked as typed.
    if (m_inFlight)
        m_followUp = true;
    else
        startEvaluation();
}

void LiveEvaluator::setStale(bool stale)
{
    if (stale == m_stale)
        return;
    m_stale = stale;
    Q_EMIT staleChanged(stale);
}

void LiveEvaluator::startEvaluation()
{
    m_followUp = false;
    m_inFlight = true;
    ++m_started;
    const quint64 generation = m_jobs.generation();
    m_lastStartedGeneration = generation;
    Q_EMIT evaluationStarted(generation);

    // Always delivered, stale or not: finishEvaluation() starts the follow-up evaluation.
    m_jobs.start(m_pool,
        [set = m_set, revision = m_contractsRevision, path = m_documentPath,
            content = m_content.toStdString(), response = m_response.toStdString(),
            hasResponse = !m_response.isEmpty(), contextJson = m_contextJson.toStdString(),
            goodContext = m_goodContextJson](const JobChannel<LiveEvaluator>::Job &job) mutable {
            std::shared_ptr<LiveEvaluation> evaluation;
            if (!job.isStale()) {
                QElapsedTimer clock;
                clock.start();
                evaluation = std::make_shared<LiveEvaluation>();
                evaluation->generation = job.generation();
                evaluation->contractsRevision = revision;
                evaluation->documentPath = std::move(path);

                Parsed parsed = parseContext(contextJson);
                if (!parsed.ok) {
                    evaluation->contextValid = false;
                    std::tie(evaluation->contextError, evaluation->contextErrorOffset) =
                        splitJsonError(parsed.error);
                    if (Parsed fallback = parseContext(goodContext); fallback.ok) {
                        evaluation->contextFallback = !goodContext.empty();
                        parsed.context = std::move(fallback.context);
                    }
                }

                if (!set) {
                    evaluation->evaluated = false;
                    evaluation->workNs = clock.nsecsElapsed();
                } else {
                    engine::TurnInput input;
                    input.content = content;
                    // An empty response box means "no response yet": the input phase only.
                    if (hasResponse)
                        input.response = response;
                    input.context = std::move(parsed.context);
                    engine::EvalOptions options;
                    options.fix = true;
                    options.trace = true;
                    engine::Evaluator evaluator(std::move(set));
                    evaluation->result = evaluator.evaluateTurn(input, options);

                    for (const engine::ContractResult &contract : evaluation->result.contracts)
                        for (const engine::ClauseVerdict &verdict : contract.clauses)
                            evaluation->explanations.push_back(explanation(verdict));
                    for (const engine::FixRecord &fix : evaluation->result.fixes)
                        evaluation->fixDiffs.push_back(TextDiff::words(fix.before, fix.after));
                    evaluation->workNs = clock.nsecsElapsed();
                }
            }
            job.deliver(&LiveEvaluator::finishEvaluation,
                std::shared_ptr<const LiveEvaluation>(std::move(evaluation)), job.generation(),
                std::move(contextJson));
        });
}

void LiveEvaluator::finishEvaluation(const std::shared_ptr<const LiveEvaluation> &evaluation,
    quint64 generation, const std::string &contextJson)
{
    m_inFlight = false;
    if (evaluation && evaluation->contextValid)
        m_goodContextJson = contextJson;
    if (!evaluation || !m_jobs.isCurrent(generation) || m_followUp) {
        ++m_dropped;
        Q_EMIT resultDropped(generation);
    } else {
        Q_EMIT contextChecked(
            evaluation->contextValid, evaluation->contextError, evaluation->contextErrorOffset);
        if (evaluation->evaluated) {
            m_evaluation = evaluation;
            setStale(false);
            Q_EMIT evaluationChanged();
        }
    }
    if (m_followUp)
        startEvaluation();
}

std::pair<QString, int> LiveEvaluator::splitJsonError(const std::string &error)
{
    static constexpr std::string_view marker = " at byte ";
    const auto at = error.rfind(marker);
    if (at == std::string::npos)
        return {QString::fromStdString(error), -1};
    const std::string digits = error.substr(at + marker.size());
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos)
        return {QString::fromStdString(error), -1};
    return {QString::fromStdString(error.substr(0, at)), std::stoi(digits)};
}

QString LiveEvaluator::explanation(const engine::ClauseVerdict &verdict)
{
    const engine::Explanations &lines = verdict.values;
    if (lines.empty())
        return {};
    const engine::Explanation &whole = lines[lines.size() - 1];
    const std::string &text = whole.expression;

    // Write each sub-expression's value right after it in the whole condition, longest
    // sub-expressions first so that "len(response)" inside "len(response) + 1" is not written
    // twice. Sub-expressions that do not appear verbatim are listed before the condition.
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i + 1 < lines.size(); ++i)
        order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return lines[a].expression.size() > lines[b].expression.size();
    });
    struct Claim
    {
        std::size_t begin;
        std::size_t end;
        std::size_t line;
    };
    std::vector<Claim> claims;
    QStringList unplaced;
    for (const std::size_t i : order) {
        const std::string &sub = lines[i].expression;
        if (sub == text || sub.empty())
            continue;
        bool placed = false;
        for (std::size_t at = text.find(sub); at != std::string::npos;
            at = text.find(sub, at + 1)) {
            const std::size_t end = at + sub.size();
            const bool overlaps = std::any_of(claims.begin(), claims.end(),
                [&](const Claim &c) { return at < c.end && c.begin < end; });
            if (!overlaps) {
                claims.push_back({at, end, i});
                placed = true;
                break;
            }
        }
        if (!placed && std::none_of(claims.begin(), claims.end(), [&](const Claim &c) {
                return lines[c.line].expression.find(sub) != std::string::npos;
            }))
            unplaced.append(
                QString::fromStdString(sub) + QStringLiteral(" = ") + shortRepr(lines[i].value));
    }
    std::sort(claims.begin(), claims.end(),
        [](const Claim &a, const Claim &b) { return a.begin < b.begin; });
    QString out;
    if (!unplaced.isEmpty())
        out = unplaced.join(QStringLiteral(", ")) + QStringLiteral("; ");
    std::size_t from = 0;
    for (const Claim &claim : claims) {
        out += QString::fromUtf8(text.data() + from, qsizetype(claim.end - from));
        out += QStringLiteral(" = ") + shortRepr(lines[claim.line].value);
        from = claim.end;
    }
    out += QString::fromUtf8(text.data() + from, qsizetype(text.size() - from));
    out += QStringLiteral(" → ") + shortRepr(whole.value);
    return out;
}

} // namespace llmcl::editor
