// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/contracteditor.h"

#include "editor/highlightinglexer.h"
#include "engine/utf8.h"

#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QSaveFile>

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/Theme>

#include <algorithm>
#include <string_view>

namespace llmcl::editor {

namespace {

QColor themeColor(
    const KSyntaxHighlighting::Theme &theme, KSyntaxHighlighting::Theme::EditorColorRole role)
{
    return QColor::fromRgba(theme.editorColor(role));
}

// The 1-based line of the first byte sequence that is not UTF-8, or 0 when all of it is UTF-8.
int firstInvalidUtf8Line(const QByteArray &bytes)
{
    const std::string_view text(bytes.constData(), std::size_t(bytes.size()));
    const std::size_t valid = engine::utf8::validPrefixLength(text);
    if (valid == text.size())
        return 0;
    return 1 + int(std::count(text.begin(), text.begin() + std::ptrdiff_t(valid), '\n'));
}

} // namespace

ContractEditor::ContractEditor(KSyntaxHighlighting::Repository &repository, QWidget *parent)
    : QsciScintilla(parent)
    , m_repository(repository)
    , m_lexer(new HighlightingLexer(this))
{
    setUtf8(true);
    setEolMode(EolUnix);
    setTabWidth(4);
    setIndentationsUseTabs(false);
    setAutoIndent(true);
    setIndentationGuides(true);
    setBraceMatching(SloppyBraceMatch);
    setCaretLineVisible(true);
    setMarginLineNumbers(0, true);
    setFolding(BoxedTreeFoldStyle, 2);
    setScrollWidthTracking(true);
    setScrollWidth(1);

    m_lexer->setBaseFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_lexer->setSyntaxDefinition(m_repository.definitionForName(QStringLiteral("LLMCL")));
    setLexer(m_lexer);
    useThemeForPalette();

    connect(this, &QsciScintilla::linesChanged, this, &ContractEditor::updateLineNumberMargin);
    updateLineNumberMargin();
}

ContractEditor::~ContractEditor()
{
    // QsciScintilla keeps a pointer to its lexer; detach before the child lexer is destroyed.
    setLexer(nullptr);
}

QString ContractEditor::displayName() const
{
    return m_filePath.isEmpty() ? tr("Untitled") : QFileInfo(m_filePath).fileName();
}

void ContractEditor::useThemeForPalette()
{
    m_followPalette = true;
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    setSyntaxTheme(m_repository.defaultTheme(dark ? KSyntaxHighlighting::Repository::DarkTheme
                                                  : KSyntaxHighlighting::Repository::LightTheme));
    m_followPalette = true;
}

void ContractEditor::setSyntaxTheme(const KSyntaxHighlighting::Theme &theme)
{
    using Role = KSyntaxHighlighting::Theme::EditorColorRole;
    m_followPalette = false;
    m_lexer->setSyntaxTheme(theme);

    setPaper(themeColor(theme, Role::BackgroundColor));
    setColor(QColor::fromRgba(theme.textColor(KSyntaxHighlighting::Theme::Normal)));
    setCaretForegroundColor(QColor::fromRgba(theme.textColor(KSyntaxHighlighting::Theme::Normal)));
    setCaretLineBackgroundColor(themeColor(theme, Role::CurrentLine));
    setSelectionBackgroundColor(themeColor(theme, Role::TextSelection));
    setMarginsBackgroundColor(themeColor(theme, Role::IconBorder));
    setMarginsForegroundColor(themeColor(theme, Role::LineNumbers));
    setFoldMarginColors(themeColor(theme, Role::IconBorder), themeColor(theme, Role::IconBorder));
    setMatchedBraceBackgroundColor(themeColor(theme, Role::BracketMatching));
    setIndentationGuidesForegroundColor(themeColor(theme, Role::IndentationLine));
}

void ContractEditor::changeEvent(QEvent *event)
{
    QsciScintilla::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_followPalette)
        useThemeForPalette();
}

void ContractEditor::updateLineNumberMargin()
{
    const int digits = int(QString::number(std::max(lines(), 1)).size());
    if (digits == m_lineNumberDigits)
        return;
    m_lineNumberDigits = digits;
    setMarginWidth(0, QString(digits + 1, QLatin1Char('9')));
}

bool ContractEditor::load(const QString &path, QString *errorMessage)
{
    const auto fail = [&](const QString &message) {
        if (errorMessage)
            *errorMessage = message;
        return false;
    };
    const QFileInfo info(path);
    if (!info.exists())
        return fail(tr("%1: no such file").arg(path));
    if (info.isDir())
        return fail(tr("%1: is a folder, not a file").arg(path));
    if (info.size() > kMaxFileSize) {
        return fail(tr("%1: the file is %2 MiB; contract files larger than %3 MiB are not opened")
                .arg(path)
                .arg(info.size() / (1024 * 1024))
                .arg(kMaxFileSize / (1024 * 1024)));
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(tr("%1: cannot be read: %2").arg(path, file.errorString()));
    QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return fail(tr("%1: cannot be read: %2").arg(path, file.errorString()));
    if (const int line = firstInvalidUtf8Line(bytes)) {
        return fail(tr("%1:%2: the file is not valid UTF-8 text; LLMCL files are UTF-8")
                .arg(path)
                .arg(line));
    }
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);

    setEolMode(bytes.contains("\r\n") ? EolWindows : EolUnix);
    setText(QString::fromUtf8(bytes));
    setCursorPosition(0, 0);
    setModified(false);
    SendScintilla(SCI_EMPTYUNDOBUFFER);
    m_filePath = info.absoluteFilePath();
    Q_EMIT filePathChanged(m_filePath);
    return true;
}

bool ContractEditor::save(QString *errorMessage)
{
    if (m_filePath.isEmpty()) {
        if (errorMessage)
            *errorMessage = tr("the buffer has no file yet: use Save As");
        return false;
    }
    return writeTo(m_filePath, errorMessage);
}

bool ContractEditor::saveAs(const QString &path, QString *errorMessage)
{
    if (!writeTo(path, errorMessage))
        return false;
    m_filePath = QFileInfo(path).absoluteFilePath();
    Q_EMIT filePathChanged(m_filePath);
    return true;
}

bool ContractEditor::writeTo(const QString &path, QString *errorMessage)
{
    QSaveFile file(path);
    const QByteArray bytes = text().toUtf8();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (errorMessage)
            *errorMessage = tr("%1: cannot be written: %2").arg(path, file.errorString());
        return false;
    }
    setModified(false);
    return true;
}

} // namespace llmcl::editor
