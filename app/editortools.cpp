// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/editortools.h"

#include "app/conflictsdock.h"
#include "app/mainwindow.h"
#include "editor/completionprovider.h"
#include "editor/conflictdecorations.h"
#include "editor/contracteditor.h"
#include "editor/diagnosticscontroller.h"
#include "editor/documentformatter.h"
#include "editor/findbar.h"
#include "editor/languagefeatures.h"
#include "editor/linecomment.h"
#include "editor/outlinemodel.h"
#include "engine/compiledset.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLayout>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QThreadPool>
#include <QTreeView>

#include <map>

namespace llmcl::app {

namespace {

bool isWordByte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The identifier at (or just before) the cursor.
QString wordAtCursor(editor::ContractEditor *editor)
{
    const std::string text = editor->utf8Text();
    const auto caret = std::min(
        std::size_t(editor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS)), text.size());
    std::size_t begin = caret;
    while (begin > 0 && isWordByte(text[begin - 1]))
        --begin;
    std::size_t end = caret;
    while (end < text.size() && isWordByte(text[end]))
        ++end;
    return QString::fromUtf8(text.data() + begin, qsizetype(end - begin));
}

template<typename T>
T *childOf(editor::ContractEditor *editor)
{
    return editor ? editor->findChild<T *>(QString(), Qt::FindDirectChildrenOnly) : nullptr;
}

} // namespace

EditorTools::EditorTools(MainWindow *window)
    : QObject(window)
    , m_window(window)
    , m_findBar(new editor::FindBar(window))
    , m_outlineModel(new editor::OutlineModel(this))
    , m_outlineView(new QTreeView(window))
    , m_outlineDock(new QDockWidget(tr("Outline"), window))
{
    // The find bar sits under the tabs and searches the current editor.
    if (QLayout *centre = window->editorArea() ? window->editorArea()->layout() : nullptr)
        centre->addWidget(m_findBar);
    connect(m_findBar, &editor::FindBar::closed, this, [this] {
        if (auto *editor = current())
            editor->setFocus();
    });

    m_outlineView->setObjectName(QStringLiteral("OutlineView"));
    m_outlineView->setModel(m_outlineModel);
    m_outlineView->setHeaderHidden(true);
    m_outlineView->setUniformRowHeights(true);
    m_outlineView->setExpandsOnDoubleClick(false);
    connect(m_outlineView, &QTreeView::activated, this, &EditorTools::showOutlineEntry);
    connect(m_outlineView, &QTreeView::clicked, this, &EditorTools::showOutlineEntry);
    // New contracts show their clauses.
    connect(m_outlineModel, &QAbstractItemModel::rowsInserted, this,
        [this](const QModelIndex &parent, int first, int last) {
            if (!parent.isValid()) {
                for (int row = first; row <= last; ++row)
                    m_outlineView->expand(m_outlineModel->index(row, 0));
            }
        });
    connect(m_outlineModel, &QAbstractItemModel::modelReset, m_outlineView, &QTreeView::expandAll);
    m_outlineDock->setObjectName(QStringLiteral("OutlineDock"));
    m_outlineDock->setWidget(m_outlineView);
    m_outlineDock->toggleViewAction()->setObjectName(QStringLiteral("actionShowOutline"));
    window->addDockWidget(Qt::LeftDockWidgetArea, m_outlineDock);
    // The static conflicts of the current editor's contracts, a tab beside Problems (another
    // tab group would add its tab bar to the window's minimum height); Alt+8 (MainWindow).
    m_conflictsDock = new ConflictsDock(window);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_conflictsDock);
    if (QDockWidget *problems = window->problemsDock()) {
        window->tabifyDockWidget(problems, m_conflictsDock);
        problems->raise();
    }
    // Opened when wanted (View › Conflicts): it would otherwise take the bottom tab group's
    // front whenever Problems is closed.
    m_conflictsDock->hide();

    connect(window->tabs(), &QTabWidget::currentChanged, this, &EditorTools::currentEditorChanged);
}

EditorTools::~EditorTools() = default;

editor::ContractEditor *EditorTools::current() const
{
    return m_window->currentEditor();
}

editor::CompletionProvider *EditorTools::completionProviderOf(editor::ContractEditor *editor)
{
    return childOf<editor::CompletionProvider>(editor);
}

editor::LanguageFeatures *EditorTools::languageFeaturesOf(editor::ContractEditor *editor)
{
    return childOf<editor::LanguageFeatures>(editor);
}

editor::ConflictDecorations *EditorTools::conflictDecorationsOf(editor::ContractEditor *editor)
{
    return childOf<editor::ConflictDecorations>(editor);
}

editor::DocumentFormatter *EditorTools::formatterOf(editor::ContractEditor *editor)
{
    return childOf<editor::DocumentFormatter>(editor);
}

void EditorTools::addMenus(QMenuBar *bar)
{
    QAction *before = nullptr;
    for (QAction *action : bar->actions()) {
        if (action->menu() && action->menu()->objectName() == QLatin1String("menuView"))
            before = action;
    }
    if (!before && !bar->actions().isEmpty())
        before = bar->actions().last();

    auto add = [this](QMenu *menu, const QString &text, const QString &name,
                   const QKeySequence &shortcut, auto slot) {
        QAction *action = menu->addAction(text);
        action->setObjectName(name);
        action->setShortcut(shortcut);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };

    auto *edit = new QMenu(tr("&Edit"), bar);
    edit->setObjectName(QStringLiteral("menuEdit"));
    add(edit, tr("&Find…"), QStringLiteral("actionFind"), QKeySequence::Find, [this] {
        m_findBar->setEditor(current());
        m_findBar->openFind();
    });
    add(edit, tr("Find and &Replace…"), QStringLiteral("actionReplace"),
        QKeySequence(Qt::CTRL | Qt::Key_H), [this] {
            m_findBar->setEditor(current());
            m_findBar->openReplace();
        });
    add(edit, tr("Find &Next"), QStringLiteral("actionFindNext"), QKeySequence(Qt::Key_F3), [this] {
        m_findBar->setEditor(current());
        if (m_findBar->findField()->text().isEmpty() || !m_findBar->findNext())
            m_findBar->openFind();
    });
    add(edit, tr("Find &Previous"), QStringLiteral("actionFindPrevious"),
        QKeySequence(Qt::SHIFT | Qt::Key_F3), [this] {
            m_findBar->setEditor(current());
            if (m_findBar->findField()->text().isEmpty() || !m_findBar->findPrevious())
                m_findBar->openFind();
        });
    edit->addSeparator();
    add(edit, tr("&Complete"), QStringLiteral("actionComplete"),
        QKeySequence(Qt::CTRL | Qt::Key_Space), &EditorTools::triggerCompletion);
    add(edit, tr("Parameter &Info"), QStringLiteral("actionParameterInfo"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Space), &EditorTools::showParameterInfo);
    edit->addSeparator();
    add(edit, tr("Toggle &Comment"), QStringLiteral("actionToggleComment"),
        QKeySequence(Qt::CTRL | Qt::Key_Slash), &EditorTools::toggleComment);
    add(edit, tr("F&ormat Document"), QStringLiteral("actionFormatDocument"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I), &EditorTools::formatDocument);
    add(edit, tr("Re&name Contract…"), QStringLiteral("actionRenameContract"),
        QKeySequence(Qt::Key_F2), &EditorTools::renameAtCursor);
    bar->insertMenu(before, edit);

    auto *go = new QMenu(tr("&Go"), bar);
    go->setObjectName(QStringLiteral("menuGo"));
    add(go, tr("Go to &Definition"), QStringLiteral("actionGoToDefinition"),
        QKeySequence(Qt::Key_F12), [this] { goToDefinition(); });
    add(go, tr("Go to &Conflicting Clause"), QStringLiteral("actionGoToConflictingClause"),
        QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_J), &EditorTools::goToConflictingClause);
    add(go, tr("Go to &Symbol in Outline"), QStringLiteral("actionFocusOutline"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Period), [this] {
            m_outlineDock->show();
            m_outlineDock->raise();
            m_outlineView->setFocus();
        });
    bar->insertMenu(before, go);
}

void EditorTools::attach(editor::ContractEditor *editor, editor::DiagnosticsController *controller)
{
    // A new tab is current before its controller exists: the dock follows it again now.
    if (editor == current())
        m_conflictsDock->follow(editor);
    auto *completion = new editor::CompletionProvider(editor, controller);
    connect(completion, &editor::CompletionProvider::itemHighlighted, this,
        [this](const QString &detail, const QString &documentation) {
            m_window->statusBar()->showMessage(
                documentation.isEmpty() ? detail : detail + QStringLiteral(" — ") + documentation,
                8000);
        });
    auto *features = new editor::LanguageFeatures(editor, controller);
    new editor::ConflictDecorations(editor, controller);
    auto *formatter = new editor::DocumentFormatter(editor);
    connect(features, &editor::LanguageFeatures::definitionInOtherFile, this,
        [this](const QString &file, int, int, int begin, int end) {
            if (!m_window->openFile(file))
                return;
            if (auto *target = current()) {
                const long line =
                    target->SendScintilla(QsciScintillaBase::SCI_LINEFROMPOSITION, long(begin));
                target->SendScintilla(QsciScintillaBase::SCI_ENSUREVISIBLEENFORCEPOLICY, line);
                target->SendScintilla(QsciScintillaBase::SCI_SETSEL, long(begin), long(end));
                target->SendScintilla(QsciScintillaBase::SCI_SCROLLRANGE, long(end), long(begin));
                target->setFocus();
            }
        });
    connect(features, &editor::LanguageFeatures::noDefinition, this, [this] {
        m_window->statusBar()->showMessage(tr("No definition found at the cursor"), 3000);
    });
    connect(formatter, &editor::DocumentFormatter::finished, this,
        [this](
            bool, const QString &message) { m_window->statusBar()->showMessage(message, 5000); });
    // The tab may have become current before it had a controller to follow.
    if (editor == current()) {
        m_outlineEditor = nullptr;
        currentEditorChanged();
    }
}

void EditorTools::setKnownContextKeys(const QStringList &keys)
{
    QStringList sorted = keys;
    sorted.sort();
    sorted.removeDuplicates();
    if (sorted == m_contextKeys)
        return;
    m_contextKeys = sorted;
    for (int i = 0; i < m_window->tabs()->count(); ++i) {
        auto *editor = qobject_cast<editor::ContractEditor *>(m_window->tabs()->widget(i));
        if (auto *controller = MainWindow::diagnosticsController(editor))
            controller->checkNow();
    }
}

void EditorTools::addTo(engine::CompileRequest &request) const
{
    for (const QString &key : m_contextKeys)
        request.knownContextKeys.insert(key.toStdString());
}

void EditorTools::currentEditorChanged()
{
    editor::ContractEditor *editor = current();
    if (m_findBar->isVisible())
        m_findBar->setEditor(editor);
    if (editor == m_outlineEditor)
        return;
    disconnect(m_outlineAnalysed);
    disconnect(m_outlineCursor);
    m_outlineEditor = editor;
    if (auto *controller = MainWindow::diagnosticsController(editor)) {
        m_outlineAnalysed = connect(controller, &editor::DiagnosticsController::diagnosticsApplied,
            this, [this] { updateOutline(false); });
        m_outlineCursor = connect(
            editor, &QsciScintilla::cursorPositionChanged, this, &EditorTools::followCursor);
    }
    updateOutline(true);
}

void EditorTools::updateOutline(bool documentReplaced)
{
    auto *controller = MainWindow::diagnosticsController(m_outlineEditor);
    const auto service = controller ? controller->languageService() : nullptr;
    if (!service) {
        m_outlineModel->clear();
        return;
    }
    m_outlineModel->setSymbols(service->documentSymbols(), documentReplaced);
    followCursor();
}

void EditorTools::followCursor()
{
    auto *features = languageFeaturesOf(m_outlineEditor);
    if (!features)
        return;
    const int offset = features->toAnalysed(
        int(m_outlineEditor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS)));
    if (offset < 0)
        return; // in text typed since the analysis: the next one tells
    const QModelIndex index = m_outlineModel->indexAt(std::size_t(offset));
    if (index == m_outlineView->currentIndex())
        return;
    // Selecting does not navigate: only a click or Enter in the outline does.
    m_outlineView->setCurrentIndex(index);
    if (index.isValid())
        m_outlineView->scrollTo(index);
}

void EditorTools::showOutlineEntry(const QModelIndex &index)
{
    auto *editor = m_outlineEditor.data();
    auto *features = languageFeaturesOf(editor);
    if (!index.isValid() || !features)
        return;
    const int begin = features->toCurrent(
        int(index.data(editor::OutlineModel::SelectionBeginRole).toULongLong()));
    const int end =
        features->toCurrent(int(index.data(editor::OutlineModel::SelectionEndRole).toULongLong()));
    if (begin < 0 || end < 0)
        return;
    m_window->tabs()->setCurrentWidget(editor);
    const long line = editor->SendScintilla(QsciScintillaBase::SCI_LINEFROMPOSITION, long(begin));
    editor->SendScintilla(QsciScintillaBase::SCI_ENSUREVISIBLEENFORCEPOLICY, line);
    editor->SendScintilla(QsciScintillaBase::SCI_SETSEL, long(begin), long(end));
    editor->SendScintilla(QsciScintillaBase::SCI_SCROLLRANGE, long(end), long(begin));
    editor->setFocus();
}

void EditorTools::triggerCompletion()
{
    if (auto *provider = completionProviderOf(current()))
        provider->complete();
}

void EditorTools::showParameterInfo()
{
    if (auto *provider = completionProviderOf(current()))
        provider->showCallTip();
}

bool EditorTools::goToDefinition()
{
    auto *features = languageFeaturesOf(current());
    return features && features->goToDefinition();
}

void EditorTools::formatDocument()
{
    if (auto *formatter = formatterOf(current())) {
        m_window->statusBar()->showMessage(tr("Formatting…"));
        formatter->format();
    }
}

void EditorTools::toggleComment()
{
    if (auto *editor = current())
        editor::LineComment::toggle(editor);
}

void EditorTools::goToConflictingClause()
{
    auto *decorations = conflictDecorationsOf(current());
    if (!decorations || !decorations->goToPartner())
        m_window->statusBar()->showMessage(tr("No conflict at the cursor"), 3000);
}

void EditorTools::renameAtCursor()
{
    auto *editor = current();
    if (!editor)
        return;
    const QString name = wordAtCursor(editor);
    if (name.isEmpty()) {
        refuse(tr("Put the cursor on the name of a contract to rename it"));
        return;
    }
    bool ok = false;
    const QString newName = QInputDialog::getText(m_window, tr("Rename Contract"),
        tr("New name for contract “%1”:").arg(name), QLineEdit::Normal, name, &ok);
    if (ok && newName != name)
        renameContract(name, newName.trimmed());
}

void EditorTools::refuse(const QString &message)
{
    m_window->statusBar()->showMessage(message, 8000);
    auto *box = new QMessageBox(
        QMessageBox::Information, tr("Rename Contract"), message, QMessageBox::Ok, m_window);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("RenameRefused"));
    box->open();
    Q_EMIT renameFinished(0, message);
}

void EditorTools::renameContract(const QString &oldName, const QString &newName)
{
    if (const QString invalid = editor::ContractRename::validateName(newName); !invalid.isEmpty()) {
        refuse(invalid);
        return;
    }
    // The open buffers as the user sees them; the files are read on the pool.
    std::map<QString, std::string> buffers;
    for (int i = 0; i < m_window->tabs()->count(); ++i) {
        auto *editor = qobject_cast<editor::ContractEditor *>(m_window->tabs()->widget(i));
        if (editor && !editor->filePath().isEmpty())
            buffers.emplace(editor->filePath(), editor->utf8Text());
    }
    QString folder = m_window->workspaceFolder();
    if (folder.isEmpty() && current() && !current()->filePath().isEmpty())
        folder = QFileInfo(current()->filePath()).absolutePath();
    m_window->statusBar()->showMessage(tr("Looking for “%1” in the workspace…").arg(oldName));
    m_jobs.start(QThreadPool::globalInstance(),
        [oldName, newName, folder, buffers = std::move(buffers)](
            const editor::JobChannel<EditorTools>::Job &job) {
            job.deliver(&EditorTools::showPreview,
                editor::ContractRename::plan(oldName, newName, folder, buffers));
        });
}

void EditorTools::showPreview(const editor::ContractRename::Plan &plan)
{
    m_window->statusBar()->clearMessage();
    if (!plan.error.isEmpty()) {
        refuse(plan.error);
        return;
    }
    QStringList lines;
    for (const editor::ContractRename::FileEdit &file : plan.files) {
        const QString name = m_window->workspaceFolder().isEmpty()
            ? file.path
            : QDir(m_window->workspaceFolder()).relativeFilePath(file.path);
        lines.append((file.open ? tr("%1: %2 (open: one undo step)") : tr("%1: %2"))
                .arg(name)
                .arg(file.ranges.size()));
    }
    auto *box = new QMessageBox(QMessageBox::Question, tr("Rename Contract"),
        tr("Rename contract “%1” to “%2”? Occurrences: %3, in these files:")
                .arg(plan.oldName, plan.newName)
                .arg(plan.occurrences())
            + QStringLiteral("\n\n") + lines.join(QLatin1Char('\n')),
        QMessageBox::Apply | QMessageBox::Cancel, m_window);
    box->setObjectName(QStringLiteral("RenamePreview"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setDefaultButton(QMessageBox::Apply);
    connect(box, &QMessageBox::finished, this, [this, box, plan](int) {
        if (box->clickedButton() == box->button(QMessageBox::Apply))
            applyRename(plan);
        else
            Q_EMIT renameFinished(0, tr("Cancelled"));
    });
    box->open();
    Q_EMIT renamePreviewShown(box);
}

void EditorTools::applyRename(const editor::ContractRename::Plan &plan)
{
    const std::string newName = plan.newName.toStdString();
    int applied = 0;
    QStringList problems;
    for (const editor::ContractRename::FileEdit &file : plan.files) {
        if (!file.open)
            continue;
        editor::ContractEditor *target = nullptr;
        for (int i = 0; i < m_window->tabs()->count() && !target; ++i) {
            auto *editor = qobject_cast<editor::ContractEditor *>(m_window->tabs()->widget(i));
            if (editor && editor->filePath() == file.path)
                target = editor;
        }
        if (!target || target->utf8Text() != file.original) {
            problems.append(tr("%1: changed since the preview; not renamed").arg(file.path));
            continue;
        }
        // Back to front in one undo step: the offsets before each edit stay valid.
        target->SendScintilla(QsciScintillaBase::SCI_BEGINUNDOACTION);
        for (auto it = file.ranges.rbegin(); it != file.ranges.rend(); ++it) {
            target->SendScintilla(
                QsciScintillaBase::SCI_SETTARGETRANGE, it->first, long(it->second));
            target->SendScintilla(
                QsciScintillaBase::SCI_REPLACETARGET, newName.size(), newName.c_str());
        }
        target->SendScintilla(QsciScintillaBase::SCI_ENDUNDOACTION);
        applied += int(file.ranges.size());
    }
    int written = 0;
    for (const editor::ContractRename::FileEdit &file : plan.files)
        written += file.open ? 0 : int(file.ranges.size());
    m_jobs.start(QThreadPool::globalInstance(),
        [plan, applied, written, problems](const editor::JobChannel<EditorTools>::Job &job) {
            job.deliver(&EditorTools::finishRename, applied, written, problems,
                editor::ContractRename::writeFiles(plan));
        });
}

void EditorTools::finishRename(
    int applied, int written, const QStringList &problems, const QStringList &failures)
{
    const QStringList all = problems + failures;
    const int total = applied + (failures.isEmpty() ? written : 0);
    // The other files may import the renamed contract: check them again.
    for (int i = 0; i < m_window->tabs()->count(); ++i) {
        auto *editor = qobject_cast<editor::ContractEditor *>(m_window->tabs()->widget(i));
        if (auto *controller = MainWindow::diagnosticsController(editor))
            controller->checkNow();
    }
    if (all.isEmpty()) {
        m_window->statusBar()->showMessage(tr("Renamed occurrences: %1").arg(total), 5000);
        Q_EMIT renameFinished(total, QString());
    } else {
        refuse(all.join(QLatin1Char('\n')));
    }
}

} // namespace llmcl::app
