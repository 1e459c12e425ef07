// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>

#include <memory>
#include <vector>

namespace llmcl::engine {
struct ClauseVerdict;
}
namespace llmcl::editor {
struct LiveEvaluation;
}

namespace llmcl::app {

// The clause verdicts of a live evaluation as a table (clause, status, message, explanation),
// in evaluation order. A new evaluation resets the model (views fetch only the visible rows, so
// a set of thousands of clauses costs no more than a screenful). Stale verdicts (the contracts
// stopped compiling) are greyed. GUI thread only.
class VerdictModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        ClauseColumn,
        StatusColumn,
        MessageColumn,
        ExplanationColumn,
        ColumnCount
    };
    // The ClauseStatus of a row, as int, on every column.
    static constexpr int StatusRole = Qt::UserRole + 1;
    // 1-based line of the clause in its file.
    static constexpr int LineRole = Qt::UserRole + 2;

    explicit VerdictModel(QObject *parent = nullptr);

    void setEvaluation(std::shared_ptr<const editor::LiveEvaluation> evaluation);
    void setStale(bool stale);
    bool isStale() const { return m_stale; }

    const engine::ClauseVerdict *verdictAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::shared_ptr<const editor::LiveEvaluation> m_evaluation;
    std::vector<const engine::ClauseVerdict *> m_rows;
    bool m_stale = false;
};

} // namespace llmcl::app
