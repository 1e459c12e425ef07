// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/runsmodel.h"

#include <QDateTime>
#include <QFileInfo>
#include <QLocale>

#include <algorithm>

namespace llmcl::app {

namespace {

QDateTime parseTime(const std::string &text)
{
    return QDateTime::fromString(QString::fromStdString(text), Qt::ISODateWithMs);
}

// "1.2 s", "3 min 4 s", "2 h 5 min".
QString runDurationText(qint64 ms)
{
    if (ms < 0)
        return {};
    if (ms < 1000)
        return RunsModel::tr("%1 ms").arg(ms);
    if (ms < 60'000)
        return RunsModel::tr("%1 s").arg(QLocale().toString(double(ms) / 1000.0, 'f', 1));
    const qint64 s = ms / 1000;
    if (s < 3600)
        return RunsModel::tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    return RunsModel::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

// The run's duration: the replay's own (from its summary) when it finished, else the time
// from its start to its finish or, while it runs, to now.
qint64 durationMs(const tracer::RunListing &run)
{
    if (run.durationNs)
        return *run.durationNs / 1'000'000;
    const QDateTime started = parseTime(run.summary.started);
    if (!started.isValid())
        return -1;
    if (run.summary.finished)
        return started.msecsTo(parseTime(*run.summary.finished));
    if (run.summary.status == tracer::RunStatus::Running)
        return started.msecsTo(QDateTime::currentDateTimeUtc());
    return -1;
}

} // namespace

RunsModel::RunsModel(RunStore *store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
{
    connect(store, &RunStore::runsChanged, this, &RunsModel::update);
    update();
}

int RunsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int RunsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RunsModel::statusText(tracer::RunStatus status)
{
    switch (status) {
    case tracer::RunStatus::Running:
        return tr("running");
    case tracer::RunStatus::Complete:
        return tr("complete");
    case tracer::RunStatus::Incomplete:
        return tr("incomplete");
    case tracer::RunStatus::Cancelled:
        return tr("cancelled");
    }
    return {};
}

QVariant RunsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RunEntry &entry = m_runs[std::size_t(index.row())];
    const tracer::RunListing &run = entry.listing;
    if (role == RunIdRole)
        return qint64(run.summary.id);
    if (role == ChangedRole)
        return !entry.changedContracts.isEmpty();
    const auto count = [&](std::optional<std::uint64_t> value) -> QVariant {
        if (!value)
            return role == SortRole ? QVariant(qint64(-1)) : QVariant();
        return role == SortRole ? QVariant(qulonglong(*value))
                                : QVariant(QLocale().toString(qulonglong(*value)));
    };
    const auto severity = [&](std::size_t i) -> std::optional<std::uint64_t> {
        if (!run.failuresBySeverity)
            return std::nullopt;
        return (*run.failuresBySeverity)[i];
    };
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (Column(index.column())) {
        case Id:
            return qint64(run.summary.id);
        case Label:
            return QString::fromStdString(run.summary.label.value_or(std::string()));
        case Status:
            return statusText(run.summary.status);
        case Started: {
            const QDateTime started = parseTime(run.summary.started).toLocalTime();
            if (role == SortRole)
                return started;
            return QLocale().toString(started, QLocale::ShortFormat);
        }
        case Duration: {
            const qint64 ms = durationMs(run);
            return role == SortRole ? QVariant(ms) : QVariant(runDurationText(ms));
        }
        case Sessions:
            return QFileInfo(QString::fromStdString(run.sessions)).fileName();
        case Conversations:
            return count(run.conversations);
        case Turns:
            return count(run.summary.turns);
        case ValidPercent: {
            if (!run.validTurns)
                return role == SortRole ? QVariant(-1.0) : QVariant();
            const double percent = run.summary.turns
                ? 100.0 * double(*run.validTurns) / double(run.summary.turns)
                : 100.0;
            return role == SortRole ? QVariant(percent)
                                    : QVariant(QLocale().toString(percent, 'f', 1) + u'%');
        }
        case Critical:
        case Errors:
        case Warnings:
        case Infos:
            return count(severity(std::size_t(index.column() - Critical)));
        case Fixes:
            return count(run.fixes);
        case Conflicts:
            return count(run.conflicts);
        case Contracts: {
            QStringList names;
            for (const tracer::RunSnapshot &snapshot : run.snapshots)
                names << QFileInfo(QString::fromStdString(snapshot.file)).fileName();
            QString text = names.join(QStringLiteral(", "));
            if (!entry.changedContracts.isEmpty() && role == Qt::DisplayRole)
                text = tr("%1 (changed)").arg(text);
            return text;
        }
        case ColumnCount:
            break;
        }
        return {};
    }
    if (role == Qt::ToolTipRole) {
        switch (Column(index.column())) {
        case Sessions:
            return QString::fromStdString(run.sessions);
        case Label:
            return QString::fromStdString(run.summary.label.value_or(std::string()));
        case Contracts: {
            QStringList lines;
            for (const tracer::RunSnapshot &snapshot : run.snapshots)
                lines << QString::fromStdString(snapshot.file);
            if (!entry.changedContracts.isEmpty())
                lines << QString() << tr("Changed since the run:") << entry.changedContracts;
            return lines.join(u'\n');
        }
        case ValidPercent:
        case Critical:
        case Errors:
        case Warnings:
        case Infos:
            if (!run.validTurns)
                return tr("Known when the run has finished");
            return {};
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole) {
        switch (Column(index.column())) {
        case Label:
        case Status:
        case Started:
        case Sessions:
        case Contracts:
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        default:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        }
    }
    return {};
}

QVariant RunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Id:
        return tr("Run");
    case Label:
        return tr("Label");
    case Status:
        return tr("Status");
    case Started:
        return tr("Started");
    case Duration:
        return tr("Duration");
    case Sessions:
        return tr("Sessions");
    case Conversations:
        return tr("Conversations");
    case Turns:
        return tr("Turns");
    case ValidPercent:
        return tr("Valid");
    case Critical:
        return tr("Critical");
    case Errors:
        return tr("Errors");
    case Warnings:
        return tr("Warnings");
    case Infos:
        return tr("Info");
    case Fixes:
        return tr("Fixes");
    case Conflicts:
        return tr("Conflicts");
    case Contracts:
        return tr("Contracts");
    case ColumnCount:
        break;
    }
    return {};
}

int RunsModel::rowOf(qint64 id) const
{
    for (std::size_t i = 0; i < m_runs.size(); ++i)
        if (m_runs[i].listing.summary.id == id)
            return int(i);
    return -1;
}

qint64 RunsModel::runAt(int row) const
{
    return row >= 0 && std::size_t(row) < m_runs.size() ? m_runs[std::size_t(row)].listing.summary.id
                                                         : -1;
}

void RunsModel::update()
{
    // Both lists are in id order (runs are never renumbered): walk them together, removing
    // the runs that are gone, changing the ones both have and inserting the new ones.
    const std::vector<RunEntry> &next = m_store->runs();
    std::size_t row = 0;
    std::size_t i = 0;
    while (row < m_runs.size() || i < next.size()) {
        const qint64 have =
            row < m_runs.size() ? m_runs[row].listing.summary.id : std::numeric_limits<qint64>::max();
        const qint64 want =
            i < next.size() ? next[i].listing.summary.id : std::numeric_limits<qint64>::max();
        if (have < want) {
            beginRemoveRows({}, int(row), int(row));
            m_runs.erase(m_runs.begin() + std::ptrdiff_t(row));
            endRemoveRows();
        } else if (want < have) {
            beginInsertRows({}, int(row), int(row));
            m_runs.insert(m_runs.begin() + std::ptrdiff_t(row), next[i]);
            endInsertRows();
            ++row;
            ++i;
        } else {
            m_runs[row] = next[i];
            Q_EMIT dataChanged(index(int(row), 0), index(int(row), ColumnCount - 1));
            ++row;
            ++i;
        }
    }
}

} // namespace llmcl::app
