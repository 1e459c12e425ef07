// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/diskchangebar.h"

#include "app/elidedlabel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

namespace llmcl::app {

DiskChangeBar::DiskChangeBar(QWidget *parent)
    : QFrame(parent)
    , m_label(new ElidedLabel(Qt::ElideMiddle, this))
    , m_reload(new QPushButton(tr("Reload"), this))
    , m_keep(new QPushButton(tr("Keep Mine"), this))
{
    setObjectName(QStringLiteral("DiskChangeBar"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    // The highlight colours of the palette: visible in light and dark themes alike.
    setBackgroundRole(QPalette::ToolTipBase);
    setForegroundRole(QPalette::ToolTipText);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    auto *icon = new QLabel(this);
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    icon->setPixmap(
        style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this).pixmap(size));
    layout->addWidget(icon);
    m_label->setObjectName(QStringLiteral("DiskChangeLabel"));
    m_label->setTextFormat(Qt::PlainText);
    layout->addWidget(m_label, 1);
    m_reload->setObjectName(QStringLiteral("DiskChangeReload"));
    m_keep->setObjectName(QStringLiteral("DiskChangeKeep"));
    layout->addWidget(m_reload);
    layout->addWidget(m_keep);
    connect(m_reload, &QPushButton::clicked, this, &DiskChangeBar::reloadRequested);
    connect(m_keep, &QPushButton::clicked, this, &DiskChangeBar::keepRequested);
    hide();
}

void DiskChangeBar::showFor(const QString &name)
{
    m_label->setText(tr("“%1” changed on disk, and you have unsaved changes.").arg(name));
    show();
}

} // namespace llmcl::app
