// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/recoverydialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace llmcl::app {

RecoveryDialog::RecoveryDialog(const QList<RecoveredBuffer> &buffers, QWidget *parent)
    : QDialog(parent)
    , m_buffers(buffers)
    , m_list(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("RecoveryDialog"));
    setWindowTitle(tr("Recover Unsaved Changes"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("LLMCL Studio did not close normally last time. These buffers "
                                "had changes that were not saved:"),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_list->setObjectName(QStringLiteral("RecoveryList"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("Buffer"), tr("File"), tr("Last Written")});
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    for (const RecoveredBuffer &buffer : buffers) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(0, buffer.displayName);
        item->setText(1,
            buffer.originalPath.isEmpty() ? tr("(never saved)")
                                          : QDir::toNativeSeparators(buffer.originalPath));
        item->setToolTip(1, item->text(1));
        item->setText(2, QLocale().toString(buffer.savedAt.toLocalTime(), QLocale::ShortFormat));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(0, Qt::Checked);
    }
    m_list->resizeColumnToContents(0);
    m_list->resizeColumnToContents(2);
    connect(m_list, &QTreeWidget::itemChanged, this, &RecoveryDialog::updateButtons);
    layout->addWidget(m_list);

    auto *box = new QDialogButtonBox(this);
    m_restore = box->addButton(tr("&Restore"), QDialogButtonBox::AcceptRole);
    m_restore->setObjectName(QStringLiteral("RestoreButton"));
    m_discard = box->addButton(tr("&Discard"), QDialogButtonBox::DestructiveRole);
    m_discard->setObjectName(QStringLiteral("DiscardButton"));
    QPushButton *later = box->addButton(tr("Decide &Later"), QDialogButtonBox::RejectRole);
    later->setObjectName(QStringLiteral("LaterButton"));
    m_restore->setDefault(true);
    connect(m_restore, &QPushButton::clicked, this, [this] { finish(Choice::Restore); });
    connect(m_discard, &QPushButton::clicked, this, [this] { finish(Choice::Discard); });
    connect(later, &QPushButton::clicked, this, [this] { finish(Choice::Later); });
    layout->addWidget(box);
    resize(640, 320);
}

QList<RecoveredBuffer> RecoveryDialog::selectedBuffers() const
{
    QList<RecoveredBuffer> selected;
    for (int row = 0; row < m_list->topLevelItemCount(); ++row) {
        if (m_list->topLevelItem(row)->checkState(0) == Qt::Checked)
            selected.append(m_buffers.at(row));
    }
    return selected;
}

void RecoveryDialog::updateButtons()
{
    const bool any = !selectedBuffers().isEmpty();
    m_restore->setEnabled(any);
    m_discard->setEnabled(any);
}

void RecoveryDialog::finish(Choice choice)
{
    m_choice = choice;
    if (choice == Choice::Later)
        reject();
    else
        accept();
}

} // namespace llmcl::app
