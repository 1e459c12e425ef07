// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/fixdiffview.h"

#include "app/minimumrows.h"
#include "engine/turnresult.h"

#include <QGridLayout>
#include <QLabel>
#include <QTextBrowser>

namespace llmcl::app {

FixDiffView::FixDiffView(QWidget *parent)
    : QWidget(parent)
    , m_outcome(new QLabel(this))
    , m_before(new QTextBrowser(this))
    , m_after(new QTextBrowser(this))
{
    m_outcome->setObjectName(QStringLiteral("FixOutcome"));
    m_outcome->setWordWrap(true);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_before->setObjectName(QStringLiteral("FixBefore"));
    m_after->setObjectName(QStringLiteral("FixAfter"));
    // A diff is read, not glanced at: room for eight lines on each side.
    setMinimumLines(m_before, 8);
    setMinimumLines(m_after, 8);
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_outcome, 0, 0, 1, 2);
    layout->addWidget(new QLabel(tr("Before"), this), 1, 0);
    layout->addWidget(new QLabel(tr("After"), this), 1, 1);
    layout->addWidget(m_before, 2, 0);
    layout->addWidget(m_after, 2, 1);
    clear();
}

QString FixDiffView::outcomeName(int outcome)
{
    switch (engine::FixOutcome(outcome)) {
    case engine::FixOutcome::Fixed:
        return tr("fixed");
    case engine::FixOutcome::Ineffective:
        return tr("ineffective");
    case engine::FixOutcome::Broke:
        return tr("broke");
    case engine::FixOutcome::Error:
        break;
    }
    return tr("error");
}

QString FixDiffView::sideHtml(const editor::TextDiff &diff, bool before)
{
    using Kind = editor::TextDiff::Segment::Kind;
    QString html = QStringLiteral("<pre style=\"white-space: pre-wrap\">");
    for (const auto &segment : diff.segments) {
        if (segment.kind == (before ? Kind::Insert : Kind::Delete))
            continue;
        const QString text = QString::fromStdString(segment.text).toHtmlEscaped();
        if (segment.kind == Kind::Equal)
            html += text;
        else if (segment.kind == Kind::Delete)
            html += QStringLiteral("<s style=\"background-color:#ffd7d5; color:#82071e\">") + text
                + QStringLiteral("</s>");
        else
            html += QStringLiteral("<u style=\"background-color:#ccffd8; color:#055d20\">") + text
                + QStringLiteral("</u>");
    }
    html += QStringLiteral("</pre>");
    return html;
}

void FixDiffView::setFix(const engine::FixRecord *fix, const editor::TextDiff &diff)
{
    if (!fix) {
        clear();
        return;
    }
    QString outcome =
        tr("%1 (%2, round %3): %4")
            .arg(QString::fromStdString(fix->clause), QString::fromStdString(fix->expression))
            .arg(fix->round)
            .arg(outcomeName(int(fix->outcome)));
    if (!fix->applied)
        outcome += QStringLiteral(" — ") + tr("not applied");
    if (fix->outcome == engine::FixOutcome::Error && !fix->error.empty())
        outcome += QStringLiteral(": ") + QString::fromStdString(fix->error);
    if (fix->outcome == engine::FixOutcome::Broke && !fix->broken.empty()) {
        QStringList broken;
        for (const std::string &clause : fix->broken)
            broken.append(QString::fromStdString(clause));
        outcome += QStringLiteral(": ") + tr("broke %1").arg(broken.join(QStringLiteral(", ")));
    }
    m_outcome->setText(outcome);
    m_before->setHtml(sideHtml(diff, true));
    m_after->setHtml(sideHtml(diff, false));
}

void FixDiffView::clear()
{
    m_outcome->setText(tr("No fix selected."));
    m_before->clear();
    m_after->clear();
}

QString FixDiffView::outcomeText() const
{
    return m_outcome->text();
}

} // namespace llmcl::app
