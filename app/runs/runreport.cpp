// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/runreport.h"

#include "app/clausestatustext.h"
#include "app/fixdiffview.h"
#include "app/runs/runsmodel.h"

#include <QBuffer>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QFileInfo>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>
#include <QUrl>

namespace llmcl::app {

namespace {

QString escaped(const std::string &text)
{
    return QString::fromStdString(text).toHtmlEscaped();
}

QString count(std::uint64_t n)
{
    return QLocale().toString(qulonglong(n));
}

// A table: a header row and rows of cells (already escaped).
QString table(const QStringList &header, const QList<QStringList> &rows)
{
    QString html = QStringLiteral("<table border=1 cellspacing=0 cellpadding=3><tr>");
    for (const QString &cell : header)
        html += QStringLiteral("<th>%1</th>").arg(cell.toHtmlEscaped());
    html += QStringLiteral("</tr>");
    for (const QStringList &row : rows) {
        html += QStringLiteral("<tr>");
        for (const QString &cell : row)
            html += QStringLiteral("<td>%1</td>").arg(cell);
        html += QStringLiteral("</tr>");
    }
    return html + QStringLiteral("</table>");
}

} // namespace

RunReport RunReport::fromDashboard(const RunDashboard &dashboard, const QString &options)
{
    RunReport report;
    if (dashboard.figures())
        report.m_figures = *dashboard.figures();
    report.m_options = options;
    for (const char *name : {"SeverityChart", "TurnLatencyChart", "ContractShareChart",
             "FailuresChart", "TurnNumberChart", "FixOutcomesChart"}) {
        QChartView *view = dashboard.chart(QString::fromLatin1(name));
        if (!view)
            continue;
        // Drawn at a fixed size, whatever the dock's (and whether it is shown at all): the
        // chart is laid out at that size, rendered from its scene, then put back.
        const QSize size(900, 420);
        QChart *chart = view->chart();
        const QRectF saved = chart->geometry();
        chart->setGeometry(QRectF(QPointF(0, 0), QSizeF(size)));
        if (chart->layout())
            chart->layout()->activate();
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        chart->scene()->render(
            &painter, QRectF(QPointF(0, 0), QSizeF(size)), QRectF(QPointF(0, 0), QSizeF(size)));
        painter.end();
        chart->setGeometry(saved);
        report.m_charts.append({view->chart()->title(), image});
    }
    return report;
}

QString RunReport::html(const std::function<QString(int)> &imageSource) const
{
    const tracer::RunOverview &o = m_figures.overview;
    const QLocale locale;
    QString title = tr("LLMCL run %1").arg(o.run.id);
    if (o.run.label)
        title += QStringLiteral(" — %1").arg(QString::fromStdString(*o.run.label));
    QString html = QStringLiteral("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                                  "<title>%1</title><style>body{font-family:sans-serif}"
                                  "td,th{font-size:10pt}th{background:#eee}</style></head><body>")
                       .arg(title.toHtmlEscaped());
    html += QStringLiteral("<h1>%1</h1>").arg(title.toHtmlEscaped());
    html += QStringLiteral("<p>%1</p>")
                .arg(tr("Report written %1 by LLMCL Studio.")
                        .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODate))
                        .toHtmlEscaped());

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
    html += QStringLiteral("<h2>%1</h2>").arg(tr("Overview").toHtmlEscaped());
    html += table({tr("Figure"), tr("Value")}, overview);

    QList<QStringList> options;
    const QJsonObject object = QJsonDocument::fromJson(m_options.toUtf8()).object();
    for (auto it = object.begin(); it != object.end(); ++it)
        options.append({it.key().toHtmlEscaped(),
            QString::fromUtf8(
                QJsonDocument(QJsonObject {{it.key(), it.value()}}).toJson(QJsonDocument::Compact))
                .toHtmlEscaped()});
    html += QStringLiteral("<h2>%1</h2>").arg(tr("Options").toHtmlEscaped());
    html += table({tr("Option"), tr("Value")}, options);

    QList<QStringList> contracts;
    for (const tracer::RunContract &contract : m_figures.contracts)
        contracts.append({escaped(contract.file),
            QStringLiteral("<code>%1</code>").arg(escaped(contract.hash))});
    html += QStringLiteral("<h2>%1</h2>").arg(tr("Contract snapshots").toHtmlEscaped());
    html += table({tr("File"), tr("SHA-256 of file name and source")}, contracts);

    for (int i = 0; i < m_charts.size(); ++i)
        html += QStringLiteral("<h2>%1</h2><p><img src=\"%2\" width=\"900\"></p>")
                    .arg(m_charts[i].first.toHtmlEscaped(), imageSource(i));

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
    html += QStringLiteral("<h2>%1</h2>").arg(tr("Clauses").toHtmlEscaped());
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
    html += QStringLiteral("<h2>%1</h2>").arg(tr("Most frequent messages").toHtmlEscaped());
    html += table({tr("Clause"), tr("Count"), tr("Message")}, messages);

    QList<QStringList> fixes;
    for (const tracer::ClauseFixes &f : m_figures.fixes)
        fixes.append({escaped(f.clause), count(f.attempts), count(f.outcomes[0]),
            count(f.outcomes[1]), count(f.outcomes[2]), count(f.outcomes[3]),
            locale.toString(f.successRate * 100.0, 'f', 1) + u'%'});
    html += QStringLiteral("<h2>%1</h2>").arg(tr("Auto-fix").toHtmlEscaped());
    html += table(
        {tr("Clause"), tr("Attempts"), FixDiffView::outcomeName(0), FixDiffView::outcomeName(1),
            FixDiffView::outcomeName(2), FixDiffView::outcomeName(3), tr("Success")},
        fixes);

    QList<QStringList> conflicts;
    for (const tracer::ConflictCell &cell : m_figures.conflicts.cells)
        conflicts.append({escaped(cell.contractA), escaped(cell.contractB), escaped(cell.kind),
            escaped(cell.resolution), count(cell.count)});
    html += QStringLiteral("<h2>%1</h2>").arg(tr("Conflicts").toHtmlEscaped());
    html += table(
        {tr("Contract"), tr("Contract"), tr("Kind"), tr("Resolution"), tr("Count")}, conflicts);
    return html + QStringLiteral("</body></html>\n");
}

QString RunReport::writeHtml(const QString &path) const
{
    QList<QByteArray> images;
    for (const auto &chart : m_charts) {
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        chart.second.save(&buffer, "PNG");
        images.append(png.toBase64());
    }
    const QString text = html([&](int i) {
        return QStringLiteral("data:image/png;base64,") + QString::fromLatin1(images[i]);
    });
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit())
        return tr("%1: cannot be written: %2").arg(path, file.errorString());
    return {};
}

QString RunReport::writePdf(const QString &path) const
{
    QTextDocument document;
    for (int i = 0; i < m_charts.size(); ++i)
        document.addResource(QTextDocument::ImageResource,
            QUrl(QStringLiteral("chart-%1.png").arg(i)), QVariant(m_charts[i].second));
    document.setHtml(html([](int i) { return QStringLiteral("chart-%1.png").arg(i); }));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("%1: cannot be written: %2").arg(path, file.errorString());
    {
        QPdfWriter writer(&file);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setResolution(150);
        writer.setTitle(tr("LLMCL run %1").arg(m_figures.overview.run.id));
        writer.setCreator(QStringLiteral("LLMCL Studio"));
        document.setPageSize(writer.pageLayout().paintRectPixels(writer.resolution()).size());
        document.print(&writer);
    }
    if (!file.commit())
        return tr("%1: cannot be written: %2").arg(path, file.errorString());
    return {};
}

} // namespace llmcl::app
