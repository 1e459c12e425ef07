// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QImage>
#include <QList>
#include <QSize>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>

class QChart;

namespace llmcl::app {

// A report to share in a review (of one run: RunReport; of a comparison: ComparisonReport): an
// HTML document with charts as pictures, written as a self-contained HTML file (the pictures
// embedded as PNG data) or as a PDF (the same document laid out by QTextDocument on A4 pages
// through QPdfWriter). GUI thread: charts are drawn with Qt Charts.
class ReportDocument
{
    Q_DECLARE_TR_FUNCTIONS(ReportDocument)

public:
    virtual ~ReportDocument() = default;

    // The document, with each chart's <img> pointing at `imageSource(i)`.
    virtual QString html(const std::function<QString(int)> &imageSource) const = 0;
    // The PDF's title.
    virtual QString title() const = 0;
    const QList<std::pair<QString, QImage>> &charts() const { return m_charts; }

    // Writes the HTML file (charts as data: URLs) or the PDF; atomically (QSaveFile). An error
    // message naming the file, empty on success.
    QString writeHtml(const QString &path) const;
    QString writePdf(const QString &path) const;
    // writePdf() when `path` ends in ".pdf", else writeHtml().
    QString write(const QString &path) const;

    // A run's options (runs.options, JSON text) in name order: each name with the option as a
    // compact JSON object ({"fix":true}), plain text.
    static QList<std::pair<QString, QString>> optionTexts(const QString &options);

protected:
    // Every chart is drawn at this size (pixels), whatever the size of a widget showing it.
    static constexpr QSize kChartSize {900, 420};

    // The document's start: <html>, <head> with `title`, <body>, the <h1> and when it was
    // written.
    static QString begin(const QString &title);
    // A table: a header row (plain text) and rows of cells (HTML, already escaped).
    static QString table(const QStringList &header, const QList<QStringList> &rows);
    static QString escaped(const std::string &text);
    // A count in the locale's digits ("1,204").
    static QString count(std::uint64_t n);
    // A section heading (plain text).
    static QString heading(const QString &text);
    // Chart `i`: its title as a heading, its picture from `imageSource(i)`.
    QString chartHtml(int i, const std::function<QString(int)> &imageSource) const;
    // `chart` drawn at kChartSize on white; the chart's geometry is put back afterwards.
    static QImage picture(QChart *chart);
    void addChart(const QString &title, const QImage &picture);

private:
    QList<std::pair<QString, QImage>> m_charts; // title, picture
};

} // namespace llmcl::app
