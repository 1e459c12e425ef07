// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Golden-file comparison shared by the tests: compare, print a readable diff on mismatch, and
// rewrite the golden on purpose when LLMCL_UPDATE_GOLDENS=1 is set.

#include <QFile>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <utility>
#include <vector>

namespace llmcl::tests {

// A unified-style line diff (longest common subsequence, two lines of context).
inline QString lineDiff(const QStringList &expected, const QStringList &actual)
{
    const qsizetype n = expected.size(), m = actual.size();
    std::vector<std::vector<int>> lcs(
        static_cast<std::size_t>(n + 1), std::vector<int>(static_cast<std::size_t>(m + 1), 0));
    for (qsizetype i = n - 1; i >= 0; --i)
        for (qsizetype j = m - 1; j >= 0; --j)
            lcs[size_t(i)][size_t(j)] = expected[i] == actual[j]
                ? lcs[size_t(i + 1)][size_t(j + 1)] + 1
                : std::max(lcs[size_t(i + 1)][size_t(j)], lcs[size_t(i)][size_t(j + 1)]);
    std::vector<std::pair<QChar, QString>> script;
    qsizetype i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && expected[i] == actual[j]) {
            script.emplace_back(u' ', expected[i]);
            ++i;
            ++j;
        } else if (j < m
            && (i == n || lcs[size_t(i)][size_t(j + 1)] >= lcs[size_t(i + 1)][size_t(j)])) {
            script.emplace_back(u'+', actual[j++]);
        } else {
            script.emplace_back(u'-', expected[i++]);
        }
    }
    QString diff;
    for (std::size_t k = 0; k < script.size(); ++k) {
        bool near = false;
        for (std::size_t d = (k >= 2 ? k - 2 : 0); d < std::min(script.size(), k + 3); ++d)
            near = near || script[d].first != u' ';
        if (near)
            diff += script[k].first + script[k].second + u'\n';
    }
    return diff;
}

// Compares `actual` with the golden file; returns an empty string when they agree, otherwise
// the failure message with the diff. With LLMCL_UPDATE_GOLDENS=1 it rewrites the golden file.
inline QString compareWithGolden(const QString &goldenPath, const QString &actual)
{
    if (!qEnvironmentVariableIsEmpty("LLMCL_UPDATE_GOLDENS")) {
        QFile golden(goldenPath);
        if (!golden.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return QStringLiteral("cannot write ") + goldenPath;
        golden.write(actual.toUtf8());
        return {};
    }
    QFile golden(goldenPath);
    if (!golden.open(QIODevice::ReadOnly))
        return goldenPath + QStringLiteral(" is missing: run with LLMCL_UPDATE_GOLDENS=1");
    const QString expected = QString::fromUtf8(golden.readAll());
    if (expected == actual)
        return {};
    return goldenPath
        + QStringLiteral(" differs (- expected, + actual; LLMCL_UPDATE_GOLDENS=1 rewrites it):\n")
        + lineDiff(expected.split(u'\n'), actual.split(u'\n'));
}

} // namespace llmcl::tests
