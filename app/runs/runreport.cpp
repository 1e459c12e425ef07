// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/runreport.h"

#include "app/clausestatustext.h"
#include "app/fixdiffview.h"
#include "app/runs/runsmodel.h"

#include <QChart>
#include <QChartView>
#include <QLocale>

namespace llmcl::app {

RunReport RunReport::fromDashboard(const RunDashboard &dashboard, const QString &options)
{
    RunReport report;
    if (dashboard.figures())
        report.m_figures = *dashboard.figures();
    report.m_options = options;
    for (const char *name : {"SeverityChart", "TurnLatencyChart", "ContractShareChart",
             "FailuresChart", "TurnNumberChart", "FixOutcomesChart"})
        if (QChartView *view = dashboard.chart(QString::fromLatin1(name)))
            report.addChart(view->chart()->title(), picture(view->chart()));
    return report;
}

QString RunReport::title() const
{
    return tr("LLMCL run %1").arg(m_figures.overview.run.id);
}

QString RunReport::html(const std::function<QString(int)> &imageSource) const
{
    const tracer::RunOverview &o = m_figures.overview;
    const QLocale locale;
    QString documentTitle = title();
    if (o.run.label)
        documentTitle += QStringLiteral(" — %1").arg(QString::fromStdString(*o.run.label));
    QString html = begin(documentTitle);

    QList<QStringList> overview;
    const auto row = [&](const QString &name, const QString &value) {
        overview.append({name.toHtmlEscaped(), value.toHtmlEscaped()});
    };
    row(tr("Status"), RunsModel::statusText(o.run.status));
    row(tr("Started"), QString::fromStdString(o.run.started));
    if (o.run.finished)
        row(tr("Finished"), QString::fromStdString(*o.run.finished));
    for (const auto &[name, value] : RunDashboard::overviewFigures(o))
        row(name, value);
    html += heading(tr("Overview"));
    html += table({tr("Figure"), tr("Value")}, overview);

    html += heading(tr("Options"));
    QList<QStringList> options;
    for (const auto &[name, text] : optionTexts(m_options))
        options.append({name.toHtmlEscaped(), text.toHtmlEscaped()});
    html += table({tr("Option"), tr("Value")}, options);

    QList<QStringList> contracts;
    for (const tracer::RunContract &contract : m_figures.contracts)
        contracts.append({escaped(contract.file),
            QStringLiteral("<code>%1</code>").arg(escaped(contract.hash))});
    html += heading(tr("Contract snapshots"));
    html += table({tr("File"), tr("SHA-256 of file name and source")}, contracts);

    for (int i = 0; i < charts().size(); ++i)
        html += chartHtml(i, imageSource);

    QList<QStringList> clauses;
    for (std::size_t i = 0; i < m_figures.counts.size(); ++i) {
        const tracer::ClauseCounts &c = m_figures.counts[i];
        const tracer::LatencyPercentiles latency = i < m_figures.clauseLatency.size()
            ? m_figures.clauseLatency[i]
            : tracer::LatencyPercentiles {};
        const QString severity = i < m_figures.clauses.size()
            ? QString::fromUtf8(engine::clauseSeverityName(m_figures.clauses[i].severity))
            : QString();
        clauses.append({escaped(c.clause), severity, count(c.total() - c.skipped), count(c.pass),
            count(c.fail), count(c.error), durationText(latency.p50), durationText(latency.p95),
            durationText(latency.p99)});
    }
    html += heading(tr("Clauses"));
    html +=
        table({tr("Clause"), tr("Severity"), tr("Evaluated"), tr("Pass"), tr("Fail"), tr("Error"),
                  QStringLiteral("p50"), QStringLiteral("p95"), QStringLiteral("p99")},
            clauses);

    QList<QStringList> messages;
    for (std::size_t i = 0; i < m_figures.topMessages.size() && i < 20; ++i) {
        const tracer::MessageCount &m = m_figures.topMessages[i];
        messages.append(
            {m.clause < m_figures.clauses.size() ? escaped(m_figures.clauses[m.clause].id)
                                                 : QString(),
                count(m.count), escaped(m.message)});
    }
    html += heading(tr("Most frequent messages"));
    html += table({tr("Clause"), tr("Count"), tr("Message")}, messages);

    QList<QStringList> fixes;
    for (const tracer::ClauseFixes &f : m_figures.fixes)
        fixes.append({escaped(f.clause), count(f.attempts), count(f.outcomes[0]),
            count(f.outcomes[1]), count(f.outcomes[2]), count(f.outcomes[3]),
            locale.toString(f.successRate * 100.0, 'f', 1) + u'%'});
    html += heading(tr("Auto-fix"));
    html += table(
        {tr("Clause"), tr("Attempts"), FixDiffView::outcomeName(0), FixDiffView::outcomeName(1),
            FixDiffView::outcomeName(2), FixDiffView::outcomeName(3), tr("Success")},
        fixes);

    QList<QStringList> conflicts;
    for (const tracer::ConflictCell &cell : m_figures.conflicts.cells)
        conflicts.append({escaped(cell.contractA), escaped(cell.contractB), escaped(cell.kind),
            escaped(cell.resolution), count(cell.count)});
    html += heading(tr("Conflicts"));
    html += table(
        {tr("Contract"), tr("Contract"), tr("Kind"), tr("Resolution"), tr("Count")}, conflicts);
    return html + QStringLiteral("</body></html>\n");
}

} // namespace llmcl::app
