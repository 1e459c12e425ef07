// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/commandpalette.h"

#include <QAction>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace llmcl::app {

namespace {

const auto kSeparator = QStringLiteral(" › ");

void collectFrom(QMenu *menu, const QString &prefix, QList<CommandPalette::Entry> &entries)
{
    for (QAction *action : menu->actions()) {
        if (action->isSeparator() || !action->isVisible() || !action->isEnabled())
            continue;
        const QString text = CommandPalette::plainText(action->text());
        if (QMenu *submenu = action->menu()) {
            collectFrom(submenu, prefix + text + kSeparator, entries);
            continue;
        }
        if (text.isEmpty())
            continue;
        CommandPalette::Entry entry;
        entry.action = action;
        entry.path = prefix + text;
        entry.shortcut = action->shortcut().toString(QKeySequence::NativeText);
        entry.order = int(entries.size());
        entries.append(entry);
    }
}

// Letters of `word` in order within `text`: a score that prefers adjacent letters and early
// starts; -1 when they are not all there.
int subsequenceScore(const QString &word, const QString &text)
{
    int score = 0;
    qsizetype at = 0;
    qsizetype previous = -2;
    for (const QChar c : word) {
        const qsizetype found = text.indexOf(c, at, Qt::CaseInsensitive);
        if (found < 0)
            return -1;
        score += found == previous + 1 ? 10 : 1;
        previous = found;
        at = found + 1;
    }
    return score;
}

} // namespace

CommandPalette::CommandPalette(QMenuBar *menuBar, QWidget *parent)
    : QFrame(parent, Qt::Popup)
    , m_menuBar(menuBar)
    , m_filter(new QLineEdit(this))
    , m_list(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("CommandPalette"));
    setFrameShape(QFrame::StyledPanel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_filter->setObjectName(QStringLiteral("CommandPaletteFilter"));
    m_filter->setPlaceholderText(tr("Type a command"));
    m_filter->setClearButtonEnabled(true);
    m_filter->installEventFilter(this);
    layout->addWidget(m_filter);
    m_list->setObjectName(QStringLiteral("CommandPaletteList"));
    m_list->setColumnCount(2);
    m_list->setHeaderHidden(true);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setFocusPolicy(Qt::NoFocus);
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    layout->addWidget(m_list);
    connect(m_filter, &QLineEdit::textChanged, this, &CommandPalette::refilter);
    connect(m_list, &QTreeWidget::itemActivated, this, &CommandPalette::triggerCurrent);
}

QString CommandPalette::plainText(const QString &text)
{
    QString plain;
    plain.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == QLatin1Char('&')) {
            // "&&" is a literal ampersand; a single one marks the mnemonic.
            if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('&'))
                plain += text.at(++i);
            continue;
        }
        plain += text.at(i);
    }
    // Some styles append the shortcut after a tab.
    return plain.section(QLatin1Char('\t'), 0, 0);
}

QList<CommandPalette::Entry> CommandPalette::collect(QMenuBar *menuBar)
{
    QList<Entry> entries;
    for (QAction *action : menuBar->actions()) {
        if (QMenu *menu = action->menu(); menu && action->isVisible() && action->isEnabled())
            collectFrom(menu, plainText(action->text()) + kSeparator, entries);
    }
    return entries;
}

int CommandPalette::matchScore(const QString &query, const QString &text)
{
    const QStringList words = query.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    // The action's own text (after the last separator) weighs more than its menu path.
    const QString last = text.section(kSeparator, -1);
    int total = 0;
    for (const QString &word : words) {
        int best = -1;
        if (const qsizetype at = last.indexOf(word, 0, Qt::CaseInsensitive); at >= 0)
            best = 3000 - int(at) + (at == 0 || !last.at(at - 1).isLetterOrNumber() ? 500 : 0);
        else if (const qsizetype at2 = text.indexOf(word, 0, Qt::CaseInsensitive); at2 >= 0)
            best = 2000 - int(at2);
        else if (const int fuzzy = subsequenceScore(word, last); fuzzy >= 0)
            best = 1000 + fuzzy;
        else if (const int fuzzy2 = subsequenceScore(word, text); fuzzy2 >= 0)
            best = fuzzy2;
        if (best < 0)
            return -1;
        total += best;
    }
    return total;
}

void CommandPalette::popup()
{
    m_entries = collect(m_menuBar);
    m_entries.removeIf([this](const Entry &entry) { return entry.action == m_excluded; });
    m_filter->clear();
    refilter();
    QWidget *window = parentWidget() ? parentWidget()->window() : nullptr;
    if (window) {
        const int width = std::clamp(window->width() / 2, 360, 720);
        const int height = std::clamp(window->height() / 2, 240, 480);
        const QPoint topCentre = window->mapToGlobal(QPoint((window->width() - width) / 2, 48));
        setGeometry(QRect(topCentre, QSize(width, height)));
    }
    show();
    raise();
    activateWindow();
    m_filter->setFocus(Qt::PopupFocusReason);
}

QAction *CommandPalette::actionAt(int row) const
{
    if (row < 0 || row >= m_shown.size())
        return nullptr;
    return m_entries.at(m_shown.at(row)).action;
}

void CommandPalette::refilter()
{
    const QString query = m_filter->text();
    QList<std::pair<int, int>> scored; // (score, entry index)
    for (int i = 0; i < m_entries.size(); ++i) {
        if (!m_entries.at(i).action)
            continue;
        const int score = query.trimmed().isEmpty() ? 0 : matchScore(query, m_entries.at(i).path);
        if (score >= 0)
            scored.append({score, i});
    }
    // Best first; equal scores keep menu order.
    std::stable_sort(scored.begin(), scored.end(),
        [](const auto &a, const auto &b) { return a.first > b.first; });
    m_list->clear();
    m_shown.clear();
    for (const auto &[score, index] : std::as_const(scored)) {
        const Entry &entry = m_entries.at(index);
        auto *item = new QTreeWidgetItem(m_list, {entry.path, entry.shortcut});
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        m_shown.append(index);
    }
    if (m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
}

void CommandPalette::triggerCurrent()
{
    const QPointer<QAction> action = actionAt(m_list->indexOfTopLevelItem(m_list->currentItem()));
    hide();
    if (!action)
        return;
    // After the popup has gone, so the action sees the window as the user does (focus back in
    // the editor) and may open dialogs of its own.
    QTimer::singleShot(0, action, [action] {
        if (action && action->isEnabled())
            action->trigger();
    });
}

bool CommandPalette::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_filter && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        const int count = m_list->topLevelItemCount();
        const int row = m_list->indexOfTopLevelItem(m_list->currentItem());
        switch (key->key()) {
        case Qt::Key_Down:
        case Qt::Key_Up:
        case Qt::Key_PageDown:
        case Qt::Key_PageUp: {
            if (count == 0)
                return true;
            const int step = key->key() == Qt::Key_Down ? 1
                : key->key() == Qt::Key_Up              ? -1
                : key->key() == Qt::Key_PageDown        ? 10
                                                        : -10;
            const int next = std::clamp(row + step, 0, count - 1);
            m_list->setCurrentItem(m_list->topLevelItem(next));
            return true;
        }
        case Qt::Key_Return:
        case Qt::Key_Enter:
            triggerCurrent();
            return true;
        case Qt::Key_Escape:
            hide();
            return true;
        default:
            break;
        }
    }
    return QFrame::eventFilter(watched, event);
}

} // namespace llmcl::app
