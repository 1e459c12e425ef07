// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor/contractrename.h"

#include "engine/contractreferences.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <set>

namespace llmcl::editor {

namespace {

bool readFile(const QString &path, std::string &text)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray bytes = file.readAll();
    text.assign(bytes.constData(), std::size_t(bytes.size()));
    return file.error() == QFileDevice::NoError;
}

} // namespace

int ContractRename::Plan::occurrences() const
{
    int count = 0;
    for (const FileEdit &file : files)
        count += int(file.ranges.size());
    return count;
}

QString ContractRename::validateName(const QString &name)
{
    switch (engine::contractNameProblem(name.toStdString())) {
    case engine::ContractNameProblem::None:
        return {};
    case engine::ContractNameProblem::Empty:
        return tr("A contract name cannot be empty");
    case engine::ContractNameProblem::Keyword:
        return tr("“%1” is a keyword of LLMCL and cannot name a contract").arg(name);
    case engine::ContractNameProblem::NotIdentifier:
        break;
    }
    return tr("“%1” is not a valid contract name: use letters, digits and _, not starting with a "
              "digit")
        .arg(name);
}

std::vector<ContractRename::Range> ContractRename::references(
    std::string_view text, std::string_view name)
{
    return engine::contractReferences(text, name);
}

std::vector<std::string> ContractRename::declaredContracts(std::string_view text)
{
    return engine::declaredContracts(text);
}

ContractRename::Plan ContractRename::plan(const QString &oldName, const QString &newName,
    const QString &folder, const std::map<QString, std::string> &openBuffers)
{
    Plan plan;
    plan.oldName = oldName;
    plan.newName = newName;
    if (const QString invalid = validateName(newName); !invalid.isEmpty()) {
        plan.error = invalid;
        return plan;
    }
    std::set<QString> paths;
    for (const auto &[path, text] : openBuffers)
        paths.insert(QFileInfo(path).absoluteFilePath());
    if (!folder.isEmpty()) {
        QDirIterator it(
            folder, {QStringLiteral("*.llmcl")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            paths.insert(QFileInfo(it.next()).absoluteFilePath());
    }
    const std::string oldUtf8 = oldName.toStdString();
    const std::string newUtf8 = newName.toStdString();
    bool declared = false;
    for (const QString &path : paths) {
        FileEdit edit;
        edit.path = path;
        if (const auto open = openBuffers.find(path); open != openBuffers.end()) {
            edit.open = true;
            edit.original = open->second;
        } else if (!readFile(path, edit.original)) {
            continue; // unreadable: it cannot be renamed in, nor checked for the new name
        }
        const std::vector<std::string> contracts = declaredContracts(edit.original);
        if (newName != oldName
            && std::find(contracts.begin(), contracts.end(), newUtf8) != contracts.end()) {
            plan.error = tr("A contract named “%1” exists already, in %2")
                             .arg(newName, QFileInfo(path).fileName());
            plan.files.clear();
            return plan;
        }
        declared =
            declared || std::find(contracts.begin(), contracts.end(), oldUtf8) != contracts.end();
        edit.ranges = references(edit.original, oldUtf8);
        if (!edit.ranges.empty())
            plan.files.push_back(std::move(edit));
    }
    if (!declared) {
        plan.error =
            tr("“%1” is not a contract declared in the workspace or an open file").arg(oldName);
        plan.files.clear();
    } else if (newName == oldName) {
        plan.error = tr("The new name is the old one");
        plan.files.clear();
    }
    return plan;
}

std::string ContractRename::applied(
    std::string_view text, const std::vector<Range> &ranges, std::string_view newName)
{
    return engine::replaceRanges(text, ranges, newName);
}

QStringList ContractRename::writeFiles(const Plan &plan)
{
    QStringList failures;
    const std::string newName = plan.newName.toStdString();
    for (const FileEdit &edit : plan.files) {
        if (edit.open)
            continue;
        std::string now;
        if (!readFile(edit.path, now) || now != edit.original) {
            failures.append(
                tr("%1: changed on disk since the preview; not renamed").arg(edit.path));
            continue;
        }
        const std::string renamed = applied(edit.original, edit.ranges, newName);
        QSaveFile file(edit.path);
        if (!file.open(QIODevice::WriteOnly)
            || file.write(renamed.data(), qint64(renamed.size())) != qint64(renamed.size())
            || !file.commit())
            failures.append(tr("%1: cannot be written: %2").arg(edit.path, file.errorString()));
    }
    return failures;
}

} // namespace llmcl::editor
