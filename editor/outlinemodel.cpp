// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/outlinemodel.h"

#include <QIcon>
#include <QPainter>
#include <QPixmap>

#include <algorithm>

namespace llmcl::editor {

struct OutlineModel::Node
{
    engine::DocumentSymbol symbol; // children are kept in `children` below, not in symbol
    Node *parent = nullptr;
    std::vector<std::unique_ptr<Node>> children;

    int row() const
    {
        if (!parent)
            return 0;
        const auto &siblings = parent->children;
        const auto it = std::find_if(siblings.begin(), siblings.end(),
            [this](const std::unique_ptr<Node> &n) { return n.get() == this; });
        return int(it - siblings.begin());
    }
};

namespace {

using Kind = engine::DocumentSymbol::Kind;

bool sameKey(const engine::DocumentSymbol &a, const engine::DocumentSymbol &b)
{
    return a.kind == b.kind && a.name == b.name;
}

QString kindLabel(Kind kind)
{
    switch (kind) {
    case Kind::Contract:
        return OutlineModel::tr("contract");
    case Kind::Clause:
        return OutlineModel::tr("clause");
    case Kind::Parameter:
        return OutlineModel::tr("parameter");
    case Kind::Import:
        return OutlineModel::tr("import");
    }
    return {};
}

QIcon makeKindIcon(Kind kind)
{
    QIcon icon;
    {
        // A letter per kind, so that the kind is not told by colour alone.
        const QChar letters[] = {
            QLatin1Char('C'), QLatin1Char('c'), QLatin1Char('p'), QLatin1Char('i')};
        const QColor colors[] = {QColor(0xc6, 0x28, 0x28), QColor(0x15, 0x65, 0xc0),
            QColor(0x00, 0x83, 0x8f), QColor(0x45, 0x5a, 0x64)};
        QPixmap pixmap(16, 16);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(colors[int(kind)]);
        painter.drawRoundedRect(QRectF(0.5, 0.5, 15, 15), 3, 3);
        QFont font = painter.font();
        font.setPixelSize(12);
        font.setBold(true);
        painter.setFont(font);
        painter.setPen(Qt::white);
        painter.drawText(pixmap.rect(), Qt::AlignCenter, QString(letters[int(kind)]));
        painter.end();
        icon = QIcon(pixmap);
    }
    return icon;
}

} // namespace

OutlineModel::OutlineModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{ }

OutlineModel::~OutlineModel() = default;

std::unique_ptr<OutlineModel::Node> OutlineModel::makeNode(
    const engine::DocumentSymbol &symbol, Node *parent)
{
    auto node = std::make_unique<Node>();
    node->parent = parent;
    node->symbol = symbol;
    node->symbol.children.clear();
    for (const engine::DocumentSymbol &child : symbol.children)
        node->children.push_back(makeNode(child, node.get()));
    return node;
}

void OutlineModel::clear()
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    endResetModel();
}

void OutlineModel::setSymbols(
    const std::vector<engine::DocumentSymbol> &symbols, bool documentReplaced)
{
    if (documentReplaced) {
        beginResetModel();
        m_root = std::make_unique<Node>();
        for (const engine::DocumentSymbol &symbol : symbols)
            m_root->children.push_back(makeNode(symbol, m_root.get()));
        endResetModel();
        return;
    }
    sync(m_root.get(), symbols);
}

void OutlineModel::sync(Node *parent, const std::vector<engine::DocumentSymbol> &symbols)
{
    const QModelIndex parentIndex = indexOf(parent);
    auto &rows = parent->children;
    std::size_t row = 0;
    for (const engine::DocumentSymbol &symbol : symbols) {
        // The symbol's row among the remaining old rows, if it is still there.
        std::size_t found = row;
        while (found < rows.size() && !sameKey(rows[found]->symbol, symbol))
            ++found;
        if (found < rows.size()) {
            if (found > row) {
                // Rows before it vanished (or moved: they come back as new rows).
                beginRemoveRows(parentIndex, int(row), int(found) - 1);
                rows.erase(
                    rows.begin() + std::ptrdiff_t(row), rows.begin() + std::ptrdiff_t(found));
                endRemoveRows();
            }
            Node *node = rows[row].get();
            const bool changed = node->symbol.detail != symbol.detail
                || node->symbol.range != symbol.range
                || node->symbol.selectionRange != symbol.selectionRange;
            node->symbol.detail = symbol.detail;
            node->symbol.range = symbol.range;
            node->symbol.selectionRange = symbol.selectionRange;
            if (changed) {
                const QModelIndex index = createIndex(int(row), 0, node);
                Q_EMIT dataChanged(index, index);
            }
            sync(node, symbol.children);
        } else {
            beginInsertRows(parentIndex, int(row), int(row));
            rows.insert(rows.begin() + std::ptrdiff_t(row), makeNode(symbol, parent));
            endInsertRows();
        }
        ++row;
    }
    if (row < rows.size()) {
        beginRemoveRows(parentIndex, int(row), int(rows.size()) - 1);
        rows.erase(rows.begin() + std::ptrdiff_t(row), rows.end());
        endRemoveRows();
    }
}

QModelIndex OutlineModel::indexOf(const Node *node) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row(), 0, const_cast<Node *>(node));
}

QModelIndex OutlineModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0)
        return {};
    const Node *node =
        parent.isValid() ? static_cast<const Node *>(parent.internalPointer()) : m_root.get();
    if (std::size_t(row) >= node->children.size())
        return {};
    return createIndex(row, 0, node->children[std::size_t(row)].get());
}

QModelIndex OutlineModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOf(static_cast<const Node *>(child.internalPointer())->parent);
}

int OutlineModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    const Node *node =
        parent.isValid() ? static_cast<const Node *>(parent.internalPointer()) : m_root.get();
    return int(node->children.size());
}

int OutlineModel::columnCount(const QModelIndex &) const
{
    return 1;
}

const engine::DocumentSymbol *OutlineModel::symbol(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    return &static_cast<const Node *>(index.internalPointer())->symbol;
}

QVariant OutlineModel::data(const QModelIndex &index, int role) const
{
    const engine::DocumentSymbol *s = symbol(index);
    if (!s)
        return {};
    switch (role) {
    case Qt::DisplayRole: {
        const QString name = QString::fromStdString(s->name);
        if (s->kind == Kind::Clause) {
            // "ChatbotSafety#2 ensure" under ChatbotSafety reads "#2 ensure len(response) < 5".
            const qsizetype hash = name.indexOf(QLatin1Char('#'));
            return QString((hash >= 0 ? name.mid(hash) : name) + QLatin1Char(' ')
                + QString::fromStdString(s->detail));
        }
        return name;
    }
    case Qt::ToolTipRole:
        return QStringLiteral("%1 %2\n%3")
            .arg(kindLabel(s->kind), QString::fromStdString(s->name),
                QString::fromStdString(s->detail));
    case Qt::DecorationRole: {
        // Made on first use and kept by the model (not in a static: pixmaps must not outlive
        // the application object).
        QIcon &icon = m_icons[std::size_t(s->kind)];
        if (icon.isNull())
            icon = makeKindIcon(s->kind);
        return icon;
    }
    case KindRole:
        return int(s->kind);
    case NameRole:
        return QString::fromStdString(s->name);
    case RangeBeginRole:
        return qulonglong(s->range.begin.offset);
    case RangeEndRole:
        return qulonglong(s->range.end.offset);
    case SelectionBeginRole:
        return qulonglong(s->selectionRange.begin.offset);
    case SelectionEndRole:
        return qulonglong(s->selectionRange.end.offset);
    case LineRole:
        return int(s->selectionRange.begin.line);
    default:
        return {};
    }
}

QHash<int, QByteArray> OutlineModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(KindRole, "kind");
    names.insert(NameRole, "name");
    names.insert(RangeBeginRole, "rangeBegin");
    names.insert(RangeEndRole, "rangeEnd");
    names.insert(SelectionBeginRole, "selectionBegin");
    names.insert(SelectionEndRole, "selectionEnd");
    names.insert(LineRole, "line");
    return names;
}

QModelIndex OutlineModel::indexAt(std::size_t offset) const
{
    const Node *node = m_root.get();
    const Node *found = nullptr;
    for (;;) {
        const Node *next = nullptr;
        for (const auto &child : node->children) {
            const engine::SourceRange &r = child->symbol.range;
            if (r.begin.offset <= offset && offset <= r.end.offset) {
                next = child.get();
                break;
            }
        }
        if (!next)
            break;
        found = next;
        node = next;
    }
    return found ? indexOf(found) : QModelIndex();
}

} // namespace llmcl::editor
