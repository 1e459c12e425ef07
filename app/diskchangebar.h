// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace llmcl::app {

// The non-modal bar above the editors that says the current file changed on disk while it has
// unsaved changes, with "Reload" (take the disk's text, dropping the changes) and "Keep Mine"
// (keep editing; saving overwrites the file). It only reports the choice. GUI thread only.
class DiskChangeBar : public QFrame
{
    Q_OBJECT

public:
    explicit DiskChangeBar(QWidget *parent = nullptr);

    // Shows the bar for the file `name`.
    void showFor(const QString &name);

    QLabel *label() const { return m_label; }
    QPushButton *reloadButton() const { return m_reload; }
    QPushButton *keepButton() const { return m_keep; }

Q_SIGNALS:
    void reloadRequested();
    void keepRequested();

private:
    QLabel *m_label;
    QPushButton *m_reload;
    QPushButton *m_keep;
};

} // namespace llmcl::app
