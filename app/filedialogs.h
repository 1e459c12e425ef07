// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QFileDialog;
class QWidget;

namespace llmcl::app::fileDialogs {

// QFileDialog's static functions, with one difference: where the dialog is Qt's own (no desktop
// dialog, as under Xvfb or a plain window manager), it tells file types from their names
// (FileNameIconProvider), so showing the workspace folder opens none of the workspace database's
// files — which would drop the Studio's SQLite locks on them. The desktops' own dialogs run in
// another process and cannot touch them.
QString openFileName(
    QWidget *parent, const QString &caption, const QString &directory, const QString &filter);
// `directory` may name a file: the dialog opens its folder with the file selected.
QString saveFileName(QWidget *parent, const QString &caption, const QString &directory,
    const QString &filter = QString());
QString existingDirectory(QWidget *parent, const QString &caption, const QString &directory);

// For a dialog kept open between uses (the trace export): the same file-name icons.
void useFileNameIcons(QFileDialog *dialog);

} // namespace llmcl::app::fileDialogs
