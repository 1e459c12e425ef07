// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/mainwindow.h"

#include "app/autosaver.h"
#include "app/commandpalette.h"
#include "app/debugtools.h"
#include "app/diskchangebar.h"
#include "app/document.h"
#include "app/editortools.h"
#include "app/evaluationpanel.h"
#include "app/filedialogs.h"
#include "app/filenameiconprovider.h"
#include "app/filewatcher.h"
#include "app/modemanager.h"
#include "app/recoverydialog.h"
#include "app/recoverystore.h"
#include "app/runs/runtools.h"
#include "app/sessionsdock.h"
#include "app/settings.h"
#include "app/settingsdialog.h"
#include "app/thememanager.h"
#include "editor/contracteditor.h"
#include "editor/diagnosticscontroller.h"
#include "editor/problemsmodel.h"
#include "tracer/workspace.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QFileSystemModel>
#include <QFontDatabase>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QThreadPool>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>
#include <Qsci/qscicommand.h>
#include <Qsci/qscicommandset.h>

#include <KSyntaxHighlighting/Theme>

#include <algorithm>

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
    , m_autosaver(new Autosaver(RecoveryStore::defaultRoot(), this))
    , m_fileWatcher(new FileWatcher(this))
    , m_diskChangeBar(new DiskChangeBar(this))
    , m_themeManager(new ThemeManager(this))
{
    setWindowTitle(tr("LLMCL Studio"));
    setObjectName(QStringLiteral("MainWindow"));
    resize(1280, 800);

    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    // The bar about files changed on disk sits above the tabs and speaks for the current one.
    m_editorArea = new QWidget(this);
    m_editorArea->setObjectName(QStringLiteral("EditorArea"));
    auto *centreLayout = new QVBoxLayout(m_editorArea);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    centreLayout->setSpacing(0);
    centreLayout->addWidget(m_diskChangeBar);
    centreLayout->addWidget(m_tabs, 1);
    // The centre shows the editors (Edit and Debug modes) or the Runs area (Runs mode).
    m_centre = new QStackedWidget(this);
    m_centre->setObjectName(QStringLiteral("ModeCentre"));
    m_centre->addWidget(m_editorArea);
    setCentralWidget(m_centre);
    // The side panels run the window's full height, as in other IDEs; the bottom panels sit
    // under the editor only, so the side panels' tables keep their rows.
    setCorner(Qt::TopLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) { closeTab(index); });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        updateTitle();
        updateCursorPosition();
        updateDiskChangeBar();
        updateEvaluationEditor();
    });

    // Icons from file names: the folder holds the workspace database (FileNameIconProvider).
    m_fileModel->setIconProvider(&FileNameIconProvider::shared());
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
        if (!m_fileModel->isDir(index) && openFile(m_fileModel->filePath(index)))
            showEditors();
    });
    auto *dock = new QDockWidget(tr("Workspace"), this);
    dock->setObjectName(QStringLiteral("WorkspaceDock"));
    dock->setWidget(m_fileTree);
    addDockWidget(Qt::LeftDockWidgetArea, dock);

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

    statusBar()->addPermanentWidget(m_problemsLabel);
    statusBar()->addPermanentWidget(m_positionLabel);
    updateProblemCounts();
    // Before the menus, so that its docks are listed in the View menu.
    m_debugTools = new DebugTools(this);
    m_runTools = new RunTools(this);
    m_editorTools = new EditorTools(this);
    createEvaluationDock();
    // Every dock exists: the modes lay them out.
    m_centre->addWidget(m_runTools->area());
    m_modes = new ModeManager(this, m_centre, m_editorArea, m_runTools->area());
    if (menuBar()->isNativeMenuBar()) {
        // A global menu bar (macOS, Plasma's) shows no corner widget: a bar of its own then.
        QToolBar *modeBar = addToolBar(tr("Modes"));
        modeBar->setObjectName(QStringLiteral("ModeToolBar"));
        modeBar->setMovable(false);
        modeBar->addWidget(m_modes->modeBar());
    } else {
        menuBar()->setCornerWidget(m_modes->modeBar(), Qt::TopRightCorner);
    }
    createActions();
    createEvaluationActions();
    m_debugTools->addMenus(menuBar());
    m_runTools->addMenus(menuBar());
    // A turn chosen in the Sessions dock fills the live evaluation panel; the loaded file's
    // context keys feed completion and the checks.
    connect(m_debugTools->sessionsDock(), &SessionsDock::turnChosen, m_evaluationPanel,
        &EvaluationPanel::setSample);
    connect(m_debugTools->sessionsDock(), &SessionsDock::contextKeysChanged, this,
        &MainWindow::setKnownContextKeys);
    m_editorTools->addMenus(menuBar());
    updateTitle();

    connect(m_fileWatcher, &FileWatcher::fileChanged, this, &MainWindow::fileChangedOnDisk);
    connect(m_fileWatcher, &FileWatcher::fileRemoved, this, &MainWindow::fileRemovedFromDisk);
    connect(m_diskChangeBar, &DiskChangeBar::reloadRequested, this,
        [this] { reloadFromDisk(currentEditor()); });
    connect(
        m_diskChangeBar, &DiskChangeBar::keepRequested, this, &MainWindow::keepMineAfterDiskChange);
    connect(m_autosaver, &Autosaver::writeFailed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Autosave failed: %1").arg(message), 10000);
    });
    applySettings();
    // Watches every widget's paint events until the window's first frame has been painted.
    qApp->installEventFilter(this);
}

MainWindow::~MainWindow()
{
    // The tabs are destroyed after the window's members (the documents among them) and before
    // the panel, and report a changing current editor on the way: neither the window nor the
    // panel may follow it to an editor being destroyed.
    disconnect(m_tabs, nullptr, this, nullptr);
    if (m_evaluationPanel)
        m_evaluationPanel->setEditor(nullptr, nullptr);
    m_evaluationPanel = nullptr;
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("menuFile"));
    auto add = [this, file](const QString &text, const QKeySequence &shortcut, auto slot) {
        QAction *action = file->addAction(text);
        action->setShortcut(shortcut);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    add(tr("&New Contract"), QKeySequence::New, &MainWindow::newFile)
        ->setObjectName(QStringLiteral("actionNewContract"));
    add(tr("&Open File…"), QKeySequence::Open, &MainWindow::openFileDialog)
        ->setObjectName(QStringLiteral("actionOpenFile"));
    add(tr("Open &Folder…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
        &MainWindow::openFolderDialog)
        ->setObjectName(QStringLiteral("actionOpenFolder"));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("menuOpenRecent"));
    // Its entries are files, not commands: no shortcuts (the shortcut audit skips it).
    m_recentMenu->setProperty("llmclChoiceList", true);
    rebuildRecentMenu();
    file->addSeparator();
    add(tr("&Save"), QKeySequence::Save, &MainWindow::saveCurrent)
        ->setObjectName(QStringLiteral("actionSave"));
    add(tr("Save &As…"), QKeySequence::SaveAs, &MainWindow::saveCurrentAs)
        ->setObjectName(QStringLiteral("actionSaveAs"));
    add(tr("Re&load from Disk"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), [this] {
        reloadFromDisk(currentEditor());
    })->setObjectName(QStringLiteral("actionReloadFromDisk"));
    add(tr("&Close Tab"), QKeySequence::Close, [this] {
        closeTab(m_tabs->currentIndex());
    })->setObjectName(QStringLiteral("actionCloseTab"));
    file->addSeparator();
    add(tr("&Preferences…"), QKeySequence(Qt::CTRL | Qt::Key_Comma),
        &MainWindow::showSettingsDialog)
        ->setObjectName(QStringLiteral("actionPreferences"));
    file->addSeparator();
    // Platforms without a standard quit key (Windows, plain X11) get Ctrl+Q as well.
    add(tr("&Quit"),
        QKeySequence::keyBindings(QKeySequence::Quit).isEmpty() ? QKeySequence(Qt::CTRL | Qt::Key_Q)
                                                                : QKeySequence(QKeySequence::Quit),
        &QWidget::close)
        ->setObjectName(QStringLiteral("actionQuit"));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("menuView"));
    for (const auto mode :
        {ModeManager::Mode::Edit, ModeManager::Mode::Debug, ModeManager::Mode::Runs})
        view->addAction(m_modes->modeAction(mode));
    view->addAction(m_modes->resetAction());
    view->addSeparator();
    // Alt+digit shows or hides a panel, in a fixed order so the keys stay the same as panels are
    // added; a panel not in the list takes the next free digit.
    const QStringList dockOrder = {QStringLiteral("WorkspaceDock"), QStringLiteral("ProblemsDock"),
        QStringLiteral("OutlineDock"), QStringLiteral("EvaluationDock"),
        QStringLiteral("SessionsDock"), QStringLiteral("StepperDock"), QStringLiteral("TraceDock"),
        QStringLiteral("ConflictsDock")};
    int nextDigit = int(dockOrder.size()) + 1;
    for (QDockWidget *dock : findChildren<QDockWidget *>()) {
        QAction *toggle = dock->toggleViewAction();
        if (toggle->objectName().isEmpty())
            toggle->setObjectName(QStringLiteral("actionToggle") + dock->objectName());
        const qsizetype position = dockOrder.indexOf(dock->objectName());
        const int digit = position >= 0 ? int(position) + 1 : nextDigit++;
        if (toggle->shortcut().isEmpty() && digit <= 9)
            toggle->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_0 + digit)));
        view->addAction(toggle);
    }
    createAppearanceActions(view);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("menuHelp"));
    QAction *about = help->addAction(tr("&About LLMCL Studio"));
    about->setObjectName(QStringLiteral("actionAbout"));
    about->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F1));
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About LLMCL Studio"),
            tr("<b>LLMCL Studio %1</b><p>An IDE for writing and debugging LLM "
               "contracts.</p><p>Licensed under the GNU GPL, version 3 or later.</p>")
                .arg(QApplication::applicationVersion()));
    });
}

bool MainWindow::openWorkspace(const QString &folder)
{
    // One stat here; the listing, as long as the folder is big, on the pool.
    auto root = tracer::Workspace::resolveRoot(folder.toStdString());
    if (!root) {
        reportError(QString::fromStdString(root.error().message));
        return false;
    }
    m_workspaceFolder = QString::fromStdString(root.value().string());
    // QFileSystemModel lists on its own thread.
    m_fileModel->setRootPath(m_workspaceFolder);
    m_fileTree->setRootIndex(m_fileModel->index(m_workspaceFolder));
    m_runTools->openWorkspace(m_workspaceFolder);
    updateTitle();
    m_scanningWorkspace = true;
    m_workspaceScan.advance();
    m_workspaceScan.start(QThreadPool::globalInstance(),
        [folder = m_workspaceFolder](const editor::JobChannel<MainWindow>::Job &job) {
            const auto workspace = tracer::Workspace::open(folder.toStdString());
            QString first;
            QString error;
            if (!workspace)
                error = QString::fromStdString(workspace.error().message);
            else if (!workspace.value().contractFiles().empty())
                first = QString::fromStdString(workspace.value().contractFiles().front().string());
            job.deliverIfCurrent(&MainWindow::finishWorkspaceScan, folder, first, error);
        });
    return true;
}

void MainWindow::finishWorkspaceScan(
    const QString &folder, const QString &firstContract, const QString &error)
{
    m_scanningWorkspace = false;
    if (!error.isEmpty())
        reportError(error);
    else if (!firstContract.isEmpty() && m_tabs->count() == 0)
        openFile(firstContract);
    Q_EMIT workspaceScanned(folder);
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
    addDocument(editor);
    addRecentFile(absolute);
    statusBar()->showMessage(tr("Opened %1").arg(absolute), 3000);
    return true;
}

void MainWindow::newFile()
{
    addDocument(new editor::ContractEditor(m_repository, m_tabs));
    showEditors();
}

void MainWindow::showEditors()
{
    if (m_modes && m_modes->mode() == ModeManager::Mode::Runs)
        m_modes->setMode(ModeManager::Mode::Edit);
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_modes)
        m_modes->windowShown();
}

void MainWindow::addDocument(editor::ContractEditor *editor)
{
    const int index = m_tabs->addTab(editor, editor->displayName());
    m_tabs->setTabToolTip(index, editor->filePath());
    connect(editor, &QsciScintilla::cursorPositionChanged, this, &MainWindow::updateCursorPosition);
    // After addTab(): the first tab becomes current before it has a Document.
    auto *document =
        m_documents.emplace_back(std::make_unique<Document>(editor, m_fileWatcher)).get();
    attachDiagnostics(document);
    prepareEditor(document);
    m_tabs->setCurrentIndex(index);
    editor->setFocus();
}

void MainWindow::openFileDialog()
{
    const QString path = fileDialogs::openFileName(this, tr("Open Contract"), m_workspaceFolder,
        tr("LLMCL contracts (*.llmcl);;All files (*)"));
    if (!path.isEmpty() && openFile(path))
        showEditors();
}

void MainWindow::openFolderDialog()
{
    const QString folder =
        fileDialogs::existingDirectory(this, tr("Open Workspace Folder"), m_workspaceFolder);
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

Document *MainWindow::document(const editor::ContractEditor *editor) const
{
    if (!editor)
        return nullptr;
    const auto it = std::find_if(m_documents.begin(), m_documents.end(),
        [editor](const auto &document) { return document->editor() == editor; });
    return it != m_documents.end() ? it->get() : nullptr;
}

Document *MainWindow::currentDocument() const
{
    return document(currentEditor());
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
        const QString path = fileDialogs::saveFileName(
            this, tr("Save Contract"), m_workspaceFolder, tr("LLMCL contracts (*.llmcl)"));
        return !path.isEmpty() && saveAs(editor, path);
    }
    QString error;
    if (!editor->save(&error)) {
        reportError(error);
        return false;
    }
    m_fileWatcher->acknowledge(editor->filePath());
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
    m_fileWatcher->acknowledge(editor->filePath());
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
    const QString path = fileDialogs::saveFileName(this, tr("Save Contract As"),
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
    // Closed on purpose: no recovery entry, no more watching (the Document stops that).
    m_autosaver->untrack(editor);
    std::erase_if(
        m_documents, [editor](const auto &document) { return document->editor() == editor; });
    m_tabs->removeTab(index);
    m_problemsModel->removeDocument(editor);
    editor->deleteLater();
    updateDiskChangeBar();
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
    saveSession();
    // Every buffer was saved or knowingly discarded: nothing to recover next time.
    m_autosaver->endSession();
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
    if (const Document *document = currentDocument())
        parts << document->title();
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

void MainWindow::setKnownContextKeys(const QStringList &keys)
{
    if (m_editorTools)
        m_editorTools->setKnownContextKeys(keys);
}

editor::DiagnosticsController *MainWindow::diagnosticsController(editor::ContractEditor *editor)
{
    return editor
        ? editor->findChild<editor::DiagnosticsController *>(QString(), Qt::FindDirectChildrenOnly)
        : nullptr;
}

void MainWindow::attachDiagnostics(Document *document)
{
    editor::ContractEditor *editor = document->editor();
    editor::DiagnosticsController *controller = document->diagnostics();
    // Imports see the other open files as they are in their editors, saved or not; the files
    // themselves are read by the check, on its thread.
    controller->setRequestProvider([this, editor] {
        engine::CompileRequest request;
        for (int i = 0; i < m_tabs->count(); ++i) {
            auto *other = editorAt(i);
            if (other && other != editor && other->isModified() && !other->filePath().isEmpty())
                request.overrides.emplace(other->filePath().toStdString(), other->utf8Text());
        }
        if (m_editorTools)
            m_editorTools->addTo(request);
        return request;
    });
    m_problemsModel->addEditor(editor);
    if (m_editorTools)
        m_editorTools->attach(editor, controller);
    if (m_debugTools)
        m_debugTools->attach(editor, controller);
    controller->checkNow();
    updateEvaluationEditor();
}

void MainWindow::createEvaluationDock()
{
    m_evaluationPanel = new EvaluationPanel(this);
    m_evaluationDock = new QDockWidget(tr("Live Evaluation"), this);
    m_evaluationDock->setObjectName(QStringLiteral("EvaluationDock"));
    m_evaluationDock->setWidget(m_evaluationPanel);
    addDockWidget(Qt::RightDockWidgetArea, m_evaluationDock);
}

void MainWindow::createEvaluationActions()
{
    QMenu *menu = new QMenu(tr("E&valuate"), this);
    menu->setObjectName(QStringLiteral("menuEvaluate"));
    // Before Help, which stays last.
    const QList<QAction *> menus = menuBar()->actions();
    menuBar()->insertMenu(menus.isEmpty() ? nullptr : menus.last(), menu);
    QAction *show = menu->addAction(tr("Show &Live Evaluation"));
    show->setObjectName(QStringLiteral("actionShowLiveEvaluation"));
    show->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_V));
    connect(show, &QAction::triggered, this, [this] {
        // The sample belongs to the Edit mode.
        m_modes->setMode(ModeManager::Mode::Edit);
        m_evaluationDock->show();
        m_evaluationDock->raise();
        m_evaluationPanel->focusSample();
    });
    QAction *clear = menu->addAction(tr("&Clear Sample"));
    clear->setObjectName(QStringLiteral("actionClearSample"));
    clear->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::SHIFT | Qt::Key_V));
    connect(clear, &QAction::triggered, m_evaluationPanel, &EvaluationPanel::clearSample);
}

void MainWindow::updateEvaluationEditor()
{
    if (!m_evaluationPanel)
        return;
    editor::ContractEditor *editor = currentEditor();
    const Document *document = this->document(editor);
    m_evaluationPanel->setEditor(editor, document ? document->diagnostics() : nullptr);
}

void MainWindow::recheckOthers(editor::ContractEditor *except)
{
    // A saved file may be imported by the others.
    for (int i = 0; i < m_tabs->count(); ++i) {
        const Document *other = document(editorAt(i));
        if (other && other->editor() != except && other->diagnostics())
            other->diagnostics()->checkNow();
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
    showEditors();
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

// Workspace: recovery, files changed on disk, settings, appearance (docs/studio.md).

void MainWindow::prepareEditor(Document *document)
{
    connect(document, &Document::labelChanged, this, [this, document] {
        updateTabLabel(document);
        updateTitle();
    });
    connect(document, &Document::readyToReload, this,
        [this, document] { reloadFromDisk(document->editor()); });
    editor::ContractEditor *editor = document->editor();
    m_autosaver->track(editor);
    // Zooming is the window's (View menu, every editor at once); Scintilla's own zoom keys
    // would take Ctrl+- and Ctrl++ first and zoom only the focused editor.
    for (const auto command : {QsciCommand::ZoomIn, QsciCommand::ZoomOut}) {
        if (QsciCommand *binding = editor->standardCommands()->find(command)) {
            binding->setKey(0);
            binding->setAlternateKey(0);
        }
    }
    applyEditorLook(editor);
    updateTabLabel(document);
    // The first tab became current before it had a Document to name it.
    updateTitle();
}

void MainWindow::updateTabLabel(const Document *document)
{
    const int index = m_tabs->indexOf(document->editor());
    if (index < 0)
        return;
    const bool deleted = document->isDeletedOnDisk();
    QString text = document->title();
    if (deleted)
        text = tr("%1 (deleted)").arg(text);
    m_tabs->setTabText(index, text);
    QString tip = QDir::toNativeSeparators(document->filePath());
    if (deleted)
        tip +=
            QLatin1Char('\n') + tr("The file no longer exists on disk; saving creates it again.");
    m_tabs->setTabToolTip(index, tip);
    m_tabs->setTabIcon(index,
        deleted ? style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this) : QIcon());
}

bool MainWindow::isDeletedOnDisk(editor::ContractEditor *editor) const
{
    const Document *document = this->document(editor);
    return document && document->isDeletedOnDisk();
}

bool MainWindow::hasPendingDiskChange(editor::ContractEditor *editor) const
{
    const Document *document = this->document(editor);
    return document && document->hasPendingDiskChange();
}

QList<Document *> MainWindow::documentsWatching(const QString &path) const
{
    QList<Document *> watching;
    for (const auto &document : m_documents) {
        if (document->watchedPath() == path)
            watching << document.get();
    }
    return watching;
}

void MainWindow::fileChangedOnDisk(const QString &path)
{
    for (Document *document : documentsWatching(path)) {
        // A changed file is there again.
        if (document->isDeletedOnDisk())
            document->setDiskState(Document::DiskState::InSync);
        if (!document->isModified()) {
            // Nothing of the user's to lose: take the disk's text without asking.
            reloadFromDisk(document->editor());
        } else {
            document->setDiskState(Document::DiskState::ChangedOnDisk);
        }
    }
    updateDiskChangeBar();
}

void MainWindow::fileRemovedFromDisk(const QString &path)
{
    for (Document *document : documentsWatching(path)) {
        // The text stays in the editor; saving writes the file again.
        document->setDiskState(Document::DiskState::DeletedOnDisk);
        statusBar()->showMessage(tr("%1 was deleted on disk").arg(path), 5000);
    }
    updateDiskChangeBar();
}

bool MainWindow::reloadFromDisk(editor::ContractEditor *editor)
{
    if (!editor || editor->filePath().isEmpty())
        return false;
    Document *document = this->document(editor);
    const QString path = editor->filePath();
    int line = 0;
    int index = 0;
    editor->getCursorPosition(&line, &index);
    const int firstLine = editor->firstVisibleLine();
    QString error;
    if (!editor->load(path, &error)) {
        reportError(error);
        return false;
    }
    line = std::min(line, std::max(editor->lines() - 1, 0));
    index = std::min(index, static_cast<QsciScintilla *>(editor)->lineLength(line));
    editor->setCursorPosition(line, index);
    editor->setFirstVisibleLine(firstLine);
    m_fileWatcher->acknowledge(path);
    if (document) {
        document->setDiskState(Document::DiskState::InSync);
        updateTabLabel(document);
    }
    updateDiskChangeBar();
    if (document && document->diagnostics())
        document->diagnostics()->checkNow();
    statusBar()->showMessage(tr("Reloaded %1 from disk").arg(path), 3000);
    return true;
}

void MainWindow::keepMineAfterDiskChange()
{
    // The watcher already knows the disk's new state: only a further change asks again.
    if (Document *document = currentDocument(); document && document->hasPendingDiskChange())
        document->setDiskState(Document::DiskState::InSync);
    updateDiskChangeBar();
}

void MainWindow::updateDiskChangeBar()
{
    const Document *document = currentDocument();
    if (document && document->hasPendingDiskChange())
        m_diskChangeBar->showFor(document->displayName());
    else
        m_diskChangeBar->hide();
}

RecoveryDialog *MainWindow::offerRecovery()
{
    const QList<RecoveredBuffer> buffers = m_autosaver->store().orphans();
    if (buffers.isEmpty())
        return nullptr;
    auto *dialog = new RecoveryDialog(buffers, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, this, [this, dialog] {
        const QList<RecoveredBuffer> selected = dialog->selectedBuffers();
        switch (dialog->choice()) {
        case RecoveryDialog::Choice::Restore:
            for (const RecoveredBuffer &buffer : selected)
                restoreBuffer(buffer);
            // Into this session's recovery area before the old entries go, so a crash right
            // now loses nothing.
            m_autosaver->flush();
            for (const RecoveredBuffer &buffer : selected)
                RecoveryStore::discard(buffer);
            break;
        case RecoveryDialog::Choice::Discard:
            for (const RecoveredBuffer &buffer : selected)
                RecoveryStore::discard(buffer);
            break;
        case RecoveryDialog::Choice::Later:
            break;
        }
    });
    dialog->open();
    return dialog;
}

editor::ContractEditor *MainWindow::restoreBuffer(const RecoveredBuffer &buffer)
{
    editor::ContractEditor *editor = nullptr;
    if (!buffer.originalPath.isEmpty() && QFileInfo::exists(buffer.originalPath)
        && openFile(buffer.originalPath)) {
        editor = currentEditor();
    } else {
        newFile();
        editor = currentEditor();
        if (!buffer.originalPath.isEmpty()) {
            statusBar()->showMessage(
                tr("%1 no longer exists; its recovered text is in a new buffer")
                    .arg(buffer.originalPath),
                10000);
        }
    }
    if (!editor)
        return nullptr;
    const QString text = QString::fromUtf8(buffer.text);
    // One undo step from the file's text to the recovered one (setText() would clear the undo
    // history).
    if (editor->text() != text) {
        editor->beginUndoAction();
        editor->selectAll();
        editor->replaceSelectedText(text);
        editor->endUndoAction();
    }
    editor->setCursorPosition(0, 0);
    return editor;
}

bool MainWindow::restoreSession(bool workspace)
{
    const Settings settings;
    restoreGeometry(settings.windowGeometry());
    m_modes->restore(settings);
    if (!workspace)
        return false;
    for (const QString &path : settings.openTabs()) {
        if (QFileInfo::exists(path))
            openFile(path);
    }
    if (const int index = indexOfFile(settings.currentTab()); index >= 0)
        m_tabs->setCurrentIndex(index);
    const QString folder = settings.lastWorkspace();
    return !folder.isEmpty() && QFileInfo(folder).isDir() && openWorkspace(folder);
}

void MainWindow::saveSession() const
{
    Settings settings;
    settings.setWindowGeometry(saveGeometry());
    m_modes->save(settings);
    settings.setLastWorkspace(m_workspaceFolder);
    QStringList tabs;
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto *editor = editorAt(i); editor && !editor->filePath().isEmpty())
            tabs << editor->filePath();
    }
    settings.setOpenTabs(tabs);
    auto *current = currentEditor();
    settings.setCurrentTab(current ? current->filePath() : QString());
}

void MainWindow::createAppearanceActions(QMenu *view)
{
    view->addSeparator();
    QAction *palette = view->addAction(tr("&Command Palette…"));
    palette->setObjectName(QStringLiteral("actionCommandPalette"));
    palette->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_commandPalette = new CommandPalette(menuBar(), this);
    m_commandPalette->setExcludedAction(palette);
    connect(palette, &QAction::triggered, m_commandPalette, &CommandPalette::popup);

    view->addSeparator();
    const auto effectiveSize = [this] {
        return m_fontSize > 0 ? m_fontSize
                              : QFontDatabase::systemFont(QFontDatabase::FixedFont).pointSize();
    };
    QAction *zoomIn = view->addAction(tr("Zoom &In"));
    zoomIn->setObjectName(QStringLiteral("actionZoomIn"));
    // Ctrl+= too: on many keyboards "+" needs Shift.
    zoomIn->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    connect(zoomIn, &QAction::triggered, this, [this, effectiveSize] {
        setFontSize(std::min(effectiveSize() + 1, Settings::kMaxFontSize));
    });
    QAction *zoomOut = view->addAction(tr("Zoom &Out"));
    zoomOut->setObjectName(QStringLiteral("actionZoomOut"));
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    connect(zoomOut, &QAction::triggered, this, [this, effectiveSize] {
        setFontSize(std::max(effectiveSize() - 1, Settings::kMinFontSize));
    });
    QAction *zoomReset = view->addAction(tr("&Reset Zoom"));
    zoomReset->setObjectName(QStringLiteral("actionResetZoom"));
    zoomReset->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(zoomReset, &QAction::triggered, this, [this] { setFontSize(0); });

    view->addSeparator();
    QMenu *theme = view->addMenu(tr("T&heme"));
    theme->setObjectName(QStringLiteral("menuTheme"));
    theme->setProperty("llmclChoiceList", true);
    m_themeGroup = new QActionGroup(this);
    const std::pair<QString, Settings::Theme> themes[] = {
        {tr("Follow the &System"), Settings::Theme::System},
        {tr("&Light"), Settings::Theme::Light},
        {tr("&Dark"), Settings::Theme::Dark},
    };
    for (const auto &[text, value] : themes) {
        QAction *action = theme->addAction(text);
        action->setCheckable(true);
        action->setData(int(value));
        action->setActionGroup(m_themeGroup);
        connect(action, &QAction::triggered, this, [this, value] {
            Settings().setTheme(value);
            m_themeManager->setTheme(value);
        });
    }

    QMenu *syntax = view->addMenu(tr("S&yntax Theme"));
    syntax->setObjectName(QStringLiteral("menuSyntaxTheme"));
    syntax->setProperty("llmclChoiceList", true);
    m_syntaxThemeGroup = new QActionGroup(this);
    QAction *automatic = syntax->addAction(tr("&Automatic (Light or Dark)"));
    automatic->setCheckable(true);
    automatic->setData(QString());
    automatic->setActionGroup(m_syntaxThemeGroup);
    syntax->addSeparator();
    for (const KSyntaxHighlighting::Theme &each : m_repository.themes()) {
        QAction *action = syntax->addAction(each.translatedName());
        action->setCheckable(true);
        action->setData(each.name());
        action->setActionGroup(m_syntaxThemeGroup);
    }
    connect(m_syntaxThemeGroup, &QActionGroup::triggered, this,
        [this](QAction *action) { setSyntaxThemeName(action->data().toString()); });
}

void MainWindow::applyEditorLook(editor::ContractEditor *editor)
{
    if (m_syntaxThemeName.isEmpty())
        editor->useThemeForPalette();
    else
        editor->setSyntaxTheme(m_repository.theme(m_syntaxThemeName));
    const int base = QFontDatabase::systemFont(QFontDatabase::FixedFont).pointSize();
    editor->zoomTo(m_fontSize > 0 ? m_fontSize - base : 0);
}

void MainWindow::setFontSize(int points)
{
    m_fontSize =
        points <= 0 ? 0 : std::clamp(points, Settings::kMinFontSize, Settings::kMaxFontSize);
    Settings().setFontSize(m_fontSize);
    applyFontSizeToAll();
    const int base = QFontDatabase::systemFont(QFontDatabase::FixedFont).pointSize();
    statusBar()->showMessage(tr("Font size: %1 pt").arg(m_fontSize > 0 ? m_fontSize : base), 2000);
}

void MainWindow::applyFontSizeToAll()
{
    // Every Scintilla editor of the window, the tabs' and the panels' alike.
    const int base = QFontDatabase::systemFont(QFontDatabase::FixedFont).pointSize();
    for (QsciScintilla *each : findChildren<QsciScintilla *>())
        each->zoomTo(m_fontSize > 0 ? m_fontSize - base : 0);
}

void MainWindow::setSyntaxThemeName(const QString &name)
{
    m_syntaxThemeName = name.isEmpty() || !m_repository.theme(name).isValid() ? QString() : name;
    Settings().setSyntaxTheme(m_syntaxThemeName);
    for (QAction *action : m_syntaxThemeGroup->actions())
        action->setChecked(action->data().toString() == m_syntaxThemeName);
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto *editor = editorAt(i))
            applyEditorLook(editor);
    }
}

void MainWindow::applySettings()
{
    const Settings settings;
    m_themeManager->setTheme(settings.theme());
    for (QAction *action : m_themeGroup->actions())
        action->setChecked(action->data().toInt() == int(settings.theme()));
    m_autosaver->setInterval(settings.autosaveInterval());
    m_fontSize = settings.fontSize();
    applyFontSizeToAll();
    setSyntaxThemeName(settings.syntaxTheme());
}

void MainWindow::showSettingsDialog()
{
    QStringList names;
    for (const KSyntaxHighlighting::Theme &theme : m_repository.themes())
        names << theme.name();
    auto *dialog = new SettingsDialog(names, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->load(Settings());
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        Settings settings;
        const QString language = settings.language();
        dialog->store(settings);
        applySettings();
        if (settings.language() != language)
            offerRestart();
    });
    dialog->open();
}

void MainWindow::offerRestart()
{
    statusBar()->showMessage(tr("The new language applies after a restart."), 10000);
    auto *offer = new QMessageBox(QMessageBox::Question, tr("Language Changed"),
        tr("The new language applies after LLMCL Studio restarts. Restart now?"),
        QMessageBox::NoButton, this);
    offer->setObjectName(QStringLiteral("RestartOffer"));
    QPushButton *restart = offer->addButton(tr("&Restart Now"), QMessageBox::AcceptRole);
    restart->setObjectName(QStringLiteral("RestartNowButton"));
    offer->addButton(tr("&Later"), QMessageBox::RejectRole);
    offer->setDefaultButton(restart);
    offer->setWindowModality(Qt::WindowModal);
    offer->setAttribute(Qt::WA_DeleteOnClose);
    connect(offer, &QMessageBox::buttonClicked, this, [this, restart](QAbstractButton *button) {
        if (button == restart)
            Q_EMIT restartRequested();
    });
    offer->open();
}

} // namespace llmcl::app
