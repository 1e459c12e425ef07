// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/runs/rundashboard.h"

#include <QCoreApplication>
#include <QImage>
#include <QList>
#include <QString>

#include <functional>
#include <utility>

namespace llmcl::app {

// A report of one run to share in a review: its figures (RunFigures), its options, its
// contracts with their snapshot hashes, and the dashboard's charts as pictures. Written as a
// self-contained HTML file (the pictures embedded as PNG data) or as a PDF (the same document
// laid out by QTextDocument on A4 pages through QPdfWriter). GUI thread: the charts are grabbed
// from the dashboard's widgets.
class RunReport
{
    Q_DECLARE_TR_FUNCTIONS(RunReport)

public:
    // The report of the run `dashboard` shows (its figures must be loaded); `options` is the
    // run's options object (runs.options, JSON text).
    static RunReport fromDashboard(const RunDashboard &dashboard, const QString &options);

    // The document, with each chart's <img> pointing at `imageSource(i)`.
    QString html(const std::function<QString(int)> &imageSource) const;
    const QList<std::pair<QString, QImage>> &charts() const { return m_charts; }

    // Writes the HTML file (charts as data: URLs) or the PDF; atomically (QSaveFile). An error
    // message naming the file, empty on success.
    QString writeHtml(const QString &path) const;
    QString writePdf(const QString &path) const;

private:
    RunFigures m_figures;
    QString m_options;
    QString m_sessions;
    QList<std::pair<QString, QImage>> m_charts; // title, picture
};

} // namespace llmcl::app
