// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmcl::editor {

// Renaming a contract across a workspace: its declaration (`contract X`), every `extends X` and
// every `from m import X` (`import m` names a module, a file, and is left alone), in every
// `.llmcl` file under the workspace folder and in every open buffer (open buffers are read from
// the editor, not the disk, and win over the file).
//
// The work is split so that the GUI thread never reads files or lexes: plan() (lexes every
// file, reads the closed ones) and writeFiles() (atomic writes of the closed ones) are pure
// functions of their arguments, thread-safe, meant for a QThreadPool; the main window shows the
// plan as a preview and applies it to the open editors itself, one undo step per editor.
//
// Offsets are UTF-8 byte offsets. Names compare exactly (contract names are case-sensitive).
class ContractRename
{
    Q_DECLARE_TR_FUNCTIONS(ContractRename)

public:
    using Range = std::pair<std::size_t, std::size_t>;

    struct FileEdit
    {
        QString path; // absolute
        bool open = false; // an open buffer (the editor applies it), else a file to write
        std::string original; // the text the ranges refer to
        std::vector<Range> ranges; // the old name's occurrences, in order
    };

    struct Plan
    {
        QString oldName;
        QString newName;
        std::vector<FileEdit> files; // only files with occurrences, sorted by path
        // Empty when the plan may be applied; else why not, for the user.
        QString error;

        int occurrences() const;
    };

    // Why `name` cannot name a contract (not an identifier, a keyword), or empty.
    static QString validateName(const QString &name);

    // The occurrences of contract `name` in `text` (declaration, extends, from-import), in
    // order; comments and strings are skipped.
    static std::vector<Range> references(std::string_view text, std::string_view name);
    // The contracts `text` declares.
    static std::vector<std::string> declaredContracts(std::string_view text);

    // Plans renaming `oldName` to `newName`: lists the `.llmcl` files under `folder`
    // (recursively; hidden folders skipped) plus every open buffer (path → text), reads the
    // closed ones and finds the occurrences. The plan has an error when the new name is
    // invalid or taken, or when no file declares `oldName`.
    static Plan plan(const QString &oldName, const QString &newName, const QString &folder,
        const std::map<QString, std::string> &openBuffers);

    // `text` with the ranges replaced by `newName`.
    static std::string applied(
        std::string_view text, const std::vector<Range> &ranges, std::string_view newName);

    // Writes the closed files of `plan` atomically (QSaveFile). A file that changed on disk
    // since plan() read it is skipped. Returns one message per file not written (empty: all
    // written).
    static QStringList writeFiles(const Plan &plan);
};

} // namespace llmcl::editor
