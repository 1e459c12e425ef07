// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/reportdocument.h"

#include <QBuffer>
#include <QChart>
#include <QDateTime>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>
#include <QUrl>

namespace llmcl::app {

QString ReportDocument::begin(const QString &title)
{
    return QStringLiteral("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                          "<title>%1</title><style>body{font-family:sans-serif}"
                          "td,th{font-size:10pt}th{background:#eee}</style></head><body>"
                          "<h1>%1</h1><p>%2</p>")
        .arg(title.toHtmlEscaped(),
            tr("Report written %1 by LLMCL Studio.")
                .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODate))
                .toHtmlEscaped());
}

QString ReportDocument::table(const QStringList &header, const QList<QStringList> &rows)
{
    QString html = QStringLiteral("<table border=1 cellspacing=0 cellpadding=3><tr>");
    for (const QString &cell : header)
        html += QStringLiteral("<th>%1</th>").arg(cell.toHtmlEscaped());
    html += QStringLiteral("</tr>");
    for (const QStringList &row : rows) {
        html += QStringLiteral("<tr>");
        for (const QString &cell : row)
            html += QStringLiteral("<td>%1</td>").arg(cell);
        html += QStringLiteral("</tr>");
    }
    return html + QStringLiteral("</table>");
}

QString ReportDocument::escaped(const std::string &text)
{
    return QString::fromStdString(text).toHtmlEscaped();
}

QString ReportDocument::count(std::uint64_t n)
{
    return QLocale().toString(qulonglong(n));
}

QString ReportDocument::heading(const QString &text)
{
    return QStringLiteral("<h2>%1</h2>").arg(text.toHtmlEscaped());
}

QString ReportDocument::chartHtml(int i, const std::function<QString(int)> &imageSource) const
{
    return heading(m_charts[i].first)
        + QStringLiteral("<p><img src=\"%1\" width=\"%2\"></p>")
              .arg(imageSource(i))
              .arg(kChartSize.width());
}

QImage ReportDocument::picture(QChart *chart)
{
    // Laid out at the report's size, rendered from its scene (one of its own when no view shows
    // it), then put back.
    QGraphicsScene ownScene;
    const bool inScene = chart->scene() != nullptr;
    if (!inScene)
        ownScene.addItem(chart);
    const QRectF saved = chart->geometry();
    const QRectF area(QPointF(0, 0), QSizeF(kChartSize));
    chart->setGeometry(area);
    if (chart->layout())
        chart->layout()->activate();
    QImage image(kChartSize, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    chart->scene()->render(&painter, area, area);
    painter.end();
    chart->setGeometry(saved);
    if (!inScene)
        ownScene.removeItem(chart);
    return image;
}

void ReportDocument::addChart(const QString &title, const QImage &picture)
{
    m_charts.append({title, picture});
}

QString ReportDocument::write(const QString &path) const
{
    return path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive) ? writePdf(path)
                                                                     : writeHtml(path);
}

QList<std::pair<QString, QString>> ReportDocument::optionTexts(const QString &options)
{
    QList<std::pair<QString, QString>> texts;
    const QJsonObject object = QJsonDocument::fromJson(options.toUtf8()).object();
    for (auto it = object.begin(); it != object.end(); ++it)
        texts.append({it.key(),
            QString::fromUtf8(QJsonDocument(QJsonObject {{it.key(), it.value()}})
                    .toJson(QJsonDocument::Compact))});
    return texts;
}

QString ReportDocument::writeHtml(const QString &path) const
{
    QList<QByteArray> images;
    for (const auto &chart : m_charts) {
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        chart.second.save(&buffer, "PNG");
        images.append(png.toBase64());
    }
    const QString text = html([&](int i) {
        return QStringLiteral("data:image/png;base64,") + QString::fromLatin1(images[i]);
    });
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit())
        return tr("%1: cannot be written: %2").arg(path, file.errorString());
    return {};
}

QString ReportDocument::writePdf(const QString &path) const
{
    QTextDocument document;
    for (int i = 0; i < m_charts.size(); ++i)
        document.addResource(QTextDocument::ImageResource,
            QUrl(QStringLiteral("chart-%1.png").arg(i)), QVariant(m_charts[i].second));
    document.setHtml(html([](int i) { return QStringLiteral("chart-%1.png").arg(i); }));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("%1: cannot be written: %2").arg(path, file.errorString());
    {
        QPdfWriter writer(&file);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setResolution(150);
        writer.setTitle(title());
        writer.setCreator(QStringLiteral("LLMCL Studio"));
        document.setPageSize(writer.pageLayout().paintRectPixels(writer.resolution()).size());
        document.print(&writer);
    }
    if (!file.commit())
        return tr("%1: cannot be written: %2").arg(path, file.errorString());
    return {};
}

} // namespace llmcl::app
