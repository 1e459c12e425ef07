// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/filedialogs.h"

#include "app/filenameiconprovider.h"

#include <QFileDialog>

namespace llmcl::app::fileDialogs {

namespace {

QString chosen(QFileDialog &dialog)
{
    useFileNameIcons(&dialog);
    if (dialog.exec() != QDialog::Accepted)
        return {};
    const QStringList files = dialog.selectedFiles();
    return files.isEmpty() ? QString() : files.first();
}

} // namespace

void useFileNameIcons(QFileDialog *dialog)
{
    dialog->setIconProvider(&FileNameIconProvider::shared());
}

QString openFileName(
    QWidget *parent, const QString &caption, const QString &directory, const QString &filter)
{
    QFileDialog dialog(parent, caption, directory, filter);
    dialog.setFileMode(QFileDialog::ExistingFile);
    return chosen(dialog);
}

QString saveFileName(
    QWidget *parent, const QString &caption, const QString &directory, const QString &filter)
{
    QFileDialog dialog(parent, caption, directory, filter);
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setFileMode(QFileDialog::AnyFile);
    return chosen(dialog);
}

QString existingDirectory(QWidget *parent, const QString &caption, const QString &directory)
{
    QFileDialog dialog(parent, caption, directory);
    dialog.setFileMode(QFileDialog::Directory);
    dialog.setOption(QFileDialog::ShowDirsOnly);
    return chosen(dialog);
}

} // namespace llmcl::app::fileDialogs
