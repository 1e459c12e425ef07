// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/contracteditor.h"

#include "editor/diagnosticicons.h"
#include "editor/diagnostictranslations.h"
#include "editor/highlightinglexer.h"
#include "engine/utf8.h"

#include <QAction>
#include <QContextMenuEvent>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHelpEvent>
#include <QMenu>
#include <QSaveFile>
#include <QToolTip>

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/Theme>

#include <algorithm>
#include <array>
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

constexpr std::array kSeverities = {
    engine::Severity::Error, engine::Severity::Warning, engine::Severity::Info};

int severityIndex(engine::Severity severity)
{
    return int(severity);
}

// Text of a fix-it's label: one line, at most 40 characters.
QString elided(QString text)
{
    text.replace(QLatin1Char('\n'), QChar(0x23CE));
    if (text.size() > 40)
        text = text.left(39) + QChar(0x2026);
    return text;
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
    setUpDiagnosticsDisplay();
    useThemeForPalette();

    connect(this, &QsciScintilla::linesChanged, this, &ContractEditor::updateLineNumberMargin);
    updateLineNumberMargin();
    // QsciScintilla emits textChanged for every insertion and deletion, before any other
    // receiver of revisionChanged can ask for the text.
    connect(this, &QsciScintilla::textChanged, this, [this] {
        ++m_revision;
        Q_EMIT revisionChanged(m_revision);
    });
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
    updateDiagnosticsColors(
        QColor::fromRgba(theme.editorColor(Role::BackgroundColor)).lightness() < 128);
    Q_EMIT syntaxThemeChanged();
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
    clearDiagnostics();
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

// --- diagnostics ---------------------------------------------------------------------------

std::string ContractEditor::utf8Text() const
{
    const auto length = std::size_t(SendScintilla(SCI_GETLENGTH));
    // Moves Scintilla's gap to the end once and gives the contiguous buffer.
    const auto *bytes = reinterpret_cast<const char *>(SendScintilla(SCI_GETCHARACTERPOINTER));
    return bytes ? std::string(bytes, length) : std::string();
}

void ContractEditor::setUpDiagnosticsDisplay()
{
    // Distinct shapes per severity, so colour is never the only difference.
    m_indicators[severityIndex(engine::Severity::Error)] = indicatorDefine(SquigglePixmapIndicator);
    m_indicators[severityIndex(engine::Severity::Warning)] = indicatorDefine(DashesIndicator);
    m_indicators[severityIndex(engine::Severity::Info)] = indicatorDefine(DotsIndicator);
    for (const int indicator : m_indicators)
        SendScintilla(SCI_INDICSETUNDER, indicator, 0L);

    // Scintilla draws markers in increasing number: the error symbol, defined last, ends on top
    // when a line has several.
    const int size = std::clamp(int(SendScintilla(SCI_TEXTHEIGHT, 0UL)) - 3, 10, 32);
    for (const engine::Severity severity :
        {engine::Severity::Info, engine::Severity::Warning, engine::Severity::Error})
        m_markers[severityIndex(severity)] = markerDefine(severityImage(severity, size));
    int mask = 0;
    for (const int marker : m_markers)
        mask |= 1 << marker;
    setMarginType(kDiagnosticsMargin, SymbolMargin);
    setMarginMarkerMask(kDiagnosticsMargin, mask);
    setMarginWidth(kDiagnosticsMargin, size + 4);
    setMarginSensitivity(kDiagnosticsMargin, false);
}

void ContractEditor::updateDiagnosticsColors(bool darkBackground)
{
    for (const engine::Severity severity : kSeverities) {
        if (const int indicator = m_indicators[severityIndex(severity)]; indicator >= 0)
            setIndicatorForegroundColor(severityColor(severity, darkBackground), indicator);
    }
}

int ContractEditor::indicatorNumber(engine::Severity severity) const
{
    return m_indicators[severityIndex(severity)];
}

int ContractEditor::markerNumber(engine::Severity severity) const
{
    return m_markers[severityIndex(severity)];
}

void ContractEditor::clearDiagnosticsDisplay()
{
    const long length = SendScintilla(SCI_GETLENGTH);
    for (const int indicator : m_indicators) {
        SendScintilla(SCI_SETINDICATORCURRENT, indicator);
        SendScintilla(SCI_INDICATORCLEARRANGE, 0UL, length);
    }
    for (const int marker : m_markers)
        markerDeleteAll(marker);
    m_shown.clear();
}

void ContractEditor::clearDiagnostics()
{
    const bool hadAny = !m_diagnostics.empty();
    clearDiagnosticsDisplay();
    m_diagnostics.clear();
    m_diagnosticsRevision = m_revision;
    if (hadAny)
        Q_EMIT diagnosticsChanged();
}

bool ContractEditor::setDiagnostics(quint64 revision, std::vector<engine::Diagnostic> diagnostics)
{
    if (revision != m_revision)
        return false;
    clearDiagnosticsDisplay();
    m_diagnostics = std::move(diagnostics);
    m_diagnosticsRevision = revision;

    const long length = SendScintilla(SCI_GETLENGTH);
    m_shown.assign(m_diagnostics.size(), Shown {});
    for (std::size_t i = 0; i < m_diagnostics.size(); ++i) {
        const engine::Diagnostic &diagnostic = m_diagnostics[i];
        Shown &shown = m_shown[i];
        long begin = std::min(long(diagnostic.range.begin.offset), length);
        long end = std::clamp(long(diagnostic.range.end.offset), begin, length);
        shown.length = int(end - begin);
        const long line = SendScintilla(SCI_LINEFROMPOSITION, begin);
        const long lineStart = SendScintilla(SCI_POSITIONFROMLINE, line);
        shown.column = int(begin - lineStart);
        if (begin == end) {
            // An empty range (a missing token) gets the character after it, or before it at
            // the end of a line, so that there is something to underline and hover.
            if (begin < SendScintilla(SCI_GETLINEENDPOSITION, line))
                end = SendScintilla(SCI_POSITIONAFTER, begin);
            else if (begin > lineStart)
                begin = SendScintilla(SCI_POSITIONBEFORE, begin);
        }
        shown.begin = int(begin);
        shown.end = int(end);
        const int severity = severityIndex(diagnostic.severity);
        if (end > begin) {
            SendScintilla(SCI_SETINDICATORCURRENT, m_indicators[severity]);
            SendScintilla(SCI_SETINDICATORVALUE, int(i) + 1);
            SendScintilla(SCI_INDICATORFILLRANGE, begin, end - begin);
        }
        shown.markerHandle = markerAdd(int(line), m_markers[severity]);
    }
    Q_EMIT diagnosticsChanged();
    return true;
}

QList<int> ContractEditor::bySeverity(QList<int> indices) const
{
    std::stable_sort(indices.begin(), indices.end(), [this](int a, int b) {
        return m_diagnostics[std::size_t(a)].severity < m_diagnostics[std::size_t(b)].severity;
    });
    return indices;
}

QList<int> ContractEditor::diagnosticsAt(int position) const
{
    QList<int> indices;
    if (diagnosticsAreCurrent()) {
        for (std::size_t i = 0; i < m_shown.size(); ++i) {
            if (m_shown[i].begin <= position && position < m_shown[i].end)
                indices.append(int(i));
        }
    } else {
        // The squiggles have moved with the edits; each carries its diagnostic's index + 1.
        for (const int indicator : m_indicators) {
            const long value = SendScintilla(SCI_INDICATORVALUEAT, indicator, long(position));
            if (value > 0 && std::size_t(value) <= m_diagnostics.size())
                indices.append(int(value) - 1);
        }
    }
    return bySeverity(indices);
}

QList<int> ContractEditor::diagnosticsOnLine(int line) const
{
    QList<int> indices;
    const bool current = diagnosticsAreCurrent();
    for (std::size_t i = 0; i < m_diagnostics.size(); ++i) {
        const int at = current ? int(m_diagnostics[i].range.begin.line) - 1
                               : markerLine(m_shown[i].markerHandle);
        if (at == line)
            indices.append(int(i));
    }
    return bySeverity(indices);
}

int ContractEditor::lineLength(int line) const
{
    return int(
        SendScintilla(SCI_GETLINEENDPOSITION, line) - SendScintilla(SCI_POSITIONFROMLINE, line));
}

std::pair<int, int> ContractEditor::diagnosticRange(int index) const
{
    if (index < 0 || std::size_t(index) >= m_diagnostics.size())
        return {-1, -1};
    const int length = int(SendScintilla(SCI_GETLENGTH));
    const engine::Diagnostic &diagnostic = m_diagnostics[std::size_t(index)];
    const Shown &shown = m_shown[std::size_t(index)];
    if (diagnosticsAreCurrent()) {
        const int begin = std::min(int(diagnostic.range.begin.offset), length);
        return {begin, std::clamp(int(diagnostic.range.end.offset), begin, length)};
    }
    // Edits since the check moved the marker with its line; keep the offset within the line.
    const int line = markerLine(shown.markerHandle);
    if (line < 0)
        return {0, 0};
    const int begin =
        int(SendScintilla(SCI_POSITIONFROMLINE, line)) + std::min(shown.column, lineLength(line));
    return {begin, std::min(begin + shown.length, length)};
}

void ContractEditor::selectDiagnostic(int index)
{
    const auto [begin, end] = diagnosticRange(index);
    if (begin < 0)
        return;
    SendScintilla(SCI_ENSUREVISIBLEENFORCEPOLICY, SendScintilla(SCI_LINEFROMPOSITION, begin));
    SendScintilla(SCI_SETSEL, begin, end);
    SendScintilla(SCI_SCROLLRANGE, end, long(begin));
}

QString ContractEditor::diagnosticsToolTip(const QList<int> &indices) const
{
    QStringList parts;
    for (const int index : indices) {
        if (index < 0 || std::size_t(index) >= m_diagnostics.size())
            continue;
        const engine::Diagnostic &diagnostic = m_diagnostics[std::size_t(index)];
        QString part = tr("<b>%1 %2</b>: %3")
                           .arg(severityText(diagnostic.severity),
                               QString::fromStdString(diagnostic.code).toHtmlEscaped(),
                               DiagnosticTranslations::translate(diagnostic).toHtmlEscaped());
        for (const engine::RelatedLocation &related : diagnostic.related) {
            const QString file = related.file.empty()
                ? displayName()
                : QFileInfo(QString::fromStdString(related.file)).fileName();
            part += QStringLiteral("<br/>&nbsp;&nbsp;")
                + tr("%1:%2:%3: %4")
                      .arg(file.toHtmlEscaped())
                      .arg(related.range.begin.line)
                      .arg(related.range.begin.column)
                      .arg(QString::fromStdString(related.message).toHtmlEscaped());
        }
        if (!diagnostic.fixIts.empty())
            part += QStringLiteral("<br/><i>") + tr("A fix is available in the context menu.")
                + QStringLiteral("</i>");
        parts.append(part);
    }
    if (parts.isEmpty())
        return {};
    return QStringLiteral("<qt>") + parts.join(QStringLiteral("<hr/>")) + QStringLiteral("</qt>");
}

QString ContractEditor::toolTipAt(const QPoint &pos) const
{
    int marginsWidth = 0;
    const int margins = int(SendScintilla(SCI_GETMARGINS));
    for (int margin = 0; margin < margins; ++margin)
        marginsWidth += int(SendScintilla(SCI_GETMARGINWIDTHN, margin));
    if (pos.x() < marginsWidth) {
        const long position = SendScintilla(SCI_POSITIONFROMPOINT, marginsWidth, long(pos.y()));
        const long line = SendScintilla(SCI_LINEFROMPOSITION, position);
        const long top = SendScintilla(SCI_POINTYFROMPOSITION, 0UL, position);
        if (pos.y() < top || pos.y() >= top + SendScintilla(SCI_TEXTHEIGHT, line))
            return {};
        return diagnosticsToolTip(diagnosticsOnLine(int(line)));
    }
    const long position = SendScintilla(SCI_CHARPOSITIONFROMPOINTCLOSE, pos.x(), long(pos.y()));
    if (position < 0)
        return {};
    const QString diagnostics = diagnosticsToolTip(diagnosticsAt(int(position)));
    QStringList hovers;
    for (const auto &[owner, provider] : m_hoverTextProviders) {
        if (QString text = provider(int(position)); !text.isEmpty())
            hovers.append(text);
    }
    const QString hover = hovers.join(QStringLiteral("<hr/>"));
    if (hover.isEmpty())
        return diagnostics;
    // The documentation first, then the diagnostics there, as one rich-text tooltip.
    const QString qt = QStringLiteral("<qt>");
    if (diagnostics.isEmpty())
        return qt + hover + QStringLiteral("</qt>");
    return qt + hover + QStringLiteral("<hr/>") + diagnostics.mid(qt.size());
}

void ContractEditor::setHoverTextProvider(const QObject *owner, HoverTextProvider provider)
{
    std::erase_if(
        m_hoverTextProviders, [owner](const auto &entry) { return entry.first == owner; });
    if (provider)
        m_hoverTextProviders.emplace_back(owner, std::move(provider));
}

bool ContractEditor::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, viewport());
        return true;
    }
    return QsciScintilla::viewportEvent(event);
}

QList<QAction *> ContractEditor::fixItActions(int position, QObject *parent)
{
    QList<int> indices = diagnosticsAt(position);
    if (indices.isEmpty())
        indices = diagnosticsOnLine(int(SendScintilla(SCI_LINEFROMPOSITION, long(position))));
    indices.removeIf([this](int i) { return m_diagnostics[std::size_t(i)].fixIts.empty(); });
    if (indices.isEmpty())
        return {};
    if (!diagnosticsAreCurrent()) {
        auto *waiting = new QAction(
            tr("Fixes are offered again once the contract has been re-checked"), parent);
        waiting->setEnabled(false);
        return {waiting};
    }
    QList<QAction *> actions;
    const std::string text = utf8Text();
    for (const int index : indices) {
        const engine::Diagnostic &diagnostic = m_diagnostics[std::size_t(index)];
        const QString code = QString::fromStdString(diagnostic.code);
        QString label;
        if (diagnostic.fixIts.size() == 1) {
            const engine::FixIt &fix = diagnostic.fixIts.front();
            const std::size_t begin = std::min(fix.range.begin.offset, text.size());
            const std::size_t end = std::clamp(fix.range.end.offset, begin, text.size());
            const QString original =
                elided(QString::fromUtf8(text.data() + begin, qsizetype(end - begin)));
            const QString replacement = elided(QString::fromStdString(fix.replacement));
            if (begin == end)
                label = tr("Fix %1: insert “%2”").arg(code, replacement);
            else if (replacement.isEmpty())
                label = tr("Fix %1: remove “%2”").arg(code, original);
            else
                label = tr("Fix %1: replace “%2” with “%3”").arg(code, original, replacement);
        } else {
            label = tr("Fix %1: apply %n edits", nullptr, int(diagnostic.fixIts.size())).arg(code);
        }
        auto *action = new QAction(severityIcon(diagnostic.severity), label, parent);
        action->setObjectName(QStringLiteral("FixItAction"));
        connect(action, &QAction::triggered, this, [this, index, revision = m_revision] {
            // A fix is only valid for the text it was computed from.
            if (revision == m_revision)
                applyFixIts(index);
        });
        actions.append(action);
    }
    return actions;
}

bool ContractEditor::applyFixIts(int index)
{
    if (!diagnosticsAreCurrent() || index < 0 || std::size_t(index) >= m_diagnostics.size())
        return false;
    std::vector<engine::FixIt> edits = m_diagnostics[std::size_t(index)].fixIts;
    if (edits.empty())
        return false;
    // Back to front, so that each edit leaves the offsets of the ones before it valid.
    std::sort(edits.begin(), edits.end(), [](const engine::FixIt &a, const engine::FixIt &b) {
        return a.range.begin.offset > b.range.begin.offset;
    });
    const auto length = std::size_t(SendScintilla(SCI_GETLENGTH));
    std::size_t limit = length;
    for (const engine::FixIt &edit : edits) {
        if (edit.range.begin.offset > edit.range.end.offset || edit.range.end.offset > limit)
            return false; // overlapping or outside the text: refuse rather than garble
        limit = edit.range.begin.offset;
    }
    SendScintilla(SCI_BEGINUNDOACTION);
    for (const engine::FixIt &edit : edits) {
        SendScintilla(SCI_SETTARGETRANGE, edit.range.begin.offset, long(edit.range.end.offset));
        SendScintilla(SCI_REPLACETARGET, edit.replacement.size(), edit.replacement.c_str());
    }
    SendScintilla(SCI_ENDUNDOACTION);
    const engine::FixIt &first = edits.back();
    SendScintilla(SCI_GOTOPOS, first.range.begin.offset + first.replacement.size());
    return true;
}

void ContractEditor::contextMenuEvent(QContextMenuEvent *event)
{
    if (!contextMenuNeeded(event->x(), event->y()))
        return;
    const long position = event->reason() == QContextMenuEvent::Mouse
        ? SendScintilla(SCI_CHARPOSITIONFROMPOINT, event->x(), long(event->y()))
        : SendScintilla(SCI_GETCURRENTPOS);
    QMenu *menu = createStandardContextMenu();
    if (!menu)
        return;
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const QList<QAction *> fixes = fixItActions(int(position), menu);
    if (!fixes.isEmpty()) {
        QAction *first = menu->actions().value(0);
        menu->insertActions(first, fixes);
        menu->insertSeparator(first);
    }
    menu->popup(event->globalPos());
}

} // namespace llmcl::editor
