// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/stepperdock.h"

#include "app/clauseresultsmodel.h"
#include "app/elidedlabel.h"
#include "app/minimumrows.h"
#include "app/textpreview.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <utility>

namespace llmcl::app {

StepperDock::StepperDock(QWidget *parent)
    : QDockWidget(tr("Conversation Stepper"), parent)
    , m_stepper(new ConversationStepper(this))
    , m_results(new ClauseResultsModel(this))
{
    setObjectName(QStringLiteral("StepperDock"));
    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(2, 2, 2, 2);

    const auto action = [this](const QString &text, const QString &name,
                            const QKeySequence &shortcut, const QString &tip) {
        auto *a = new QAction(text, this);
        a->setObjectName(name);
        a->setShortcut(shortcut);
        a->setToolTip(tip);
        return a;
    };
    m_first = action(tr("&First Turn"), QStringLiteral("FirstTurnAction"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F5), tr("Go to the conversation's first turn"));
    m_previous = action(tr("&Previous Turn"), QStringLiteral("PreviousTurnAction"),
        QKeySequence(Qt::CTRL | Qt::Key_F10), tr("Step back one turn"));
    m_next = action(tr("&Next Turn"), QStringLiteral("NextTurnAction"), QKeySequence(Qt::Key_F10),
        tr("Step to the next turn"));
    m_runToTurn = action(tr("Run to &Turn…"), QStringLiteral("RunToTurnAction"),
        QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_G), tr("Type a turn number and press Enter"));
    m_runToBreakpoint = action(tr("Run to Clause &Breakpoint"),
        QStringLiteral("RunToBreakpointAction"), QKeySequence(Qt::Key_F5),
        tr("Go to the next turn where a clause with a breakpoint fails"));
    connect(m_first, &QAction::triggered, m_stepper, &ConversationStepper::first);
    connect(m_previous, &QAction::triggered, m_stepper, &ConversationStepper::previous);
    connect(m_next, &QAction::triggered, m_stepper, &ConversationStepper::next);
    connect(m_runToBreakpoint, &QAction::triggered, this, &StepperDock::runToBreakpoint);

    // The stepping buttons get a row of their own, Previous and Next first with short texts
    // (the menus keep the long ones): in a narrow dock the toolbar's overflow takes the last
    // buttons, never these two (issue 18).
    m_previous->setIconText(tr("◀ Previous"));
    m_next->setIconText(tr("Next ▶"));
    m_first->setIconText(tr("First"));
    m_runToBreakpoint->setIconText(tr("To Breakpoint"));
    m_toolBar = new QToolBar(content);
    m_toolBar->setObjectName(QStringLiteral("StepperToolBar"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_toolBar->addAction(m_previous);
    m_toolBar->addAction(m_next);
    m_toolBar->addAction(m_first);
    m_toolBar->addAction(m_runToBreakpoint);
    layout->addWidget(m_toolBar);
    updateOverflowIcon();
    auto *bar = new QHBoxLayout;
    auto *turnLabel = new QLabel(tr("T&urn:"), content);
    m_turnBox = new QSpinBox(content);
    m_turnBox->setObjectName(QStringLiteral("StepperTurnBox"));
    m_turnBox->setToolTip(tr("Turn to run to (the last number is the conversation's end)"));
    m_turnBox->setKeyboardTracking(false);
    turnLabel->setBuddy(m_turnBox);
    bar->addWidget(turnLabel);
    bar->addWidget(m_turnBox);
    connect(m_turnBox, &QSpinBox::valueChanged, this, [this](int turn) {
        if (turn - 1 != m_stepper->current())
            m_stepper->runToTurn(turn);
    });
    connect(m_runToTurn, &QAction::triggered, this, [this] {
        raise();
        m_turnBox->setFocus(Qt::ShortcutFocusReason);
        m_turnBox->selectAll();
    });
    // The conversation's id can be long: both ends of the line stay, the tooltip has it all.
    m_position = new ElidedLabel(Qt::ElideMiddle, content);
    m_position->setObjectName(QStringLiteral("StepperPosition"));
    m_status = new ElidedLabel(Qt::ElideRight, content);
    layout->addLayout(bar);
    // The position and the status on a line of their own: beside the step buttons a panel of a
    // third of the window left them no room.
    auto *where = new QHBoxLayout;
    where->addWidget(m_position, 1);
    where->addWidget(m_status);
    layout->addLayout(where);

    m_note = new QLabel(content);
    m_note->setObjectName(QStringLiteral("StepperContractsNote"));
    m_note->setWordWrap(true);
    m_note->setVisible(false);
    layout->addWidget(m_note);
    m_stored = new QLabel(content);
    m_stored->setObjectName(QStringLiteral("StepperStoredNote"));
    m_stored->setWordWrap(true);
    m_stored->setVisible(false);
    m_stored->setTextFormat(Qt::RichText);
    m_stored->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    connect(
        m_stored, &QLabel::linkActivated, m_stepper, &ConversationStepper::evaluateWithContracts);
    layout->addWidget(m_stored);
    // The texts are previews of up to 200 characters a line: they must not widen the dock (and
    // with it the window); each line is elided at the dock's edge, the tooltip has it all.
    m_texts = new ElidedLabel(Qt::ElideRight, content);
    m_texts->setObjectName(QStringLiteral("StepperTexts"));
    layout->addWidget(m_texts);

    auto *splitter = new QSplitter(Qt::Vertical, content);
    m_resultsView = new QTreeView(splitter);
    m_resultsView->setObjectName(QStringLiteral("StepperVerdicts"));
    m_resultsView->setModel(m_results);
    m_resultsView->setRootIsDecorated(false);
    m_resultsView->setUniformRowHeights(true);
    m_resultsView->setAlternatingRowColors(true);
    m_resultsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_resultsView->header()->setSectionResizeMode(
        ClauseResultsModel::MessageColumn, QHeaderView::Stretch);
    m_resultsView->header()->setStretchLastSection(false);
    setMinimumRows(m_resultsView, 8);
    connect(m_resultsView, &QTreeView::activated, this, [this](const QModelIndex &index) {
        if (const engine::ClauseVerdict *v = m_results->verdict(index.row()))
            Q_EMIT clauseActivated(QString::fromStdString(v->file()), int(v->range().begin.offset),
                int(v->range().end.offset));
    });
    m_obligations = new QTreeWidget(splitter);
    m_obligations->setObjectName(QStringLiteral("StepperObligations"));
    m_obligations->setRootIsDecorated(false);
    m_obligations->setHeaderLabels({tr("Clause"), tr("Open obligation")});
    setMinimumRows(m_obligations, 8);
    splitter->addWidget(m_resultsView);
    splitter->addWidget(m_obligations);
    // Small minimums (a few rows): the stepping buttons' own row must not push the window's
    // minimum height past the default 1280×800 (the splitter gives them room when there is).
    m_resultsView->setMinimumHeight(56);
    m_obligations->setMinimumHeight(36);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);
    setWidget(content);

    connect(m_stepper, &ConversationStepper::currentChanged, this, &StepperDock::showStep);
    connect(m_stepper, &ConversationStepper::busyChanged, this,
        [this](bool busy) { m_status->setText(busy ? tr("Evaluating…") : QString()); });
    connect(m_stepper, &ConversationStepper::storedRunChanged, this, &StepperDock::showStoredRun);
    connect(m_stepper, &ConversationStepper::breakpointNotHit, this, [this] {
        m_status->setText(tr("No clause with a breakpoint fails after this turn"));
        m_breakpointNote = true;
    });
    connect(m_stepper, &ConversationStepper::breakpointHit, this, &StepperDock::showBreakpointHit);
    showStep(-1);
}

StepperDock::~StepperDock() = default;

QToolButton *StepperDock::overflowButton() const
{
    // Qt's name for the toolbar's extension button (QToolBarLayout).
    return m_toolBar->findChild<QToolButton *>(QStringLiteral("qt_toolbar_ext_button"));
}

void StepperDock::updateOverflowIcon()
{
    // The style's "»" is a fixed dark picture, invisible on a dark panel: draw it in the
    // palette's button text colour instead.
    QToolButton *button = overflowButton();
    if (!button)
        return;
    const int size = std::max(button->style()->pixelMetric(QStyle::PM_SmallIconSize), 12);
    const qreal ratio = devicePixelRatio();
    QPixmap pixmap(QSize(size, size) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(palette().color(QPalette::ButtonText));
    QFont font = painter.font();
    font.setBold(true);
    font.setPixelSize(size);
    painter.setFont(font);
    painter.drawText(QRect(0, 0, size, size), Qt::AlignCenter, QStringLiteral("»"));
    painter.end();
    button->setIcon(QIcon(pixmap));
}

void StepperDock::changeEvent(QEvent *event)
{
    QDockWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        updateOverflowIcon();
}

QList<QAction *> StepperDock::stepActions() const
{
    return {m_first, m_previous, m_next, m_runToTurn, m_runToBreakpoint};
}

void StepperDock::setContractsNote(const QString &note)
{
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
}

void StepperDock::showStoredRun(qint64 run)
{
    m_stored->setVisible(run >= 0);
    if (run < 0) {
        m_stored->clear();
        return;
    }
    // What the run recorded, not today's contracts: the verdicts may differ from an evaluation.
    m_stored->setText(tr("Results stored by %1, not evaluated again. "
                         "<a href=\"evaluate\">Evaluate with the current contracts</a>")
            .arg(m_stepper->storedRunName().toHtmlEscaped()));
}

void StepperDock::runToBreakpoint()
{
    std::vector<ClauseLocation> breakpoints =
        m_breakpoints ? m_breakpoints() : decltype(breakpoints) {};
    if (breakpoints.empty()) {
        m_status->setText(
            tr("No clause breakpoints: click the breakpoint margin on a clause's line"));
        m_breakpointNote = true;
        return;
    }
    m_status->clear();
    m_breakpointNote = false;
    m_stepper->runToBreakpoint(
        std::move(breakpoints), m_following ? m_following() : decltype(m_following())());
}

void StepperDock::showBreakpointHit(int step, int verdict)
{
    if (step != m_stepper->current() || verdict < 0 || verdict >= m_results->rowCount())
        return;
    const QModelIndex index = m_results->index(verdict, 0);
    m_resultsView->setCurrentIndex(index);
    m_resultsView->scrollTo(index, QAbstractItemView::PositionAtCenter);
    if (const engine::ClauseVerdict *v = m_results->verdict(verdict))
        Q_EMIT clauseActivated(QString::fromStdString(v->file()), int(v->range().begin.offset),
            int(v->range().end.offset));
}

void StepperDock::showStep(int step)
{
    if (std::exchange(m_breakpointNote, false))
        m_status->setText(m_stepper->isBusy() ? tr("Evaluating…") : QString());
    const int steps = m_stepper->stepCount();
    {
        const QSignalBlocker block(m_turnBox);
        m_turnBox->setRange(steps > 0 ? 1 : 0, steps);
        m_turnBox->setValue(step + 1);
    }
    std::vector<engine::ClauseVerdict> verdicts;
    for (const engine::ClauseVerdict *v : m_stepper->verdicts(step))
        verdicts.push_back(*v);
    m_obligations->clear();
    for (const engine::ClauseVerdict &v : verdicts) {
        if (!v.temporal)
            continue;
        for (const std::string &obligation : v.temporal->obligations)
            m_obligations->addTopLevelItem(new QTreeWidgetItem(
                {QString::fromStdString(v.id()), QString::fromStdString(obligation)}));
    }
    m_results->setVerdicts(std::move(verdicts));

    const auto &conversation = m_stepper->conversation();
    if (!conversation) {
        m_position->setText(tr("Choose a conversation in the Sessions panel"));
        m_texts->clear();
        m_texts->setToolTip({});
    } else if (m_stepper->isEndStep(step)) {
        m_position->setText(tr("Conversation %1: end (after turn %2)")
                .arg(QString::fromStdString(conversation->id))
                .arg(m_stepper->turnCount()));
        m_texts->setText(m_stepper->storedRun() >= 0 && !m_stepper->storedRunEnded()
                ? tr("The run stopped before the conversation's end")
                : tr("What settled when the conversation ended"));
        m_texts->setToolTip({});
    } else {
        m_position->setText(tr("Conversation %1: turn %2 of %3")
                .arg(QString::fromStdString(conversation->id))
                .arg(step + 1)
                .arg(m_stepper->turnCount()));
        const tracer::Turn &turn = conversation->turns[std::size_t(step)];
        const auto texts = [&](int length) {
            return tr("User: %1\nAssistant: %2")
                .arg(textPreview(turn.content, length),
                    turn.response ? textPreview(*turn.response, length) : tr("(no response)"));
        };
        m_texts->setText(texts(200));
        m_texts->setToolTip(texts(2000));
    }
    if (m_stepper->storedRun() >= 0)
        m_status->setText(step >= 0 && !m_stepper->isEndStep(step) && !m_stepper->turnResult(step)
                ? tr("The run stopped before this turn")
                : QString());
    else if (m_stepper->storedRun() < 0 && m_stepper->conversation() && !m_stepper->contracts())
        m_status->setText(tr("No contracts: open a contract file without errors"));
    updateActions();
}

void StepperDock::updateActions()
{
    const int current = m_stepper->current();
    const bool any = m_stepper->stepCount() > 0;
    m_first->setEnabled(any && current > 0);
    m_previous->setEnabled(any && current > 0);
    m_next->setEnabled(any && current + 1 < m_stepper->stepCount());
    m_runToTurn->setEnabled(any);
    m_runToBreakpoint->setEnabled(any);
}

} // namespace llmcl::app
