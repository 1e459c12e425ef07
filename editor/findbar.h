// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QWidget>

#include <vector>

class QCheckBox;
class QLabel;
class QLineEdit;
class QRegularExpression;
class QToolButton;
class QsciScintilla;

namespace llmcl::editor {

// The inline find and replace bar under the editor (Ctrl+F, Ctrl+H, F3 / Shift+F3, Escape).
//
// It searches the editor it is given (setEditor(); the Studio gives the current tab's) for
// plain text or a regular expression (QRegularExpression, Perl syntax), optionally
// case-sensitive and whole-word, highlights every match with a box indicator and counts them
// ("3 of 12"). The matches follow edits (re-searched 100 ms after the text changes while the
// bar is open). Find next and previous wrap around the document. Replace replaces the selected
// match and moves to the next; Replace All replaces every match as one undo step. In regex mode
// the replacement may name groups as \1 … \9 or $1 … $9 ($0: the whole match); \n is a line
// break.
//
// Positions are Scintilla's UTF-8 byte offsets; the search runs on the UTF-16 text and converts
// once per match, in one pass. GUI thread only; text work, never parsing.
class FindBar : public QWidget
{
    Q_OBJECT

public:
    explicit FindBar(QWidget *parent = nullptr);
    ~FindBar() override;

    // The editor to search (may be null). The bar does not own it.
    void setEditor(QsciScintilla *editor);
    QsciScintilla *editor() const { return m_editor; }

    // Shows the bar with the find row (Ctrl+F) or also the replace row (Ctrl+H), takes the
    // editor's one-line selection as the text to find, and focuses the find field.
    void openFind();
    void openReplace();
    // Hides the bar, clears the highlights and gives the focus back to the editor.
    void close();

    bool findNext();
    bool findPrevious();
    // Replaces the current match (the selection, if it is one) and selects the next one.
    bool replaceCurrent();
    // Replaces every match as one undo step; returns how many.
    int replaceAll();

    // The matches of the current search, as byte ranges [begin, end) of the editor's text.
    struct Match
    {
        int begin = 0;
        int end = 0;
        QStringList captures; // regex mode: $0 … $n
    };
    const std::vector<Match> &matches() const { return m_matches; }
    // 1-based index of the match that is selected in the editor, or 0.
    int currentMatch() const;
    // False when the regular expression does not compile (the field shows why).
    bool patternIsValid() const { return m_patternValid; }

    QLineEdit *findField() const { return m_find; }
    QLineEdit *replaceField() const { return m_replace; }
    QCheckBox *caseSensitiveBox() const { return m_caseSensitive; }
    QCheckBox *wholeWordBox() const { return m_wholeWord; }
    QCheckBox *regexBox() const { return m_regex; }
    QLabel *countLabel() const { return m_count; }
    bool isReplaceVisible() const;
    // The indicator that marks the matches in `editor`.
    static int indicatorFor(QsciScintilla *editor);

Q_SIGNALS:
    void closed();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void search();
    void highlight();
    void updateCount();
    void select(const Match &match);
    QString expanded(const Match &match) const;
    void showReplaceRow(bool show);

    QPointer<QsciScintilla> m_editor;
    QLineEdit *m_find;
    QLineEdit *m_replace;
    QCheckBox *m_caseSensitive;
    QCheckBox *m_wholeWord;
    QCheckBox *m_regex;
    QLabel *m_count;
    QWidget *m_replaceRow;
    QToolButton *m_replaceButton;
    QToolButton *m_replaceAllButton;
    std::vector<Match> m_matches;
    bool m_patternValid = true;
    QTimer m_researchTimer;
    QMetaObject::Connection m_textChanged;
    QMetaObject::Connection m_selectionChanged;
};

} // namespace llmcl::editor
