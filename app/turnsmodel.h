// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tracer/conversation.h"

#include <QAbstractItemModel>

#include <memory>

namespace llmcl::app {

// The turns of one conversation as a flat table: number (1-based), the user's message, the
// assistant's answer (shown as "(no response)" when the turn was never answered) and the
// turn's context keys. Texts are shown on one line, shortened; the whole text is the tooltip.
// Long conversations are exposed in chunks of kFetchChunk through canFetchMore()/fetchMore().
// GUI thread only.
class TurnsModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    static constexpr int kFetchChunk = 256;

    enum Column
    {
        NumberColumn,
        UserColumn,
        AssistantColumn,
        ContextColumn,
        ColumnCount
    };

    explicit TurnsModel(QObject *parent = nullptr);
    ~TurnsModel() override;

    // Shows the turns of `conversation` (null: none).
    void setConversation(std::shared_ptr<const tracer::Conversation> conversation);
    const std::shared_ptr<const tracer::Conversation> &conversation() const
    {
        return m_conversation;
    }
    // The turn of `row`; null when out of range.
    const tracer::Turn *turn(int row) const;

    // The context the engine sees for the turn of `row` (LANGUAGE.md §5: the turn's context
    // merged over the conversation's metadata, the turn's keys winning), as compact JSON.
    QString contextJson(int row) const;

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
    std::shared_ptr<const tracer::Conversation> m_conversation;
    int m_exposed = 0;
    bool m_inserting = false;
};

} // namespace llmcl::app
