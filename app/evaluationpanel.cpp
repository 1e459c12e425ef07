// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/evaluationpanel.h"

#include "app/fixdiffview.h"
#include "app/minimumrows.h"
#include "app/textpreview.h"
#include "app/verdictmodel.h"
#include "editor/contracteditor.h"
#include "editor/diagnosticscontroller.h"
#include "editor/liveevaluator.h"
#include "editor/verdictdisplay.h"
#include "editor/verdicticons.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHelpEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTextBlock>
#include <QToolTip>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace llmcl::app {

namespace {

QWidget *titled(const QString &title, QWidget *body, QWidget *extra, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *label = new QLabel(title, box);
    label->setBuddy(body);
    layout->addWidget(label);
    layout->addWidget(body, 1);
    if (extra)
        layout->addWidget(extra);
    return box;
}

} // namespace

EvaluationPanel::EvaluationPanel(QWidget *parent)
    : QWidget(parent)
    , m_evaluator(new editor::LiveEvaluator(this))
    , m_model(new VerdictModel(this))
    , m_sourceBox(new QComboBox(this))
    , m_sourceNote(new QLabel(this))
    , m_content(new QPlainTextEdit(this))
    , m_response(new QPlainTextEdit(this))
    , m_context(new QPlainTextEdit(this))
    , m_contextError(new QLabel(this))
    , m_status(new QLabel(this))
    , m_resultTabs(new QTabWidget(this))
    , m_verdictView(new QTreeView(this))
    , m_fixList(new QTreeWidget(this))
    , m_fixDiff(new FixDiffView(this))
{
    setObjectName(QStringLiteral("EvaluationPanel"));
    m_content->setObjectName(QStringLiteral("SampleContent"));
    m_response->setObjectName(QStringLiteral("SampleResponse"));
    m_context->setObjectName(QStringLiteral("SampleContext"));
    m_content->setPlaceholderText(tr("The user's message (content)"));
    m_response->setPlaceholderText(tr("The model's response; empty: the input phase only"));
    m_context->setPlaceholderText(tr("Context as a JSON object, e.g. {\"user_tier\": \"free\"}"));
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QPlainTextEdit *edit : {m_content, m_response, m_context}) {
        edit->setTabChangesFocus(true);
        edit->setFont(fixed);
        connect(edit, &QPlainTextEdit::textChanged, this, &EvaluationPanel::sampleEdited);
    }
    m_context->viewport()->installEventFilter(this);
    m_contextError->setObjectName(QStringLiteral("ContextError"));
    m_contextError->setWordWrap(true);
    m_contextError->setVisible(false);
    m_status->setObjectName(QStringLiteral("EvaluationStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_sourceBox->setObjectName(QStringLiteral("SampleSource"));
    m_sourceBox->addItem(tr("Scratch"), int(Scratch));
    m_sourceBox->addItem(tr("Captured turn"), int(Captured));
    m_sourceBox->setItemData(
        0, tr("Your own sample: choosing a turn never replaces it"), Qt::ToolTipRole);
    m_sourceBox->setToolTip(tr("Which sample the editors show and the contracts are evaluated "
                               "with"));
    // Disabled until a turn is chosen.
    if (auto *items = qobject_cast<QStandardItemModel *>(m_sourceBox->model()))
        items->item(1)->setEnabled(false);
    connect(m_sourceBox, &QComboBox::activated, this,
        [this](int index) { setSource(Source(m_sourceBox->itemData(index).toInt())); });
    m_sourceNote->setObjectName(QStringLiteral("SampleSourceNote"));
    m_sourceNote->setWordWrap(true);
    m_sourceNote->setVisible(false);
    auto *sourceLabel = new QLabel(tr("Sa&mple:"), this);
    sourceLabel->setBuddy(m_sourceBox);
    // The sample's source beside the status, and the note under them (shown only now and
    // then): no row of its own to add to the window's minimum height.
    auto *sourceRow = new QHBoxLayout;
    sourceRow->addWidget(sourceLabel);
    sourceRow->addWidget(m_sourceBox);
    sourceRow->addWidget(m_status, 1);

    auto *sample = new QSplitter(Qt::Horizontal, this);
    sample->addWidget(titled(tr("&Content"), m_content, nullptr, sample));
    sample->addWidget(titled(tr("&Response"), m_response, nullptr, sample));
    sample->addWidget(titled(tr("Conte&xt (JSON)"), m_context, m_contextError, sample));

    m_verdictView->setObjectName(QStringLiteral("VerdictView"));
    m_verdictView->setModel(m_model);
    m_verdictView->setRootIsDecorated(false);
    m_verdictView->setUniformRowHeights(true);
    m_verdictView->setAlternatingRowColors(true);
    m_verdictView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_verdictView->header()->setStretchLastSection(true);
    setMinimumRows(m_verdictView, 8);
    connect(m_verdictView, &QTreeView::activated, this, [this](const QModelIndex &index) {
        const engine::ClauseVerdict *verdict = m_model->verdictAt(index.row());
        const auto evaluation = m_evaluator->evaluation();
        if (!verdict || !evaluation)
            return;
        Q_EMIT clauseActivated(
            QString::fromStdString(verdict->file()), int(verdict->range().begin.line));
        if (m_editor && m_display && verdict->file() == evaluation->documentPath) {
            const int line = m_display->currentLine(
                int(verdict->range().begin.line) - 1, evaluation->contractsRevision);
            m_editor->setCursorPosition(line, 0);
            m_editor->ensureLineVisible(line);
            m_editor->setFocus();
        }
    });

    m_fixList->setObjectName(QStringLiteral("FixList"));
    m_fixList->setRootIsDecorated(false);
    m_fixList->setHeaderLabels({tr("Clause"), tr("Outcome"), tr("Round")});
    connect(m_fixList, &QTreeWidget::currentItemChanged, this, &EvaluationPanel::showFix);
    // The list above the diff: the before and after boxes get the panel's whole width.
    auto *fixes = new QSplitter(Qt::Vertical, this);
    fixes->setChildrenCollapsible(false);
    fixes->addWidget(m_fixList);
    fixes->addWidget(m_fixDiff);
    fixes->setStretchFactor(1, 3);
    m_resultTabs->addTab(m_verdictView, tr("&Verdicts"));
    m_resultTabs->addTab(fixes, tr("&Fixes"));

    auto *vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(sample);
    vertical->addWidget(m_resultTabs);
    vertical->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(sourceRow);
    layout->addWidget(m_sourceNote);
    layout->addWidget(vertical, 1);

    connect(m_evaluator, &editor::LiveEvaluator::evaluationChanged, this,
        &EvaluationPanel::showEvaluation);
    connect(m_evaluator, &editor::LiveEvaluator::staleChanged, this, &EvaluationPanel::showStale);
    connect(m_evaluator, &editor::LiveEvaluator::contextChecked, this,
        &EvaluationPanel::showContextError);
    updateStatus();
}

EvaluationPanel::~EvaluationPanel()
{
    for (const auto &connection : m_editorConnections)
        disconnect(connection);
}

void EvaluationPanel::setSample(
    const QString &content, const QString &response, const QString &contextJson)
{
    m_samples[Captured] = {content, response, contextJson};
    if (!m_hasCaptured) {
        m_hasCaptured = true;
        if (auto *items = qobject_cast<QStandardItemModel *>(m_sourceBox->model()))
            items->item(1)->setEnabled(true);
    }
    const QByteArray utf8 = content.toUtf8();
    m_sourceBox->setItemData(1,
        textPreview(std::string_view(utf8.constData(), std::size_t(utf8.size()))), Qt::ToolTipRole);
    if (m_source == Captured) {
        showSource();
    } else if (m_samples[Scratch].isEmpty()) {
        setSource(Captured); // nothing typed: nothing to keep apart
    } else {
        m_sourceNote->setText(tr("The chosen turn is kept under “Captured turn”; your scratch "
                                 "sample stays."));
        m_sourceNote->setVisible(true);
    }
}

void EvaluationPanel::setSource(Source source)
{
    if (source == Captured && !m_hasCaptured)
        return;
    m_sourceNote->setVisible(false);
    m_sourceBox->setCurrentIndex(m_sourceBox->findData(int(source)));
    if (source == m_source)
        return;
    m_source = source;
    showSource();
}

void EvaluationPanel::showSource()
{
    // One evaluation for the three texts, not one per editor.
    const Sample sample = m_samples[m_source];
    m_settingSample = true;
    m_content->setPlainText(sample.content);
    m_response->setPlainText(sample.response);
    m_context->setPlainText(sample.context);
    m_settingSample = false;
    sampleEdited();
}

void EvaluationPanel::clearSample()
{
    m_samples[m_source] = {};
    showSource();
}

void EvaluationPanel::focusSample()
{
    m_content->setFocus();
}

void EvaluationPanel::sampleEdited()
{
    if (m_settingSample)
        return;
    m_samples[m_source] = {
        m_content->toPlainText(), m_response->toPlainText(), m_context->toPlainText()};
    m_evaluator->setSample(
        m_samples[m_source].content, m_samples[m_source].response, m_samples[m_source].context);
}

void EvaluationPanel::setEditor(
    editor::ContractEditor *editor, editor::DiagnosticsController *controller)
{
    if (editor == m_editor && controller == m_controller)
        return;
    for (const auto &connection : m_editorConnections)
        disconnect(connection);
    m_editorConnections.clear();
    // Verdicts belong to the editor they were computed for: the one left behind shows none.
    if (m_display)
        m_display->clear();
    m_evaluator->clear();
    m_editor = editor;
    m_controller = controller;
    m_display = editor ? editor::VerdictDisplay::of(editor) : nullptr;
    if (editor && controller) {
        m_editorConnections.push_back(
            connect(controller, &editor::DiagnosticsController::diagnosticsApplied, this,
                &EvaluationPanel::contractsAnalysed));
        m_editorConnections.push_back(
            connect(editor, &QObject::destroyed, this, [this] { setEditor(nullptr, nullptr); }));
        if (controller->languageService() && editor->diagnosticsAreCurrent())
            contractsAnalysed(editor->diagnosticsRevision());
    }
    updateStatus();
}

void EvaluationPanel::contractsAnalysed(quint64 revision)
{
    if (!m_controller)
        return;
    const auto service = m_controller->languageService();
    if (!service)
        return;
    m_evaluator->setContracts(service->compileResult().set, revision, service->path());
    updateStatus();
}

void EvaluationPanel::showEvaluation()
{
    const auto evaluation = m_evaluator->evaluation();
    m_model->setStale(m_evaluator->isStale());
    m_model->setEvaluation(evaluation);
    if (m_display) {
        m_display->setStale(m_evaluator->isStale());
        m_display->setEvaluation(evaluation);
    }

    const QString selected =
        m_fixList->currentItem() ? m_fixList->currentItem()->text(0) : QString();
    m_fixList->clear();
    if (evaluation) {
        QTreeWidgetItem *current = nullptr;
        for (std::size_t i = 0; i < evaluation->result.fixes.size(); ++i) {
            const engine::FixRecord &fix = evaluation->result.fixes[i];
            auto *item = new QTreeWidgetItem(m_fixList,
                {QString::fromStdString(fix.clause), FixDiffView::outcomeName(int(fix.outcome)),
                    QString::number(fix.round)});
            item->setData(0, Qt::UserRole, int(i));
            if (!current || item->text(0) == selected)
                current = item;
        }
        if (current)
            m_fixList->setCurrentItem(current);
    }
    m_resultTabs->setTabText(1,
        evaluation && !evaluation->result.fixes.empty()
            ? tr("&Fixes (%1)").arg(evaluation->result.fixes.size())
            : tr("&Fixes"));
    showFix();
    updateStatus();
}

void EvaluationPanel::showStale(bool stale)
{
    m_model->setStale(stale);
    if (m_display)
        m_display->setStale(stale);
    updateStatus();
}

void EvaluationPanel::showFix()
{
    const auto evaluation = m_evaluator->evaluation();
    const QTreeWidgetItem *item = m_fixList->currentItem();
    if (!evaluation || !item) {
        m_fixDiff->clear();
        return;
    }
    const auto index = std::size_t(item->data(0, Qt::UserRole).toInt());
    if (index >= evaluation->result.fixes.size()) {
        m_fixDiff->clear();
        return;
    }
    m_fixDiff->setFix(&evaluation->result.fixes[index], evaluation->fixDiffs[index]);
}

void EvaluationPanel::showContextError(bool valid, const QString &error, int byteOffset)
{
    QList<QTextEdit::ExtraSelection> selections;
    m_contextErrorPosition = -1;
    m_contextErrorText.clear();
    if (!valid) {
        const QString text = m_context->toPlainText();
        int position = -1;
        if (byteOffset >= 0) {
            const QByteArray bytes = text.toUtf8();
            position = int(QString::fromUtf8(bytes.left(byteOffset)).size());
        }
        const QTextBlock block = m_context->document()->findBlock(std::max(position, 0));
        const int line = block.blockNumber() + 1;
        const int column = std::max(position, 0) - block.position() + 1;
        m_contextErrorText = position >= 0
            ? tr("Context is not valid JSON: %1 (line %2, column %3)")
                  .arg(error)
                  .arg(line)
                  .arg(column)
            : tr("Context is not valid JSON: %1").arg(error);
        if (!text.isEmpty()) {
            // The character at the error, or the last one when the error is at the end
            // (unterminated input).
            m_contextErrorPosition = std::clamp(position, 0, int(text.size()) - 1);
            QTextEdit::ExtraSelection selection;
            selection.cursor = QTextCursor(m_context->document());
            selection.cursor.setPosition(m_contextErrorPosition);
            selection.cursor.setPosition(m_contextErrorPosition + 1, QTextCursor::KeepAnchor);
            selection.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
            selection.format.setUnderlineColor(QColor(0xe5, 0x14, 0x00));
            selection.format.setBackground(QColor(0xe5, 0x14, 0x00, 0x40));
            selection.format.setToolTip(m_contextErrorText);
            selections.append(selection);
        }
    }
    m_context->setExtraSelections(selections);
    const bool fallback =
        !valid && m_evaluator->evaluation() && m_evaluator->evaluation()->contextFallback;
    m_contextError->setText(fallback ? m_contextErrorText + QLatin1Char('\n')
                + tr("Evaluated with the last context that parsed.")
                                     : m_contextErrorText);
    m_contextError->setVisible(!valid);
}

bool EvaluationPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_context->viewport() && event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const int position = m_context->cursorForPosition(help->pos()).position();
        if (m_contextErrorPosition >= 0 && std::abs(position - m_contextErrorPosition) <= 1)
            QToolTip::showText(help->globalPos(), m_contextErrorText, m_context->viewport());
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void EvaluationPanel::updateStatus()
{
    const auto evaluation = m_evaluator->evaluation();
    QString text;
    if (!m_editor) {
        text = tr("Open a contract to evaluate the sample against it.");
    } else if (m_evaluator->isStale()) {
        text = tr("The contracts do not compile: the verdicts shown (greyed) are the last good "
                  "ones.");
    } else if (!m_evaluator->hasContracts() && !evaluation) {
        text = tr("Waiting for contracts that compile.");
    } else if (evaluation) {
        int counts[6] = {};
        for (const engine::ClauseVerdict *verdict : evaluation->verdicts())
            ++counts[int(verdict->status)];
        using engine::ClauseStatus;
        text = (evaluation->result.valid ? tr("Valid") : tr("Invalid")) + QStringLiteral(" — ")
            + tr("pass: %1, fail: %2, error: %3, pending: %4, suppressed: %5; fixes: %6 (%7 ms)")
                  .arg(counts[int(ClauseStatus::Pass)])
                  .arg(counts[int(ClauseStatus::Fail)])
                  .arg(counts[int(ClauseStatus::Error)])
                  .arg(counts[int(ClauseStatus::Pending)] + counts[int(ClauseStatus::Skipped)])
                  .arg(counts[int(ClauseStatus::Suppressed)])
                  .arg(evaluation->result.fixes.size())
                  .arg(double(evaluation->workNs) / 1e6, 0, 'f', 1);
    } else {
        text = tr("Evaluating…");
    }
    m_status->setText(text);
}

} // namespace llmcl::app
