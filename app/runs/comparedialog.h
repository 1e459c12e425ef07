// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/runs/runstore.h"

#include <QDialog>

#include <vector>

class QComboBox;

namespace llmcl::app {

// Asks which two runs to compare: run A (before) and run B (after), each listed with its id,
// label, start and sessions file.
class CompareDialog : public QDialog
{
    Q_OBJECT

public:
    explicit CompareDialog(QWidget *parent = nullptr);

    // Lists `runs`; selects `a` and `b`.
    void setRuns(const std::vector<RunEntry> &runs, qint64 a, qint64 b);
    qint64 runA() const;
    qint64 runB() const;

    // The default pair for `current` (a run id, -1 for the newest): B is that run, A the newest
    // run before it over the same sessions file, else the run just before it. {-1, -1} when
    // there are fewer than two runs.
    static std::pair<qint64, qint64> defaultPair(const std::vector<RunEntry> &runs, qint64 current);

private:
    QComboBox *m_a;
    QComboBox *m_b;
};

} // namespace llmcl::app
