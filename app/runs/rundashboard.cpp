// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/rundashboard.h"

#include "app/clausestatustext.h"
#include "app/fixdiffview.h"
#include "app/runs/clausefiguresmodel.h"
#include "app/runs/countaxis.h"
#include "app/runs/drillturnsmodel.h"
#include "app/runs/runsmodel.h"
#include "app/runs/runstore.h"
#include "editor/contracteditor.h"
#include "tracer/runreader.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalStackedBarSeries>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QPieSeries>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedBarSeries>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <utility>

namespace llmcl::app {

engine::Result<RunFigures> readRunFigures(tracer::RunStatistics &statistics)
{
    RunFigures figures;
    figures.overview = statistics.overview();
    figures.clauses = statistics.clauses();
    figures.counts = statistics.clauseCounts();
    figures.clauseLatency = statistics.clauseLatency();
    figures.turnLatency = statistics.turnLatencyBuckets();
    figures.contractTime = statistics.contractTime();
    figures.failuresByTurn = statistics.failuresByTurn();
    figures.topMessages = statistics.topMessages(200);
    auto conflicts = statistics.conflicts();
    if (!conflicts)
        return conflicts.error();
    figures.conflicts = std::move(conflicts.value());
    auto fixes = statistics.fixes();
    if (!fixes)
        return fixes.error();
    figures.fixes = std::move(fixes.value());
    figures.contracts = statistics.contracts();
    figures.summarized = statistics.summarized();
    return figures;
}

namespace {

constexpr int kSortRole = Qt::UserRole;
constexpr int kKeyRole = Qt::UserRole + 1;
constexpr std::size_t kBars = 10; // clauses in a bar chart: the ones with the most

QTableView *makeFiguresTable(QAbstractItemModel *model, int sortColumn, Qt::SortOrder order,
    int sortRole, const QString &name, QWidget *parent)
{
    auto *proxy = new QSortFilterProxyModel(parent);
    proxy->setSourceModel(model);
    proxy->setSortRole(sortRole);
    auto *view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(proxy);
    view->setSortingEnabled(true);
    view->sortByColumn(sortColumn, order);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->setTextElideMode(Qt::ElideMiddle);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}

QChartView *makeChartView(const QString &name, QWidget *parent)
{
    auto *chart = new QChart;
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(2, 2, 2, 2));
    // The view owns the chart it is made with. Not QChartView(parent) then setChart(): that
    // view makes a chart of its own, and setChart() releases it to the caller, who would have
    // to delete it (each dashboard leaked six charts, their layouts and title documents).
    auto *view = new QChartView(chart, parent);
    view->setObjectName(name);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(120, 80);
    return view;
}

void resetChart(QChart *chart, const QString &title)
{
    chart->removeAllSeries();
    // removeAxis() hands the axis back to the caller: delete it, or every refill leaks one.
    for (QAbstractAxis *axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
    chart->setTitle(title);
}

// Categories along one axis and counts along the other.
void attachAxes(QChart *chart, QAbstractBarSeries *series, const QStringList &categories,
    Qt::Alignment categoryAlignment)
{
    auto *categoryAxis = new QBarCategoryAxis;
    categoryAxis->append(categories);
    categoryAxis->setTruncateLabels(false); // clause names are what the chart is read by
    auto *valueAxis = new QValueAxis;
    chart->addAxis(categoryAxis, categoryAlignment);
    chart->addAxis(valueAxis, categoryAlignment == Qt::AlignLeft ? Qt::AlignBottom : Qt::AlignLeft);
    series->attachAxis(categoryAxis);
    series->attachAxis(valueAxis);
    fitCountAxis(valueAxis, series);
}

QStandardItem *textItem(const QString &text)
{
    auto *item = new QStandardItem(text);
    item->setData(text, kSortRole);
    item->setToolTip(text);
    item->setEditable(false);
    return item;
}

QStandardItem *numberItem(double value, const QString &text)
{
    auto *item = new QStandardItem(text);
    item->setData(value, kSortRole);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    item->setEditable(false);
    return item;
}

QStandardItem *countItem(std::uint64_t n)
{
    return numberItem(double(n), QLocale().toString(qulonglong(n)));
}

QString joined(const std::vector<std::string> &items)
{
    QStringList list;
    for (const std::string &item : items)
        list << QString::fromStdString(item);
    return list.join(QStringLiteral(", "));
}

} // namespace

RunDashboard::RunDashboard(
    RunStore *store, KSyntaxHighlighting::Repository &repository, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_header(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_status(new QLabel(m_stack))
    , m_pages(new QTabWidget(m_stack))
    , m_overview(new QLabel)
    , m_clauses(new ClauseFiguresModel(this))
    , m_messages(new QStandardItemModel(this))
    , m_conflictCells(new QStandardItemModel(this))
    , m_conflictMatrix(new QStandardItemModel(this))
    , m_suppressed(new QStandardItemModel(this))
    , m_fixClauses(new QStandardItemModel(this))
    , m_fixRows(new QStandardItemModel(this))
    , m_fixDiff(new FixDiffView)
    , m_snapshotFiles(new QComboBox)
    , m_snapshotNote(new QLabel)
    , m_snapshot(new editor::ContractEditor(repository))
    , m_drill(new DrillTurnsModel(store, this))
{
    setObjectName(QStringLiteral("RunDashboard"));
    // Small, so that the dock never pushes the window past the screen or squeezes the editor
    // (the layout's own minimum, the sum of every chart and table, is over 500 px high).
    setMinimumSize(240, 160);
    m_header->setObjectName(QStringLiteral("RunHeader"));
    connect(m_store, &RunStore::runsChanged, this, &RunDashboard::showHeader);
    m_header->setTextFormat(Qt::RichText);
    m_header->setWordWrap(true);
    m_status->setAlignment(Qt::AlignCenter);
    m_status->setWordWrap(true);
    m_pages->setObjectName(QStringLiteral("RunPages"));
    m_pages->setDocumentMode(true);

    // Overview: the figures, violations by severity, every clause.
    auto *overview = new QSplitter(Qt::Vertical);
    overview->setObjectName(QStringLiteral("OverviewPage"));
    auto *overviewTop = new QSplitter(Qt::Horizontal, overview);
    m_overview->setParent(overviewTop);
    m_overview->setObjectName(QStringLiteral("OverviewFigures"));
    m_overview->setTextFormat(Qt::RichText);
    m_overview->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_overview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_overview->setWordWrap(true);
    m_overview->setMargin(6);
    makeChartView(QStringLiteral("SeverityChart"), overviewTop);
    overviewTop->setSizes({380, 900});
    m_clausesView = makeFiguresTable(m_clauses, ClauseFiguresModel::Fail, Qt::DescendingOrder,
        ClauseFiguresModel::SortRole, QStringLiteral("ClausesView"), overview);
    connect(m_clausesView, &QTableView::activated, this, [this](const QModelIndex &index) {
        const auto position =
            std::size_t(index.data(ClauseFiguresModel::PositionRole).toULongLong());
        drillStatus(position,
            index.column() == ClauseFiguresModel::Error      ? engine::ClauseStatus::Error
                : index.column() == ClauseFiguresModel::Pass ? engine::ClauseStatus::Pass
                                                             : engine::ClauseStatus::Fail);
    });
    overview->setSizes({600, 300});
    m_pages->addTab(overview, tr("Overview"));

    // Latency: the turn-latency histogram, each contract's share, per clause percentiles.
    auto *latency = new QSplitter(Qt::Vertical);
    latency->setObjectName(QStringLiteral("LatencyPage"));
    auto *latencyTop = new QSplitter(Qt::Horizontal, latency);
    makeChartView(QStringLiteral("TurnLatencyChart"), latencyTop);
    makeChartView(QStringLiteral("ContractShareChart"), latencyTop);
    auto *latencyView = makeFiguresTable(m_clauses, ClauseFiguresModel::P95, Qt::DescendingOrder,
        ClauseFiguresModel::SortRole, QStringLiteral("LatencyView"), latency);
    connect(latencyView, &QTableView::activated, this, [this](const QModelIndex &index) {
        drillStatus(std::size_t(index.data(ClauseFiguresModel::PositionRole).toULongLong()),
            engine::ClauseStatus::Fail);
    });
    latency->setSizes({600, 300});
    m_pages->addTab(latency, tr("Latency"));

    // Violations: failures per clause, failing turns by turn number, the frequent messages.
    auto *violations = new QSplitter(Qt::Vertical);
    violations->setObjectName(QStringLiteral("ViolationsPage"));
    auto *violationsTop = new QSplitter(Qt::Horizontal, violations);
    makeChartView(QStringLiteral("FailuresChart"), violationsTop);
    makeChartView(QStringLiteral("TurnNumberChart"), violationsTop);
    m_messages->setHorizontalHeaderLabels({tr("Clause"), tr("Count"), tr("Message")});
    auto *messagesView = makeFiguresTable(
        m_messages, 1, Qt::DescendingOrder, kSortRole, QStringLiteral("MessagesView"), violations);
    connect(messagesView, &QTableView::activated, this, [this](const QModelIndex &index) {
        drillMessage(index.sibling(index.row(), 0).data(kKeyRole).toInt());
    });
    violations->setSizes({600, 300});
    m_pages->addTab(violations, tr("Violations"));

    // Conflicts: the contract × contract matrix beside the conflicts by kind and resolution;
    // contract pairs with kind, resolution and count; the suppressed clauses.
    auto *conflicts = new QSplitter(Qt::Vertical);
    conflicts->setObjectName(QStringLiteral("ConflictsPage"));
    auto *conflictsTop = new QSplitter(Qt::Horizontal, conflicts);
    auto *matrixView = new QTableView(conflictsTop);
    matrixView->setObjectName(QStringLiteral("ConflictMatrixView"));
    matrixView->setModel(m_conflictMatrix);
    matrixView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    matrixView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    matrixView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    makeChartView(QStringLiteral("ConflictKindsChart"), conflictsTop);
    // The matrix rarely needs more than its contents; the chart's legend names the resolutions.
    conflictsTop->setSizes({400, 600});
    m_conflictCells->setHorizontalHeaderLabels(
        {tr("Contract"), tr("Contract"), tr("Kind"), tr("Resolution"), tr("Count")});
    makeFiguresTable(m_conflictCells, 4, Qt::DescendingOrder, kSortRole,
        QStringLiteral("ConflictCellsView"), conflicts);
    m_suppressed->setHorizontalHeaderLabels(
        {tr("Suppressed clause"), tr("Kind"), tr("Resolution"), tr("In conflict with")});
    makeFiguresTable(m_suppressed, 0, Qt::AscendingOrder, kSortRole,
        QStringLiteral("SuppressedView"), conflicts);
    conflicts->setSizes({400, 200, 150});
    m_pages->addTab(conflicts, tr("Conflicts"));

    // Auto-fix: outcomes per clause; a clause's fixes with the word diff of the one selected.
    auto *fixes = new QSplitter(Qt::Vertical);
    fixes->setObjectName(QStringLiteral("FixesPage"));
    makeChartView(QStringLiteral("FixOutcomesChart"), fixes);
    m_fixClauses->setHorizontalHeaderLabels({tr("Clause"), tr("Attempts"), tr("Fixed"),
        tr("Ineffective"), tr("Broke"), tr("Error"), tr("Success"), tr("Broke clauses")});
    auto *fixClausesView = makeFiguresTable(
        m_fixClauses, 1, Qt::DescendingOrder, kSortRole, QStringLiteral("FixClausesView"), fixes);
    connect(fixClausesView, &QTableView::activated, this, [this](const QModelIndex &index) {
        drillFixes(index.sibling(index.row(), 0).data().toString(), std::nullopt);
    });
    auto *fixDetail = new QSplitter(Qt::Horizontal, fixes);
    m_fixRows->setHorizontalHeaderLabels(
        {tr("Conversation"), tr("Turn"), tr("Round"), tr("Outcome")});
    auto *fixRowsView = makeFiguresTable(
        m_fixRows, 0, Qt::AscendingOrder, kSortRole, QStringLiteral("FixRowsView"), fixDetail);
    m_fixDiff->setParent(fixDetail);
    connect(fixRowsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) {
            const int row = current.sibling(current.row(), 0).data(kKeyRole).toInt();
            if (!current.isValid() || row < 0 || std::size_t(row) >= m_fixList.size()) {
                m_fixDiff->clear();
                return;
            }
            const engine::FixRecord fix = m_fixList[std::size_t(row)].record();
            m_fixDiff->setFix(&fix, m_fixDiffs[std::size_t(row)]);
        });
    fixes->setSizes({400, 200, 300});
    m_pages->addTab(fixes, tr("Auto-fix"));

    // Contracts: the sources the run used, as it snapshotted them (unsaved buffers included),
    // read-only: its clause ranges point into these texts whatever the files say now.
    auto *contracts = new QWidget;
    contracts->setObjectName(QStringLiteral("ContractsPage"));
    auto *fileLabel = new QLabel(tr("&File:"), contracts);
    m_snapshotFiles->setParent(contracts);
    m_snapshotFiles->setObjectName(QStringLiteral("SnapshotFiles"));
    m_snapshotFiles->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_snapshotFiles->setMinimumContentsLength(20);
    fileLabel->setBuddy(m_snapshotFiles);
    m_snapshotNote->setParent(contracts);
    m_snapshotNote->setObjectName(QStringLiteral("SnapshotNote"));
    m_snapshotNote->setWordWrap(true);
    m_snapshot->setParent(contracts);
    m_snapshot->setObjectName(QStringLiteral("SnapshotView"));
    m_snapshot->setReadOnly(true);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(fileLabel);
    fileRow->addWidget(m_snapshotFiles);
    fileRow->addWidget(m_snapshotNote, 1);
    auto *contractsLayout = new QVBoxLayout(contracts);
    contractsLayout->setContentsMargins(0, 0, 0, 0);
    contractsLayout->addLayout(fileRow);
    contractsLayout->addWidget(m_snapshot, 1);
    m_pages->addTab(contracts, tr("Contracts"));
    connect(
        m_snapshotFiles, &QComboBox::currentIndexChanged, this, &RunDashboard::showSnapshotFile);
    connect(m_pages, &QTabWidget::currentChanged, this, [this](int page) {
        if (page == ContractsPage)
            loadSnapshots();
    });

    // The turns behind the last click, under every page.
    auto *drill = new QWidget;
    m_drillLabel =
        new QLabel(tr("Click a bar, a cell or a row to list the turns behind it."), drill);
    m_drillLabel->setObjectName(QStringLiteral("DrillLabel"));
    m_drillLabel->setWordWrap(true);
    m_drillView = makeFiguresTable(m_drill, DrillTurnsModel::Conversation, Qt::AscendingOrder,
        DrillTurnsModel::SortRole, QStringLiteral("DrillView"), drill);
    auto *drillLayout = new QVBoxLayout(drill);
    drillLayout->setContentsMargins(0, 0, 0, 0);
    drillLayout->addWidget(m_drillLabel);
    drillLayout->addWidget(m_drillView, 1);
    connect(m_drill, &DrillTurnsModel::pageLoaded, this, [this] {
        if (m_drill->rowCount() <= int(DrillTurnsModel::kPageSize))
            m_drillView->resizeColumnsToContents();
    });
    // A listed turn opens in its conversation; its clause (the Clause column) where it is
    // written.
    connect(m_drillView, &QTableView::activated, this, [this](const QModelIndex &index) {
        if (!m_figures || !index.isValid())
            return;
        const auto *proxy = qobject_cast<const QSortFilterProxyModel *>(index.model());
        const int row = proxy ? proxy->mapToSource(index).row() : index.row();
        const tracer::DrillTurn &turn = m_drill->turnAt(row);
        if (index.column() != DrillTurnsModel::Clause)
            Q_EMIT turnRequested(turn);
        else if (turn.clause < m_figures->clauses.size())
            Q_EMIT clauseRequested(m_figures->clauses[turn.clause]);
    });
    connect(m_drill, &DrillTurnsModel::failed, this,
        [this](const QString &message) { m_drillLabel->setText(message); });

    auto *body = new QSplitter(Qt::Vertical, m_stack);
    body->addWidget(m_pages);
    body->addWidget(drill);
    // The pages get most of the height; the turns behind a click the rest.
    body->setSizes({700, 250});
    m_stack->addWidget(m_status);
    m_stack->addWidget(body);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_header);
    layout->addWidget(m_stack, 1);
    setRun(-1);
    applyChartTheme();
}

RunDashboard::~RunDashboard() = default;

QChartView *RunDashboard::chart(const QString &name) const
{
    return findChild<QChartView *>(name);
}

void RunDashboard::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyChartTheme();
        if (m_figures)
            fillConflicts(*m_figures); // the matrix's shades follow the palette
    }
}

void RunDashboard::applyChartTheme()
{
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    for (QChartView *view : findChildren<QChartView *>()) {
        QChart *chart = view->chart();
        chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
        chart->setBackgroundBrush(palette().base());
        chart->setTitleBrush(palette().text());
        chart->legend()->setLabelColor(palette().color(QPalette::Text));
        for (QAbstractAxis *axis : chart->axes())
            axis->setLabelsColor(palette().color(QPalette::Text));
    }
}

void RunDashboard::setRun(qint64 run)
{
    m_run = run;
    m_figureJobs.advance();
    m_snapshotJobs.advance();
    m_snapshots.reset();
    m_snapshotsRequested = false;
    m_pendingClause.reset();
    {
        const QSignalBlocker block(m_snapshotFiles);
        m_snapshotFiles->clear();
    }
    m_snapshotNote->clear();
    m_snapshot->setReadOnly(false);
    m_snapshot->clear();
    m_snapshot->setReadOnly(true);
    m_figures.reset();
    m_clauses->setFigures(nullptr);
    m_drill->clear();
    if (run < 0) {
        m_header->hide();
        m_status->setText(tr("Open a run from the Runs panel to see its dashboards."));
        m_stack->setCurrentWidget(m_status);
        return;
    }
    m_header->setText(tr("<b>Run %1</b>").arg(run));
    m_header->show();
    m_status->setText(tr("Loading run %1…").arg(run));
    m_stack->setCurrentWidget(m_status);
    m_store->statistics(
        m_figureJobs, run,
        [](tracer::RunStatistics &statistics) { return readRunFigures(statistics); },
        &RunDashboard::figuresRead);
}

void RunDashboard::showSnapshot(const tracer::StoredClause &clause)
{
    if (m_run < 0)
        return;
    m_pendingClause = clause;
    m_pages->setCurrentIndex(ContractsPage); // loads the snapshots when they are not in
    if (m_snapshots)
        selectPendingClause();
}

void RunDashboard::loadSnapshots()
{
    if (m_run < 0 || m_snapshots || m_snapshotsRequested)
        return;
    m_snapshotsRequested = true;
    m_snapshotNote->setText(tr("Loading the contracts of run %1…").arg(m_run));
    m_store->query(
        m_snapshotJobs,
        [run = m_run](
            tracer::WorkspaceDatabase &db) -> engine::Result<std::vector<tracer::ContractSource>> {
            auto reader = tracer::RunReader::open(db, run);
            if (!reader)
                return reader.error();
            return reader.value().info().contracts;
        },
        &RunDashboard::snapshotsRead);
}

void RunDashboard::snapshotsRead(engine::Result<std::vector<tracer::ContractSource>> sources)
{
    if (!sources) {
        m_snapshotNote->setText(QString::fromStdString(sources.error().message));
        return;
    }
    m_snapshots = std::move(sources.value());
    const RunEntry *entry = m_store->run(m_run);
    {
        const QSignalBlocker block(m_snapshotFiles);
        m_snapshotFiles->clear();
        for (const tracer::ContractSource &source : *m_snapshots) {
            const QString file = QString::fromStdString(source.file);
            const bool changed = entry && entry->changedContracts.contains(file);
            m_snapshotFiles->addItem(changed
                    ? tr("%1 (changed since)").arg(QFileInfo(file).fileName())
                    : QFileInfo(file).fileName(),
                file);
            m_snapshotFiles->setItemData(m_snapshotFiles->count() - 1, file, Qt::ToolTipRole);
        }
    }
    if (m_pendingClause)
        selectPendingClause();
    else
        showSnapshotFile(m_snapshotFiles->currentIndex());
}

void RunDashboard::showSnapshotFile(int index)
{
    if (!m_snapshots || index < 0 || std::size_t(index) >= m_snapshots->size()) {
        m_snapshotNote->clear();
        return;
    }
    const tracer::ContractSource &source = (*m_snapshots)[std::size_t(index)];
    m_snapshot->setReadOnly(false);
    m_snapshot->setText(QString::fromStdString(source.source));
    m_snapshot->setReadOnly(true);
    const QString file = QString::fromStdString(source.file);
    const RunEntry *entry = m_store->run(m_run);
    m_snapshotNote->setText(entry && entry->changedContracts.contains(file)
            ? tr("As run %1 used it; the file has changed since.").arg(m_run)
            : tr("As run %1 used it; the file still has this text.").arg(m_run));
}

void RunDashboard::selectPendingClause()
{
    if (!m_snapshots || !m_pendingClause)
        return;
    const tracer::StoredClause clause = *std::exchange(m_pendingClause, std::nullopt);
    const int index = m_snapshotFiles->findData(QString::fromStdString(clause.file));
    if (index < 0)
        return;
    if (index == m_snapshotFiles->currentIndex())
        showSnapshotFile(index);
    else
        m_snapshotFiles->setCurrentIndex(index);
    // Byte offsets into the snapshot's text, which is exactly what the editor holds.
    const long length = m_snapshot->SendScintilla(QsciScintillaBase::SCI_GETLENGTH);
    const long from = std::clamp<long>(long(clause.range.begin.offset), 0, length);
    const long to = std::clamp<long>(long(clause.range.end.offset), from, length);
    m_snapshot->SendScintilla(QsciScintillaBase::SCI_SETSEL, from, to);
    m_snapshot->SendScintilla(QsciScintillaBase::SCI_SCROLLCARET);
    Q_EMIT snapshotShown(QString::fromStdString(clause.file));
}

void RunDashboard::figuresRead(engine::Result<RunFigures> figures)
{
    if (!figures) {
        showError(QString::fromStdString(figures.error().message));
        return;
    }
    show(std::make_shared<const RunFigures>(std::move(figures.value())));
}

void RunDashboard::showError(const QString &message)
{
    m_status->setText(message);
    m_stack->setCurrentWidget(m_status);
}

std::vector<std::string> RunDashboard::clauseIds() const
{
    std::vector<std::string> ids;
    if (m_figures)
        for (const tracer::StoredClause &clause : m_figures->clauses)
            ids.push_back(clause.id);
    return ids;
}

QString RunDashboard::clauseName(std::size_t position) const
{
    return m_figures && position < m_figures->clauses.size()
        ? QString::fromStdString(m_figures->clauses[position].id)
        : QString();
}

void RunDashboard::showHeader()
{
    if (!m_figures)
        return;
    const tracer::RunOverview &o = m_figures->overview;
    QStringList contracts;
    for (const tracer::RunContract &contract : m_figures->contracts)
        contracts << QFileInfo(QString::fromStdString(contract.file)).fileName().toHtmlEscaped();
    QString title = tr("<b>Run %1</b>").arg(o.run.id);
    if (o.run.label)
        title += QStringLiteral(" “%1”").arg(QString::fromStdString(*o.run.label).toHtmlEscaped());
    // The sessions file is in the store's listing, which may list the run only after the
    // dashboard opened it (right after a replay): the header is shown again when the list is.
    const RunEntry *entry = m_store->run(o.run.id);
    QStringList parts {title, RunsModel::statusText(o.run.status)};
    if (entry)
        parts << QFileInfo(QString::fromStdString(entry->listing.sessions))
                     .fileName()
                     .toHtmlEscaped();
    parts << contracts.join(QStringLiteral(", "));
    m_header->setText(parts.join(QStringLiteral(" · ")));
}

void RunDashboard::show(std::shared_ptr<const RunFigures> figures)
{
    m_figures = figures;
    m_clauses->setFigures(figures);
    showHeader();
    fillOverview(*figures);
    fillLatency(*figures);
    fillViolations(*figures);
    fillConflicts(*figures);
    fillFixes(*figures);
    applyChartTheme();
    for (QTableView *view : findChildren<QTableView *>())
        if (view != m_drillView)
            view->resizeColumnsToContents();
    m_stack->setCurrentIndex(1);
    Q_EMIT loaded(m_run);
}

QList<std::pair<QString, QString>> RunDashboard::overviewFigures(const tracer::RunOverview &o)
{
    const QLocale locale;
    QList<std::pair<QString, QString>> rows;
    const auto count = [&](std::uint64_t n) { return locale.toString(qulonglong(n)); };
    rows.append({tr("Conversations"), count(o.conversations)});
    rows.append({tr("Turns"), count(o.turns)});
    rows.append({tr("Valid turns"), locale.toString(o.validTurnsPercent, 'f', 1) + u'%'});
    const QStringList severities = {tr("critical"), tr("error"), tr("warning"), tr("info")};
    for (std::size_t i = 0; i < 4; ++i)
        rows.append({tr("Violations (%1)").arg(severities[qsizetype(i)]),
            count(o.violationsBySeverity[i])});
    rows.append({tr("Fixes"), count(o.fixes)});
    rows.append({tr("Conflicts"), count(o.conflicts)});
    if (o.compileNs)
        rows.append({tr("Compile time"), durationText(*o.compileNs)});
    rows.append({tr("Turn latency p50 / p95 / p99"),
        QStringLiteral("%1 / %2 / %3")
            .arg(durationText(o.turnLatency.p50), durationText(o.turnLatency.p95),
                durationText(o.turnLatency.p99))});
    return rows;
}

void RunDashboard::fillOverview(const RunFigures &figures)
{
    const tracer::RunOverview &o = figures.overview;
    const QLocale locale;
    QString rows;
    const auto row = [&](const QString &name, const QString &value) {
        rows += QStringLiteral("<tr><td>%1</td><td align=right><b>%2</b></td></tr>")
                    .arg(name.toHtmlEscaped(), value.toHtmlEscaped());
    };
    for (const auto &[name, value] : overviewFigures(o))
        row(name, value);
    const QStringList severities = {tr("critical"), tr("error"), tr("warning"), tr("info")};
    QString coverage;
    if (o.coverage) {
        const auto list = [&](const QString &name, const std::vector<std::string> &ids) {
            if (!ids.empty())
                coverage += QStringLiteral("<p><b>%1</b> %2</p>")
                                .arg(name.toHtmlEscaped(), joined(ids).toHtmlEscaped());
        };
        list(tr("Never evaluated:"), o.coverage->neverEvaluated);
        list(tr("Never failed:"), o.coverage->neverFailed);
        list(tr("Fixes never applied:"), o.coverage->fixesNeverApplied);
    }
    if (!figures.summarized)
        coverage += QStringLiteral("<p><i>%1</i></p>")
                        .arg(tr("The run did not finish: its figures were counted from the turns "
                                "it stored.")
                                .toHtmlEscaped());
    m_overview->setText(QStringLiteral("<table cellspacing=3>%1</table>%2").arg(rows, coverage));

    QChart *chart = this->chart(QStringLiteral("SeverityChart"))->chart();
    resetChart(chart, tr("Violations by severity"));
    auto *set = new QBarSet(tr("Violations"));
    for (std::uint64_t n : o.violationsBySeverity)
        *set << double(n);
    auto *series = new QBarSeries;
    series->append(set);
    chart->addSeries(series);
    attachAxes(chart, series, severities, Qt::AlignBottom);
    chart->legend()->hide();
}

void RunDashboard::fillLatency(const RunFigures &figures)
{
    // The histogram's log-spaced buckets merged into at most 40 bars.
    QChart *chart = this->chart(QStringLiteral("TurnLatencyChart"))->chart();
    resetChart(chart, tr("Turn latency"));
    const std::vector<tracer::LatencyBucket> &buckets = figures.turnLatency;
    auto *set = new QBarSet(tr("Turns"));
    QStringList labels;
    if (!buckets.empty()) {
        const std::size_t per = std::max<std::size_t>(1, (buckets.size() + 39) / 40);
        for (std::size_t i = 0; i < buckets.size(); i += per) {
            std::uint64_t n = 0;
            const std::size_t end = std::min(buckets.size(), i + per);
            for (std::size_t b = i; b < end; ++b)
                n += buckets[b].count;
            *set << double(n);
            labels << durationText(buckets[i].lowerNs);
        }
    }
    auto *series = new QBarSeries;
    series->append(set);
    chart->addSeries(series);
    attachAxes(chart, series, labels, Qt::AlignBottom);
    chart->legend()->hide();

    QChart *share = this->chart(QStringLiteral("ContractShareChart"))->chart();
    resetChart(share, tr("Share of turn time by contract"));
    auto *pie = new QPieSeries;
    for (const tracer::ContractTime &contract : figures.contractTime)
        if (contract.durationNs > 0)
            pie->append(QStringLiteral("%1 %2%")
                            .arg(QString::fromStdString(contract.contract))
                            .arg(QLocale().toString(contract.share * 100.0, 'f', 1)),
                double(contract.durationNs));
    share->addSeries(pie);
    share->legend()->setAlignment(Qt::AlignRight);
}

void RunDashboard::fillViolations(const RunFigures &figures)
{
    // The clauses with the most failures, fail and error stacked; a click lists the turns.
    std::vector<std::size_t> order(figures.counts.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return figures.counts[a].fail + figures.counts[a].error
            > figures.counts[b].fail + figures.counts[b].error;
    });
    while (!order.empty()
        && figures.counts[order.back()].fail + figures.counts[order.back()].error == 0)
        order.pop_back();
    if (order.size() > kBars)
        order.resize(kBars);
    QChart *chart = this->chart(QStringLiteral("FailuresChart"))->chart();
    resetChart(chart, tr("Failures per clause"));
    auto *fail = new QBarSet(tr("fail"));
    auto *error = new QBarSet(tr("error"));
    QStringList names;
    for (std::size_t position : order) {
        names << QString::fromStdString(figures.counts[position].clause);
        *fail << double(figures.counts[position].fail);
        *error << double(figures.counts[position].error);
    }
    // Horizontal, so that the clause names are readable; the most failing at the top.
    std::reverse(order.begin(), order.end());
    fail->remove(0, fail->count());
    error->remove(0, error->count());
    names.clear();
    for (std::size_t position : order) {
        names << QString::fromStdString(figures.counts[position].clause);
        *fail << double(figures.counts[position].fail);
        *error << double(figures.counts[position].error);
    }
    auto *series = new QHorizontalStackedBarSeries;
    series->append({fail, error});
    chart->addSeries(series);
    attachAxes(chart, series, names, Qt::AlignLeft);
    connect(fail, &QBarSet::clicked, this, [this, order](int index) {
        if (index >= 0 && std::size_t(index) < order.size())
            drillStatus(order[std::size_t(index)], engine::ClauseStatus::Fail);
    });
    connect(error, &QBarSet::clicked, this, [this, order](int index) {
        if (index >= 0 && std::size_t(index) < order.size())
            drillStatus(order[std::size_t(index)], engine::ClauseStatus::Error);
    });

    // Does a rule fail more on turn 8 than on turn 1? The share of failing turns per number.
    QChart *turns = this->chart(QStringLiteral("TurnNumberChart"))->chart();
    resetChart(turns, tr("Failing turns by turn number"));
    auto *failing = new QBarSet(tr("failing turns"));
    auto *passing = new QBarSet(tr("other turns"));
    QStringList numbers;
    std::vector<std::int64_t> turnNumbers;
    for (const tracer::TurnNumberFailures &t : figures.failuresByTurn) {
        if (turnNumbers.size() == 40)
            break;
        numbers << QString::number(t.turn);
        turnNumbers.push_back(t.turn);
        *failing << double(t.failingTurns);
        *passing << double(t.turns - std::min(t.turns, t.failingTurns));
    }
    auto *stacked = new QStackedBarSeries;
    stacked->append({failing, passing});
    turns->addSeries(stacked);
    attachAxes(turns, stacked, numbers, Qt::AlignBottom);
    connect(failing, &QBarSet::clicked, this, [this, turnNumbers](int index) {
        if (index >= 0 && std::size_t(index) < turnNumbers.size())
            drillTurnNumber(turnNumbers[std::size_t(index)]);
    });

    m_messages->removeRows(0, m_messages->rowCount());
    for (std::size_t i = 0; i < figures.topMessages.size(); ++i) {
        const tracer::MessageCount &m = figures.topMessages[i];
        QStandardItem *clause = textItem(clauseName(m.clause));
        clause->setData(int(i), kKeyRole);
        m_messages->appendRow(
            {clause, countItem(m.count), textItem(QString::fromStdString(m.message))});
    }
}

void RunDashboard::fillConflicts(const RunFigures &figures)
{
    // The matrix: how often each pair of contracts conflicted, shaded by count; a cell's tooltip
    // says of which kinds and how they were resolved.
    const std::vector<std::string> &contracts = figures.conflicts.contracts;
    const auto indexOf = [&](const std::string &contract) {
        return int(
            std::lower_bound(contracts.begin(), contracts.end(), contract) - contracts.begin());
    };
    m_conflictMatrix->clear();
    const int n = int(contracts.size());
    m_conflictMatrix->setRowCount(n);
    m_conflictMatrix->setColumnCount(n);
    QStringList names;
    for (const std::string &contract : contracts)
        names << QString::fromStdString(contract);
    m_conflictMatrix->setHorizontalHeaderLabels(names);
    m_conflictMatrix->setVerticalHeaderLabels(names);
    std::vector<std::uint64_t> counts(std::size_t(n) * std::size_t(n), 0);
    std::vector<QStringList> details(counts.size());
    for (const tracer::ConflictCell &cell : figures.conflicts.cells) {
        const int a = indexOf(cell.contractA);
        const int b = indexOf(cell.contractB);
        if (a >= n || b >= n)
            continue;
        const QString detail =
            tr("%1, resolved by %2: %n conflict(s)", nullptr, int(cell.count))
                .arg(QString::fromStdString(cell.kind), QString::fromStdString(cell.resolution));
        for (const auto &[row, column] : {std::pair(a, b), std::pair(b, a)}) {
            const std::size_t at = std::size_t(row) * std::size_t(n) + std::size_t(column);
            counts[at] += cell.count;
            details[at] << detail;
            if (a == b)
                break;
        }
    }
    const std::uint64_t most = counts.empty() ? 0 : *std::max_element(counts.begin(), counts.end());
    const QColor shade = palette().color(QPalette::Highlight);
    for (int row = 0; row < n; ++row)
        for (int column = 0; column < n; ++column) {
            const std::size_t at = std::size_t(row) * std::size_t(n) + std::size_t(column);
            auto *item = counts[at] ? countItem(counts[at]) : textItem(QString());
            if (counts[at]) {
                QColor color = shade;
                color.setAlphaF(0.15f + 0.6f * float(counts[at]) / float(most));
                item->setBackground(color);
                item->setToolTip(QStringLiteral("<b>%1 × %2</b><br>%3")
                        .arg(names[row].toHtmlEscaped(), names[column].toHtmlEscaped(),
                            details[at].join(QStringLiteral("<br>")).toHtmlEscaped()));
            }
            item->setTextAlignment(Qt::AlignCenter);
            m_conflictMatrix->setItem(row, column, item);
        }

    // Conflicts by kind, a bar per resolution.
    QChart *chart = this->chart(QStringLiteral("ConflictKindsChart"))->chart();
    resetChart(chart, tr("Conflicts by kind and resolution"));
    QStringList kinds;
    QStringList resolutions;
    for (const tracer::ConflictCell &cell : figures.conflicts.cells) {
        if (!kinds.contains(QString::fromStdString(cell.kind)))
            kinds << QString::fromStdString(cell.kind);
        if (!resolutions.contains(QString::fromStdString(cell.resolution)))
            resolutions << QString::fromStdString(cell.resolution);
    }
    auto *series = new QStackedBarSeries;
    for (const QString &resolution : std::as_const(resolutions)) {
        auto *set = new QBarSet(resolution);
        for (const QString &kind : std::as_const(kinds)) {
            std::uint64_t total = 0;
            for (const tracer::ConflictCell &cell : figures.conflicts.cells)
                if (QString::fromStdString(cell.kind) == kind
                    && QString::fromStdString(cell.resolution) == resolution)
                    total += cell.count;
            *set << double(total);
        }
        series->append(set);
    }
    chart->addSeries(series);
    attachAxes(chart, series, kinds, Qt::AlignBottom);
    chart->legend()->setVisible(!resolutions.isEmpty());

    m_conflictCells->removeRows(0, m_conflictCells->rowCount());
    for (const tracer::ConflictCell &cell : figures.conflicts.cells)
        m_conflictCells->appendRow({textItem(QString::fromStdString(cell.contractA)),
            textItem(QString::fromStdString(cell.contractB)),
            textItem(QString::fromStdString(cell.kind)),
            textItem(QString::fromStdString(cell.resolution)), countItem(cell.count)});
    m_suppressed->removeRows(0, m_suppressed->rowCount());
    for (const tracer::SuppressedClause &clause : figures.conflicts.suppressed)
        m_suppressed->appendRow({textItem(QString::fromStdString(clause.clause)),
            textItem(QString::fromStdString(clause.kind)),
            textItem(QString::fromStdString(clause.resolution)),
            textItem(joined(clause.conflictingClauses))});
}

void RunDashboard::fillFixes(const RunFigures &figures)
{
    QChart *chart = this->chart(QStringLiteral("FixOutcomesChart"))->chart();
    resetChart(chart, tr("Auto-fix outcomes per clause"));
    std::array<QBarSet *, 4> sets {};
    for (std::size_t o = 0; o < sets.size(); ++o)
        sets[o] = new QBarSet(FixDiffView::outcomeName(int(o)));
    QStringList names;
    std::vector<QString> clauses;
    m_fixClauses->removeRows(0, m_fixClauses->rowCount());
    for (const tracer::ClauseFixes &fix : figures.fixes) {
        const QString clause = QString::fromStdString(fix.clause);
        names << clause;
        clauses.push_back(clause);
        for (std::size_t o = 0; o < sets.size(); ++o)
            *sets[o] << double(fix.outcomes[o]);
        QStringList broke;
        for (const auto &[id, n] : fix.broke)
            broke << QStringLiteral("%1 (%2)").arg(QString::fromStdString(id)).arg(n);
        QList<QStandardItem *> row = {textItem(clause), countItem(fix.attempts)};
        for (std::uint64_t n : fix.outcomes)
            row << countItem(n);
        row << numberItem(
            fix.successRate, QLocale().toString(fix.successRate * 100.0, 'f', 1) + u'%');
        row << textItem(broke.join(QStringLiteral(", ")));
        m_fixClauses->appendRow(row);
    }
    auto *series = new QHorizontalStackedBarSeries;
    for (QBarSet *set : sets) {
        series->append(set);
        const auto outcome = engine::FixOutcome(series->count() - 1);
        connect(set, &QBarSet::clicked, this, [this, clauses, outcome](int index) {
            if (index >= 0 && std::size_t(index) < clauses.size())
                drillFixes(clauses[std::size_t(index)], outcome);
        });
    }
    chart->addSeries(series);
    attachAxes(chart, series, names, Qt::AlignLeft);
    m_fixRows->removeRows(0, m_fixRows->rowCount());
    m_fixList.clear();
    m_fixDiffs.clear();
    m_fixDiff->clear();
}

void RunDashboard::drillStatus(std::size_t position, engine::ClauseStatus status)
{
    if (!m_figures)
        return;
    m_drillLabel->setText(
        tr("Turns where %1 is %2").arg(clauseName(position), clauseStatusWord(status)));
    m_drill->setQuery(m_run, m_drillLabel->text(), clauseIds(),
        [position, status](tracer::RunStatistics &s, tracer::TurnCursor after, std::size_t limit) {
            return s.turnsWithStatus(position, status, after, limit);
        });
}

void RunDashboard::drillTurnNumber(std::int64_t turn, std::optional<std::size_t> position)
{
    if (!m_figures)
        return;
    m_drillLabel->setText(position
            ? tr("Turns numbered %1 where %2 fails").arg(turn).arg(clauseName(*position))
            : tr("Turns numbered %1 where a clause fails").arg(turn));
    m_drill->setQuery(m_run, m_drillLabel->text(), clauseIds(),
        [turn, position](tracer::RunStatistics &s, tracer::TurnCursor after, std::size_t limit) {
            return s.failingTurnsAt(turn, position, after, limit);
        });
}

void RunDashboard::drillMessage(int row)
{
    if (!m_figures || row < 0 || std::size_t(row) >= m_figures->topMessages.size())
        return;
    const tracer::MessageCount &m = m_figures->topMessages[std::size_t(row)];
    m_drillLabel->setText(tr("Turns where %1 says “%2”")
            .arg(clauseName(m.clause), QString::fromStdString(m.message)));
    m_drill->setQuery(m_run, m_drillLabel->text(), clauseIds(),
        [clause = m.clause, message = m.message](tracer::RunStatistics &s, tracer::TurnCursor after,
            std::size_t limit) { return s.turnsWithMessage(clause, message, after, limit); });
}

void RunDashboard::drillFixes(const QString &clause, std::optional<engine::FixOutcome> outcome)
{
    m_fixJobs.advance();
    m_pages->setCurrentIndex(FixesPage);
    m_store->statistics(
        m_fixJobs, m_run,
        [clause = clause.toStdString(), outcome](
            tracer::RunStatistics &s) -> engine::Result<FixesWithDiffs> {
            auto page = s.fixesOf(clause, outcome, 0, 500);
            if (!page)
                return page.error();
            // The word diffs of long texts are computed here, never on the GUI thread.
            FixesWithDiffs fixes {std::move(page.value()), {}};
            for (const tracer::StoredFix &fix : fixes.page.rows)
                fixes.diffs.push_back(editor::TextDiff::words(fix.before, fix.after));
            return fixes;
        },
        &RunDashboard::fixesRead);
}

void RunDashboard::fixesRead(engine::Result<FixesWithDiffs> fixes)
{
    if (!fixes)
        return;
    m_fixRows->removeRows(0, m_fixRows->rowCount());
    m_fixList = std::move(fixes.value().page.rows);
    m_fixDiffs = std::move(fixes.value().diffs);
    for (std::size_t i = 0; i < m_fixList.size(); ++i) {
        const tracer::StoredFix &fix = m_fixList[i];
        QStandardItem *conversation = textItem(QStringLiteral("#%1 %2")
                .arg(fix.conversationPosition)
                .arg(QString::fromStdString(fix.conversation)));
        conversation->setData(double(fix.conversationPosition), kSortRole);
        conversation->setData(int(i), kKeyRole);
        m_fixRows->appendRow(
            {conversation, countItem(std::uint64_t(fix.turn)), countItem(std::uint64_t(fix.round)),
                textItem(FixDiffView::outcomeName(int(fix.outcome)))});
    }
    Q_EMIT fixesListed(int(m_fixList.size()));
}

} // namespace llmcl::app
