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

// The words of `text`, case-folded: runs of letters and digits ("Save As…" → save, as).
QStringList wordsOf(const QString &text)
{
    QStringList words;
    QString word;
    for (const QChar c : text) {
        if (c.isLetterOrNumber()) {
            word += c;
        } else if (!word.isEmpty()) {
            words.append(word.toCaseFolded());
            word.clear();
        }
    }
    if (!word.isEmpty())
        words.append(word.toCaseFolded());
    return words;
}

// Whether `query` (from `at`) splits into pieces that begin words of `words` in order, from
// word `from` on: "zi" → Zoom In, "rtcb" → Run to Clause Breakpoint, "savas" → Save As.
bool chunksMatch(const QString &query, qsizetype at, const QStringList &words, qsizetype from)
{
    if (at == query.size())
        return true;
    for (qsizetype w = from; w < words.size(); ++w) {
        const QString &word = words.at(w);
        for (qsizetype length = std::min(query.size() - at, word.size()); length > 0; --length) {
            if (word.startsWith(QStringView(query).mid(at, length))
                && chunksMatch(query, at + length, words, w + 1))
                return true;
        }
    }
    return false;
}

// How `word` (case-folded) matches `text`, best first: 4 a whole word, 3 the beginning of a
// word, 2 the beginnings of several words in order (an acronym), 1 inside a word, 0 not at all
// (letters scattered over the text are no match: they found everything). `index` is the
// position of the word it matched, or the offset of the substring.
int matchKind(const QString &word, const QString &text, int &index)
{
    const QStringList words = wordsOf(text);
    for (qsizetype i = 0; i < words.size(); ++i) {
        if (words.at(i) == word) {
            index = int(i);
            return 4;
        }
    }
    for (qsizetype i = 0; i < words.size(); ++i) {
        if (words.at(i).startsWith(word)) {
            index = int(i);
            return 3;
        }
    }
    if (word.size() >= 2 && chunksMatch(word, 0, words, 0)) {
        index = 0;
        return 2;
    }
    if (const qsizetype at = text.indexOf(word, 0, Qt::CaseInsensitive); at >= 0) {
        index = int(at);
        return 1;
    }
    return 0;
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
    const QString menus = text.left(std::max<qsizetype>(text.size() - last.size(), 0));
    int total = 0;
    for (const QString &queryWord : words) {
        const QString word = queryWord.toCaseFolded();
        int index = 0;
        int best = -1;
        if (const int kind = matchKind(word, last, index); kind > 0)
            best = kind * 1000 + 500 - std::min(index, 499);
        else if (const int menuKind = matchKind(word, menus, index); menuKind > 1)
            // A menu's name counts when it is a word or the beginning of words (Debug,
            // View): a few letters inside a menu's name would list the whole menu.
            best = menuKind * 100 - std::min(index, 99);
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
