// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/traceview.h"

#include "app/clauseeventsfilter.h"
#include "app/clauseeventsmodel.h"
#include "app/clausestatustext.h"
#include "app/elidedlabel.h"
#include "app/filedialogs.h"
#include "app/settings.h"
#include "app/tracetimeline.h"
#include "app/turntrace.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QSaveFile>
#include <QSplitter>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace llmcl::app {

TraceView::TraceView(QWidget *parent)
    : QWidget(parent)
    , m_timeline(new TraceTimeline(this))
    , m_events(new ClauseEventsModel(this))
    , m_filter(new ClauseEventsFilter(this))
    , m_view(new QTreeView(this))
    , m_statusBox(new QComboBox(this))
    , m_contractBox(new QComboBox(this))
    , m_title(new ElidedLabel(Qt::ElideMiddle, this))
{
    setObjectName(QStringLiteral("TraceView"));
    m_exportAction = new QAction(tr("E&xport Turn Trace…"), this);
    m_exportAction->setObjectName(QStringLiteral("ExportTraceAction"));
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_E));
    m_exportAction->setEnabled(false);
    connect(m_exportAction, &QAction::triggered, this, &TraceView::exportTraceDialog);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    // The title with the export button on a line, the filters on the next: in one line they
    // left the title no room and made the panel (and with it the window) wide.
    auto *titleBar = new QHBoxLayout;
    titleBar->addWidget(m_title, 1);
    auto *bar = new QHBoxLayout;
    auto *statusLabel = new QLabel(tr("&Status:"), this);
    statusLabel->setBuddy(m_statusBox);
    m_statusBox->setObjectName(QStringLiteral("TraceStatusFilter"));
    m_statusBox->addItem(tr("All"), -1);
    for (const engine::ClauseStatus status : {engine::ClauseStatus::Pass,
             engine::ClauseStatus::Fail, engine::ClauseStatus::Error, engine::ClauseStatus::Pending,
             engine::ClauseStatus::Suppressed, engine::ClauseStatus::Skipped})
        m_statusBox->addItem(clauseStatusText(status), int(status));
    bar->addWidget(statusLabel);
    bar->addWidget(m_statusBox);
    auto *contractLabel = new QLabel(tr("&Contract:"), this);
    contractLabel->setBuddy(m_contractBox);
    m_contractBox->setObjectName(QStringLiteral("TraceContractFilter"));
    // Long contract names must not widen the panel (and with it the window).
    for (QComboBox *box : {m_statusBox, m_contractBox}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(4);
    }
    m_contractBox->addItem(tr("All"), QString());
    bar->addWidget(contractLabel);
    bar->addWidget(m_contractBox, 1);
    auto *exportButton = new QToolButton(this);
    exportButton->setDefaultAction(m_exportAction);
    titleBar->addWidget(exportButton);
    layout->addLayout(titleBar);
    layout->addLayout(bar);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_timeline);
    m_filter->setSourceModel(m_events);
    m_view->setObjectName(QStringLiteral("TraceEventsView"));
    m_view->setModel(m_filter);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // evaluation order until a header is clicked
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->header()->setStretchLastSection(true);
    splitter->addWidget(m_view);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    connect(m_statusBox, &QComboBox::currentIndexChanged, this, [this] {
        const int status = m_statusBox->currentData().toInt();
        m_filter->setStatus(
            status < 0 ? std::nullopt : std::optional(engine::ClauseStatus(status)));
    });
    connect(m_contractBox, &QComboBox::currentIndexChanged, this,
        [this] { m_filter->setContract(m_contractBox->currentData().toString()); });
    connect(m_view, &QTreeView::clicked, this, [this](const QModelIndex &index) {
        activate(m_events->verdict(m_filter->mapToSource(index).row()));
    });
    connect(m_view, &QTreeView::activated, this, [this](const QModelIndex &index) {
        activate(m_events->verdict(m_filter->mapToSource(index).row()));
    });
    connect(m_timeline, &TraceTimeline::clauseClicked, this, [this](int contract, int clause) {
        const int row = m_events->rowOf(contract, clause);
        const QModelIndex index = m_filter->mapFromSource(m_events->index(row, 0));
        if (index.isValid())
            m_view->setCurrentIndex(index);
        activate(m_events->verdict(row));
    });
    setTurn(nullptr, QString(), 0);
}

TraceView::~TraceView() = default;

void TraceView::setTurn(
    std::shared_ptr<const engine::TurnResult> result, const QString &conversationId, int turnNumber)
{
    m_conversationId = conversationId;
    m_turnNumber = turnNumber;
    m_timeline->setTurn(result, turnNumber);
    m_events->setTurn(result);
    if (result) {
        m_title->setText(tr("Conversation %1, turn %2: %3")
                .arg(conversationId)
                .arg(turnNumber)
                .arg(durationText(result->durationNs)));
    } else {
        m_title->setText(tr("No turn"));
    }
    m_exportAction->setEnabled(result != nullptr);

    // Keeps the chosen contract when the next turn has it too.
    const QString chosen = m_contractBox->currentData().toString();
    const QSignalBlocker block(m_contractBox);
    while (m_contractBox->count() > 1)
        m_contractBox->removeItem(1);
    for (const QString &name : m_events->contracts())
        m_contractBox->addItem(name, name);
    const int keep = m_contractBox->findData(chosen);
    m_contractBox->setCurrentIndex(keep >= 0 ? keep : 0);
    m_filter->setContract(m_contractBox->currentData().toString());
}

void TraceView::activate(const engine::ClauseVerdict *verdict)
{
    if (verdict)
        Q_EMIT clauseActivated(QString::fromStdString(verdict->file()),
            int(verdict->range().begin.offset), int(verdict->range().end.offset));
}

bool TraceView::exportTrace(const QString &path, Format format, QString *errorMessage) const
{
    const auto fail = [&](const QString &message) {
        if (errorMessage)
            *errorMessage = message;
        return false;
    };
    const std::shared_ptr<const engine::TurnResult> &turn = m_events->turn();
    if (!turn)
        return fail(tr("There is no turn to export: choose one in the stepper."));

    tracer::RunInfo run;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    run.startTimeUnixNs = now * 1000000;
    run.id = "studio-" + std::to_string(now);
    run.sessions = m_sessionsPath.toStdString();
    run.options = {{"turn", std::to_string(m_turnNumber)}};
    // The document is small (one turn): made in memory, then written in one go.
    const std::string text =
        turnTraceDocument(format, run, m_conversationId.toStdString(), m_turnNumber, *turn);

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(tr("%1: cannot be written: %2").arg(path, file.errorString()));
    if (file.write(text.data(), qint64(text.size())) != qint64(text.size()) || !file.commit())
        return fail(tr("%1: writing failed: %2").arg(path, file.errorString()));
    return true;
}

namespace {

QString extensionOf(TraceFormat format)
{
    switch (format) {
    case TraceFormat::Chrome:
        return QStringLiteral(".chrome.json");
    case TraceFormat::Otlp:
        return QStringLiteral(".otlp.json");
    case TraceFormat::Llmcl:
        break;
    }
    return QStringLiteral(".trace.json");
}

} // namespace

QString TraceView::suggestedName(const QString &conversationId, int turnNumber, Format format)
{
    return QStringLiteral("%1-turn-%2%3")
        .arg(conversationId)
        .arg(turnNumber)
        .arg(extensionOf(format));
}

QFileDialog *TraceView::exportDialog() const
{
    return m_exportDialog;
}

TraceView::Format TraceView::formatOfFilter(const QString &nameFilter) const
{
    const qsizetype index = m_exportFilters.indexOf(nameFilter);
    return index == 1 ? Format::Chrome : index == 2 ? Format::Otlp : Format::Llmcl;
}

void TraceView::exportTraceDialog()
{
    QString folder = Settings().traceExportFolder();
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = m_defaultFolder ? m_defaultFolder() : QString();
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = QDir::homePath();
    if (!m_exportDialog) {
        m_exportFilters = {tr("LLMCL trace (*.trace.json)"),
            tr("Chrome trace events, for Perfetto (*.chrome.json)"),
            tr("OpenTelemetry OTLP/JSON (*.otlp.json)")};
        m_exportDialog = new QFileDialog(this, tr("Export Turn Trace"));
        m_exportDialog->setObjectName(QStringLiteral("ExportTraceDialog"));
        fileDialogs::useFileNameIcons(m_exportDialog);
        m_exportDialog->setAcceptMode(QFileDialog::AcceptSave);
        m_exportDialog->setFileMode(QFileDialog::AnyFile);
        m_exportDialog->setWindowModality(Qt::WindowModal);
        // Asked here, after the format's extension is on the name (fileChosen()).
        m_exportDialog->setOption(QFileDialog::DontConfirmOverwrite);
        m_exportDialog->setNameFilters(m_exportFilters);
        connect(m_exportDialog, &QFileDialog::filterSelected, this, &TraceView::formatChosen);
        connect(m_exportDialog, &QFileDialog::fileSelected, this, &TraceView::fileChosen);
    }
    m_exportDialog->setDirectory(folder);
    m_exportDialog->selectNameFilter(m_exportFilters.first());
    m_exportDialog->setDefaultSuffix(extensionOf(Format::Llmcl).mid(1));
    m_exportDialog->selectFile(suggestedName(m_conversationId, m_turnNumber, Format::Llmcl));
    m_exportDialog->open();
}

void TraceView::formatChosen(const QString &nameFilter)
{
    // The name takes the new format's extension in place of the old one (any of ours, or
    // .json); a name of the user's own without one gets it added.
    const Format format = formatOfFilter(nameFilter);
    m_exportDialog->setDefaultSuffix(extensionOf(format).mid(1));
    const QStringList files = m_exportDialog->selectedFiles();
    QString name = files.isEmpty() ? QString() : QFileInfo(files.first()).fileName();
    if (name.isEmpty()) {
        name = suggestedName(m_conversationId, m_turnNumber, format);
    } else {
        for (const Format known : {Format::Llmcl, Format::Chrome, Format::Otlp}) {
            if (name.endsWith(extensionOf(known), Qt::CaseInsensitive)) {
                name.chop(extensionOf(known).size());
                break;
            }
        }
        if (name.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive))
            name.chop(5);
        name += extensionOf(format);
    }
    m_exportDialog->selectFile(name);
}

void TraceView::fileChosen(const QString &path)
{
    const Format format = formatOfFilter(m_exportDialog->selectedNameFilter());
    if (!QFileInfo::exists(path)) {
        exportTo(path, format);
        return;
    }
    auto *question = new QMessageBox(QMessageBox::Question, tr("Export Turn Trace"),
        tr("%1 already exists. Replace it?").arg(QDir::toNativeSeparators(path)),
        QMessageBox::Yes | QMessageBox::No, this);
    question->setObjectName(QStringLiteral("ConfirmOverwrite"));
    question->setDefaultButton(QMessageBox::No);
    question->setWindowModality(Qt::WindowModal);
    question->setAttribute(Qt::WA_DeleteOnClose);
    connect(question, &QMessageBox::finished, this, [this, path, format](int result) {
        if (result == QMessageBox::Yes)
            exportTo(path, format);
        else if (m_exportDialog)
            m_exportDialog->open(); // back to choosing, where the user was
    });
    question->open();
}

void TraceView::exportTo(const QString &path, Format format)
{
    Settings().setTraceExportFolder(QFileInfo(path).absolutePath());
    QString error;
    if (!exportTrace(path, format, &error))
        Q_EMIT exportFailed(error);
}

} // namespace llmcl::app
