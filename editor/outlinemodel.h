// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/languageservice.h"

#include <QAbstractItemModel>
#include <QIcon>

#include <array>
#include <memory>
#include <vector>

namespace llmcl::editor {

// The Outline of one document: imports and contracts at the top, a contract's parameters and
// clauses below it (engine::LanguageService::documentSymbols()), one column.
//
// setSymbols() brings the model to a new analysis without a reset: rows are matched by kind
// and name at each level; matched rows are updated in place (dataChanged), the others removed
// or inserted. Views therefore keep the expansion and the selection of every contract that is
// still there while the user types. setSymbols() with symbolsReplaced = true (another document)
// resets.
//
// Offsets (the roles below, indexAt()) are UTF-8 byte offsets of the analysed text, the one
// the symbols came from; callers map them to the current text. GUI thread only.
class OutlineModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Role
    {
        KindRole = Qt::UserRole + 1, // engine::DocumentSymbol::Kind as int
        NameRole, // the symbol's name ("ChatbotSafety#2 ensure")
        RangeBeginRole, // byte offset where the whole construct begins
        RangeEndRole,
        SelectionBeginRole, // the name (a clause: its keyword)
        SelectionEndRole,
        LineRole, // 1-based line of the selection range
    };

    explicit OutlineModel(QObject *parent = nullptr);
    ~OutlineModel() override;

    void setSymbols(
        const std::vector<engine::DocumentSymbol> &symbols, bool documentReplaced = false);
    void clear();

    // The innermost symbol whose range contains byte `offset` (a clause before its contract),
    // or an invalid index.
    QModelIndex indexAt(std::size_t offset) const;
    // The symbol of an index (null for an invalid one).
    const engine::DocumentSymbol *symbol(const QModelIndex &index) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Node;
    void sync(Node *parent, const std::vector<engine::DocumentSymbol> &symbols);
    QModelIndex indexOf(const Node *node) const;
    static std::unique_ptr<Node> makeNode(const engine::DocumentSymbol &symbol, Node *parent);

    std::unique_ptr<Node> m_root;
    mutable std::array<QIcon, 4> m_icons; // by DocumentSymbol::Kind
};

} // namespace llmcl::editor
