// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/problemsmodel.h"

#include "editor/contracteditor.h"
#include "editor/diagnosticicons.h"
#include "editor/diagnostictranslations.h"

#include <QFileInfo>

#include <algorithm>

namespace llmcl::editor {

ProblemsModel::ProblemsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

ProblemsModel::~ProblemsModel() = default;

void ProblemsModel::addEditor(ContractEditor *editor)
{
    const QObject *key = editor;
    const auto update = [this, editor] {
        setDocumentDiagnostics(editor, editor->filePath(), editor->diagnostics(), editor);
    };
    connect(editor, &ContractEditor::diagnosticsChanged, this, update);
    connect(editor, &ContractEditor::filePathChanged, this, update);
    // By then only the QObject is left: use the pointer as a key, never as an editor.
    connect(editor, &QObject::destroyed, this, [this, key] { removeDocument(key); });
    update();
}

std::pair<int, int> ProblemsModel::rowsOf(const QObject *document) const
{
    const auto order = std::find(m_documents.begin(), m_documents.end(), document);
    // Rows are grouped by document in m_documents order: skip the rows of earlier documents.
    int first = 0;
    for (auto it = m_documents.begin(); it != order; ++it) {
        while (std::size_t(first) < m_rows.size() && m_rows[std::size_t(first)].document == *it)
            ++first;
    }
    int last = first;
    while (std::size_t(last) < m_rows.size() && m_rows[std::size_t(last)].document == document)
        ++last;
    return {first, last};
}

void ProblemsModel::setDocumentDiagnostics(const QObject *document, const QString &filePath,
    const std::vector<engine::Diagnostic> &diagnostics, ContractEditor *editor)
{
    if (std::find(m_documents.begin(), m_documents.end(), document) == m_documents.end())
        m_documents.push_back(document);
    const auto [first, last] = rowsOf(document);
    if (last > first) {
        beginRemoveRows({}, first, last - 1);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + last);
        endRemoveRows();
    }
    if (!diagnostics.empty()) {
        beginInsertRows({}, first, first + int(diagnostics.size()) - 1);
        std::vector<Problem> rows;
        rows.reserve(diagnostics.size());
        for (std::size_t i = 0; i < diagnostics.size(); ++i)
            rows.push_back(Problem {document, editor, filePath, int(i), diagnostics[i]});
        m_rows.insert(m_rows.begin() + first, std::make_move_iterator(rows.begin()),
            std::make_move_iterator(rows.end()));
        endInsertRows();
    }
    Q_EMIT countsChanged();
}

void ProblemsModel::removeDocument(const QObject *document)
{
    const auto it = std::find(m_documents.begin(), m_documents.end(), document);
    if (it == m_documents.end())
        return;
    const auto [first, last] = rowsOf(document);
    // From QObject::destroyed the editor is half destroyed: QWidget's destructor emits it while
    // the QPointer still holds the object, which is no ContractEditor any more. Views read the
    // rows while they are removed; they must not reach it (UBSan's vptr check did).
    for (int row = first; row < last; ++row)
        m_rows[std::size_t(row)].editor = nullptr;
    if (last > first) {
        beginRemoveRows({}, first, last - 1);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + last);
        endRemoveRows();
    }
    m_documents.erase(it);
    Q_EMIT countsChanged();
}

int ProblemsModel::count(engine::Severity severity) const
{
    return int(std::count_if(m_rows.begin(), m_rows.end(),
        [severity](const Problem &problem) { return problem.diagnostic.severity == severity; }));
}

int ProblemsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ProblemsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProblemsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Problem &problem = m_rows[std::size_t(index.row())];
    const engine::Diagnostic &diagnostic = problem.diagnostic;
    const QString fileName = problem.filePath.isEmpty()
        ? (problem.editor ? problem.editor->displayName() : tr("Untitled"))
        : QFileInfo(problem.filePath).fileName();
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn:
            return severityText(diagnostic.severity);
        case CodeColumn:
            return QString::fromStdString(diagnostic.code);
        case MessageColumn:
            return DiagnosticTranslations::translate(diagnostic);
        case FileColumn:
            return fileName;
        case LineColumn:
            return int(diagnostic.range.begin.line);
        case ColumnColumn:
            return int(diagnostic.range.begin.column);
        default:
            return {};
        }
    case Qt::DecorationRole:
        if (index.column() == SeverityColumn)
            return severityIcon(diagnostic.severity);
        return {};
    case Qt::ToolTipRole:
        return tr("%1:%2:%3: %4 %5: %6")
            .arg(problem.filePath.isEmpty() ? fileName : problem.filePath)
            .arg(diagnostic.range.begin.line)
            .arg(diagnostic.range.begin.column)
            .arg(severityText(diagnostic.severity), QString::fromStdString(diagnostic.code),
                DiagnosticTranslations::translate(diagnostic));
    case Qt::TextAlignmentRole:
        if (index.column() == LineColumn || index.column() == ColumnColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case SeverityRole:
        return int(diagnostic.severity);
    case FilePathRole:
        return problem.filePath;
    case DiagnosticIndexRole:
        return problem.index;
    case BeginOffsetRole:
        return qulonglong(diagnostic.range.begin.offset);
    case EndOffsetRole:
        return qulonglong(diagnostic.range.end.offset);
    default:
        return {};
    }
}

QVariant ProblemsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SeverityColumn:
        return tr("Severity");
    case CodeColumn:
        return tr("Code");
    case MessageColumn:
        return tr("Message");
    case FileColumn:
        return tr("File");
    case LineColumn:
        return tr("Line");
    case ColumnColumn:
        return tr("Column");
    default:
        return {};
    }
}

} // namespace llmcl::editor
