// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/diagnostic.h"
#include "engine/diagnosticmessages.h"
#include "engine/token.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmcl::engine {

struct LexerOptions
{
    // Comments are tokens (LineComment, HashComment, BlockComment) unless this is false; a
    // parser turns it off, a formatter or highlighter keeps it on.
    bool keepComments = true;
    // Copied into Diagnostic::file of every diagnostic.
    std::string file;
    // Diagnostics beyond this many are dropped (a 10 MB file of garbage must not produce
    // millions of them); the caller says that some were dropped.
    std::size_t maxDiagnostics = static_cast<std::size_t>(-1);
};

// Turns LLMCL source text into tokens, one at a time (LANGUAGE.md §1, §4).
//
// Source: UTF-8; a leading BOM is skipped. The lexer does not copy it: the string_view given
// to the constructor must outlive the lexer and every token, whose text views it.
//
// Errors: every problem (unexpected characters, unterminated strings and comments, bad
// escapes, ill-formed UTF-8, bad numbers) becomes a Diagnostic with a code from
// diagnosticcodes.h and lexing goes on, so next() always reaches EndOfFile. Unexpected
// characters, ill-formed UTF-8 outside strings and comments, and malformed numbers are Error
// tokens; an unterminated string or comment keeps its kind and ends at the end of its line
// (quoted strings) or of the file (raw strings, block comments).
//
// Cost: linear in the size of the source; no allocation per token (only per diagnostic).
// Thread-safety: one Lexer is used by one thread at a time; distinct Lexers are independent.
class Lexer
{
public:
    explicit Lexer(std::string_view source, LexerOptions options = {});

    // The next token. After the end of the source, every call returns an EndOfFile token with
    // an empty range at the end of the source.
    Token next();

    // The diagnostics reported so far, in the order found: source order, except that an
    // unterminated raw string or block comment is reported after the problems inside it.
    const std::vector<Diagnostic> &diagnostics() const noexcept { return m_diagnostics; }
    std::vector<Diagnostic> takeDiagnostics() noexcept;

    std::string_view source() const noexcept { return m_source; }

private:
    Token lexToken();
    Token lexIdentifier(const char *start, SourcePosition begin);
    Token lexNumber(const char *start, SourcePosition begin);
    Token lexQuotedString(const char *start, SourcePosition begin);
    Token lexRawString(const char *start, SourcePosition begin);
    Token lexLineComment(const char *start, SourcePosition begin, TokenKind kind);
    Token lexBlockComment(const char *start, SourcePosition begin);
    Token lexUnexpected(const char *start, SourcePosition begin);
    Token lexInvalidUtf8(const char *start, SourcePosition begin);
    void skipWhitespace() noexcept;
    void lexEscape();
    void consumeNonAscii();
    void consumeInvalidUtf8();
    void startLine(const char *newline) noexcept;

    SourcePosition position() const noexcept;
    Token makeToken(TokenKind kind, const char *start, SourcePosition begin) const noexcept;
    void report(SourceRange range, MessageId message,
        std::vector<DiagnosticArgument> arguments = {},
        std::optional<MessageId> hint = std::nullopt);

    std::string_view m_source;
    const char *m_cursor;
    const char *m_end;
    const char *m_lineStart;
    // Bytes minus code points between m_lineStart and m_cursor: what turns a byte distance
    // into a column without rescanning the line.
    std::size_t m_lineExtraBytes = 0;
    std::uint32_t m_line = 1;
    LexerOptions m_options;
    std::vector<Diagnostic> m_diagnostics;
};

// Every token of source, EndOfFile last, and the diagnostics.
struct LexResult
{
    std::vector<Token> tokens;
    std::vector<Diagnostic> diagnostics;
};

// Lexes all of source (which must outlive the returned tokens). See Lexer.
LexResult tokenize(std::string_view source, LexerOptions options = {});

} // namespace llmcl::engine
