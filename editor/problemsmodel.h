// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/diagnostic.h"

#include <QAbstractTableModel>
#include <QPointer>
#include <QString>

#include <vector>

namespace llmcl::editor {

class ContractEditor;

// The diagnostics of the open documents as a flat table for the Problems panel: one row per
// diagnostic, grouped by document in the order they were added, each document's rows in source
// order. Columns: severity (text and symbol), code, message, file name, line, column (1-based;
// the column counts code points, as the editor's status bar does).
//
// Documents are editors (addEditor(): rows follow ContractEditor::diagnosticsChanged) or plain
// keyed lists (setDocumentDiagnostics()). Replacing a document's diagnostics removes and inserts
// only that document's rows, so selections elsewhere survive. GUI thread only.
class ProblemsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        SeverityColumn,
        CodeColumn,
        MessageColumn,
        FileColumn,
        LineColumn,
        ColumnColumn,
        ColumnCount
    };

    enum Role
    {
        // int(engine::Severity)
        SeverityRole = Qt::UserRole + 1,
        // The document's absolute path (empty for an unsaved buffer).
        FilePathRole,
        // The diagnostic's index in its document's list.
        DiagnosticIndexRole,
        // Byte offsets of the range in the checked text.
        BeginOffsetRole,
        EndOffsetRole,
    };

    struct Problem
    {
        const QObject *document = nullptr; // the key; an editor for rows from addEditor()
        QPointer<ContractEditor> editor; // null for plain documents or once the editor is gone
        QString filePath;
        int index = 0;
        engine::Diagnostic diagnostic;
    };

    explicit ProblemsModel(QObject *parent = nullptr);
    ~ProblemsModel() override;

    // Shows `editor`'s diagnostics and follows them until the editor is destroyed or removed.
    void addEditor(ContractEditor *editor);
    // Replaces the rows of `document` (any object, used as a key only).
    void setDocumentDiagnostics(const QObject *document, const QString &filePath,
        const std::vector<engine::Diagnostic> &diagnostics, ContractEditor *editor = nullptr);
    void removeDocument(const QObject *document);

    const Problem &problemAt(int row) const { return m_rows[std::size_t(row)]; }
    int count(engine::Severity severity) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

Q_SIGNALS:
    // After any change of the rows (for summaries such as "2 errors, 1 warning").
    void countsChanged();

private:
    // The rows [first, last) of `document`; first == last (where it would go) when it has none.
    std::pair<int, int> rowsOf(const QObject *document) const;

    std::vector<Problem> m_rows;
    // Documents in the order they were first given, so their rows keep their place.
    std::vector<const QObject *> m_documents;
};

} // namespace llmcl::editor
