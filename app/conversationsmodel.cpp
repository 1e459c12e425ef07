// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/conversationsmodel.h"

#include "app/textpreview.h"

#include <QScopedValueRollback>

#include <algorithm>

namespace llmcl::app {

ConversationsModel::ConversationsModel(QObject *parent)
    : QAbstractItemModel(parent)
{ }

ConversationsModel::~ConversationsModel() = default;

void ConversationsModel::append(
    const std::vector<std::shared_ptr<const tracer::Conversation>> &conversations)
{
    if (conversations.empty())
        return;
    for (const auto &conversation : conversations)
        m_turns += conversation->turns.size();
    m_conversations.insert(m_conversations.end(), conversations.begin(), conversations.end());
    // The first kFetchChunk rows appear without waiting for a view to ask: a freshly loaded
    // file shows something at once; the rest comes as the view scrolls (fetchMore()). However
    // the loader cuts its batches, no more than kFetchChunk rows come this way.
    if (m_exposed < kFetchChunk)
        expose(kFetchChunk - m_exposed);
}

void ConversationsModel::clear()
{
    const QScopedValueRollback resetting(m_inserting, true);
    beginResetModel();
    m_conversations.clear();
    m_exposed = 0;
    m_turns = 0;
    endResetModel();
}

std::shared_ptr<const tracer::Conversation> ConversationsModel::conversation(int row) const
{
    if (row < 0 || std::size_t(row) >= m_conversations.size())
        return nullptr;
    return m_conversations[std::size_t(row)];
}

int ConversationsModel::rowOf(const std::shared_ptr<const tracer::Conversation> &conversation) const
{
    if (!conversation)
        return -1;
    const auto it = std::find(m_conversations.begin(), m_conversations.end(), conversation);
    return it == m_conversations.end() ? -1 : int(it - m_conversations.begin());
}

std::vector<std::shared_ptr<const tracer::Conversation>> ConversationsModel::after(int row) const
{
    const std::size_t first = std::size_t(std::max(row + 1, 0));
    if (first >= m_conversations.size())
        return {};
    return std::vector<std::shared_ptr<const tracer::Conversation>>(
        m_conversations.begin() + std::ptrdiff_t(first), m_conversations.end());
}

QModelIndex ConversationsModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || row >= m_exposed || column < 0 || column >= ColumnCount)
        return {};
    return createIndex(row, column);
}

QModelIndex ConversationsModel::parent(const QModelIndex &) const
{
    return {};
}

int ConversationsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_exposed;
}

int ConversationsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConversationsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const tracer::Conversation &c = *m_conversations[std::size_t(index.row())];
    const std::string_view first =
        c.turns.empty() ? std::string_view() : std::string_view(c.turns.front().content);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case IdColumn:
            return QString::fromStdString(c.id);
        case TurnsColumn:
            return qulonglong(c.turns.size());
        case LineColumn:
            return qulonglong(c.line);
        case FirstMessageColumn:
            return textPreview(first);
        default:
            break;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == FirstMessageColumn)
            return textPreview(first, 2000);
        if (index.column() == IdColumn)
            return tr("Line %1 (byte %2) of the file").arg(c.line).arg(c.byteOffset);
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == TurnsColumn || index.column() == LineColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default:
        break;
    }
    return {};
}

QVariant ConversationsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("Conversation");
    case TurnsColumn:
        return tr("Turns");
    case LineColumn:
        return tr("Line");
    case FirstMessageColumn:
        return tr("First message");
    default:
        return {};
    }
}

bool ConversationsModel::canFetchMore(const QModelIndex &parent) const
{
    return !m_inserting && !parent.isValid() && std::size_t(m_exposed) < m_conversations.size();
}

void ConversationsModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    expose(kFetchChunk);
}

void ConversationsModel::expose(int most)
{
    if (m_inserting || std::size_t(m_exposed) >= m_conversations.size())
        return;
    const int count = int(std::min<std::size_t>(most, m_conversations.size() - m_exposed));
    // Views (and QAbstractItemModelTester) may call fetchMore() again from their rowsInserted
    // handlers: the nested call waits for the next round.
    const QScopedValueRollback inserting(m_inserting, true);
    beginInsertRows({}, m_exposed, m_exposed + count - 1);
    m_exposed += count;
    endInsertRows();
}

} // namespace llmcl::app
