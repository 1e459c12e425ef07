// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>
#include <QList>
#include <QPointer>
#include <QString>

class QAction;
class QLineEdit;
class QMenuBar;
class QTreeWidget;

namespace llmcl::app {

// The command palette (Ctrl+Shift+P): a popup with a filter line over every enabled action of
// the window's menus, each with its menu path ("File › Save As…") and shortcut. Typing filters
// and ranks (CommandPalette::matchScore()), Up/Down move, Enter
// triggers the selected action after the popup has closed, Escape closes. The actions are
// collected each time the palette opens, so actions added or disabled later are taken into
// account. GUI thread only; the menu bar must outlive the palette.
class CommandPalette : public QFrame
{
    Q_OBJECT

public:
    struct Entry
    {
        QPointer<QAction> action;
        // "File › Open Recent › /path/x.llmcl": the menu titles and the action's text, without
        // mnemonics.
        QString path;
        QString shortcut;
        int order = 0;
    };

    CommandPalette(QMenuBar *menuBar, QWidget *parent);

    // Collects the actions, clears the filter and shows the palette over the top of the parent
    // window with the filter focused.
    void popup();
    // Actions never listed (the palette's own action).
    void setExcludedAction(QAction *action) { m_excluded = action; }

    // The enabled, visible actions of `menuBar`'s menus (submenus entered, not listed).
    static QList<Entry> collect(QMenuBar *menuBar);
    // How well `query` matches `text` ("Menu › Submenu › Action"): higher is better, -1 for no
    // match. Case-insensitive; every space-separated word of the query must match. In the
    // action's own text, best first: a whole word, the beginning of a word, the beginnings of
    // several words in order (an acronym: "zi" for Zoom In), a substring; in the menus' names
    // only a word, its beginning or an acronym, ranked below any match in the action's text.
    // Letters scattered over the text are no match ("dark" does not find "Debug › Run to Clause
    // Breakpoint").
    static int matchScore(const QString &query, const QString &text);
    // A menu title or action text without its mnemonic markers.
    static QString plainText(const QString &text);

    QLineEdit *filterEdit() const { return m_filter; }
    QTreeWidget *list() const { return m_list; }
    // The action shown in `row` of the list.
    QAction *actionAt(int row) const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refilter();
    void triggerCurrent();

    QMenuBar *m_menuBar;
    QPointer<QAction> m_excluded;
    QLineEdit *m_filter;
    QTreeWidget *m_list;
    QList<Entry> m_entries;
    QList<int> m_shown; // indices into m_entries, in list order
};

} // namespace llmcl::app
