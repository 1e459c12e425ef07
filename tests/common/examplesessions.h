// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QList>
#include <QString>

#include "tests/common/testpaths.h"

// Writes the example workspace's sessions (resources/examples/sessions.jsonl) `copies` times
// over into `dir`/`name`, every conversation with its own id ("c<copy>-<id>"): a sessions file of
// the size a test or a benchmark needs. Returns its path, empty when it cannot be written.
inline QString writeExampleSessions(const QString &dir, int copies, const QString &name)
{
    QFile in(llmcl::test::sourcePath(u"/resources/examples/sessions.jsonl"));
    if (!in.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> lines = in.readAll().split('\n');
    const QString path = QDir(dir).filePath(name);
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return {};
    for (int copy = 0; copy < copies; ++copy)
        for (const QByteArray &line : lines) {
            if (line.trimmed().isEmpty())
                continue;
            QByteArray renamed = line;
            const QByteArray prefix = "{\"id\": \"c" + QByteArray::number(copy) + '-';
            renamed.replace(QByteArray("{\"id\": \""), prefix);
            if (out.write(renamed + '\n') < 0)
                return {};
        }
    return path;
}
