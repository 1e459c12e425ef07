// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/highlightinglexer.h"

#include <QFontDatabase>
#include <Qsci/qsciscintilla.h>

#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/FoldingRegion>

#include <algorithm>

namespace llmcl::editor {

namespace {

constexpr int kDefaultStyle = 0;
// Scintilla's predefined styles (STYLE_DEFAULT .. STYLE_FOLDDISPLAYTEXT) are never used for
// formats.
constexpr int kFirstPredefinedStyle = 32;
constexpr int kLastPredefinedStyle = 39;
constexpr int kMaxStyle = 255;
// How far styling may run past the requested range while end-of-line states keep changing;
// beyond it the lines stay below Scintilla's watermark and are styled when they are shown.
constexpr int kMaxContinuationLines = 2000;
// More distinct end-of-line states than this means a pathological definition or document: the
// table is cleared and the document re-styled rather than growing without bound.
constexpr std::size_t kMaxStates = 1 << 20;
constexpr int kMaxFoldDepth = 255;

} // namespace

// KSyntaxHighlighting's highlighter for one line at a time, reporting to the lexer. A member
// rather than a base class: the lexer's own setters must be the only way to change the
// definition or theme, since both require re-styling.
class HighlightingLexer::LineHighlighter : public KSyntaxHighlighting::AbstractHighlighter
{
public:
    explicit LineHighlighter(HighlightingLexer &lexer)
        : m_lexer(lexer)
    { }

    using AbstractHighlighter::highlightLine;

protected:
    void applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format) override
    {
        m_lexer.applyFormat(offset, length, format);
    }
    void applyFolding(int offset, int length, KSyntaxHighlighting::FoldingRegion region) override
    {
        Q_UNUSED(offset);
        Q_UNUSED(length);
        m_lexer.applyFolding(region);
    }

private:
    HighlightingLexer &m_lexer;
};

HighlightingLexer::HighlightingLexer(QObject *parent)
    : QsciLexerCustom(parent)
    , m_highlighter(std::make_unique<LineHighlighter>(*this))
    , m_baseFont(QFontDatabase::systemFont(QFontDatabase::FixedFont))
{
    rebuildStyles();
}

HighlightingLexer::~HighlightingLexer() = default;

long HighlightingLexer::send(unsigned int message, unsigned long wParam, long lParam) const
{
    return editor() ? editor()->SendScintilla(message, wParam, lParam) : 0;
}

KSyntaxHighlighting::Definition HighlightingLexer::syntaxDefinition() const
{
    return m_highlighter->definition();
}

KSyntaxHighlighting::Theme HighlightingLexer::syntaxTheme() const
{
    return m_highlighter->theme();
}

void HighlightingLexer::setSyntaxDefinition(const KSyntaxHighlighting::Definition &definition)
{
    m_highlighter->setDefinition(definition);
    m_states.clear();
    m_stateIndex.clear();
    rebuildStyles();
    applyStylesToEditor();
    restyleDocument();
}

void HighlightingLexer::setSyntaxTheme(const KSyntaxHighlighting::Theme &theme)
{
    m_highlighter->setTheme(theme);
    applyStylesToEditor();
}

void HighlightingLexer::setBaseFont(const QFont &font)
{
    m_baseFont = font;
    applyStylesToEditor();
}

void HighlightingLexer::rebuildStyles()
{
    m_formatOfStyle.assign(1, KSyntaxHighlighting::Format());
    m_styleOfFormatId.clear();

    const auto def = m_highlighter->definition();
    if (!def.isValid())
        return;
    // Formats of included definitions (comment alerts, for instance) are styled too.
    QList<KSyntaxHighlighting::Format> formats = def.formats();
    for (const auto &included : def.includedDefinitions())
        formats += included.formats();

    int style = 1;
    for (const auto &format : std::as_const(formats)) {
        if (m_styleOfFormatId.contains(format.id()))
            continue;
        if (style == kFirstPredefinedStyle)
            style = kLastPredefinedStyle + 1;
        if (style > kMaxStyle)
            break; // further formats share the default style
        m_styleOfFormatId.insert(format.id(), style);
        m_formatOfStyle.resize(std::size_t(style) + 1);
        m_formatOfStyle[std::size_t(style)] = format;
        ++style;
    }
}

void HighlightingLexer::applyStylesToEditor()
{
    // QsciLexer reads colours and fonts through these setters' signals; the stored values win
    // over the defaults, so they are set explicitly for every style in use.
    for (int style = 0; style < int(m_formatOfStyle.size()); ++style) {
        if (style != kDefaultStyle && !m_formatOfStyle[std::size_t(style)].isValid())
            continue;
        setColor(defaultColor(style), style);
        setPaper(defaultPaper(style), style);
        setFont(defaultFont(style), style);
        setEolFill(defaultEolFill(style), style);
    }
    setDefaultColor(defaultColor(kDefaultStyle));
    setDefaultPaper(defaultPaper(kDefaultStyle));
    setDefaultFont(defaultFont(kDefaultStyle));
}

void HighlightingLexer::restyleDocument()
{
    if (!editor())
        return;
    const long lines = send(QsciScintillaBase::SCI_GETLINECOUNT);
    for (long line = 0; line < lines; ++line)
        send(QsciScintillaBase::SCI_SETLINESTATE, line, 0);
    send(QsciScintillaBase::SCI_STARTSTYLING, 0);
    send(QsciScintillaBase::SCI_COLOURISE, 0, -1);
}

const char *HighlightingLexer::language() const
{
    return "LLMCL";
}

const char *HighlightingLexer::wordCharacters() const
{
    return "_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
}

QString HighlightingLexer::formatName(int style) const
{
    if (style <= kDefaultStyle || style >= int(m_formatOfStyle.size()))
        return QStringLiteral("Default");
    const auto &format = m_formatOfStyle[std::size_t(style)];
    return format.isValid() ? format.name() : QString();
}

QString HighlightingLexer::formatNameAt(int bytePosition) const
{
    return formatName(int(send(QsciScintillaBase::SCI_GETSTYLEAT, bytePosition)));
}

QString HighlightingLexer::description(int style) const
{
    // QScintilla only sets up styles whose description is not empty.
    if (style == kDefaultStyle)
        return QStringLiteral("Default");
    if (style < int(m_formatOfStyle.size()) && m_formatOfStyle[std::size_t(style)].isValid())
        return m_formatOfStyle[std::size_t(style)].name();
    return QString();
}

QColor HighlightingLexer::defaultColor(int style) const
{
    const auto t = m_highlighter->theme();
    if (style > kDefaultStyle && style < int(m_formatOfStyle.size())) {
        const auto &format = m_formatOfStyle[std::size_t(style)];
        if (format.isValid() && format.hasTextColor(t))
            return format.textColor(t);
    }
    const QRgb normal = t.textColor(KSyntaxHighlighting::Theme::Normal);
    return normal ? QColor::fromRgba(normal) : QColor(Qt::black);
}

QColor HighlightingLexer::defaultPaper(int style) const
{
    const auto t = m_highlighter->theme();
    if (style > kDefaultStyle && style < int(m_formatOfStyle.size())) {
        const auto &format = m_formatOfStyle[std::size_t(style)];
        if (format.isValid() && format.hasBackgroundColor(t))
            return format.backgroundColor(t);
    }
    const QRgb background = t.editorColor(KSyntaxHighlighting::Theme::BackgroundColor);
    return background ? QColor::fromRgba(background) : QColor(Qt::white);
}

QFont HighlightingLexer::defaultFont(int style) const
{
    QFont font = m_baseFont;
    if (style > kDefaultStyle && style < int(m_formatOfStyle.size())) {
        const auto &format = m_formatOfStyle[std::size_t(style)];
        if (format.isValid()) {
            const auto t = m_highlighter->theme();
            font.setBold(format.isBold(t));
            font.setItalic(format.isItalic(t));
            font.setUnderline(format.isUnderline(t));
            font.setStrikeOut(format.isStrikeThrough(t));
        }
    }
    return font;
}

bool HighlightingLexer::defaultEolFill(int style) const
{
    // A format with its own background (an error mark, a block comment with a tint) extends to
    // the window edge only when the region continues on the next line.
    Q_UNUSED(style);
    return false;
}

int HighlightingLexer::styleOf(const KSyntaxHighlighting::Format &format) const
{
    return m_styleOfFormatId.value(format.id(), kDefaultStyle);
}

int HighlightingLexer::internState(const KSyntaxHighlighting::State &state)
{
    const auto it = m_stateIndex.constFind(state);
    if (it != m_stateIndex.cend())
        return *it;
    const int index = int(m_states.size());
    m_states.push_back(state);
    m_stateIndex.insert(state, index);
    return index;
}

void HighlightingLexer::applyFormat(
    int offset, int length, const KSyntaxHighlighting::Format &format)
{
    const int style = styleOf(format);
    if (style == kDefaultStyle || length <= 0)
        return;
    // Clamped to the line's bytes: on a line that is not UTF-8 the decoded text (with U+FFFD)
    // is longer than the bytes, and such a line is left unstyled anyway.
    const int size = int(m_lineStyles.size());
    const int begin = std::min(m_offsets.utf8Offset(offset), size);
    const int end = std::min(m_offsets.utf8Offset(offset + length), size);
    std::fill(m_lineStyles.begin() + begin, m_lineStyles.begin() + end, char(style));
}

void HighlightingLexer::applyFolding(KSyntaxHighlighting::FoldingRegion region)
{
    if (region.type() == KSyntaxHighlighting::FoldingRegion::Begin) {
        ++m_regionsOpened;
    } else if (region.type() == KSyntaxHighlighting::FoldingRegion::End) {
        if (m_regionsOpened > 0)
            --m_regionsOpened;
        else
            ++m_regionsClosed;
    }
}

void HighlightingLexer::styleText(int start, int end)
{
    QsciScintilla *ed = editor();
    if (!ed || start >= end)
        return;
    if (m_states.size() > kMaxStates) {
        m_states.clear();
        m_stateIndex.clear();
        const long lines = send(QsciScintillaBase::SCI_GETLINECOUNT);
        for (long line = 0; line < lines; ++line)
            send(QsciScintillaBase::SCI_SETLINESTATE, line, 0);
        start = 0;
    }

    const long lineCount = send(QsciScintillaBase::SCI_GETLINECOUNT);
    const long docLength = send(QsciScintillaBase::SCI_GETLENGTH);
    const long firstLine = send(QsciScintillaBase::SCI_LINEFROMPOSITION, std::size_t(start));
    const long lastLine = send(QsciScintillaBase::SCI_LINEFROMPOSITION, std::size_t(end - 1));

    KSyntaxHighlighting::State state;
    int depth = 0;
    if (firstLine > 0) {
        const long previous = send(QsciScintillaBase::SCI_GETLINESTATE, firstLine - 1);
        const long index = (previous >> 8) - 1;
        if (index >= 0 && index < long(m_states.size())) {
            state = m_states[std::size_t(index)];
            depth = int(previous & 0xff);
        }
    }

    const long firstPosition = send(QsciScintillaBase::SCI_POSITIONFROMLINE, firstLine);
    send(QsciScintillaBase::SCI_STARTSTYLING, firstPosition);

    for (long line = firstLine; line < lineCount; ++line) {
        const long lineStart = send(QsciScintillaBase::SCI_POSITIONFROMLINE, line);
        const long lineEnd = send(QsciScintillaBase::SCI_GETLINEENDPOSITION, line);
        const long nextStart = line + 1 < lineCount
            ? send(QsciScintillaBase::SCI_POSITIONFROMLINE, line + 1)
            : docLength;
        const long length = lineEnd - lineStart;
        const char *bytes = length > 0
            ? reinterpret_cast<const char *>(
                  send(QsciScintillaBase::SCI_GETRANGEPOINTER, lineStart, length))
            : "";

        const QString text = QString::fromUtf8(bytes, length);
        m_offsets.reset(text);
        // A byte sequence that is not UTF-8 decodes to U+FFFD and so to a different length: the
        // line keeps the default style rather than getting misplaced colours.
        const bool mapped = m_offsets.utf8Length() == length;
        m_lineStyles.assign(std::size_t(length), char(kDefaultStyle));
        m_regionsOpened = 0;
        m_regionsClosed = 0;
        state = m_highlighter->highlightLine(text, state);
        if (!mapped)
            m_lineStyles.assign(std::size_t(length), char(kDefaultStyle));

        if (length > 0)
            send(QsciScintillaBase::SCI_SETSTYLINGEX, length,
                reinterpret_cast<long>(m_lineStyles.data()));
        if (nextStart > lineEnd)
            send(QsciScintillaBase::SCI_SETSTYLING, nextStart - lineEnd, kDefaultStyle);

        const int depthAtStart = depth;
        depth = std::clamp(depth - m_regionsClosed + m_regionsOpened, 0, kMaxFoldDepth);
        // As in Scintilla's own lexers, a line's level is the depth at its start, so the line
        // that closes a region (`}`, `*/`) folds away with the region's body.
        int level = QsciScintillaBase::SC_FOLDLEVELBASE + depthAtStart;
        if (depth > depthAtStart || m_regionsOpened > 0)
            level |= QsciScintillaBase::SC_FOLDLEVELHEADERFLAG;
        if (length == 0)
            level |= QsciScintillaBase::SC_FOLDLEVELWHITEFLAG;
        send(QsciScintillaBase::SCI_SETFOLDLEVEL, line, level);

        const long before = send(QsciScintillaBase::SCI_GETLINESTATE, line);
        const long after = (long(internState(state)) + 1) << 8 | depth;
        send(QsciScintillaBase::SCI_SETLINESTATE, line, after);

        if (line >= lastLine) {
            // Past the requested range: go on only over lines styled before whose starting
            // state has just changed.
            if (before == 0 || before == after || line - lastLine >= kMaxContinuationLines)
                break;
        }
    }
}

} // namespace llmcl::editor
