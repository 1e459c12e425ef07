// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/sessionsdock.h"

#include "app/conversationsmodel.h"
#include "app/elidedlabel.h"
#include "app/filedialogs.h"
#include "app/turnsmodel.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QSplitter>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace llmcl::app {

namespace {

QTreeView *makeTable(QAbstractItemModel *model, const QString &name, QWidget *parent)
{
    auto *view = new QTreeView(parent);
    view->setObjectName(name);
    view->setModel(model);
    view->setRootIsDecorated(false);
    view->setUniformRowHeights(true);
    view->setAlternatingRowColors(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAllColumnsShowFocus(true);
    return view;
}

} // namespace

SessionsDock::SessionsDock(QWidget *parent)
    : QDockWidget(tr("Sessions"), parent)
    , m_loader(new SessionLoader(this))
    , m_conversations(new ConversationsModel(this))
    , m_turns(new TurnsModel(this))
    , m_progress(new QProgressBar(this))
    , m_summary(new ElidedLabel(Qt::ElideMiddle, this))
    , m_problemsButton(new QToolButton(this))
    , m_cancelButton(new QToolButton(this))
{
    setObjectName(QStringLiteral("SessionsDock"));

    m_openAction = new QAction(tr("Open &Sessions File…"), this);
    m_openAction->setObjectName(QStringLiteral("OpenSessionsAction"));
    m_openAction->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_O));
    m_openAction->setToolTip(tr("Open a captured-sessions file (.jsonl or .jsonl.gz)"));
    connect(m_openAction, &QAction::triggered, this, &SessionsDock::openSessionsDialog);

    m_cancelAction = new QAction(tr("S&top Loading Sessions"), this);
    m_cancelAction->setObjectName(QStringLiteral("CancelSessionsAction"));
    m_cancelAction->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_Period));
    m_cancelAction->setEnabled(false);
    connect(m_cancelAction, &QAction::triggered, this, &SessionsDock::cancelLoading);

    m_problemsAction = new QAction(tr("Show S&kipped Lines…"), this);
    m_problemsAction->setObjectName(QStringLiteral("ShowSkippedLinesAction"));
    m_problemsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_L));
    m_problemsAction->setEnabled(false);
    connect(m_problemsAction, &QAction::triggered, this, &SessionsDock::showProblems);

    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(2, 2, 2, 2);
    auto *bar = new QHBoxLayout;
    auto *openButton = new QToolButton(content);
    openButton->setDefaultAction(m_openAction);
    openButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addWidget(openButton);
    m_summary->setObjectName(QStringLiteral("SessionsSummary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bar->addWidget(m_summary, 1);
    m_problemsButton->setObjectName(QStringLiteral("SkippedLinesButton"));
    connect(m_problemsButton, &QToolButton::clicked, this, &SessionsDock::showProblems);
    m_problemsButton->setVisible(false);
    bar->addWidget(m_problemsButton);
    layout->addLayout(bar);
    // The progress on a line of its own while a file loads: beside the button and the summary
    // it made the panel (and with it the window's other panels) wider as loading began.
    auto *progressBar = new QHBoxLayout;
    m_progress->setObjectName(QStringLiteral("SessionsProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setFormat(QStringLiteral("%p%"));
    m_progress->setVisible(false);
    progressBar->addWidget(m_progress, 1);
    // Not the action's button: it would take the action's long text back whenever the action
    // changes.
    m_cancelButton->setText(tr("Stop"));
    m_cancelButton->setToolTip(m_cancelAction->text().remove(QLatin1Char('&')));
    m_cancelButton->setVisible(false);
    connect(m_cancelButton, &QToolButton::clicked, m_cancelAction, &QAction::trigger);
    progressBar->addWidget(m_cancelButton);
    layout->addLayout(progressBar);

    auto *splitter = new QSplitter(Qt::Vertical, content);
    m_conversationsView = makeTable(m_conversations, QStringLiteral("ConversationsView"), splitter);
    m_conversationsView->header()->setStretchLastSection(true);
    m_turnsView = makeTable(m_turns, QStringLiteral("TurnsView"), splitter);
    splitter->addWidget(m_conversationsView);
    splitter->addWidget(m_turnsView);
    layout->addWidget(splitter, 1);
    setWidget(content);
    updateSummary();

    connect(m_loader, &SessionLoader::started, this, &SessionsDock::onStarted);
    connect(m_loader, &SessionLoader::batchLoaded, this, &SessionsDock::onBatch);
    connect(m_loader, &SessionLoader::finished, this, &SessionsDock::onFinished);
    connect(m_conversationsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) {
            auto conversation = m_conversations->conversation(current.row());
            if (conversation == m_turns->conversation())
                return;
            m_turns->setConversation(conversation);
            Q_EMIT conversationChosen(conversation);
        });
    connect(m_turnsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) {
            const tracer::Turn *turn = m_turns->turn(current.row());
            if (!turn)
                return;
            Q_EMIT turnChosen(QString::fromStdString(turn->content),
                turn->response ? QString::fromStdString(*turn->response) : QString(),
                m_turns->contextJson(current.row()));
            Q_EMIT turnSelected(current.row());
        });
}

SessionsDock::~SessionsDock()
{
    // The models are destroyed before the views; their selection models must not call back
    // into this half-destroyed dock when their current index goes.
    m_conversationsView->selectionModel()->disconnect(this);
    m_turnsView->selectionModel()->disconnect(this);
}

std::shared_ptr<const tracer::Conversation> SessionsDock::currentConversation() const
{
    return m_turns->conversation();
}

void SessionsDock::openSessionsDialog()
{
    const QString path = fileDialogs::openFileName(this, tr("Open Sessions File"),
        m_path.isEmpty() ? QString() : QFileInfo(m_path).absolutePath(),
        tr("Captured sessions (*.jsonl *.jsonl.gz *.gz);;All files (*)"));
    if (!path.isEmpty())
        openSessions(path);
}

void SessionsDock::openSessions(const QString &path)
{
    m_loader->load(path);
}

void SessionsDock::cancelLoading()
{
    m_loader->cancel();
}

void SessionsDock::onStarted(const QString &path)
{
    m_path = path;
    m_error.clear();
    m_completed = false;
    m_problems.clear();
    m_turns->setConversation(nullptr);
    m_conversations->clear();
    m_progress->setValue(0);
    m_progress->setVisible(true);
    m_cancelButton->setVisible(true);
    m_cancelAction->setEnabled(true);
    setWindowTitle(tr("Sessions — %1").arg(QFileInfo(path).fileName()));
    if (!m_contextKeys.isEmpty()) {
        m_contextKeys.clear();
        Q_EMIT contextKeysChanged(m_contextKeys);
    }
    updateSummary();
}

void SessionsDock::onBatch(const SessionLoader::Batch &batch)
{
    const bool first = m_conversations->loadedCount() == 0;
    m_conversations->append(batch.conversations);
    m_problems.insert(m_problems.end(), batch.problems.begin(), batch.problems.end());
    if (batch.fileSize > 0)
        m_progress->setValue(int(std::min<quint64>(1000, batch.bytesRead * 1000 / batch.fileSize)));
    if (!batch.newContextKeys.isEmpty()) {
        m_contextKeys += batch.newContextKeys;
        m_contextKeys.sort();
        Q_EMIT contextKeysChanged(m_contextKeys);
    }
    updateSummary();
    if (first && m_conversations->rowCount() > 0 && !m_conversationsView->currentIndex().isValid())
        m_conversationsView->resizeColumnToContents(ConversationsModel::IdColumn);
}

void SessionsDock::onFinished(bool completed, const QString &error)
{
    m_completed = completed;
    m_error = error;
    m_progress->setVisible(false);
    m_cancelButton->setVisible(false);
    m_cancelAction->setEnabled(false);
    updateSummary();
    Q_EMIT loadFinished(completed);
}

void SessionsDock::updateSummary()
{
    QString text;
    if (m_path.isEmpty()) {
        text = tr("No sessions file open");
    } else {
        // Labels with counts rather than plural nouns: right in English without a translation.
        text = tr("Conversations: %1, turns: %2")
                   .arg(m_conversations->loadedCount())
                   .arg(m_conversations->turnCount());
        if (m_loader->isLoading())
            text += QStringLiteral(" — ") + tr("loading…");
        else if (!m_error.isEmpty())
            text += QStringLiteral(" — ") + tr("stopped: %1").arg(m_error);
        else if (!m_completed)
            text += QStringLiteral(" — ") + tr("loading stopped, the file was not read to its end");
    }
    m_summary->setText(text);
    m_summary->setToolTip(m_error.isEmpty() ? m_path : m_error);
    const bool anyProblem = !m_problems.empty();
    m_problemsAction->setEnabled(anyProblem);
    m_problemsButton->setVisible(anyProblem);
    m_problemsButton->setText(tr("Skipped lines: %1").arg(m_problems.size()));
    m_problemsButton->setToolTip(tr("Lines of the file that are not conversations; click for "
                                    "the line numbers and reasons"));
}

void SessionsDock::showProblems()
{
    auto *dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("SkippedLinesDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Skipped Lines — %1").arg(QFileInfo(m_path).fileName()));
    auto *layout = new QVBoxLayout(dialog);
    auto *label = new QLabel(tr("%1 lines of %2 are not conversations and were skipped:")
                                 .arg(m_problems.size())
                                 .arg(QDir::toNativeSeparators(m_path)),
        dialog);
    label->setWordWrap(true);
    layout->addWidget(label);
    auto *list = new QTreeWidget(dialog);
    list->setObjectName(QStringLiteral("SkippedLinesList"));
    list->setRootIsDecorated(false);
    list->setUniformRowHeights(true);
    list->setHeaderLabels({tr("Line"), tr("Byte"), tr("Reason")});
    QList<QTreeWidgetItem *> items;
    items.reserve(qsizetype(m_problems.size()));
    for (const tracer::SessionProblem &problem : m_problems) {
        auto *item = new QTreeWidgetItem;
        item->setData(0, Qt::DisplayRole, qulonglong(problem.line));
        item->setData(1, Qt::DisplayRole, qulonglong(problem.byteOffset));
        // The reader's messages are English; the GUI shows them as they are, like the CLI.
        item->setText(2, QString::fromStdString(problem.message));
        item->setToolTip(2, QString::fromStdString(tracer::describe(problem)));
        items.append(item);
    }
    list->addTopLevelItems(items);
    list->resizeColumnToContents(0);
    list->resizeColumnToContents(1);
    layout->addWidget(list, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog->resize(720, 360);
    dialog->open();
}

void SessionsDock::chooseConversation(int row)
{
    while (row >= m_conversations->rowCount() && m_conversations->canFetchMore({}))
        m_conversations->fetchMore({});
    m_conversationsView->setCurrentIndex(m_conversations->index(row, 0));
}

void SessionsDock::chooseTurn(int row)
{
    while (row >= m_turns->rowCount() && m_turns->canFetchMore({}))
        m_turns->fetchMore({});
    m_turnsView->setCurrentIndex(m_turns->index(row, 0));
}

} // namespace llmcl::app
