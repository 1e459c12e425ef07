// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/languagefeatures.h"

#include "editor/contracteditor.h"
#include "editor/diagnosticscontroller.h"
#include "editor/offsetmapper.h"

#include <QFileInfo>
#include <QMouseEvent>
#include <QPointer>

#include <filesystem>

namespace llmcl::editor {

namespace {

// The engine's hover markdown without the diagnostics it appends (the editor's own tooltip
// shows those, with more detail): nothing when the hover is only about diagnostics.
std::string documentationPart(const std::string &markdown)
{
    if (markdown.starts_with("**error[") || markdown.starts_with("**warning[")
        || markdown.starts_with("**info["))
        return {};
    const std::size_t rule = markdown.find("\n\n---\n\n");
    return rule == std::string::npos ? markdown : markdown.substr(0, rule);
}

// The engine's hover markdown uses paragraphs, **bold**, `code` and fenced code blocks
// (```llmcl … ```) only: a tiny converter keeps the result a fragment that joins the
// diagnostics' rich text in one tooltip. A fence's language tag is not shown.
QString markdownToHtml(const std::string &markdown)
{
    const QString text = QString::fromStdString(markdown);
    const auto fence = QStringLiteral("```");
    QString html;
    bool bold = false;
    bool code = false;
    bool block = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        const bool lineStart = i == 0 || text.at(i - 1) == QLatin1Char('\n');
        if (lineStart && QStringView(text).mid(i).startsWith(fence)) {
            // The rest of the fence's line is its language tag.
            qsizetype end = text.indexOf(QLatin1Char('\n'), i);
            if (end < 0)
                end = text.size();
            html += block ? QStringLiteral("</code></pre>") : QStringLiteral("<pre><code>");
            block = !block;
            i = end; // the newline after the fence belongs to it
            continue;
        }
        if (block) {
            // Verbatim; the newline before the closing fence ends the block.
            if (c == QLatin1Char('\n') && QStringView(text).mid(i + 1).startsWith(fence))
                continue;
            html += QString(c).toHtmlEscaped();
        } else if (c == QLatin1Char('`')) {
            html += code ? QStringLiteral("</code>") : QStringLiteral("<code>");
            code = !code;
        } else if (!code && c == QLatin1Char('*') && i + 1 < text.size()
            && text.at(i + 1) == QLatin1Char('*')) {
            html += bold ? QStringLiteral("</b>") : QStringLiteral("<b>");
            bold = !bold;
            ++i;
        } else if (c == QLatin1Char('\n')) {
            html += QStringLiteral("<br/>");
        } else {
            html += QString(c).toHtmlEscaped();
        }
    }
    if (block)
        html += QStringLiteral("</code></pre>");
    if (code)
        html += QStringLiteral("</code>");
    if (bold)
        html += QStringLiteral("</b>");
    return html;
}

} // namespace

LanguageFeatures::LanguageFeatures(ContractEditor *editor, DiagnosticsController *controller)
    : QObject(editor)
    , m_editor(editor)
    , m_controller(controller)
{
    // The editor outlives its children's destructors only partly: the provider checks that this
    // object still exists instead of being removed from a half-destroyed editor.
    editor->setHoverTextProvider(this, [self = QPointer<LanguageFeatures>(this)](int position) {
        return self ? self->hoverText(position) : QString();
    });
    m_viewport = editor->viewport();
    m_viewport->installEventFilter(this);
}

LanguageFeatures::~LanguageFeatures() = default;

int LanguageFeatures::toAnalysed(int current) const
{
    const auto service = m_controller->languageService();
    if (!service || current < 0)
        return -1;
    const std::string text = m_editor->utf8Text();
    const std::optional<std::size_t> mapped =
        OffsetMapper(service->text(), text).toAnalysed(std::size_t(current));
    return mapped ? int(*mapped) : -1;
}

int LanguageFeatures::toCurrent(int analysed) const
{
    const auto service = m_controller->languageService();
    if (!service || analysed < 0)
        return -1;
    const std::string text = m_editor->utf8Text();
    const std::optional<std::size_t> mapped =
        OffsetMapper(service->text(), text).toCurrent(std::size_t(analysed));
    return mapped ? int(*mapped) : -1;
}

QString LanguageFeatures::hoverText(int position) const
{
    const auto service = m_controller->languageService();
    const int offset = toAnalysed(position);
    if (!service || offset < 0)
        return {};
    const std::optional<engine::HoverInfo> hover = service->hoverAt(std::size_t(offset));
    if (!hover)
        return {};
    const std::string markdown = documentationPart(hover->markdown);
    if (markdown.empty())
        return {};
    return markdownToHtml(markdown);
}

std::optional<LanguageFeatures::Target> LanguageFeatures::definitionAt(int position) const
{
    const auto service = m_controller->languageService();
    const int offset = toAnalysed(position);
    if (!service || offset < 0)
        return std::nullopt;
    const std::optional<engine::Location> location = service->definitionAt(std::size_t(offset));
    if (!location)
        return std::nullopt;
    Target target;
    target.line = int(location->range.begin.line);
    target.column = int(location->range.begin.column);
    const bool own = location->file.empty() || location->file == service->path()
        || std::filesystem::path(location->file).lexically_normal()
            == std::filesystem::path(service->path()).lexically_normal();
    if (own) {
        target.begin = toCurrent(int(location->range.begin.offset));
        target.end = toCurrent(int(location->range.end.offset));
        if (target.begin < 0 || target.end < 0)
            return std::nullopt;
    } else {
        target.file = QFileInfo(QString::fromStdString(location->file)).absoluteFilePath();
        target.begin = int(location->range.begin.offset);
        target.end = int(location->range.end.offset);
    }
    return target;
}

bool LanguageFeatures::goToDefinition()
{
    return goToDefinitionAt(int(m_editor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS)));
}

bool LanguageFeatures::goToDefinitionAt(int position)
{
    const std::optional<Target> target = definitionAt(position);
    if (!target) {
        Q_EMIT noDefinition();
        return false;
    }
    if (!target->file.isEmpty()) {
        Q_EMIT definitionInOtherFile(
            target->file, target->line, target->column, target->begin, target->end);
        return true;
    }
    const long line =
        m_editor->SendScintilla(QsciScintillaBase::SCI_LINEFROMPOSITION, target->begin);
    m_editor->SendScintilla(QsciScintillaBase::SCI_ENSUREVISIBLEENFORCEPOLICY, line);
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETSEL, target->begin, long(target->end));
    m_editor->SendScintilla(QsciScintillaBase::SCI_SCROLLRANGE, target->end, long(target->begin));
    return true;
}

bool LanguageFeatures::eventFilter(QObject *watched, QEvent *event)
{
    // Ctrl+click goes to the definition of the name clicked (Scintilla would otherwise start a
    // word selection there).
    if (watched == m_viewport && event->type() == QEvent::MouseButtonPress) {
        auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() == Qt::LeftButton && mouse->modifiers() == Qt::ControlModifier) {
            const QPoint point = mouse->position().toPoint();
            const long position = m_editor->SendScintilla(
                QsciScintillaBase::SCI_CHARPOSITIONFROMPOINTCLOSE, point.x(), long(point.y()));
            if (position >= 0) {
                m_editor->SendScintilla(QsciScintillaBase::SCI_GOTOPOS, position);
                goToDefinitionAt(int(position));
                return true;
            }
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace llmcl::editor
