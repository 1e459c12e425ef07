// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/result.h"
#include "tracer/conversation.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace llmcl::tracer {

// A line of a sessions file that is not a conversation. The line is skipped; reading goes on.
struct SessionProblem
{
    std::string file; // the path as given to SessionReader::open()
    std::uint64_t line = 0; // 1-based
    std::uint64_t byteOffset = 0; // 0-based offset of the line's first byte, uncompressed
    // What is wrong, one line without the location, e.g. "invalid JSON: expected ',' or '}' in
    // an object at byte 52 of the line" (offsets inside a line are 0-based bytes).
    std::string message;
};

// "sessions.jsonl:17 (byte 40213): invalid JSON: ...": how the CLI and the Studio print one.
std::string describe(const SessionProblem &problem);

struct ReadOptions
{
    // Lines longer than this (in bytes, the newline excluded) are reported as problems and
    // skipped without being held in memory; the line buffer stays below about this plus 1 MiB.
    std::size_t maxLineBytes = std::size_t(64) << 20;
    // What open() calls the file in problems and errors, when not its path: a sessions file
    // read from a local copy (a distributed replay of an object-store URL) keeps its URL.
    std::string name;
};

// Streams the conversations of a captured-sessions file (JSON Lines, INTERFACES.md §1, plain or
// gzip-compressed), one line at a time: the file is never loaded whole. docs/sessions.md lists
// the accepted shapes, the mapping rules and every problem message.
//
//   auto reader = SessionReader::open(path);
//   if (!reader) return reader.error();
//   Conversation c;
//   while (reader.value().next(c)) store(c);
//   if (reader.value().error()) ...;          // the file broke off: what came before is valid
//   for (const SessionProblem &p : reader.value().problems()) ...;
//
// Not thread-safe: one thread uses a reader at a time (it may be moved to another thread).
// The Conversations it fills own all their data and stay valid after the reader is gone.
class SessionReader
{
public:
    // Opens `path` and detects gzip by its magic bytes (1f 8b), whatever the file is called.
    // Fails, with a message naming the file and the cause, when it cannot be opened or read or
    // is a folder.
    static engine::Result<SessionReader> open(const std::string &path, ReadOptions options = {});

    // Fills `dst` with up to `capacity` bytes of JSON Lines: the count, 0 at the end of the
    // data, or a failure (reading stops there and error() returns it).
    using ByteSource = std::function<engine::Result<std::size_t>(char *dst, std::size_t capacity)>;
    // Reads the conversations of uncompressed JSON Lines that `source` produces (what the
    // Python package's replay of an iterable uses), exactly as open() reads a file's; `name`
    // stands for the file in problems. bytesRead() counts the bytes produced; fileSize() is 0.
    static SessionReader fromSource(std::string name, ByteSource source, ReadOptions options = {});

    SessionReader(SessionReader &&) noexcept;
    SessionReader &operator=(SessionReader &&) noexcept;
    SessionReader(const SessionReader &) = delete;
    SessionReader &operator=(const SessionReader &) = delete;
    ~SessionReader();

    // Reads the next well-formed conversation into `out` (replacing its contents); malformed
    // lines on the way are appended to problems() and skipped, blank lines skipped silently.
    // Returns false at the end of the file, or when reading failed (error() says why); `out`
    // is left as it was then.
    bool next(Conversation &out);

    // The malformed lines met so far, in file order.
    const std::vector<SessionProblem> &problems() const;

    // Set once when the file could not be read to its end (an I/O error, corrupt or truncated
    // gzip data); reading stops there and the conversations returned before stay valid. A
    // partial line cut off by the failure is neither returned nor reported as a problem.
    std::optional<engine::Error> error() const;

    // Bytes consumed from the file so far (compressed bytes for gzip): with fileSize(), the
    // fraction for a progress bar.
    std::uint64_t bytesRead() const;
    // The file's size in bytes when it was opened.
    std::uint64_t fileSize() const;
    // Whether the file is gzip-compressed.
    bool isCompressed() const;

private:
    struct Impl;
    explicit SessionReader(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace llmcl::tracer
