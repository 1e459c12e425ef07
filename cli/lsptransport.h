// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

// The base protocol of LSP over a pair of file descriptors: messages framed by a header
// section (`Content-Length: N\r\n`, other headers ignored, then `\r\n`) and N bytes of JSON.
//
// Framing errors never stop the reader: each one is reported as a Frame of kind Error, and
// reading resumes at the next `Content-Length:` header found in the input. That recovers from
//  - a header section without a valid Content-Length (or longer than 8 KiB),
//  - a Content-Length larger than kMaxMessageBytes: reported at once, its body skipped
//    without being stored (memory stays bounded),
//  - a Content-Length shorter than the body: the body read is incomplete JSON (the caller's
//    parse error), and the rest before the next header is reported as stray bytes,
//  - a Content-Length longer than the body: when the input pauses (250 ms) with the body
//    incomplete but another message's header inside it, the message is reported as cut and
//    reading resumes at that header, instead of waiting for bytes that will never come.

namespace llmcl::cli {

class LspTransport
{
public:
    static constexpr std::size_t kMaxMessageBytes = std::size_t(64) << 20;
    static constexpr std::size_t kMaxHeaderBytes = 8192;

    struct Frame
    {
        enum class Kind
        {
            Message, // `body` holds the message
            Error, // `error` says what was wrong with the input (one line)
            Oversized, // a message above the limit: `error` says so; its body is skipped
            End, // the input ended (or failed)
        };
        Kind kind = Kind::End;
        std::string body;
        std::string error;
    };

    // Reads from `input`, writes to `output`; does not own them. `maxMessageBytes` is the
    // largest body accepted.
    LspTransport(int input, int output, std::size_t maxMessageBytes = kMaxMessageBytes);

    // The next frame. Blocks until one is complete or the input ends. One reader thread only.
    Frame next();

    // Writes one message (header and body). Thread-safe: messages are never interleaved.
    // False once writing failed (the client went away); later calls do nothing.
    bool send(std::string_view body);

private:
    // Reads more input into m_buffer, waiting at most `timeoutMs` (-1: forever). Returns 1
    // when bytes were read, 0 on timeout, -1 at the end of the input or on an error.
    int fill(int timeoutMs);
    // Drops everything before the next "Content-Length:" at the start of a line (or of the
    // buffered input); keeps a tail that may be the start of one. Returns the bytes dropped.
    std::size_t resynchronise();
    void consume(std::size_t bytes);
    std::string_view pending() const { return std::string_view(m_buffer).substr(m_start); }

    int m_input;
    int m_output;
    std::size_t m_maxMessageBytes;
    std::string m_buffer;
    std::size_t m_start = 0;
    bool m_ended = false;
    std::size_t m_skipping = 0; // bytes of an oversized body still to skip
    std::mutex m_writeMutex;
    bool m_writeFailed = false;
};

} // namespace llmcl::cli
