// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tracer/conversation.h"

#include <QAbstractItemModel>

#include <memory>
#include <vector>

namespace llmcl::app {

// The conversations of a loaded sessions file, as a flat table: id, number of turns, line in
// the file and the first user message (one line, shortened; the whole text in the tooltip).
//
// Rows arrive in batches (append()) while the file is read; they are exposed to views in
// chunks of kFetchChunk through canFetchMore()/fetchMore(), so a view never lays out 100,000
// rows at once. The first chunk is exposed as soon as it arrives. GUI thread only.
class ConversationsModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    static constexpr int kFetchChunk = 512;

    enum Column
    {
        IdColumn,
        TurnsColumn,
        LineColumn,
        FirstMessageColumn,
        ColumnCount
    };

    explicit ConversationsModel(QObject *parent = nullptr);
    ~ConversationsModel() override;

    // Adds conversations at the end (they are shared, not copied).
    void append(const std::vector<std::shared_ptr<const tracer::Conversation>> &conversations);
    void clear();

    // Every conversation received, exposed or not.
    int loadedCount() const { return int(m_conversations.size()); }
    // Turns of all received conversations.
    quint64 turnCount() const { return m_turns; }
    // The conversation of `row` (exposed or not); null when out of range.
    std::shared_ptr<const tracer::Conversation> conversation(int row) const;
    // The row of `conversation` (exposed or not); -1 when it is not in the model. Linear.
    int rowOf(const std::shared_ptr<const tracer::Conversation> &conversation) const;
    // The conversations after `row`, in file order (all of them for -1).
    std::vector<std::shared_ptr<const tracer::Conversation>> after(int row) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

private:
    // Inserts the rows of up to `most` more conversations.
    void expose(int most);

    std::vector<std::shared_ptr<const tracer::Conversation>> m_conversations;
    int m_exposed = 0;
    bool m_inserting = false;
    quint64 m_turns = 0;
};

} // namespace llmcl::app
