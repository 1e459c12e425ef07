// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/filenameiconprovider.h"

#include <QFileInfo>
#include <QIcon>

namespace llmcl::app {

QIcon FileNameIconProvider::icon(const QFileInfo &info) const
{
    if (info.isDir())
        return icon(Folder);
    const QMimeType type = m_mimeTypes.mimeTypeForFile(info, QMimeDatabase::MatchExtension);
    for (const QString &name : {type.iconName(), type.genericIconName()}) {
        const QIcon themed = QIcon::fromTheme(name);
        if (!themed.isNull())
            return themed;
    }
    return icon(File);
}

QString FileNameIconProvider::type(const QFileInfo &info) const
{
    if (info.isDir())
        return QAbstractFileIconProvider::type(info);
    return m_mimeTypes.mimeTypeForFile(info, QMimeDatabase::MatchExtension).comment();
}

} // namespace llmcl::app
