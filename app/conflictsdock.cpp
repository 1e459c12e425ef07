// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/conflictsdock.h"

#include "app/debugtools.h"
#include "app/mainwindow.h"
#include "editor/contracteditor.h"
#include "editor/diagnosticicons.h"
#include "editor/diagnosticscontroller.h"
#include "editor/diagnostictranslations.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace llmcl::app {

namespace {

enum Role
{
    FileRole = Qt::UserRole,
    BeginRole,
    EndRole,
};

enum Column
{
    ConflictColumn,
    ResolutionColumn,
    SuppressedColumn,
    WhyColumn,
};

bool isConflict(const engine::Diagnostic &diagnostic)
{
    return diagnostic.code == "E3001" || diagnostic.code == "E3002" || diagnostic.code == "W3001"
        || diagnostic.code == "W3002";
}

QString argument(const engine::Diagnostic &diagnostic, std::string_view name)
{
    for (const engine::DiagnosticArgument &a : diagnostic.arguments) {
        if (a.name == name)
            return QString::fromStdString(a.value);
    }
    return {};
}

// The clause's first line of text, for the row under a conflict (the editor's text when the
// clause is in its document, else the file's).
QString firstLineOf(const std::string &text, const engine::SourceRange &range)
{
    const std::size_t begin = std::min<std::size_t>(range.begin.offset, text.size());
    const std::size_t end = std::min(text.find('\n', begin), text.size());
    return QString::fromUtf8(text.data() + begin, qsizetype(end - begin)).trimmed();
}

void setTarget(QTreeWidgetItem *item, const QString &file, const engine::SourceRange &range)
{
    item->setData(ConflictColumn, FileRole, file);
    item->setData(ConflictColumn, BeginRole, qint64(range.begin.offset));
    item->setData(ConflictColumn, EndRole, qint64(range.end.offset));
}

} // namespace

ConflictsDock::ConflictsDock(MainWindow *window)
    : QDockWidget(tr("Conflicts"), window)
    , m_window(window)
    , m_view(new QTreeWidget(this))
    , m_summary(new QLabel(this))
{
    setObjectName(QStringLiteral("ConflictsDock"));
    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(2, 2, 2, 2);
    m_summary->setObjectName(QStringLiteral("ConflictsSummary"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_view->setObjectName(QStringLiteral("ConflictsView"));
    m_view->setHeaderLabels({tr("Conflict"), tr("Resolution"), tr("Suppressed"), tr("Why")});
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->header()->setStretchLastSection(true);
    layout->addWidget(m_view, 1);
    setWidget(content);
    connect(m_view, &QTreeWidget::itemActivated, this, &ConflictsDock::activate);
    // The tab widget itself, not the window: the tabs report their editors going while the
    // window is being destroyed.
    QTabWidget *tabs = window->tabs();
    m_tabs = connect(tabs, &QTabWidget::currentChanged, this,
        [this, tabs] { follow(qobject_cast<editor::ContractEditor *>(tabs->currentWidget())); });
    follow(qobject_cast<editor::ContractEditor *>(tabs->currentWidget()));
}

ConflictsDock::~ConflictsDock()
{
    // The window's tabs switch as their editors go while the window is destroyed.
    disconnect(m_tabs);
    disconnect(m_analysed);
}

void ConflictsDock::follow(editor::ContractEditor *editor)
{
    editor::DiagnosticsController *controller = MainWindow::diagnosticsController(editor);
    if (editor == m_editor && controller == m_controller)
        return;
    disconnect(m_analysed);
    m_editor = editor;
    m_controller = controller;
    if (controller)
        m_analysed = connect(controller, &editor::DiagnosticsController::diagnosticsApplied, this,
            &ConflictsDock::refresh);
    refresh();
}

void ConflictsDock::refresh()
{
    m_view->clear();
    const auto service = m_controller ? m_controller->languageService() : nullptr;
    if (!service) {
        m_summary->setText(m_editor ? tr("Waiting for the analysis of the contracts.")
                                    : tr("Open a contract to see its conflicts."));
        return;
    }
    const QString documentPath = QString::fromStdString(service->path());
    const QString name = QFileInfo(documentPath).fileName();
    int count = 0;
    for (const engine::Diagnostic &diagnostic : service->diagnostics()) {
        if (!isConflict(diagnostic))
            continue;
        ++count;
        const bool error = diagnostic.severity == engine::Severity::Error;
        const bool redundancy = diagnostic.code == "W3002";
        // The two clauses in the order the engine names them.
        QString one;
        QString other;
        QString resolution;
        if (error) {
            one = argument(diagnostic, "first");
            other = argument(diagnostic, "second");
            resolution = diagnostic.code == "E3002"
                ? tr("merge keeps both: no text can pass (the contracts do not compile)")
                : tr("fail_on_conflict: an error (the contracts do not compile)");
        } else if (redundancy) {
            one = argument(diagnostic, "redundant");
            other = argument(diagnostic, "other");
            resolution = argument(diagnostic, "rule");
            if (resolution.isEmpty())
                resolution = argument(diagnostic, "kept");
        } else {
            one = argument(diagnostic, "suppressed");
            other = argument(diagnostic, "kept");
            resolution = argument(diagnostic, "rule");
        }
        const QString kind = redundancy ? tr("%1 is redundant beside %2").arg(one, other)
                                        : tr("%1 contradicts %2").arg(one, other);
        const QString suppressed = argument(diagnostic, "suppressed");
        auto *item = new QTreeWidgetItem(m_view,
            {kind, resolution, suppressed.isEmpty() ? tr("none") : suppressed,
                argument(diagnostic, "explanation")});
        item->setIcon(ConflictColumn, editor::severityIcon(diagnostic.severity));
        const QString message = editor::DiagnosticTranslations::translate(diagnostic);
        for (int column = 0; column < m_view->columnCount(); ++column)
            item->setToolTip(column, message);
        const QString file =
            diagnostic.file.empty() ? documentPath : QString::fromStdString(diagnostic.file);
        setTarget(item, file, diagnostic.range);

        // Its two clauses: the other clause (the related location) first, as it comes first in
        // evaluation order, then the one the conflict was reported on.
        struct End
        {
            QString file;
            engine::SourceRange range;
        };
        std::vector<End> ends;
        for (const engine::RelatedLocation &related : diagnostic.related)
            ends.push_back(
                {related.file.empty() ? documentPath : QString::fromStdString(related.file),
                    related.range});
        ends.push_back({file, diagnostic.range});
        for (const End &end : ends) {
            const bool here = end.file == documentPath;
            const QString text = here ? firstLineOf(service->text(), end.range) : QString();
            const QString where = here
                ? tr("line %1").arg(end.range.begin.line)
                : tr("%1, line %2").arg(QFileInfo(end.file).fileName()).arg(end.range.begin.line);
            auto *clause = new QTreeWidgetItem(item, {where + QStringLiteral(": ") + text});
            clause->setFirstColumnSpanned(true);
            clause->setToolTip(ConflictColumn, text);
            setTarget(clause, end.file, end.range);
        }
    }
    m_view->expandAll();
    m_view->resizeColumnToContents(ConflictColumn);
    m_summary->setText(count == 0 ? tr("No conflicts between the clauses of %1.").arg(name)
                                  : tr("%n conflict(s) in %1", nullptr, count).arg(name));
}

void ConflictsDock::activate(QTreeWidgetItem *item)
{
    if (!item)
        return;
    const QString file = item->data(ConflictColumn, FileRole).toString();
    if (file.isEmpty()
        || !m_window->debugTools()->selectClause(file,
            int(item->data(ConflictColumn, BeginRole).toLongLong()),
            int(item->data(ConflictColumn, EndRole).toLongLong())))
        return;
    if (editor::ContractEditor *editor = m_window->currentEditor())
        editor->setFocus();
}

} // namespace llmcl::app
