// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/runtools.h"

#include "app/debugtools.h"
#include "app/filedialogs.h"
#include "app/mainwindow.h"
#include "app/modemanager.h"
#include "app/runs/comparedialog.h"
#include "app/runs/comparisonreport.h"
#include "app/runs/comparisonview.h"
#include "app/runs/exportdialog.h"
#include "app/runs/replaydialog.h"
#include "app/runs/rundashboard.h"
#include "app/runs/runreport.h"
#include "app/runs/runsmodel.h"
#include "app/runs/runspanel.h"
#include "app/runs/runstore.h"
#include "app/sessionsdock.h"
#include "app/stepperdock.h"
#include "editor/contracteditor.h"
#include "tracer/workspace.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QInputDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>

#include <utility>

namespace llmcl::app {

RunTools::RunTools(MainWindow *window)
    : QObject(window)
    , m_window(window)
    , m_store(new RunStore(this))
    , m_model(new RunsModel(m_store, this))
    , m_panel(new RunsPanel(m_model))
    , m_area(new QSplitter(Qt::Vertical, window))
    , m_runTabs(new QTabWidget(m_area))
    , m_dashboard(new RunDashboard(m_store, window->syntaxRepository()))
    , m_job(new ReplayJob(this))
    , m_comparison(new ComparisonView(m_store))
{
    setObjectName(QStringLiteral("RunTools"));
    // The Runs mode's centre: the runs list above the tabs of one run's dashboards and of a
    // comparison. The window's central widget takes it (MainWindow, ModeManager).
    m_area->setObjectName(QStringLiteral("RunsArea"));
    m_area->setChildrenCollapsible(false);
    m_area->addWidget(m_panel);
    // Entering the Runs mode from the keyboard lands in the list.
    m_panel->setFocusProxy(m_panel->view());
    m_runTabs->setObjectName(QStringLiteral("RunTabs"));
    m_runTabs->setDocumentMode(true);
    m_runTabs->addTab(m_dashboard, tr("Run"));
    m_runTabs->addTab(m_comparison, tr("Comparison"));
    m_area->addWidget(m_runTabs);
    m_area->setStretchFactor(1, 1);
    // Its minimum counts in the Edit and Debug modes too (the window's central widget is as
    // large as its largest page needs): small, so that it never decides the window's size.
    m_area->setMinimumSize(200, 150);

    const auto action = [this](const QString &text, const QString &name, QKeySequence key) {
        auto *a = new QAction(text, this);
        a->setObjectName(name);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        m_window->addAction(a);
        return a;
    };
    m_replay = action(tr("&Replay Sessions…"), QStringLiteral("actionReplay"),
        QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_R));
    m_replay->setToolTip(tr("Replay a sessions file against the workspace's contracts, unsaved "
                            "changes included, and store the run"));
    m_cancel = action(tr("&Cancel Replay"), QStringLiteral("actionCancelReplay"),
        QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_Q));
    m_open = action(tr("&Open Run"), QStringLiteral("actionOpenRun"),
        QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_D));
    m_open->setToolTip(tr("Show the dashboards of the selected run"));
    m_resume = action(tr("Re&sume Run"), QStringLiteral("actionResumeRun"),
        QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_M));
    m_resume->setToolTip(tr("Complete an incomplete or cancelled run with the contracts, "
                            "sessions and options it started with"));
    m_label = action(tr("&Label Run…"), QStringLiteral("actionLabelRun"),
        QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_N));
    m_label->setToolTip(tr("Name the selected run (stored in the workspace database)"));
    m_export = action(tr("E&xport Run…"), QStringLiteral("actionExportRun"),
        QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_X));
    m_export->setToolTip(tr("Write the selected run as a trace (LLMCL, Chrome, OTLP) or as "
                            "Prometheus metrics"));
    m_compare = action(tr("Co&mpare Runs…"), QStringLiteral("actionCompareRuns"),
        QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_C));
    m_compare->setToolTip(tr("Compare two runs clause by clause: new failures, new passes, "
                             "changed fixes and latency"));
    m_preview = action(tr("&Preview Edits Against Run"), QStringLiteral("actionPreviewEdits"),
        QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_P));
    m_preview->setToolTip(tr("Replay the selected run's sessions with the contracts as the editors "
                             "show them now, and compare: what would this edit change?"));
    m_report = action(tr("Save Run Repor&t…"), QStringLiteral("actionRunReport"),
        QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_H));
    m_report->setToolTip(tr("Save the run shown in the Run tab as a self-contained HTML file or "
                            "a PDF, to share in a review"));
    m_comparisonReport =
        action(tr("Save Compar&ison Report…"), QStringLiteral("actionComparisonReport"),
            QKeySequence(Qt::CTRL | Qt::ALT | Qt::SHIFT | Qt::Key_H));
    m_comparisonReport->setToolTip(tr("Save the comparison shown in the Comparison tab as a "
                                      "self-contained HTML file or a PDF, to share in a review"));
    m_discard = action(tr("&Discard Run…"), QStringLiteral("actionDiscardRun"),
        QKeySequence(Qt::CTRL | Qt::ALT | Qt::SHIFT | Qt::Key_D));
    connect(m_replay, &QAction::triggered, this, &RunTools::showReplayDialog);
    connect(m_cancel, &QAction::triggered, m_job, &ReplayJob::cancel);
    connect(m_open, &QAction::triggered, this, [this] { openRun(m_panel->currentRun()); });
    connect(m_resume, &QAction::triggered, this, [this] { resumeRun(m_panel->currentRun()); });
    connect(m_discard, &QAction::triggered, this, [this] { discardRun(m_panel->currentRun()); });
    connect(m_compare, &QAction::triggered, this, &RunTools::showCompareDialog);
    connect(m_preview, &QAction::triggered, this, [this] { previewEdits(m_panel->currentRun()); });
    connect(m_report, &QAction::triggered, this, &RunTools::showReportDialog);
    connect(m_comparisonReport, &QAction::triggered, this, &RunTools::showComparisonReportDialog);
    connect(m_label, &QAction::triggered, this, [this] { labelRun(m_panel->currentRun()); });
    connect(
        m_export, &QAction::triggered, this, [this] { showExportDialog(m_panel->currentRun()); });
    for (QAction *a : {m_replay, m_open, m_compare, m_label, m_export, m_resume, m_discard})
        m_panel->toolBar()->addAction(a);
    m_comparison->toolBar()->addAction(m_compare);
    m_comparison->toolBar()->addAction(m_comparisonReport);
    connect(m_comparison, &ComparisonView::loaded, this, &RunTools::updateActions);

    connect(m_panel, &RunsPanel::runActivated, this, &RunTools::openRun);
    connect(m_panel, &RunsPanel::currentRunChanged, this, &RunTools::updateActions);
    connect(m_panel, &RunsPanel::cancelRequested, m_job, &ReplayJob::cancel);
    connect(m_panel->messageLabel(), &QLabel::linkActivated, this, [this](const QString &link) {
        const qint64 run = link.section(u':', 1).toLongLong();
        if (link.startsWith(QLatin1String("resume:")))
            resumeRun(run);
        else if (link.startsWith(QLatin1String("discard:")))
            discardRun(run);
        else if (link.startsWith(QLatin1String("open:")))
            openRun(run);
    });
    connect(m_store, &RunStore::runsChanged, this, [this] {
        updateActions();
        offerIncompleteRuns();
    });
    connect(m_store, &RunStore::opened, this, [this] {
        m_panel->showMessage(m_store->isReadOnly() ? readOnlyMessage() : QString(), false);
        updateActions();
    });
    connect(m_store, &RunStore::absent, this, [this] {
        m_panel->showMessage(tr("No runs yet. <b>Runs › Replay Sessions…</b> replays a sessions "
                                "file against the workspace's contracts and stores the run."),
            false);
        updateActions();
    });
    connect(m_store, &RunStore::failed, this, [this](const QString &message) {
        m_panel->showMessage(
            tr("The workspace database cannot be used: %1").arg(message.toHtmlEscaped()), true);
        updateActions();
    });
    connect(m_store, &RunStore::actionFinished, this, [this](const QString &message) {
        if (!message.isEmpty())
            m_panel->showMessage(message.toHtmlEscaped(), true);
    });
    connect(m_job, &ReplayJob::progressed, this, &RunTools::replayProgressed);
    connect(m_job, &ReplayJob::finished, this, &RunTools::replayEnded);
    connect(m_dashboard, &RunDashboard::clauseRequested, this, &RunTools::showClause);
    connect(m_dashboard, &RunDashboard::turnRequested, this, &RunTools::showTurn);
    updateActions();
}

RunTools::~RunTools() = default;

void RunTools::showInRunsMode(QWidget *page)
{
    m_window->modes()->setMode(ModeManager::Mode::Runs);
    if (page)
        m_runTabs->setCurrentWidget(page);
}

void RunTools::addMenus(QMenuBar *bar)
{
    const QList<QAction *> existing = bar->actions();
    QAction *before = existing.isEmpty() ? nullptr : existing.last();
    auto *runs = new QMenu(tr("&Runs"), bar);
    runs->setObjectName(QStringLiteral("RunsMenu"));
    runs->addAction(m_replay);
    runs->addAction(m_cancel);
    runs->addSeparator();
    runs->addAction(m_open);
    runs->addAction(m_compare);
    runs->addAction(m_preview);
    runs->addAction(m_label);
    runs->addAction(m_export);
    runs->addAction(m_report);
    runs->addAction(m_comparisonReport);
    runs->addAction(m_resume);
    runs->addAction(m_discard);
    bar->insertMenu(before, runs);
}

void RunTools::openWorkspace(const QString &folder)
{
    m_workspace = folder;
    m_offeredIncomplete = false;
    m_dashboard->setRun(-1);
    m_store->open(
        QDir(folder).filePath(QString::fromUtf8(tracer::Workspace::kDatabaseFileName.data(),
            qsizetype(tracer::Workspace::kDatabaseFileName.size()))),
        folder);
}

ReplayRequest RunTools::replayRequest(const QString &sessions) const
{
    ReplayRequest request;
    request.database = m_store->databasePath();
    request.sessions = QFileInfo(sessions).absoluteFilePath();
    request.workspace = m_workspace;
    QTabWidget *tabs = m_window->tabs();
    for (int i = 0; i < tabs->count(); ++i) {
        auto *editor = qobject_cast<editor::ContractEditor *>(tabs->widget(i));
        if (editor && editor->isModified() && !editor->filePath().isEmpty())
            request.buffers[editor->filePath().toStdString()] = editor->text().toStdString();
    }
    return request;
}

QString RunTools::sessionsSuggestion() const
{
    if (m_window->debugTools()) {
        const QString loaded = m_window->debugTools()->sessionsDock()->sessionsPath();
        if (!loaded.isEmpty())
            return loaded;
    }
    if (m_dialog && !m_dialog->sessionsPath().isEmpty())
        return m_dialog->sessionsPath();
    return {};
}

ReplayDialog *RunTools::replayDialog()
{
    if (!m_dialog) {
        m_dialog = new ReplayDialog(m_window);
        m_dialog->setWindowModality(Qt::WindowModal);
        connect(m_dialog, &QDialog::accepted, this, [this] {
            ReplayRequest request = replayRequest(m_dialog->sessionsPath());
            request.fix = m_dialog->fix();
            request.storeDetail = m_dialog->storeDetail();
            request.jobs = m_dialog->jobs();
            replay(std::move(request));
        });
    }
    return m_dialog;
}

void RunTools::showReplayDialog()
{
    if (m_workspace.isEmpty()) {
        m_panel->showMessage(tr("Open a workspace folder first: runs are stored in its "
                                "database."),
            true);
        return;
    }
    ReplayDialog *dialog = replayDialog();
    const QString suggestion = sessionsSuggestion();
    if (!suggestion.isEmpty())
        dialog->setSessionsPath(suggestion);
    int unsaved = 0;
    QTabWidget *tabs = m_window->tabs();
    for (int i = 0; i < tabs->count(); ++i)
        if (auto *editor = qobject_cast<editor::ContractEditor *>(tabs->widget(i)))
            unsaved += editor->isModified() ? 1 : 0;
    dialog->setContractsDescription(unsaved
            ? tr("Every contract file of the workspace; %n with unsaved changes, replayed as "
                 "the editor shows them.",
                  nullptr, unsaved)
            : tr("Every contract file of the workspace, as saved."));
    dialog->open();
}

bool RunTools::replay(ReplayRequest request)
{
    if (m_store->databasePath().isEmpty()) {
        m_panel->showMessage(tr("Open a workspace folder first: runs are stored in its "
                                "database."),
            true);
        return false;
    }
    if (m_store->isReadOnly()) {
        m_panel->showMessage(readOnlyMessage(), true);
        return false;
    }
    // The job creates the database when there is none yet: the store waits for it to finish.
    m_store->setCreatingElsewhere(!m_store->isOpen());
    if (!m_job->start(std::move(request))) {
        m_store->setCreatingElsewhere(false);
        return false;
    }
    showInRunsMode(nullptr);
    m_panel->showMessage({}, false);
    updateActions();
    return true;
}

void RunTools::replayProgressed(const ReplayReport &report)
{
    m_panel->showReplay(report);
}

void RunTools::replayEnded(const ReplayReport &report)
{
    const qint64 previewBase = std::exchange(m_previewBase, -1);
    m_store->setCreatingElsewhere(false);
    m_panel->showReplay(report);
    updateActions();
    m_store->refresh();
    QString message;
    bool error = false;
    const bool full = report.errorKind == engine::Error::Kind::Full;
    if (!report.status) {
        message = tr("The replay did not start: %1").arg(report.error.toHtmlEscaped());
        if (full)
            message += u' ' + tr("The disk is full: free some space, then replay again.");
        error = true;
    } else {
        const QString status = RunsModel::statusText(*report.status);
        message = tr("Run %1 is stored as %2.").arg(report.run).arg(status);
        if (full)
            message += u' '
                + tr("The disk is full: the replay stopped, and the turns stored before are "
                     "kept. Free some space, then <a href=\"resume:%1\">resume the run</a>.")
                      .arg(report.run);
        if (!report.error.isEmpty()) {
            message += u' ' + report.error.toHtmlEscaped();
            error = true;
        }
        if (report.problems) {
            message += u' '
                + tr("%n broken line(s) of the sessions file skipped:", nullptr,
                    int(std::min<std::uint64_t>(report.problems, INT_MAX)));
            for (const QString &problem : report.firstProblems)
                message += QStringLiteral("<br>") + problem.toHtmlEscaped();
        }
        if (*report.status == tracer::RunStatus::Complete
            || *report.status == tracer::RunStatus::Cancelled)
            message +=
                QStringLiteral(" <a href=\"open:%1\">%2</a>").arg(report.run).arg(tr("Open"));
        m_panel->selectRun(report.run);
        if (previewBase >= 0 && *report.status == tracer::RunStatus::Complete) {
            m_store->setLabel(report.run, tr("preview of edits against run %1").arg(previewBase));
            compareRuns(previewBase, report.run);
        } else if (*report.status == tracer::RunStatus::Complete) {
            openRun(report.run);
        }
    }
    m_panel->showMessage(message, error);
    m_window->statusBar()->showMessage(report.status
            ? tr("Run %1 stored as %2").arg(report.run).arg(RunsModel::statusText(*report.status))
            : tr("Replay failed"),
        5000);
    Q_EMIT replayFinished(report);
}

void RunTools::openRun(qint64 run)
{
    if (run < 0)
        return;
    if (!m_store->isOpen()) {
        // The first replay created the database: the store is opening it.
        connect(
            m_store, &RunStore::opened, this, [this, run] { openRun(run); },
            Qt::SingleShotConnection);
        return;
    }
    m_dashboard->setRun(run);
    showInRunsMode(m_dashboard);
}

bool RunTools::resumeRun(qint64 run)
{
    const RunEntry *entry = m_store->run(run);
    if (!entry
        || (entry->listing.summary.status != tracer::RunStatus::Incomplete
            && entry->listing.summary.status != tracer::RunStatus::Cancelled))
        return false;
    ReplayRequest request;
    request.database = m_store->databasePath();
    request.resume = run;
    return replay(std::move(request));
}

void RunTools::showCompareDialog()
{
    const auto [a, b] = CompareDialog::defaultPair(m_store->runs(), m_panel->currentRun());
    if (a < 0)
        return;
    auto *dialog = new CompareDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setRuns(m_store->runs(), a, b);
    connect(dialog, &QDialog::accepted, this,
        [this, dialog] { compareRuns(dialog->runA(), dialog->runB()); });
    dialog->open();
}

bool RunTools::previewEdits(qint64 base)
{
    const RunEntry *entry = m_store->run(base);
    if (!entry)
        return false;
    ReplayRequest request = replayRequest(QString::fromStdString(entry->listing.sessions));
    // The base run's own options, so that only the contracts differ.
    const QJsonObject options =
        QJsonDocument::fromJson(QByteArray::fromStdString(entry->listing.options)).object();
    request.fix = options.value(QStringLiteral("fix")).toBool(true);
    request.storeDetail = options.value(QStringLiteral("detail")).toBool(false);
    if (!replay(std::move(request)))
        return false;
    m_previewBase = base;
    return true;
}

void RunTools::compareRuns(qint64 a, qint64 b)
{
    m_comparison->compare(a, b);
    updateActions();
    showInRunsMode(m_comparison);
}

QString RunTools::saveReport(const QString &path)
{
    if (!m_dashboard->figures())
        return tr("Open a run first: the report shows the run in the Run tab.");
    const RunEntry *entry = m_store->run(m_dashboard->run());
    return RunReport::fromDashboard(
        *m_dashboard, entry ? QString::fromStdString(entry->listing.options) : QString())
        .write(path);
}

void RunTools::showReportDialog()
{
    if (!m_dashboard->figures())
        return;
    saveReportAs(tr("Save Run Report"),
        QStringLiteral("run-%1-report.html").arg(m_dashboard->run()),
        [this](const QString &path) { return saveReport(path); });
}

QString RunTools::saveComparisonReport(const QString &path)
{
    const RunComparison *comparison = m_comparison->model()->comparison();
    if (!comparison)
        return tr("Compare two runs first: the report shows the comparison in the Comparison "
                  "tab.");
    return ComparisonReport(*comparison).write(path);
}

void RunTools::showComparisonReportDialog()
{
    const RunComparison *comparison = m_comparison->model()->comparison();
    if (!comparison)
        return;
    saveReportAs(tr("Save Comparison Report"),
        QStringLiteral("comparison-%1-%2-report.html")
            .arg(comparison->diff.runA)
            .arg(comparison->diff.runB),
        [this](const QString &path) { return saveComparisonReport(path); });
}

void RunTools::saveReportAs(const QString &caption, const QString &name,
    const std::function<QString(const QString &)> &save)
{
    const QString folder = m_exportFolder.isEmpty() ? m_workspace : m_exportFolder;
    const QString path = fileDialogs::saveFileName(
        m_window, caption, QDir(folder).filePath(name), tr("HTML (*.html);;PDF (*.pdf)"));
    if (path.isEmpty())
        return;
    m_exportFolder = QFileInfo(path).absolutePath();
    const QString error = save(path);
    if (!error.isEmpty())
        m_panel->showMessage(error.toHtmlEscaped(), true);
    else
        m_window->statusBar()->showMessage(tr("Report saved to %1").arg(path), 5000);
}

void RunTools::showExportDialog(qint64 run)
{
    if (!m_store->run(run))
        return;
    auto *dialog = new ExportDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    // The last export's folder, else the workspace's (never the process's working folder).
    dialog->prepare(run, m_exportFolder.isEmpty() ? m_workspace : m_exportFolder);
    connect(dialog, &QDialog::accepted, this, [this, dialog, run] {
        exportRun(run, dialog->format(), dialog->redactPii(), dialog->path());
    });
    dialog->open();
}

void RunTools::exportRun(
    qint64 run, tracer::ExportFormat format, bool redactPii, const QString &path)
{
    m_exportFolder = QFileInfo(path).absolutePath();
    m_exportJobs.advance();
    m_exporting = {run, path};
    tracer::ExportOptions options;
    options.redactPii = redactPii;
    m_store->query(
        m_exportJobs,
        [run, format, options, file = path.toStdString()](tracer::WorkspaceDatabase &db) {
            return tracer::exportRun(db, run, format, options, file);
        },
        &RunTools::exportDone);
}

void RunTools::exportDone(const tracer::Status &error)
{
    const QString message = error ? QString::fromStdString(error->message) : QString();
    if (error)
        m_panel->showMessage(message.toHtmlEscaped(), true);
    else
        m_window->statusBar()->showMessage(
            tr("Run %1 exported to %2").arg(m_exporting.first).arg(m_exporting.second), 5000);
    Q_EMIT exportFinished(m_exporting.second, message);
}

bool RunTools::showClause(const tracer::StoredClause &clause)
{
    const QString file = QString::fromStdString(clause.file);
    const RunEntry *entry = m_store->run(m_dashboard->run());
    if (!entry || file.isEmpty())
        return false;
    // The store compared every snapshot with its file on disk (off the GUI thread). A changed
    // file may no longer have the clause where the run found it: the run's own text has.
    if (entry->changedContracts.contains(file)) {
        m_dashboard->showSnapshot(clause);
        showInRunsMode(m_dashboard);
        return true;
    }
    // The clause in its file: the Edit mode, at that place.
    if (!m_window->debugTools())
        return false;
    m_window->modes()->setMode(ModeManager::Mode::Edit);
    return m_window->debugTools()->selectClause(
        file, int(clause.range.begin.offset), int(clause.range.end.offset));
}

void RunTools::showTurn(const tracer::DrillTurn &turn)
{
    const qint64 run = m_dashboard->run();
    if (run < 0)
        return;
    QString name = tr("run %1").arg(run);
    if (const RunEntry *entry = m_store->run(run); entry && entry->listing.summary.label)
        name =
            tr("run %1 “%2”").arg(run).arg(QString::fromStdString(*entry->listing.summary.label));
    m_turnJobs.advance();
    m_store->query(
        m_turnJobs,
        [run, name, key = turn.conversationKey, number = turn.turn](
            tracer::WorkspaceDatabase &db) -> engine::Result<StoredTurn> {
            auto reader = tracer::RunReader::open(db, run);
            if (!reader)
                return reader.error();
            auto conversation = reader.value().conversation(key);
            if (!conversation)
                return conversation.error();
            // Collects the one conversation's stored results.
            struct Collector final : tracer::ReplayListener
            {
                StoredConversation *out;
                void turn(
                    const std::string &, std::int64_t, const engine::TurnResult &result) override
                {
                    out->turns.push_back(result);
                }
                void conversationEnd(
                    const std::string &, const engine::ConversationEnd &end) override
                {
                    out->end = end;
                    out->ended = true;
                }
            };
            StoredTurn stored;
            stored.turn = int(number);
            stored.conversation.run = run;
            stored.conversation.runName = name;
            stored.conversation.conversation =
                std::make_shared<const tracer::Conversation>(std::move(conversation.value()));
            Collector collector;
            collector.out = &stored.conversation;
            if (tracer::Status error = reader.value().replayConversationTo(key, collector))
                return *error;
            return stored;
        },
        &RunTools::storedTurnRead);
}

void RunTools::storedTurnRead(engine::Result<StoredTurn> stored)
{
    if (!stored) {
        m_panel->showMessage(QString::fromStdString(stored.error().message).toHtmlEscaped(), true);
        return;
    }
    DebugTools *debug = m_window->debugTools();
    if (!debug)
        return;
    StepperDock *dock = debug->stepperDock();
    const qint64 run = stored.value().conversation.run;
    const QString conversation =
        QString::fromStdString(stored.value().conversation.conversation->id);
    const int turn = stored.value().turn;
    dock->stepper()->showStored(std::move(stored.value().conversation), turn - 1);
    // A turn is debugged: the Debug mode, its stepper in view.
    m_window->modes()->setMode(ModeManager::Mode::Debug);
    dock->show();
    dock->raise();
    Q_EMIT storedTurnShown(run, conversation, turn);
}

void RunTools::labelRun(qint64 run)
{
    const RunEntry *entry = m_store->run(run);
    if (!entry)
        return;
    if (m_store->isReadOnly()) {
        m_panel->showMessage(readOnlyMessage(), true);
        return;
    }
    bool ok = false;
    const QString label = QInputDialog::getText(m_window, tr("Label Run"),
        tr("Label of run %1:").arg(run), QLineEdit::Normal,
        QString::fromStdString(entry->listing.summary.label.value_or(std::string())), &ok);
    if (ok)
        m_store->setLabel(run, label);
}

void RunTools::discardRun(qint64 run, bool confirm)
{
    const RunEntry *entry = m_store->run(run);
    if (!entry)
        return;
    if (m_store->isReadOnly()) {
        m_panel->showMessage(readOnlyMessage(), true);
        return;
    }
    if (entry->listing.summary.status == tracer::RunStatus::Running) {
        m_panel->showMessage(tr("Run %1 is being written; it cannot be discarded.").arg(run), true);
        return;
    }
    if (confirm
        && QMessageBox::question(m_window, tr("Discard Run"),
               tr("Discard run %1 and everything it stored (%2 turns)? This cannot be undone.")
                   .arg(run)
                   .arg(QLocale().toString(qulonglong(entry->listing.summary.turns))),
               QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel)
            != QMessageBox::Discard)
        return;
    if (m_dashboard->run() == run)
        m_dashboard->setRun(-1);
    m_store->discard(run);
}

QString RunTools::readOnlyMessage() const
{
    return tr("The workspace database cannot be written: its runs can be viewed, compared and "
              "exported, not replayed into, labelled, resumed or discarded.")
        + QStringLiteral("<br>") + m_store->readOnlyReason().toHtmlEscaped();
}

void RunTools::updateActions()
{
    // Everything that writes to the database is off while it is read-only; looking at runs,
    // comparing and exporting them (to files elsewhere) stay on.
    const bool writable = !m_store->databasePath().isEmpty() && !m_store->isReadOnly();
    const RunEntry *current = m_store->run(m_panel->currentRun());
    const bool running = m_job->isRunning();
    m_replay->setEnabled(writable && !running);
    m_cancel->setEnabled(running);
    m_open->setEnabled(current != nullptr);
    m_resume->setEnabled(writable && current && !running
        && (current->listing.summary.status == tracer::RunStatus::Incomplete
            || current->listing.summary.status == tracer::RunStatus::Cancelled));
    m_label->setEnabled(writable && current);
    m_export->setEnabled(current != nullptr);
    m_compare->setEnabled(m_store->runs().size() >= 2);
    m_report->setEnabled(m_dashboard->run() >= 0);
    m_comparisonReport->setEnabled(m_comparison->model()->comparison() != nullptr);
    m_preview->setEnabled(writable && current && !running);
    m_discard->setEnabled(
        writable && current && current->listing.summary.status != tracer::RunStatus::Running);
}

void RunTools::offerIncompleteRuns()
{
    // Once per opened database: runs whose replay stopped before the end (the Studio or the
    // CLI killed mid-run) are offered for completion or removal; not in a database that cannot
    // be written, where the panel says so instead.
    if (m_offeredIncomplete || m_job->isRunning() || m_store->isReadOnly())
        return;
    m_offeredIncomplete = true;
    QStringList offers;
    for (const RunEntry &entry : m_store->runs())
        if (entry.listing.summary.status == tracer::RunStatus::Incomplete) {
            const qint64 id = entry.listing.summary.id;
            offers << tr("Run %1 is incomplete (its replay stopped after %2 turns): "
                         "<a href=\"resume:%1\">Resume</a> · <a href=\"discard:%1\">Discard</a>")
                          .arg(id)
                          .arg(QLocale().toString(qulonglong(entry.listing.summary.turns)));
        }
    if (!offers.isEmpty())
        m_panel->showMessage(offers.join(QStringLiteral("<br>")), false);
}

} // namespace llmcl::app
