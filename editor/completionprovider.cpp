// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/completionprovider.h"

#include "editor/contracteditor.h"
#include "editor/diagnosticscontroller.h"
#include "editor/offsetmapper.h"
#include "engine/builtins.h"

#include <QPainter>
#include <QPixmap>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

namespace llmcl::editor {

namespace {

constexpr char kSeparator = '\n';
constexpr char kTypeSeparator = '\x1e';
// Scintilla's image numbers for the kinds: 1 + CompletionItem::Kind.
constexpr int kImageBase = 1;
// SC_ORDER_CUSTOM: the list keeps the engine's order (best first) and Scintilla sorts a copy
// for its own look-ups.
constexpr long kOrderCustom = 2;

bool isWordByte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// The start of the identifier that ends at `offset`.
std::size_t wordStartBefore(std::string_view text, std::size_t offset)
{
    std::size_t start = std::min(offset, text.size());
    while (start > 0 && isWordByte(text[start - 1]))
        --start;
    return start;
}

// The word before `offset` after skipping the blanks right before it (`import |` → "import").
std::string_view previousWord(std::string_view text, std::size_t offset)
{
    std::size_t end = std::min(offset, text.size());
    while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t'))
        --end;
    return text.substr(wordStartBefore(text, end), end - wordStartBefore(text, end));
}

bool startsWithIgnoringCase(std::string_view label, std::string_view prefix)
{
    if (label.size() < prefix.size())
        return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
        if (lower(label[i]) != lower(prefix[i]))
            return false;
    }
    return true;
}

// What the list shows for an item: a built-in with its signature ("len(x: string) -> int"),
// everything else by its label.
QString entryText(const engine::CompletionItem &item)
{
    if (item.kind == engine::CompletionItem::Kind::Function && item.detail.starts_with(item.label))
        return QString::fromStdString(item.detail);
    return QString::fromStdString(item.label);
}

// A small letter badge per kind: the kind is told by the letter, not by the colour alone.
QPixmap kindImage(engine::CompletionItem::Kind kind, int size)
{
    using Kind = engine::CompletionItem::Kind;
    struct Look
    {
        QChar letter;
        QColor color;
    };
    Look look {QLatin1Char('k'), QColor(0x7f, 0x5a, 0xb5)};
    switch (kind) {
    case Kind::Keyword:
        break;
    case Kind::Function:
        look = {QLatin1Char('f'), QColor(0x2e, 0x7d, 0x32)};
        break;
    case Kind::Variable:
        look = {QLatin1Char('v'), QColor(0x15, 0x65, 0xc0)};
        break;
    case Kind::Parameter:
        look = {QLatin1Char('p'), QColor(0x00, 0x83, 0x8f)};
        break;
    case Kind::ContextKey:
        look = {QLatin1Char('c'), QColor(0xad, 0x6a, 0x00)};
        break;
    case Kind::ClauseOption:
        look = {QLatin1Char('o'), QColor(0x6d, 0x4c, 0x41)};
        break;
    case Kind::OptionValue:
        look = {QLatin1Char('='), QColor(0x54, 0x6e, 0x7a)};
        break;
    case Kind::Contract:
        look = {QLatin1Char('C'), QColor(0xc6, 0x28, 0x28)};
        break;
    case Kind::Module:
        look = {QLatin1Char('m'), QColor(0x45, 0x5a, 0x64)};
        break;
    }
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(look.color);
    painter.drawRoundedRect(QRectF(0.5, 0.5, size - 1.0, size - 1.0), 3, 3);
    QFont font = painter.font();
    font.setPixelSize(std::max(8, size - 4));
    font.setBold(true);
    painter.setFont(font);
    painter.setPen(Qt::white);
    painter.drawText(pixmap.rect(), Qt::AlignCenter, QString(look.letter));
    return pixmap;
}

} // namespace

CompletionProvider::CompletionProvider(ContractEditor *editor, DiagnosticsController *controller)
    : QObject(editor)
    , m_editor(editor)
    , m_controller(controller)
{
    registerImages();
    connect(editor, &QsciScintillaBase::SCN_CHARADDED, this, &CompletionProvider::onCharAdded);
    connect(editor, &QsciScintillaBase::SCN_AUTOCCHARDELETED, this,
        [this] { request(Trigger::Typing); });
    connect(editor, &QsciScintillaBase::SCN_AUTOCCANCELLED, this, [this] {
        m_items.clear();
        m_entries.clear();
    });
    connect(editor,
        static_cast<void (QsciScintillaBase::*)(const char *, int)>(
            &QsciScintillaBase::SCN_AUTOCSELECTION),
        this, &CompletionProvider::onSelection);
    connect(editor,
        static_cast<void (QsciScintillaBase::*)(const char *, int, int)>(
            &QsciScintillaBase::SCN_AUTOCSELECTIONCHANGE),
        this, [this](const char *selection, int, int) {
            const qsizetype row = m_entries.indexOf(QString::fromUtf8(selection));
            if (row < 0 || std::size_t(row) >= m_items.size())
                return;
            const engine::CompletionItem &item = m_items[std::size_t(row)];
            Q_EMIT itemHighlighted(
                QString::fromStdString(item.detail), QString::fromStdString(item.documentation));
        });
    connect(controller, &DiagnosticsController::diagnosticsApplied, this,
        &CompletionProvider::onAnalysed);
    // A click elsewhere or a new file ends a wait for the analysis.
    connect(editor, &ContractEditor::filePathChanged, this, [this] { m_waiting = false; });
}

CompletionProvider::~CompletionProvider() = default;

void CompletionProvider::registerImages()
{
    const int size = std::clamp(
        int(m_editor->SendScintilla(QsciScintillaBase::SCI_TEXTHEIGHT, 0UL)) - 2, 12, 24);
    using Kind = engine::CompletionItem::Kind;
    for (const Kind kind : {Kind::Keyword, Kind::Function, Kind::Variable, Kind::Parameter,
             Kind::ContextKey, Kind::ClauseOption, Kind::OptionValue, Kind::Contract, Kind::Module})
        m_editor->registerImage(kImageBase + int(kind), kindImage(kind, size));
}

void CompletionProvider::complete()
{
    request(Trigger::Explicit);
}

void CompletionProvider::onCharAdded(int ch)
{
    if (ch == '(') {
        showCallTip();
        return;
    }
    if (ch == ')') {
        m_editor->SendScintilla(QsciScintillaBase::SCI_CALLTIPCANCEL);
        m_callTip.clear();
    }
    const std::string text = m_editor->utf8Text();
    const auto caret = std::size_t(m_editor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS));
    if (ch < 0x80 && isWordByte(char(ch))) {
        const std::size_t start = wordStartBefore(text, caret);
        if (start < caret && !isDigit(text[start]))
            request(Trigger::Typing);
        return;
    }
    if (ch == '.') {
        request(Trigger::Typing);
        return;
    }
    if (ch == ' ') {
        const std::string_view word = previousWord(text, caret);
        // Modules after `import` and `from`, contracts after `extends` (and `from m import`).
        if (word == "import" || word == "from" || word == "extends") {
            request(Trigger::Explicit);
            return;
        }
    }
    m_waiting = false;
}

void CompletionProvider::request(Trigger trigger)
{
    if (tryShow(trigger)) {
        m_waiting = false;
        return;
    }
    // The text before the word changed since the last analysis: check now (no debounce) and
    // answer when that result arrives.
    m_waiting = true;
    m_waitingTrigger = trigger;
    m_controller->checkNow();
}

void CompletionProvider::onAnalysed(quint64 revision)
{
    if (!m_waiting || revision != m_editor->revision())
        return;
    m_waiting = false;
    tryShow(m_waitingTrigger);
}

bool CompletionProvider::tryShow(Trigger trigger)
{
    const std::shared_ptr<const engine::LanguageService> service = m_controller->languageService();
    if (!service)
        return false;
    const std::string text = m_editor->utf8Text();
    const auto caret = std::min(
        std::size_t(m_editor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS)), text.size());
    const std::size_t wordStart = wordStartBefore(text, caret);
    const std::string_view prefix = std::string_view(text).substr(wordStart, caret - wordStart);

    std::vector<engine::CompletionItem> items;
    const OffsetMapper mapper(service->text(), text);
    if (mapper.identical()) {
        items = service->completionsAt(caret);
    } else if (wordStart <= mapper.changeBegin()
        || (wordStart >= mapper.currentChangeEnd()
            && std::string_view(text)
                    .substr(mapper.currentChangeEnd(), wordStart - mapper.currentChangeEnd())
                    .find('\n')
                != std::string_view::npos)) {
        // Only the word itself (or text after it) changed, or lines above the word's: the
        // analysis knows the context at the start of the word; filter its list by the word as
        // completionsAt() would. A change earlier on the word's own line (`import |`) may
        // change what fits, so that waits for the analysis of the current text.
        const std::optional<std::size_t> mapped = mapper.toAnalysed(wordStart);
        if (!mapped)
            return false;
        for (engine::CompletionItem &item : service->completionsAt(*mapped)) {
            if (startsWithIgnoringCase(item.label, prefix))
                items.push_back(std::move(item));
        }
        std::stable_partition(
            items.begin(), items.end(), [prefix](const engine::CompletionItem &item) {
                return item.label.starts_with(prefix);
            });
    } else {
        return false;
    }

    if (trigger == Trigger::Typing && items.size() == 1 && items.front().label == prefix)
        items.clear(); // the word is complete already
    if (items.empty()) {
        hideList();
        return true;
    }

    m_items.clear();
    m_entries.clear();
    std::string joined;
    for (engine::CompletionItem &item : items) {
        const QString entry = entryText(item);
        if (m_entries.contains(entry))
            continue;
        if (!joined.empty())
            joined += kSeparator;
        joined += entry.toStdString();
        joined += kTypeSeparator;
        joined += std::to_string(kImageBase + int(item.kind));
        m_entries.append(entry);
        m_items.push_back(std::move(item));
    }
    m_wordStart = wordStart;
    using Base = QsciScintillaBase;
    m_editor->SendScintilla(Base::SCI_AUTOCSETSEPARATOR, long(kSeparator));
    m_editor->SendScintilla(Base::SCI_AUTOCSETTYPESEPARATOR, long(kTypeSeparator));
    m_editor->SendScintilla(Base::SCI_AUTOCSETORDER, kOrderCustom);
    m_editor->SendScintilla(Base::SCI_AUTOCSETIGNORECASE, 1L);
    m_editor->SendScintilla(Base::SCI_AUTOCSETAUTOHIDE, 1L);
    m_editor->SendScintilla(Base::SCI_AUTOCSETCANCELATSTART, 0L);
    m_editor->SendScintilla(Base::SCI_AUTOCSETDROPRESTOFWORD, 0L);
    m_editor->SendScintilla(Base::SCI_AUTOCSETMAXHEIGHT, 12L);
    m_editor->SendScintilla(Base::SCI_AUTOCSHOW, caret - wordStart, joined.c_str());
    Q_EMIT listShown();
    return true;
}

void CompletionProvider::hideList()
{
    if (m_editor->SendScintilla(QsciScintillaBase::SCI_AUTOCACTIVE))
        m_editor->SendScintilla(QsciScintillaBase::SCI_AUTOCCANCEL);
    m_items.clear();
    m_entries.clear();
}

bool CompletionProvider::isListShown() const
{
    return m_editor->SendScintilla(QsciScintillaBase::SCI_AUTOCACTIVE) != 0 && !m_items.empty();
}

QStringList CompletionProvider::shownEntries() const
{
    return isListShown() ? m_entries : QStringList();
}

bool CompletionProvider::choose(int row)
{
    if (!isListShown() || row < 0 || row >= m_entries.size())
        return false;
    m_editor->SendScintilla(QsciScintillaBase::SCI_AUTOCSELECT, 0UL,
        (m_entries.at(row).toStdString() + kTypeSeparator).c_str());
    if (int(m_editor->SendScintilla(QsciScintillaBase::SCI_AUTOCGETCURRENT)) != row) {
        // Several entries share the start: pick the row itself.
        insertItem(std::size_t(row));
        return true;
    }
    m_editor->SendScintilla(QsciScintillaBase::SCI_AUTOCCOMPLETE);
    return true;
}

void CompletionProvider::onSelection(const char *selection, int /*position*/)
{
    const QString chosen = QString::fromUtf8(selection);
    const qsizetype row = m_entries.indexOf(chosen);
    if (row < 0)
        return; // not our list: Scintilla inserts it
    // Insert ourselves: the inserted text is the item's, not the entry shown.
    m_editor->SendScintilla(QsciScintillaBase::SCI_AUTOCCANCEL);
    insertItem(std::size_t(row));
}

void CompletionProvider::insertItem(std::size_t index)
{
    if (index >= m_items.size())
        return;
    const engine::CompletionItem item = m_items[index];
    hideList();
    std::string insert = item.insertText.empty() ? item.label : item.insertText;
    const auto caret = std::size_t(m_editor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS));
    const std::size_t begin = std::min(m_wordStart, caret);
    const auto length = std::size_t(m_editor->SendScintilla(QsciScintillaBase::SCI_GETLENGTH));
    const bool opensCall = insert.ends_with('(');
    if (opensCall && caret < length
        && char(m_editor->SendScintilla(QsciScintillaBase::SCI_GETCHARAT, caret)) == '(')
        insert.pop_back(); // `len|(x)`: keep the parenthesis that is there
    m_editor->SendScintilla(QsciScintillaBase::SCI_BEGINUNDOACTION);
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETTARGETRANGE, begin, long(caret));
    m_editor->SendScintilla(QsciScintillaBase::SCI_REPLACETARGET, insert.size(), insert.c_str());
    m_editor->SendScintilla(QsciScintillaBase::SCI_ENDUNDOACTION);
    std::size_t end = begin + insert.size();
    if (opensCall && !insert.ends_with('('))
        ++end; // after the existing parenthesis
    m_editor->SendScintilla(QsciScintillaBase::SCI_GOTOPOS, end);
    if (opensCall)
        showCallTip();
}

QString CompletionProvider::callTipFor(const QString &name)
{
    const std::string utf8 = name.toStdString();
    const engine::BuiltinInfo *builtin = engine::findBuiltin(utf8);
    if (!builtin)
        return {};
    return QString::fromUtf8(builtin->signature.data(), qsizetype(builtin->signature.size()))
        + QLatin1Char('\n')
        + QString::fromUtf8(builtin->summary.data(), qsizetype(builtin->summary.size()));
}

void CompletionProvider::showCallTip()
{
    // The innermost open parenthesis before the cursor on the last few lines: a call tip is
    // about the call being typed, not one far away.
    const std::string text = m_editor->utf8Text();
    const auto caret = std::min(
        std::size_t(m_editor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS)), text.size());
    constexpr std::size_t kLookBack = 2000;
    const std::size_t limit = caret > kLookBack ? caret - kLookBack : 0;
    int depth = 0;
    std::size_t open = std::string::npos;
    for (std::size_t i = caret; i > limit; --i) {
        const char c = text[i - 1];
        if (c == ')') {
            ++depth;
        } else if (c == '(') {
            if (depth == 0) {
                open = i - 1;
                break;
            }
            --depth;
        }
    }
    if (open == std::string::npos)
        return;
    std::size_t nameEnd = open;
    while (nameEnd > 0 && (text[nameEnd - 1] == ' ' || text[nameEnd - 1] == '\t'))
        --nameEnd;
    const std::size_t nameBegin = wordStartBefore(text, nameEnd);
    const QString tip =
        callTipFor(QString::fromUtf8(text.data() + nameBegin, qsizetype(nameEnd - nameBegin)));
    if (tip.isEmpty())
        return;
    m_callTip = tip;
    m_editor->SendScintilla(
        QsciScintillaBase::SCI_CALLTIPSHOW, nameBegin, tip.toUtf8().constData());
    Q_EMIT callTipShown(tip);
}

QString CompletionProvider::shownCallTip() const
{
    return m_editor->SendScintilla(QsciScintillaBase::SCI_CALLTIPACTIVE) ? m_callTip : QString();
}

} // namespace llmcl::editor
