// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/turnsmodel.h"

#include "app/textpreview.h"
#include "engine/json.h"

#include <QScopedValueRollback>
#include <QStringList>

#include <algorithm>

namespace llmcl::app {

TurnsModel::TurnsModel(QObject *parent)
    : QAbstractItemModel(parent)
{ }

TurnsModel::~TurnsModel() = default;

void TurnsModel::setConversation(std::shared_ptr<const tracer::Conversation> conversation)
{
    const QScopedValueRollback resetting(m_inserting, true);
    beginResetModel();
    m_conversation = std::move(conversation);
    m_exposed =
        m_conversation ? int(std::min<std::size_t>(kFetchChunk, m_conversation->turns.size())) : 0;
    endResetModel();
}

const tracer::Turn *TurnsModel::turn(int row) const
{
    if (!m_conversation || row < 0 || std::size_t(row) >= m_conversation->turns.size())
        return nullptr;
    return &m_conversation->turns[std::size_t(row)];
}

QString TurnsModel::contextJson(int row) const
{
    const tracer::Turn *t = turn(row);
    if (!t)
        return QString();
    std::vector<engine::MapEntry> merged;
    if (m_conversation->metadata.isMap()) {
        for (const engine::MapEntry &entry : m_conversation->metadata.asMap()) {
            if (!t->context.find(entry.first))
                merged.push_back(entry);
        }
    }
    if (t->context.isMap()) {
        for (const engine::MapEntry &entry : t->context.asMap())
            merged.push_back(entry);
    }
    engine::JsonWriter writer;
    engine::writeValue(writer, engine::Value::map(std::move(merged)));
    return QString::fromStdString(writer.text());
}

QModelIndex TurnsModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || row >= m_exposed || column < 0 || column >= ColumnCount)
        return {};
    return createIndex(row, column);
}

QModelIndex TurnsModel::parent(const QModelIndex &) const
{
    return {};
}

int TurnsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_exposed;
}

int TurnsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TurnsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const tracer::Turn &t = *turn(index.row());
    const bool tooltip = role == Qt::ToolTipRole;
    if (role != Qt::DisplayRole && !tooltip) {
        if (role == Qt::TextAlignmentRole && index.column() == NumberColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    const int length = tooltip ? 2000 : 120;
    switch (index.column()) {
    case NumberColumn:
        return tooltip ? QVariant() : QVariant(index.row() + 1);
    case UserColumn:
        return textPreview(t.content, length);
    case AssistantColumn:
        return t.response ? textPreview(*t.response, length) : tr("(no response)");
    case ContextColumn: {
        QStringList keys;
        if (t.context.isMap()) {
            for (const engine::MapEntry &entry : t.context.asMap())
                keys.append(QString::fromStdString(entry.first));
        }
        return tooltip ? QVariant(contextJson(index.row())) : QVariant(keys.join(u", "));
    }
    default:
        return {};
    }
}

QVariant TurnsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NumberColumn:
        return tr("Turn");
    case UserColumn:
        return tr("User");
    case AssistantColumn:
        return tr("Assistant");
    case ContextColumn:
        return tr("Context");
    default:
        return {};
    }
}

bool TurnsModel::canFetchMore(const QModelIndex &parent) const
{
    return !m_inserting && !parent.isValid() && m_conversation
        && std::size_t(m_exposed) < m_conversation->turns.size();
}

void TurnsModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    const int count =
        int(std::min<std::size_t>(kFetchChunk, m_conversation->turns.size() - m_exposed));
    // Views (and QAbstractItemModelTester) may call fetchMore() again from their rowsInserted
    // handlers: the nested call waits for the next round.
    const QScopedValueRollback inserting(m_inserting, true);
    beginInsertRows({}, m_exposed, m_exposed + count - 1);
    m_exposed += count;
    endInsertRows();
}

} // namespace llmcl::app
