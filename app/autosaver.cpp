// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/autosaver.h"

#include "app/settings.h"
#include "editor/contracteditor.h"

#include <QUuid>

namespace llmcl::app {

Autosaver::Autosaver(const QString &root, QObject *parent)
    : QObject(parent)
    , m_store(root)
    , m_intervalMs(Settings::kDefaultAutosaveInterval * 1000)
{
    // One writer: entries of one buffer are written in order, and autosaving never takes more
    // than one core from checks and evaluations.
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("AutosavePool"));
}

Autosaver::~Autosaver()
{
    m_jobs.close();
    // The jobs write through m_store.
    m_pool.waitForDone();
}

void Autosaver::setInterval(int seconds)
{
    setIntervalMs(seconds * 1000);
}

void Autosaver::setIntervalMs(int milliseconds)
{
    m_intervalMs = std::max(milliseconds, 1);
    for (const Buffer &buffer : std::as_const(m_buffers))
        buffer.timer->setInterval(m_intervalMs);
}

void Autosaver::track(editor::ContractEditor *editor)
{
    if (!editor || m_buffers.contains(editor))
        return;
    Buffer buffer;
    buffer.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    buffer.timer = new QTimer(editor);
    buffer.timer->setSingleShot(true);
    buffer.timer->setInterval(m_intervalMs);
    connect(buffer.timer, &QTimer::timeout, this, [this, editor] { writeNow(editor); });
    m_buffers.insert(editor, buffer);
    connect(editor, &editor::ContractEditor::revisionChanged, this,
        [this, editor] { changed(editor); });
    // Scintilla reports a text change before the modified flag changes (typing the first
    // character, undoing past the save point): the flag's own signal starts the timer then.
    connect(editor, &QsciScintilla::modificationChanged, this, [this, editor](bool modified) {
        if (modified)
            changed(editor);
        else
            removeEntry(editor);
    });
    // Torn down without untrack(): the entry stays for the next start to offer.
    connect(editor, &QObject::destroyed, this, [this, editor] { m_buffers.remove(editor); });
    if (editor->isModified())
        changed(editor);
}

void Autosaver::untrack(editor::ContractEditor *editor)
{
    if (!m_buffers.contains(editor))
        return;
    removeEntry(editor);
    Buffer buffer = m_buffers.take(editor);
    delete buffer.timer;
    disconnect(editor, nullptr, this, nullptr);
}

void Autosaver::endSession()
{
    m_ended = true;
    for (const Buffer &buffer : std::as_const(m_buffers))
        buffer.timer->stop();
    m_pool.waitForDone();
    m_store.endSession();
}

void Autosaver::flush()
{
    for (auto it = m_buffers.cbegin(); it != m_buffers.cend(); ++it) {
        if (it.key()->isModified() && it.key()->revision() != it->writtenRevision)
            writeNow(it.key());
    }
    m_pool.waitForDone();
}

QString Autosaver::bufferId(editor::ContractEditor *editor) const
{
    return m_buffers.value(editor).id;
}

quint64 Autosaver::writtenRevision(editor::ContractEditor *editor) const
{
    return m_buffers.value(editor).writtenRevision;
}

void Autosaver::changed(editor::ContractEditor *editor)
{
    auto it = m_buffers.find(editor);
    if (m_ended || it == m_buffers.end() || !editor->isModified())
        return;
    if (!it->timer->isActive())
        it->timer->start();
}

void Autosaver::writeNow(editor::ContractEditor *editor)
{
    auto it = m_buffers.find(editor);
    if (m_ended || it == m_buffers.end() || !editor->isModified())
        return;
    it->timer->stop();
    it->writtenRevision = editor->revision();
    const quint64 generation = ++it->generation;
    const QString id = it->id;
    const QString path = editor->filePath();
    const QString name = editor->displayName();
    const std::string text = editor->utf8Text();
    QByteArray bytes(text.data(), qsizetype(text.size()));
    m_jobs.start(&m_pool,
        [store = &m_store, id, generation, path, name, bytes = std::move(bytes)](
            const editor::JobChannel<Autosaver>::Job &job) {
            QString error;
            if (!store->write(id, generation, path, name, bytes, &error))
                job.deliver(&Autosaver::writeFailed, std::move(error));
        });
}

void Autosaver::removeEntry(editor::ContractEditor *editor)
{
    auto it = m_buffers.find(editor);
    if (it == m_buffers.end())
        return;
    it->timer->stop();
    it->writtenRevision = 0;
    m_store.remove(it->id, ++it->generation);
}

} // namespace llmcl::app
