// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "editor/jobchannel.h"

#include <QObject>
#include <QString>

#include <memory>
#include <string>
#include <string_view>

class QThreadPool;

namespace llmcl::editor {

class ContractEditor;

// Format Document for a ContractEditor (engine::formatSource(), `llmcl fmt`'s layout).
//
// format() snapshots the text with its revision and formats it on a thread pool; the result is
// applied only if the text is still that revision (an edit made meanwhile wins, and the result
// is dropped: finished(false, ...)). Applying replaces only the span that changed, as one undo
// step, and puts the cursor after the same number of non-blank characters as before (the
// formatter only changes blanks and line ends, so the cursor stays on the same token, at the
// same place in it). A text that does not lex or parse is left unchanged, with the reason in
// finished()'s message.
//
// Child of its editor; GUI thread only. Destroying it while a job runs is safe (JobChannel).
class DocumentFormatter : public QObject
{
    Q_OBJECT

public:
    explicit DocumentFormatter(ContractEditor *editor);
    ~DocumentFormatter() override;

    void setThreadPool(QThreadPool *pool) { m_pool = pool; }
    void format();
    bool isBusy() const { return m_busy; }

    // The offset in `after` that has as many non-blank bytes before it as `offset` has in
    // `before` (blanks: space, tab, CR, LF). Pure; for tests.
    static std::size_t equivalentOffset(
        std::string_view before, std::size_t offset, std::string_view after);

Q_SIGNALS:
    // `applied`: the text changed. `message`: for the status bar (why nothing happened).
    void finished(bool applied, const QString &message);

private:
    struct Result;
    void apply(const Result &result);

    ContractEditor *m_editor;
    QThreadPool *m_pool;
    // No generations: apply() compares the editor's revision, the formatter's input.
    JobChannel<DocumentFormatter> m_jobs {this};
    bool m_busy = false;
};

} // namespace llmcl::editor
