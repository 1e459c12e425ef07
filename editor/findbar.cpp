// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/findbar.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QToolButton>
#include <QVBoxLayout>
#include <Qsci/qsciscintilla.h>

#include <algorithm>

namespace llmcl::editor {

namespace {

const char *const kIndicatorProperty = "llmclFindIndicator";

// UTF-8 length of a UTF-16 span (a lone surrogate counts as the one '?' byte toUtf8() writes).
int utf8Length(QStringView text)
{
    int bytes = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (c < 0x80)
            bytes += 1;
        else if (c < 0x800)
            bytes += 2;
        else if (QChar::isHighSurrogate(c) && i + 1 < text.size()
            && QChar::isLowSurrogate(text[i + 1].unicode())) {
            bytes += 4;
            ++i;
        } else if (QChar::isSurrogate(c))
            bytes += 1;
        else
            bytes += 3;
    }
    return bytes;
}

QToolButton *button(const QString &text, const QString &toolTip, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setText(text);
    b->setToolTip(toolTip);
    b->setAutoRaise(true);
    return b;
}

} // namespace

FindBar::FindBar(QWidget *parent)
    : QWidget(parent)
    , m_find(new QLineEdit(this))
    , m_replace(new QLineEdit(this))
    , m_caseSensitive(new QCheckBox(tr("&Case"), this))
    , m_wholeWord(new QCheckBox(tr("&Words"), this))
    , m_regex(new QCheckBox(tr("Rege&x"), this))
    , m_count(new QLabel(this))
    , m_replaceRow(new QWidget(this))
    , m_replaceButton(nullptr)
    , m_replaceAllButton(nullptr)
{
    setObjectName(QStringLiteral("FindBar"));
    m_find->setObjectName(QStringLiteral("FindField"));
    m_find->setPlaceholderText(tr("Find"));
    m_find->setClearButtonEnabled(true);
    m_replace->setObjectName(QStringLiteral("ReplaceField"));
    m_replace->setPlaceholderText(tr("Replace with"));
    m_caseSensitive->setToolTip(tr("Match case"));
    m_wholeWord->setToolTip(tr("Match whole words only"));
    m_regex->setToolTip(tr("Regular expression (Perl syntax; \\1 or $1 in the replacement)"));
    m_count->setObjectName(QStringLiteral("FindCount"));
    m_count->setMinimumWidth(m_count->fontMetrics().horizontalAdvance(tr("No matches")) + 8);

    auto *previous = button(tr("Previous"), tr("Find previous (Shift+F3)"), this);
    auto *next = button(tr("Next"), tr("Find next (F3)"), this);
    auto *closeButton = button(QStringLiteral("✕"), tr("Close (Escape)"), this);
    m_replaceButton = button(tr("Replace"), tr("Replace this match and find the next"), this);
    m_replaceAllButton = button(tr("Replace All"), tr("Replace every match (one undo step)"), this);

    auto *findRow = new QHBoxLayout;
    findRow->setContentsMargins(0, 0, 0, 0);
    findRow->addWidget(m_find, 1);
    findRow->addWidget(previous);
    findRow->addWidget(next);
    findRow->addWidget(m_caseSensitive);
    findRow->addWidget(m_wholeWord);
    findRow->addWidget(m_regex);
    findRow->addWidget(m_count);
    findRow->addWidget(closeButton);
    auto *replaceRow = new QHBoxLayout(m_replaceRow);
    replaceRow->setContentsMargins(0, 0, 0, 0);
    replaceRow->addWidget(m_replace, 1);
    replaceRow->addWidget(m_replaceButton);
    replaceRow->addWidget(m_replaceAllButton);
    replaceRow->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(2);
    layout->addLayout(findRow);
    layout->addWidget(m_replaceRow);

    m_researchTimer.setSingleShot(true);
    m_researchTimer.setInterval(100);
    connect(&m_researchTimer, &QTimer::timeout, this, &FindBar::search);
    connect(m_find, &QLineEdit::textChanged, this, &FindBar::search);
    for (QCheckBox *box : {m_caseSensitive, m_wholeWord, m_regex})
        connect(box, &QCheckBox::toggled, this, &FindBar::search);
    connect(previous, &QToolButton::clicked, this, &FindBar::findPrevious);
    connect(next, &QToolButton::clicked, this, &FindBar::findNext);
    connect(closeButton, &QToolButton::clicked, this, &FindBar::close);
    connect(m_replaceButton, &QToolButton::clicked, this, &FindBar::replaceCurrent);
    connect(m_replaceAllButton, &QToolButton::clicked, this, &FindBar::replaceAll);
    m_find->installEventFilter(this);
    m_replace->installEventFilter(this);
    m_replaceRow->hide();
    hide();
}

FindBar::~FindBar() = default;

int FindBar::indicatorFor(QsciScintilla *editor)
{
    const QVariant stored = editor->property(kIndicatorProperty);
    if (stored.isValid())
        return stored.toInt();
    const int indicator = editor->indicatorDefine(QsciScintilla::StraightBoxIndicator);
    editor->SendScintilla(QsciScintillaBase::SCI_INDICSETALPHA, indicator, 70L);
    editor->SendScintilla(QsciScintillaBase::SCI_INDICSETOUTLINEALPHA, indicator, 160L);
    editor->setIndicatorForegroundColor(QColor(0xf0, 0xb0, 0x00), indicator);
    editor->setProperty(kIndicatorProperty, indicator);
    return indicator;
}

void FindBar::setEditor(QsciScintilla *editor)
{
    if (m_editor == editor)
        return;
    if (m_editor) {
        disconnect(m_textChanged);
        disconnect(m_selectionChanged);
        const int indicator = indicatorFor(m_editor);
        m_editor->clearIndicatorRange(0, 0, m_editor->lines(), 0, indicator);
    }
    m_editor = editor;
    m_matches.clear();
    if (m_editor) {
        m_textChanged = connect(m_editor, &QsciScintilla::textChanged, this, [this] {
            if (isVisible())
                m_researchTimer.start();
        });
        m_selectionChanged =
            connect(m_editor, &QsciScintilla::selectionChanged, this, &FindBar::updateCount);
    }
    if (isVisible())
        search();
}

bool FindBar::isReplaceVisible() const
{
    return !m_replaceRow->isHidden();
}

void FindBar::showReplaceRow(bool show)
{
    m_replaceRow->setVisible(show);
}

void FindBar::openFind()
{
    if (m_editor && m_editor->hasSelectedText()) {
        const QString selected = m_editor->selectedText();
        if (!selected.contains(QLatin1Char('\n')))
            m_find->setText(m_regex->isChecked() ? QRegularExpression::escape(selected) : selected);
    }
    show();
    if (!isReplaceVisible())
        showReplaceRow(false);
    search();
    m_find->setFocus();
    m_find->selectAll();
}

void FindBar::openReplace()
{
    showReplaceRow(true);
    openFind();
    if (!m_find->text().isEmpty())
        m_replace->setFocus();
}

void FindBar::close()
{
    hide();
    showReplaceRow(false);
    if (m_editor) {
        m_editor->clearIndicatorRange(0, 0, m_editor->lines(), 0, indicatorFor(m_editor));
        m_editor->setFocus();
    }
    Q_EMIT closed();
}

void FindBar::search()
{
    m_researchTimer.stop();
    m_matches.clear();
    m_patternValid = true;
    m_find->setToolTip(QString());
    const QString needle = m_find->text();
    if (m_editor && !needle.isEmpty()) {
        QString pattern = m_regex->isChecked() ? needle : QRegularExpression::escape(needle);
        if (m_wholeWord->isChecked())
            pattern = QStringLiteral("(?<!\\w)(?:") + pattern + QStringLiteral(")(?!\\w)");
        QRegularExpression::PatternOptions options = QRegularExpression::UseUnicodePropertiesOption;
        if (!m_caseSensitive->isChecked())
            options |= QRegularExpression::CaseInsensitiveOption;
        const QRegularExpression expression(pattern, options);
        if (!expression.isValid()) {
            m_patternValid = false;
            m_find->setToolTip(expression.errorString());
        } else {
            const QString text = m_editor->text();
            int bytes = 0;
            qsizetype at = 0;
            auto iterator = expression.globalMatch(text);
            while (iterator.hasNext()) {
                const QRegularExpressionMatch match = iterator.next();
                if (match.capturedLength() == 0)
                    continue; // `^` or `\b` alone: nothing to select or replace
                bytes += utf8Length(QStringView(text).mid(at, match.capturedStart() - at));
                Match m;
                m.begin = bytes;
                bytes += utf8Length(match.capturedView());
                m.end = bytes;
                at = match.capturedEnd();
                if (m_regex->isChecked())
                    m.captures = match.capturedTexts();
                m_matches.push_back(std::move(m));
            }
        }
    }
    highlight();
    updateCount();
}

void FindBar::highlight()
{
    if (!m_editor)
        return;
    const int indicator = indicatorFor(m_editor);
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETINDICATORCURRENT, indicator);
    m_editor->SendScintilla(QsciScintillaBase::SCI_INDICATORCLEARRANGE, 0UL,
        m_editor->SendScintilla(QsciScintillaBase::SCI_GETLENGTH));
    for (const Match &match : m_matches)
        m_editor->SendScintilla(
            QsciScintillaBase::SCI_INDICATORFILLRANGE, match.begin, long(match.end - match.begin));
}

int FindBar::currentMatch() const
{
    if (!m_editor)
        return 0;
    const int begin = int(m_editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONSTART));
    const int end = int(m_editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONEND));
    const auto it = std::lower_bound(m_matches.begin(), m_matches.end(), begin,
        [](const Match &m, int offset) { return m.begin < offset; });
    if (it != m_matches.end() && it->begin == begin && it->end == end)
        return int(it - m_matches.begin()) + 1;
    return 0;
}

void FindBar::updateCount()
{
    QPalette palette = m_find->palette();
    palette.setColor(QPalette::Base, this->palette().color(QPalette::Base));
    if (m_find->text().isEmpty()) {
        m_count->clear();
    } else if (!m_patternValid) {
        m_count->setText(tr("Invalid pattern"));
        palette.setColor(QPalette::Base, QColor(0xff, 0xd0, 0xd0));
    } else if (m_matches.empty()) {
        m_count->setText(tr("No matches"));
        palette.setColor(QPalette::Base, QColor(0xff, 0xd0, 0xd0));
    } else if (const int current = currentMatch()) {
        m_count->setText(tr("%1 of %2").arg(current).arg(m_matches.size()));
    } else {
        m_count->setText(tr("Matches: %1").arg(m_matches.size()));
    }
    m_find->setPalette(palette);
    m_replaceButton->setEnabled(!m_matches.empty());
    m_replaceAllButton->setEnabled(!m_matches.empty());
}

void FindBar::select(const Match &match)
{
    const long line = m_editor->SendScintilla(QsciScintillaBase::SCI_LINEFROMPOSITION, match.begin);
    m_editor->SendScintilla(QsciScintillaBase::SCI_ENSUREVISIBLEENFORCEPOLICY, line);
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETSEL, match.begin, long(match.end));
    m_editor->SendScintilla(QsciScintillaBase::SCI_SCROLLRANGE, match.begin, long(match.end));
    updateCount();
}

bool FindBar::findNext()
{
    if (m_researchTimer.isActive() || (m_matches.empty() && !m_find->text().isEmpty()))
        search();
    if (!m_editor || m_matches.empty())
        return false;
    const int from = int(m_editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONEND));
    const auto it = std::find_if(
        m_matches.begin(), m_matches.end(), [from](const Match &m) { return m.begin >= from; });
    select(it == m_matches.end() ? m_matches.front() : *it);
    return true;
}

bool FindBar::findPrevious()
{
    if (m_researchTimer.isActive() || (m_matches.empty() && !m_find->text().isEmpty()))
        search();
    if (!m_editor || m_matches.empty())
        return false;
    const int from = int(m_editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONSTART));
    const auto it = std::find_if(
        m_matches.rbegin(), m_matches.rend(), [from](const Match &m) { return m.begin < from; });
    select(it == m_matches.rend() ? m_matches.back() : *it);
    return true;
}

QString FindBar::expanded(const Match &match) const
{
    const QString replacement = m_replace->text();
    if (!m_regex->isChecked())
        return replacement;
    QString result;
    for (qsizetype i = 0; i < replacement.size(); ++i) {
        const QChar c = replacement.at(i);
        const QChar next = i + 1 < replacement.size() ? replacement.at(i + 1) : QChar();
        if ((c == QLatin1Char('\\') || c == QLatin1Char('$')) && next.isDigit()) {
            result += match.captures.value(next.digitValue());
            ++i;
        } else if (c == QLatin1Char('\\') && next == QLatin1Char('n')) {
            result += QLatin1Char('\n');
            ++i;
        } else if ((c == QLatin1Char('\\') && next == QLatin1Char('\\'))
            || (c == QLatin1Char('$') && next == QLatin1Char('$'))) {
            result += c;
            ++i;
        } else {
            result += c;
        }
    }
    return result;
}

bool FindBar::replaceCurrent()
{
    if (m_researchTimer.isActive())
        search();
    if (!m_editor || m_editor->isReadOnly())
        return false;
    const int current = currentMatch();
    if (current == 0)
        return findNext();
    const Match &match = m_matches[std::size_t(current - 1)];
    const QByteArray replacement = expanded(match).toUtf8();
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETTARGETRANGE, match.begin, long(match.end));
    m_editor->SendScintilla(
        QsciScintillaBase::SCI_REPLACETARGET, replacement.size(), replacement.constData());
    m_editor->SendScintilla(QsciScintillaBase::SCI_GOTOPOS, long(match.begin + replacement.size()));
    search();
    findNext();
    return true;
}

int FindBar::replaceAll()
{
    if (m_researchTimer.isActive() || m_matches.empty())
        search();
    if (!m_editor || m_matches.empty() || m_editor->isReadOnly())
        return 0;
    const int count = int(m_matches.size());
    const std::vector<Match> matches = m_matches;
    m_editor->SendScintilla(QsciScintillaBase::SCI_BEGINUNDOACTION);
    // Back to front, so that each replacement leaves the offsets before it valid.
    for (auto it = matches.rbegin(); it != matches.rend(); ++it) {
        const QByteArray replacement = expanded(*it).toUtf8();
        m_editor->SendScintilla(QsciScintillaBase::SCI_SETTARGETRANGE, it->begin, long(it->end));
        m_editor->SendScintilla(
            QsciScintillaBase::SCI_REPLACETARGET, replacement.size(), replacement.constData());
    }
    m_editor->SendScintilla(QsciScintillaBase::SCI_ENDUNDOACTION);
    search();
    m_count->setText(tr("Replaced: %1").arg(count));
    return count;
}

void FindBar::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        close();
        return;
    }
    QWidget::keyPressEvent(event);
}

bool FindBar::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape) {
            close();
            return true;
        }
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            if (watched == m_replace)
                replaceCurrent();
            else if (key->modifiers() & Qt::ShiftModifier)
                findPrevious();
            else
                findNext();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace llmcl::editor
