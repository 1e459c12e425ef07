// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/comparisonreport.h"

#include "app/clausestatustext.h"
#include "app/runs/countaxis.h"
#include "app/runs/runsmodel.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QHorizontalBarSeries>
#include <QLegend>
#include <QLocale>
#include <QValueAxis>

#include <algorithm>
#include <memory>

namespace llmcl::app {

namespace {

std::uint64_t failuresIn(const std::optional<tracer::ClauseInRun> &in)
{
    return in ? in->failures : 0;
}

} // namespace

ComparisonReport::ComparisonReport(RunComparison comparison)
    : m_comparison(std::move(comparison))
{
    // Failures per clause in both runs, horizontal so that the clause names are readable: the
    // clauses with the most failures in either run, the most at the top.
    const std::vector<tracer::ClauseDiff> &clauses = m_comparison.diff.clauses;
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < clauses.size(); ++i)
        if (failuresIn(clauses[i].inA) + failuresIn(clauses[i].inB) > 0)
            order.push_back(i);
    const auto most = [&](std::size_t i) {
        return std::max(failuresIn(clauses[i].inA), failuresIn(clauses[i].inB));
    };
    std::stable_sort(order.begin(), order.end(),
        [&](std::size_t a, std::size_t b) { return most(a) > most(b); });
    if (order.size() > kChartClauses)
        order.resize(kChartClauses);
    std::reverse(order.begin(), order.end());

    const tracer::RunDiff &diff = m_comparison.diff;
    auto *a = new QBarSet(tr("Run %1 (A)").arg(diff.runA));
    auto *b = new QBarSet(tr("Run %1 (B)").arg(diff.runB));
    QStringList names;
    for (const std::size_t i : order) {
        names << QString::fromStdString(clauses[i].clause);
        *a << double(failuresIn(clauses[i].inA));
        *b << double(failuresIn(clauses[i].inB));
    }
    auto *series = new QHorizontalBarSeries;
    series->append({a, b});
    const auto chart = std::make_unique<QChart>();
    chart->setTitle(tr("Failures per clause, run %1 and run %2").arg(diff.runA).arg(diff.runB));
    chart->setTheme(QChart::ChartThemeLight);
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->addSeries(series);
    auto *clauseAxis = new QBarCategoryAxis;
    clauseAxis->append(names);
    clauseAxis->setTruncateLabels(false);
    auto *failureAxis = new QValueAxis;
    chart->addAxis(clauseAxis, Qt::AlignLeft);
    chart->addAxis(failureAxis, Qt::AlignBottom);
    series->attachAxis(clauseAxis);
    series->attachAxis(failureAxis);
    fitCountAxis(failureAxis, series);
    addChart(chart->title(), picture(chart.get()));
}

QString ComparisonReport::title() const
{
    return tr("LLMCL comparison: run %1 → run %2")
        .arg(m_comparison.diff.runA)
        .arg(m_comparison.diff.runB);
}

QString ComparisonReport::html(const std::function<QString(int)> &imageSource) const
{
    const tracer::RunDiff &diff = m_comparison.diff;
    const tracer::RunListing &a = m_comparison.a;
    const tracer::RunListing &b = m_comparison.b;
    QString html = begin(title());

    // The two runs side by side.
    const QString runA = tr("Run A (before)");
    const QString runB = tr("Run B (after)");
    QList<QStringList> runs;
    const auto row = [&](const QString &name, const QString &inA, const QString &inB) {
        runs.append({name.toHtmlEscaped(), inA.toHtmlEscaped(), inB.toHtmlEscaped()});
    };
    row(tr("Run"), QString::number(a.summary.id), QString::number(b.summary.id));
    row(tr("Label"), QString::fromStdString(a.summary.label.value_or(std::string())),
        QString::fromStdString(b.summary.label.value_or(std::string())));
    row(tr("Status"), RunsModel::statusText(a.summary.status),
        RunsModel::statusText(b.summary.status));
    row(tr("Started"), QString::fromStdString(a.summary.started),
        QString::fromStdString(b.summary.started));
    row(tr("Sessions file"), QString::fromStdString(a.sessions),
        QString::fromStdString(b.sessions));
    row(tr("Turns"), count(a.summary.turns), count(b.summary.turns));
    html += heading(tr("Runs"));
    html += table({QString(), runA, runB}, runs);

    QList<QStringList> options;
    const QList<std::pair<QString, QString>> optionsA =
        optionTexts(QString::fromStdString(a.options));
    const QList<std::pair<QString, QString>> optionsB =
        optionTexts(QString::fromStdString(b.options));
    QStringList names;
    for (const auto &option : optionsA + optionsB)
        if (!names.contains(option.first))
            names << option.first;
    const auto valueIn = [](const QList<std::pair<QString, QString>> &texts, const QString &name) {
        for (const auto &[key, text] : texts)
            if (key == name)
                return text.toHtmlEscaped();
        return QString();
    };
    for (const QString &name : std::as_const(names))
        options.append({name.toHtmlEscaped(), valueIn(optionsA, name), valueIn(optionsB, name)});
    html += heading(tr("Options"));
    html += table({tr("Option"), runA, runB}, options);

    // Contract snapshots by file: which contracts the edit changed.
    QList<QStringList> snapshots;
    const auto hashIn = [](const tracer::RunListing &run, const std::string &file) {
        for (const tracer::RunSnapshot &snapshot : run.snapshots)
            if (snapshot.file == file)
                return std::optional<std::string>(snapshot.hash);
        return std::optional<std::string>();
    };
    std::vector<std::string> files;
    for (const tracer::RunListing *run : {&a, &b})
        for (const tracer::RunSnapshot &snapshot : run->snapshots)
            if (std::find(files.begin(), files.end(), snapshot.file) == files.end())
                files.push_back(snapshot.file);
    const auto code = [](const std::optional<std::string> &hash) {
        return hash ? QStringLiteral("<code>%1</code>").arg(escaped(*hash)) : QString();
    };
    for (const std::string &file : files) {
        const std::optional<std::string> inA = hashIn(a, file);
        const std::optional<std::string> inB = hashIn(b, file);
        const QString change = !inA ? tr("only in run B")
            : !inB                  ? tr("only in run A")
            : *inA == *inB          ? tr("same")
                                    : tr("changed");
        snapshots.append({escaped(file), code(inA), code(inB), change.toHtmlEscaped()});
    }
    html += heading(tr("Contract snapshots"));
    html += table({tr("File"), runA, runB, tr("Change")}, snapshots);

    const ComparisonTotals totals = totalsOf(diff);
    QList<QStringList> figures;
    for (const auto &[name, value] : {std::pair {tr("Turns compared"), diff.turnsCompared},
             std::pair {tr("Turns only in run A"), diff.turnsOnlyInA},
             std::pair {tr("Turns only in run B"), diff.turnsOnlyInB},
             std::pair {tr("Clauses changed"), totals.changedClauses},
             std::pair {
                 ComparisonModel::columnName(ComparisonModel::NewFailures), totals.newFailures},
             std::pair {ComparisonModel::columnName(ComparisonModel::NewPasses), totals.newPasses},
             std::pair {
                 ComparisonModel::columnName(ComparisonModel::OtherChanges), totals.otherChanges},
             std::pair {
                 ComparisonModel::columnName(ComparisonModel::ChangedFixes), totals.changedFixes}})
        figures.append({name.toHtmlEscaped(), count(value)});
    html += heading(tr("Summary"));
    html += table({tr("Figure"), tr("Value")}, figures);

    for (int i = 0; i < charts().size(); ++i)
        html += chartHtml(i, imageSource);

    // Every changed clause with its counts and example turns.
    QList<QStringList> changes;
    for (const tracer::ClauseDiff &clause : diff.clauses) {
        if (!clause.changed())
            continue;
        QStringList examples;
        for (const ComparisonModel::Examples &kind : ComparisonModel::examples(clause)) {
            QStringList turns;
            for (const tracer::DiffExample &example : *kind.turns)
                turns << QStringLiteral("%1: %2").arg(QString::fromStdString(example.conversation),
                    ComparisonModel::turnText(example));
            if (!turns.isEmpty())
                examples << QStringLiteral("%1 — %2")
                                .arg(kind.kind, turns.join(QStringLiteral(", ")))
                                .toHtmlEscaped();
        }
        const bool both = clause.presence == tracer::ClauseDiff::Presence::Both;
        const auto number = [&](std::uint64_t n) { return both ? count(n) : QString(); };
        changes.append({escaped(clause.clause), ComparisonModel::changeText(clause).toHtmlEscaped(),
            number(clause.newFailures), number(clause.newPasses), number(clause.otherChanges),
            number(clause.changedFixes), examples.join(QStringLiteral("<br>"))});
    }
    html += heading(tr("Verdict changes"));
    html += table({ComparisonModel::columnName(ComparisonModel::Clause),
                      ComparisonModel::columnName(ComparisonModel::Change),
                      ComparisonModel::columnName(ComparisonModel::NewFailures),
                      ComparisonModel::columnName(ComparisonModel::NewPasses),
                      ComparisonModel::columnName(ComparisonModel::OtherChanges),
                      ComparisonModel::columnName(ComparisonModel::ChangedFixes),
                      tr("Example turns (conversation: turn)")},
        changes);

    // Every clause of both runs: its percentiles in each and the change.
    QList<QStringList> latency;
    for (const tracer::ClauseDiff &clause : diff.clauses) {
        if (!clause.inA || !clause.inB)
            continue;
        const auto delta = [](std::optional<std::int64_t> ns) {
            return ns ? latencyDeltaText(*ns).toHtmlEscaped() : QString();
        };
        latency.append({escaped(clause.clause), durationText(clause.inA->latency.p50),
            durationText(clause.inB->latency.p50), delta(clause.p50DeltaNs()),
            durationText(clause.inA->latency.p95), durationText(clause.inB->latency.p95),
            delta(clause.p95DeltaNs())});
    }
    html += heading(tr("Latency"));
    html += table({ComparisonModel::columnName(ComparisonModel::Clause),
                      tr("p50, run %1").arg(diff.runA), tr("p50, run %1").arg(diff.runB),
                      ComparisonModel::columnName(ComparisonModel::P50Delta),
                      tr("p95, run %1").arg(diff.runA), tr("p95, run %1").arg(diff.runB),
                      ComparisonModel::columnName(ComparisonModel::P95Delta)},
        latency);
    return html + QStringLiteral("</body></html>\n");
}

} // namespace llmcl::app
