// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/lsptransport.h"

#include "engine/ascii.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <optional>
#include <poll.h>
#include <unistd.h>

namespace llmcl::cli {

namespace {

constexpr std::string_view kContentLength = "content-length:";
constexpr int kPauseMs = 250;

// The position of the next "Content-Length:" (any case) in `text` at or after `from`; npos
// when there is none.
std::size_t findHeader(std::string_view text, std::size_t from = 0)
{
    for (std::size_t at = from; at + kContentLength.size() <= text.size(); ++at) {
        bool same = true;
        for (std::size_t i = 0; i < kContentLength.size() && same; ++i)
            same = engine::ascii::toLower(text[at + i]) == kContentLength[i];
        if (same)
            return at;
    }
    return std::string_view::npos;
}

// The end of the header section starting at text[0] (the offset of the body), or npos.
std::size_t headerEnd(std::string_view text)
{
    const std::size_t crlf = text.find("\r\n\r\n");
    const std::size_t lf = text.find("\n\n");
    if (crlf == std::string_view::npos && lf == std::string_view::npos)
        return std::string_view::npos;
    if (lf == std::string_view::npos || (crlf != std::string_view::npos && crlf < lf))
        return crlf + 4;
    return lf + 2;
}

// A "Content-Length:" in `text` right after the end of a JSON value (or of a line), where a
// message whose Content-Length lied about its body left the next message's header: a string
// inside a body cannot hold a raw line break, and "}Content-Length:" in one is unlikely.
std::size_t headerAfterValue(std::string_view text)
{
    std::size_t header = findHeader(text, 1);
    while (header != std::string_view::npos && text[header - 1] != '}' && text[header - 1] != '\n')
        header = findHeader(text, header + 1);
    return header;
}

// Whether `line` looks like a header line ("Name: value").
bool isHeaderLine(std::string_view line)
{
    const std::size_t colon = line.find(':');
    if (colon == 0 || colon == line.npos)
        return false;
    for (std::size_t i = 0; i < colon; ++i)
        if (!engine::ascii::isAlnum(line[i]) && line[i] != '-')
            return false;
    return true;
}

// Whether `text` is a sequence of complete header lines (the start of a header section).
bool isHeaderPrefix(std::string_view text)
{
    while (!text.empty()) {
        const std::size_t newline = text.find('\n');
        if (newline == text.npos || !isHeaderLine(text.substr(0, newline)))
            return false;
        text.remove_prefix(newline + 1);
    }
    return true;
}

std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}

} // namespace

LspTransport::LspTransport(int input, int output, std::size_t maxMessageBytes)
    : m_input(input)
    , m_output(output)
    , m_maxMessageBytes(maxMessageBytes)
{ }

int LspTransport::fill(int timeoutMs)
{
    if (m_ended)
        return -1;
    if (timeoutMs >= 0) {
        pollfd descriptor {m_input, POLLIN, 0};
        int ready = 0;
        do
            ready = ::poll(&descriptor, 1, timeoutMs);
        while (ready < 0 && errno == EINTR);
        if (ready == 0)
            return 0;
    }
    char chunk[65536];
    ssize_t count = 0;
    do
        count = ::read(m_input, chunk, sizeof chunk);
    while (count < 0 && errno == EINTR);
    if (count <= 0) {
        m_ended = true;
        return -1;
    }
    if (m_start > 0 && m_start >= m_buffer.size() / 2) {
        m_buffer.erase(0, m_start);
        m_start = 0;
    }
    m_buffer.append(chunk, std::size_t(count));
    return 1;
}

void LspTransport::consume(std::size_t bytes)
{
    m_start += bytes;
    if (m_start >= m_buffer.size()) {
        m_buffer.clear();
        m_start = 0;
    }
}

std::size_t LspTransport::resynchronise()
{
    const std::string_view text = pending();
    std::size_t at = findHeader(text);
    if (at == std::string_view::npos) {
        // Keep what may be the start of a header cut by the end of the input read so far.
        at = text.size() > kContentLength.size() ? text.size() - kContentLength.size() : 0;
        if (const std::size_t line = text.rfind('\n'); line != std::string_view::npos)
            at = std::max(at, line + 1);
    }
    consume(at);
    return at;
}

LspTransport::Frame LspTransport::next()
{
    for (;;) {
        // Skipping the body of an oversized message, without storing it. Should the header
        // have lied (no such body follows), the next message is found as for a Content-Length
        // longer than its body: at a pause, after the end of a JSON value.
        while (m_skipping > 0) {
            if (pending().size() >= m_skipping) {
                consume(m_skipping);
                m_skipping = 0;
                break;
            }
            if (pending().size() > kMaxHeaderBytes) {
                const std::size_t dropped = pending().size() - kMaxHeaderBytes / 2;
                consume(dropped);
                m_skipping -= dropped;
            }
            const int read = fill(kPauseMs);
            if (read < 0)
                return {};
            if (read == 0) {
                if (const std::size_t header = headerAfterValue(pending());
                    header != std::string_view::npos) {
                    consume(header);
                    m_skipping = 0;
                }
            }
        }

        const std::string_view text = pending();
        // Blank lines and whitespace between messages are harmless.
        std::size_t blank = 0;
        while (blank < text.size()
            && (text[blank] == '\r' || text[blank] == '\n' || text[blank] == ' '))
            ++blank;
        if (blank > 0) {
            consume(blank);
            continue;
        }
        const std::size_t header = findHeader(text);
        const std::size_t firstLine = text.find('\n');
        const bool stray = header == std::string_view::npos
            ? firstLine != text.npos && !isHeaderLine(text.substr(0, firstLine))
            : !isHeaderPrefix(text.substr(0, header));
        if (stray) {
            // Bytes that start no header: the rest of a body longer than its Content-Length,
            // or garbage.
            const std::size_t dropped = resynchronise();
            if (dropped > 0)
                return {Frame::Kind::Error, {},
                    std::to_string(dropped) + " bytes outside any message skipped"};
        }

        const std::size_t end = headerEnd(pending());
        if (end == std::string_view::npos) {
            if (pending().size() > kMaxHeaderBytes) {
                resynchronise();
                return {Frame::Kind::Error, {}, "a header section longer than 8 KiB"};
            }
            if (fill(-1) < 0)
                return {};
            continue;
        }

        // Parse the header section.
        std::string_view headers = pending().substr(0, end);
        std::optional<std::size_t> length;
        std::string problem;
        while (!headers.empty()) {
            const std::size_t newline = headers.find('\n');
            const std::string_view line = trimmed(headers.substr(0, newline));
            headers.remove_prefix(newline == headers.npos ? headers.size() : newline + 1);
            if (line.empty())
                continue;
            const std::size_t colon = line.find(':');
            if (colon == line.npos) {
                problem = "a header line without ':'";
                continue;
            }
            if (findHeader(line) != 0)
                continue; // Content-Type and others
            const std::string_view value = trimmed(line.substr(colon + 1));
            std::size_t number = 0;
            const auto [ptr, ec] =
                std::from_chars(value.data(), value.data() + value.size(), number);
            if (ec == std::errc::result_out_of_range && !value.empty()) {
                number = std::size_t(-1);
            } else if (ec != std::errc() || ptr != value.data() + value.size() || value.empty()) {
                problem = "a Content-Length that is not a number";
                continue;
            }
            length = number;
        }
        consume(end);
        if (!length) {
            if (problem.empty())
                problem = "a header section without Content-Length";
            return {Frame::Kind::Error, {}, problem};
        }
        if (*length > m_maxMessageBytes) {
            m_skipping = *length;
            return {Frame::Kind::Oversized, {},
                "a message of " + std::to_string(*length) + " bytes exceeds the limit of "
                    + std::to_string(m_maxMessageBytes) + " bytes"};
        }

        // The body.
        while (pending().size() < *length) {
            const int read = fill(kPauseMs);
            if (read < 0)
                return {};
            if (read == 0) {
                // A pause: is the next message's header already inside the body?
                const std::size_t header = headerAfterValue(pending());
                if (header != std::string_view::npos) {
                    consume(header);
                    return {Frame::Kind::Error, {},
                        "a Content-Length of " + std::to_string(*length)
                            + " is longer than the message"};
                }
            }
        }
        Frame frame {Frame::Kind::Message, std::string(pending().substr(0, *length)), {}};
        consume(*length);
        return frame;
    }
}

bool LspTransport::send(std::string_view body)
{
    const std::lock_guard lock(m_writeMutex);
    if (m_writeFailed)
        return false;
    std::string message = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    message.append(body);
    std::string_view rest = message;
    while (!rest.empty()) {
        const ssize_t written = ::write(m_output, rest.data(), rest.size());
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0) {
            m_writeFailed = true;
            return false;
        }
        rest.remove_prefix(std::size_t(written));
    }
    return true;
}

} // namespace llmcl::cli
