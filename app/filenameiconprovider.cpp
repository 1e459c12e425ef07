// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/filenameiconprovider.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QIcon>

namespace llmcl::app {

FileNameIconProvider &FileNameIconProvider::shared()
{
    static FileNameIconProvider provider;
    return provider;
}

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
    const QMimeType type = m_mimeTypes.mimeTypeForFile(info, QMimeDatabase::MatchExtension);
    if (!type.isDefault())
        return type.comment();
    // A name that says nothing: what Qt says without a MIME database ("llmcl File"), in Qt's
    // own words and translations.
    if (info.suffix().isEmpty())
        return QCoreApplication::translate("QAbstractFileIconProvider", "File");
    return QCoreApplication::translate("QAbstractFileIconProvider", "%1 File").arg(info.suffix());
}

} // namespace llmcl::app
