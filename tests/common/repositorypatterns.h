// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QString>

#include <string>
#include <vector>

#include "tests/common/testpaths.h"

namespace llmcl::tests {

// Every raw-string regex literal (r"…") of the repository's contracts (tests/data, bench/data,
// resources), as written, in file order; with `sources`, also the text of each contract file.
inline std::vector<std::string> repositoryPatterns(std::vector<std::string> *sources = nullptr)
{
    using namespace Qt::StringLiterals;
    std::vector<std::string> patterns;
    // Not a raw string literal: moc, which reads the tests that include this, misreads them.
    const QRegularExpression literal(u"r\"((?:[^\"\\\\]|\\\\.)*)\""_s);
    for (const QString &root : {llmcl::test::sourcePath(u"/tests/data"),
             llmcl::test::sourcePath(u"/bench/data"), llmcl::test::sourcePath(u"/resources")}) {
        QDirIterator it(root, {u"*.llmcl"_s}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            if (!file.open(QIODevice::ReadOnly))
                continue;
            const QString source = QString::fromUtf8(file.readAll());
            if (sources)
                sources->push_back(source.toStdString());
            for (auto m = literal.globalMatch(source); m.hasNext();)
                patterns.push_back(m.next().captured(1).toStdString());
        }
    }
    return patterns;
}

} // namespace llmcl::tests
