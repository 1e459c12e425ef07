// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/mainwindow.h"

#include "editor/contracteditor.h"
#include "editor/diagnosticscontroller.h"
#include "editor/problemsmodel.h"
#include "tracer/workspace.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileSystemModel>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTreeView>

namespace llmcl::app {

namespace {

constexpr int kMaxRecentFiles = 10;
const auto kRecentFilesKey = QStringLiteral("recentFiles");

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_tabs(new QTabWidget(this))
    , m_fileTree(new QTreeView(this))
    , m_fileModel(new QFileSystemModel(this))
    , m_positionLabel(new QLabel(this))
    , m_problemsLabel(new QLabel(this))
    , m_problemsModel(new editor::ProblemsModel(this))
    , m_problemsView(new QTreeView(this))
{
    setWindowTitle(tr("LLMCL Studio"));
    setObjectName(QStringLiteral("MainWindow"));
    resize(1280, 800);

    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    setCentralWidget(m_tabs);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) { closeTab(index); });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        updateTitle();
        updateCursorPosition();
    });

    m_fileModel->setNameFilters({QStringLiteral("*.llmcl"), QStringLiteral("*.jsonl"),
        QStringLiteral("*.jsonl.gz"), QStringLiteral("*.md")});
    m_fileModel->setNameFilterDisables(false);
    m_fileModel->setReadOnly(true);
    m_fileTree->setModel(m_fileModel);
    m_fileTree->setHeaderHidden(true);
    for (int column = 1; column < m_fileModel->columnCount(); ++column)
        m_fileTree->hideColumn(column);
    m_fileTree->setObjectName(QStringLiteral("FileTree"));
    connect(m_fileTree, &QTreeView::activated, this, [this](const QModelIndex &index) {
        if (!m_fileModel->isDir(index))
            openFile(m_fileModel->filePath(index));
    });
    auto *dock = new QDockWidget(tr("Workspace"), this);
    dock->setObjectName(QStringLiteral("WorkspaceDock"));
    dock->setWidget(m_fileTree);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    resizeDocks({dock}, {260}, Qt::Horizontal);

    m_problemsView->setObjectName(QStringLiteral("ProblemsView"));
    m_problemsView->setModel(m_problemsModel);
    m_problemsView->setRootIsDecorated(false);
    m_problemsView->setUniformRowHeights(true);
    m_problemsView->setAlternatingRowColors(true);
    m_problemsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_problemsView->header()->setStretchLastSection(false);
    m_problemsView->header()->setSectionResizeMode(
        editor::ProblemsModel::MessageColumn, QHeaderView::Stretch);
    connect(m_problemsView, &QTreeView::activated, this, &MainWindow::showProblem);
    connect(m_problemsModel, &editor::ProblemsModel::countsChanged, this,
        &MainWindow::updateProblemCounts);
    m_problemsDock = new QDockWidget(this);
    m_problemsDock->setObjectName(QStringLiteral("ProblemsDock"));
    m_problemsDock->setWidget(m_problemsView);
    addDockWidget(Qt::BottomDockWidgetArea, m_problemsDock);
    resizeDocks({m_problemsDock}, {180}, Qt::Vertical);

    statusBar()->addPermanentWidget(m_problemsLabel);
    statusBar()->addPermanentWidget(m_positionLabel);
    updateProblemCounts();
    createActions();
    updateTitle();
    // Watches every widget's paint events until the window's first frame has been painted.
    qApp->installEventFilter(this);
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    auto add = [this, file](const QString &text, const QKeySequence &shortcut, auto slot) {
        QAction *action = file->addAction(text);
        action->setShortcut(shortcut);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    add(tr("&New Contract"), QKeySequence::New, &MainWindow::newFile);
    add(tr("&Open File…"), QKeySequence::Open, &MainWindow::openFileDialog);
    add(tr("Open &Folder…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
        &MainWindow::openFolderDialog);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    file->addSeparator();
    add(tr("&Save"), QKeySequence::Save, &MainWindow::saveCurrent);
    add(tr("Save &As…"), QKeySequence::SaveAs, &MainWindow::saveCurrentAs);
    add(tr("&Close Tab"), QKeySequence::Close, [this] { closeTab(m_tabs->currentIndex()); });
    file->addSeparator();
    add(tr("&Quit"), QKeySequence::Quit, &QWidget::close);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        view->addAction(dock->toggleViewAction());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About LLMCL Studio"));
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About LLMCL Studio"),
            tr("<b>LLMCL Studio %1</b><p>An IDE for writing and debugging LLM "
               "contracts.</p><p>Licensed under the GNU GPL, version 3 or later.</p>")
                .arg(QApplication::applicationVersion()));
    });
}

bool MainWindow::openWorkspace(const QString &folder)
{
    auto workspace = tracer::Workspace::open(folder.toStdString());
    if (!workspace) {
        reportError(QString::fromStdString(workspace.error().message));
        return false;
    }
    m_workspaceFolder = QString::fromStdString(workspace.value().root().string());
    m_fileModel->setRootPath(m_workspaceFolder);
    m_fileTree->setRootIndex(m_fileModel->index(m_workspaceFolder));
    const auto &contracts = workspace.value().contractFiles();
    if (!contracts.empty() && m_tabs->count() == 0)
        openFile(QString::fromStdString(contracts.front().string()));
    updateTitle();
    return true;
}

bool MainWindow::openFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (const int index = indexOfFile(absolute); index >= 0) {
        m_tabs->setCurrentIndex(index);
        return true;
    }
    auto *editor = new editor::ContractEditor(m_repository, m_tabs);
    QString error;
    if (!editor->load(absolute, &error)) {
        delete editor;
        reportError(error);
        return false;
    }
    const int index = m_tabs->addTab(editor, editor->displayName());
    m_tabs->setTabToolTip(index, editor->filePath());
    connect(editor, &QsciScintilla::modificationChanged, this, [this, editor](bool modified) {
        const int i = m_tabs->indexOf(editor);
        if (i >= 0)
            m_tabs->setTabText(
                i, editor->displayName() + (modified ? QStringLiteral(" •") : QString()));
        updateTitle();
    });
    connect(editor, &QsciScintilla::cursorPositionChanged, this, &MainWindow::updateCursorPosition);
    attachDiagnostics(editor);
    connect(editor, &editor::ContractEditor::filePathChanged, this, [this, editor] {
        const int i = m_tabs->indexOf(editor);
        if (i >= 0) {
            m_tabs->setTabText(i, editor->displayName());
            m_tabs->setTabToolTip(i, editor->filePath());
        }
        updateTitle();
    });
    m_tabs->setCurrentIndex(index);
    editor->setFocus();
    addRecentFile(absolute);
    statusBar()->showMessage(tr("Opened %1").arg(absolute), 3000);
    return true;
}

void MainWindow::newFile()
{
    auto *editor = new editor::ContractEditor(m_repository, m_tabs);
    const int index = m_tabs->addTab(editor, editor->displayName());
    connect(editor, &QsciScintilla::cursorPositionChanged, this, &MainWindow::updateCursorPosition);
    attachDiagnostics(editor);
    m_tabs->setCurrentIndex(index);
    editor->setFocus();
}

void MainWindow::openFileDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Contract"), m_workspaceFolder,
        tr("LLMCL contracts (*.llmcl);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::openFolderDialog()
{
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Open Workspace Folder"), m_workspaceFolder);
    if (!folder.isEmpty())
        openWorkspace(folder);
}

editor::ContractEditor *MainWindow::editorAt(int index) const
{
    return qobject_cast<editor::ContractEditor *>(m_tabs->widget(index));
}

editor::ContractEditor *MainWindow::currentEditor() const
{
    return editorAt(m_tabs->currentIndex());
}

int MainWindow::indexOfFile(const QString &path) const
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto *editor = editorAt(i); editor && editor->filePath() == path)
            return i;
    }
    return -1;
}

bool MainWindow::save(editor::ContractEditor *editor)
{
    if (!editor)
        return false;
    if (editor->filePath().isEmpty()) {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save Contract"), m_workspaceFolder, tr("LLMCL contracts (*.llmcl)"));
        return !path.isEmpty() && saveAs(editor, path);
    }
    QString error;
    if (!editor->save(&error)) {
        reportError(error);
        return false;
    }
    statusBar()->showMessage(tr("Saved %1").arg(editor->filePath()), 3000);
    recheckOthers(editor);
    return true;
}

bool MainWindow::saveAs(editor::ContractEditor *editor, const QString &path)
{
    QString error;
    if (!editor->saveAs(path, &error)) {
        reportError(error);
        return false;
    }
    addRecentFile(editor->filePath());
    statusBar()->showMessage(tr("Saved %1").arg(editor->filePath()), 3000);
    recheckOthers(editor);
    return true;
}

void MainWindow::saveCurrent()
{
    save(currentEditor());
}

void MainWindow::saveCurrentAs()
{
    auto *editor = currentEditor();
    if (!editor)
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Contract As"),
        editor->filePath().isEmpty() ? m_workspaceFolder : editor->filePath(),
        tr("LLMCL contracts (*.llmcl)"));
    if (!path.isEmpty())
        saveAs(editor, path);
}

bool MainWindow::confirmDiscard(editor::ContractEditor *editor)
{
    if (!editor || !editor->isModified())
        return true;
    const auto answer = QMessageBox::question(this, tr("Unsaved Changes"),
        tr("%1 has unsaved changes. Save them?").arg(editor->displayName()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save(editor);
    return answer == QMessageBox::Discard;
}

bool MainWindow::closeTab(int index)
{
    auto *editor = editorAt(index);
    if (!editor || !confirmDiscard(editor))
        return false;
    m_tabs->removeTab(index);
    m_problemsModel->removeDocument(editor);
    editor->deleteLater();
    return true;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (!confirmDiscard(editorAt(i))) {
            event->ignore();
            return;
        }
    }
    event->accept();
}

QStringList MainWindow::recentFiles() const
{
    return QSettings().value(kRecentFilesKey).toStringList();
}

void MainWindow::addRecentFile(const QString &path)
{
    QStringList files = recentFiles();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    QSettings().setValue(kRecentFilesKey, files);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList files = recentFiles();
    for (const QString &path : files) {
        QAction *action = m_recentMenu->addAction(path);
        connect(action, &QAction::triggered, this, [this, path] { openFile(path); });
    }
    m_recentMenu->setEnabled(!files.isEmpty());
}

void MainWindow::updateTitle()
{
    QStringList parts;
    if (auto *editor = currentEditor())
        parts << editor->displayName() + (editor->isModified() ? QStringLiteral(" •") : QString());
    if (!m_workspaceFolder.isEmpty())
        parts << QFileInfo(m_workspaceFolder).fileName();
    parts << tr("LLMCL Studio");
    setWindowTitle(parts.join(QStringLiteral(" — ")));
}

void MainWindow::updateCursorPosition()
{
    auto *editor = currentEditor();
    if (!editor) {
        m_positionLabel->clear();
        return;
    }
    int line = 0;
    int index = 0;
    editor->getCursorPosition(&line, &index);
    m_positionLabel->setText(tr("Ln %1, Col %2").arg(line + 1).arg(index + 1));
}

void MainWindow::reportError(const QString &message)
{
    m_lastError = message;
    statusBar()->showMessage(message);
    Q_EMIT errorReported(message);
    // Window-modal and asynchronous, so a script or test driving the window is never blocked.
    auto *box =
        new QMessageBox(QMessageBox::Warning, tr("LLMCL Studio"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("ErrorMessage"));
    box->open();
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (!m_painted && event->type() == QEvent::Paint && watched->isWidgetType()
        && static_cast<QWidget *>(watched)->window() == this) {
        m_painted = true;
        qApp->removeEventFilter(this);
        // After this paint event has been handled, the frame is on its way to the screen.
        QMetaObject::invokeMethod(this, &MainWindow::firstPainted, Qt::QueuedConnection);
    }
    return QMainWindow::eventFilter(watched, event);
}

editor::DiagnosticsController *MainWindow::diagnosticsController(editor::ContractEditor *editor)
{
    return editor
        ? editor->findChild<editor::DiagnosticsController *>(QString(), Qt::FindDirectChildrenOnly)
        : nullptr;
}

void MainWindow::attachDiagnostics(editor::ContractEditor *editor)
{
    auto *controller = new editor::DiagnosticsController(editor);
    // Imports see the other open files as they are in their editors, saved or not; the files
    // themselves are read by the check, on its thread.
    controller->setRequestProvider([this, editor] {
        engine::CompileRequest request;
        for (int i = 0; i < m_tabs->count(); ++i) {
            auto *other = editorAt(i);
            if (other && other != editor && other->isModified() && !other->filePath().isEmpty())
                request.overrides.emplace(other->filePath().toStdString(), other->utf8Text());
        }
        return request;
    });
    m_problemsModel->addEditor(editor);
    controller->checkNow();
}

void MainWindow::recheckOthers(editor::ContractEditor *except)
{
    // A saved file may be imported by the others.
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *other = editorAt(i);
        if (other != except) {
            if (auto *controller = diagnosticsController(other))
                controller->checkNow();
        }
    }
}

void MainWindow::showProblem(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const editor::ProblemsModel::Problem &problem = m_problemsModel->problemAt(index.row());
    editor::ContractEditor *target = problem.editor;
    if (!target) {
        if (problem.filePath.isEmpty() || !openFile(problem.filePath))
            return;
        target = currentEditor();
    }
    m_tabs->setCurrentWidget(target);
    if (problem.editor) {
        target->selectDiagnostic(problem.index);
    } else {
        target->SendScintilla(QsciScintillaBase::SCI_SETSEL, problem.diagnostic.range.begin.offset,
            long(problem.diagnostic.range.end.offset));
    }
    target->setFocus();
}

void MainWindow::updateProblemCounts()
{
    const int errors = m_problemsModel->count(engine::Severity::Error);
    const int warnings = m_problemsModel->count(engine::Severity::Warning);
    const int infos = m_problemsModel->count(engine::Severity::Info);
    // Counts with labels rather than plural nouns: correct in English without a translation.
    QString summary = tr("Errors: %1, warnings: %2").arg(errors).arg(warnings);
    if (infos > 0)
        summary += QStringLiteral(", ") + tr("infos: %1").arg(infos);
    m_problemsLabel->setText(summary);
    if (m_problemsDock)
        m_problemsDock->setWindowTitle(tr("Problems (%1)").arg(m_problemsModel->rowCount()));
}

} // namespace llmcl::app
