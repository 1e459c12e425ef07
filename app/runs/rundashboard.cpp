// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/rundashboard.h"

#include "app/runs/clausefiguresmodel.h"
#include "app/runs/runsmodel.h"
#include "app/runs/runstore.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>

namespace llmcl::app {

engine::Result<RunFigures> readRunFigures(tracer::WorkspaceDatabase &db, std::int64_t run)
{
    RunFigures figures;
    auto listing = tracer::listRun(db, run);
    if (!listing)
        return listing.error();
    figures.listing = std::move(listing.value());
    auto reader = tracer::RunReader::open(db, run);
    if (!reader)
        return reader.error();
    auto counts = reader.value().clauseCounts();
    if (!counts)
        return counts.error();
    for (tracer::ClauseCounts &c : counts.value()) {
        ClauseFigures clause;
        for (const tracer::StoredClause &stored : reader.value().clauses())
            if (stored.id == c.clause && stored.contract == c.contract)
                clause.severity = std::string(engine::clauseSeverityName(stored.severity));
        auto latency = reader.value().clauseLatency(c.clause);
        if (!latency)
            return latency.error();
        const tracer::LatencyHistogram &h = latency.value();
        clause.p50 = h.quantile(0.50);
        clause.p90 = h.quantile(0.90);
        clause.p95 = h.quantile(0.95);
        clause.p99 = h.quantile(0.99);
        clause.max = h.quantile(1.0);
        clause.counts = std::move(c);
        figures.clauses.push_back(std::move(clause));
    }
    return figures;
}

namespace {

QTableView *makeTable(QAbstractItemModel *model, int sortColumn, Qt::SortOrder order,
    int sortRole, QWidget *parent)
{
    auto *proxy = new QSortFilterProxyModel(parent);
    proxy->setSourceModel(model);
    proxy->setSortRole(sortRole);
    auto *view = new QTableView(parent);
    view->setModel(proxy);
    view->setSortingEnabled(true);
    view->sortByColumn(sortColumn, order);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}

QChartView *makeChartView(QWidget *parent)
{
    auto *view = new QChartView(parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(160);
    auto *chart = new QChart;
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(4, 4, 4, 4));
    view->setChart(chart);
    return view;
}

} // namespace

RunDashboard::RunDashboard(RunStore *store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_header(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_placeholder(new QLabel(m_stack))
    , m_pages(new QTabWidget(m_stack))
    , m_overview(new QLabel)
    , m_clauses(new ClauseFiguresModel(this))
{
    setObjectName(QStringLiteral("RunDashboard"));
    m_header->setObjectName(QStringLiteral("RunHeader"));
    m_header->setTextFormat(Qt::RichText);
    m_header->setWordWrap(true);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setText(tr("Open a run from the Runs panel to see its dashboards."));
    m_pages->setObjectName(QStringLiteral("RunPages"));
    m_pages->setDocumentMode(true);

    // Overview: the figures, failures by severity, and every clause.
    auto *overview = new QSplitter(Qt::Vertical);
    overview->setObjectName(QStringLiteral("OverviewPage"));
    auto *top = new QSplitter(Qt::Horizontal, overview);
    m_overview->setParent(top);
    m_overview->setObjectName(QStringLiteral("OverviewFigures"));
    m_overview->setTextFormat(Qt::RichText);
    m_overview->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_overview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_overview->setMargin(6);
    auto *severityChart = makeChartView(top);
    severityChart->setObjectName(QStringLiteral("SeverityChart"));
    m_clausesView = makeTable(
        m_clauses, ClauseFiguresModel::Fail, Qt::DescendingOrder, ClauseFiguresModel::SortRole,
        overview);
    m_clausesView->setObjectName(QStringLiteral("ClausesView"));
    m_pages->addTab(overview, tr("Overview"));

    // Latency: the slowest clauses' percentiles; the table sorted by p95.
    auto *latency = new QSplitter(Qt::Vertical);
    latency->setObjectName(QStringLiteral("LatencyPage"));
    auto *latencyChart = makeChartView(latency);
    latencyChart->setObjectName(QStringLiteral("LatencyChart"));
    auto *latencyView = makeTable(
        m_clauses, ClauseFiguresModel::P95, Qt::DescendingOrder, ClauseFiguresModel::SortRole,
        latency);
    latencyView->setObjectName(QStringLiteral("LatencyView"));
    m_pages->addTab(latency, tr("Latency"));

    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_pages);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_header);
    layout->addWidget(m_stack, 1);
    m_header->hide();
    applyChartTheme();
}

RunDashboard::~RunDashboard() = default;

void RunDashboard::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyChartTheme();
}

void RunDashboard::applyChartTheme()
{
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    for (QChartView *view : findChildren<QChartView *>()) {
        view->chart()->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
        view->chart()->setBackgroundBrush(palette().base());
        view->chart()->setTitleBrush(palette().text());
        view->chart()->legend()->setLabelColor(palette().color(QPalette::Text));
    }
}

void RunDashboard::setRun(qint64 run)
{
    m_run = run;
    const quint64 request = ++m_request;
    m_figures.reset();
    m_clauses->setFigures(nullptr);
    if (run < 0) {
        m_header->hide();
        m_placeholder->setText(tr("Open a run from the Runs panel to see its dashboards."));
        m_stack->setCurrentWidget(m_placeholder);
        return;
    }
    m_header->setText(tr("<b>Run %1</b>").arg(run));
    m_header->show();
    m_placeholder->setText(tr("Loading run %1…").arg(run));
    m_stack->setCurrentWidget(m_placeholder);
    m_store
        ->query([run](tracer::WorkspaceDatabase &db) -> engine::Result<RunFigures> {
            return readRunFigures(db, run);
        })
        .then(this, [this, request](engine::Result<RunFigures> figures) {
            if (request != m_request)
                return;
            if (!figures) {
                showError(QString::fromStdString(figures.error().message));
                return;
            }
            show(std::make_shared<const RunFigures>(std::move(figures.value())));
        });
}

void RunDashboard::showError(const QString &message)
{
    m_placeholder->setText(message);
    m_stack->setCurrentWidget(m_placeholder);
}

void RunDashboard::show(std::shared_ptr<const RunFigures> figures)
{
    m_figures = figures;
    m_clauses->setFigures(figures);
    const tracer::RunListing &run = figures->listing;
    const QLocale locale;
    const auto number = [&](std::uint64_t n) { return locale.toString(qulonglong(n)); };

    QStringList contracts;
    for (const tracer::RunSnapshot &snapshot : run.snapshots)
        contracts << QFileInfo(QString::fromStdString(snapshot.file)).fileName().toHtmlEscaped();
    m_header->setText(tr("<b>Run %1</b> · %2 · %3 · %4")
                          .arg(run.summary.id)
                          .arg(RunsModel::statusText(run.summary.status),
                              QFileInfo(QString::fromStdString(run.sessions))
                                  .fileName()
                                  .toHtmlEscaped(),
                              contracts.join(QStringLiteral(", "))));

    QString rows;
    const auto row = [&](const QString &name, const QString &value) {
        rows += QStringLiteral("<tr><td>%1</td><td align=right><b>%2</b></td></tr>")
                    .arg(name.toHtmlEscaped(), value.toHtmlEscaped());
    };
    row(tr("Conversations"), number(run.conversations));
    row(tr("Turns"), number(run.summary.turns));
    if (run.validTurns && run.summary.turns)
        row(tr("Valid turns"),
            locale.toString(100.0 * double(*run.validTurns) / double(run.summary.turns), 'f', 1)
                + u'%');
    row(tr("Fixes"), number(run.fixes));
    row(tr("Conflicts"), number(run.conflicts));
    if (run.problems)
        row(tr("Broken lines skipped"), number(*run.problems));
    if (run.durationNs)
        row(tr("Replay time"), ClauseFiguresModel::durationText(*run.durationNs));
    m_overview->setText(QStringLiteral("<table cellspacing=4>%1</table>").arg(rows));

    // Failures by severity.
    auto *severityView = findChild<QChartView *>(QStringLiteral("SeverityChart"));
    QChart *chart = severityView->chart();
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes())
        chart->removeAxis(axis);
    chart->setTitle(tr("Failures by severity"));
    const QStringList severities = {tr("critical"), tr("error"), tr("warning"), tr("info")};
    std::array<std::uint64_t, 4> bySeverity {};
    for (const ClauseFigures &c : figures->clauses)
        for (std::size_t i = 0; i < 4; ++i)
            if (c.severity
                == engine::clauseSeverityName(static_cast<engine::ClauseSeverity>(i)))
                bySeverity[i] += c.counts.fail + c.counts.error;
    auto *set = new QBarSet(tr("Failures"));
    for (std::uint64_t n : bySeverity)
        *set << double(n);
    auto *series = new QBarSeries;
    series->append(set);
    chart->addSeries(series);
    auto *categories = new QBarCategoryAxis;
    categories->append(severities);
    chart->addAxis(categories, Qt::AlignBottom);
    series->attachAxis(categories);
    auto *values = new QValueAxis;
    values->setLabelFormat(QStringLiteral("%d"));
    values->setMin(0);
    chart->addAxis(values, Qt::AlignLeft);
    series->attachAxis(values);
    chart->legend()->hide();

    // Latency: p50, p95 and p99 of the twelve slowest clauses (by p95), in microseconds.
    auto *latencyView = findChild<QChartView *>(QStringLiteral("LatencyChart"));
    QChart *latency = latencyView->chart();
    latency->removeAllSeries();
    for (QAbstractAxis *axis : latency->axes())
        latency->removeAxis(axis);
    latency->setTitle(tr("Slowest clauses (µs)"));
    std::vector<const ClauseFigures *> slowest;
    for (const ClauseFigures &c : figures->clauses)
        slowest.push_back(&c);
    std::stable_sort(slowest.begin(), slowest.end(),
        [](const ClauseFigures *a, const ClauseFigures *b) { return a->p95 > b->p95; });
    if (slowest.size() > 12)
        slowest.resize(12);
    std::reverse(slowest.begin(), slowest.end()); // the slowest at the top
    auto *p50 = new QBarSet(tr("p50"));
    auto *p95 = new QBarSet(tr("p95"));
    auto *p99 = new QBarSet(tr("p99"));
    QStringList names;
    for (const ClauseFigures *c : slowest) {
        names << QString::fromStdString(c->counts.clause);
        *p50 << double(c->p50) / 1e3;
        *p95 << double(c->p95) / 1e3;
        *p99 << double(c->p99) / 1e3;
    }
    auto *bars = new QHorizontalBarSeries;
    bars->append({p50, p95, p99});
    latency->addSeries(bars);
    auto *clauseAxis = new QBarCategoryAxis;
    clauseAxis->append(names);
    latency->addAxis(clauseAxis, Qt::AlignLeft);
    bars->attachAxis(clauseAxis);
    auto *timeAxis = new QValueAxis;
    timeAxis->setMin(0);
    latency->addAxis(timeAxis, Qt::AlignBottom);
    bars->attachAxis(timeAxis);
    latency->legend()->show();

    m_clausesView->resizeColumnsToContents();
    m_stack->setCurrentWidget(m_pages);
    Q_EMIT loaded(m_run);
}

} // namespace llmcl::app
