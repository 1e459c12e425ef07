// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// libFuzzer target for the lexer: lexes the input with and without comments, decodes every
// literal, renders every diagnostic, and aborts when a property that must hold for any input
// breaks (sanitizers catch the memory errors and undefined behaviour).
#include "engine/diagnostic.h"
#include "engine/lexer.h"
#include "engine/literals.h"
#include "engine/sourcelocation.h"
#include "engine/utf8.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

using namespace llmcl::engine;

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "llmcl-fuzz-lexer: property broken: %s\n", what);
        std::abort();
    }
}

void checkPosition(std::string_view source, const SourcePosition &position)
{
    check(position.offset <= source.size(), "position inside the source");
    // positionAt() is linear, so only on the small inputs libFuzzer mostly produces.
    if (source.size() <= 8192)
        check(positionAt(source, position.offset) == position, "line/column match the offset");
}

void lexOnce(std::string_view source, bool keepComments)
{
    LexerOptions options;
    options.keepComments = keepComments;
    Lexer lexer(source, options);
    std::size_t previousEnd = 0;
    std::size_t count = 0;
    for (;;) {
        const Token token = lexer.next();
        ++count;
        check(count <= source.size() + 1, "at most one token per byte");
        check(token.range.begin.offset >= previousEnd, "tokens in order, not overlapping");
        check(token.range.end.offset >= token.range.begin.offset, "range not reversed");
        check(token.text.data() == source.data() + token.range.begin.offset
                && token.text.size() == token.range.length(),
            "text is the source of the range");
        checkPosition(source, token.range.begin);
        checkPosition(source, token.range.end);
        previousEnd = token.range.end.offset;
        switch (token.kind) {
        case TokenKind::EndOfFile:
            check(token.range.begin.offset == source.size(), "EndOfFile at the end");
            break;
        case TokenKind::String:
        case TokenKind::RawString:
            check(utf8::isValid(decodeStringLiteral(token)), "string value is valid UTF-8");
            break;
        case TokenKind::Integer:
            (void)decodeIntegerLiteral(token);
            break;
        case TokenKind::Float:
            check(decodeFloatLiteral(token).has_value(), "a Float token decodes");
            break;
        default:
            check(!token.text.empty(), "only EndOfFile is empty");
            break;
        }
        if (token.kind == TokenKind::EndOfFile)
            break;
    }
    check(lexer.next().kind == TokenKind::EndOfFile, "EndOfFile repeats");
    for (const Diagnostic &diagnostic : lexer.diagnostics()) {
        check(!diagnostic.code.empty() && !diagnostic.message.empty(), "code and message");
        check(diagnostic.range.end.offset >= diagnostic.range.begin.offset, "range not reversed");
        checkPosition(source, diagnostic.range.begin);
        checkPosition(source, diagnostic.range.end);
        check(utf8::isValid(formatDiagnostic(diagnostic, source)), "rendering is valid UTF-8");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view source(reinterpret_cast<const char *>(data), size);
    lexOnce(source, true);
    lexOnce(source, false);

    const std::string clean = utf8::sanitized(source);
    check(utf8::isValid(clean), "sanitized text is valid UTF-8");
    check(utf8::codePointCount(clean) == utf8::codePointCount(source),
        "sanitizing keeps the code-point count");
    check(utf8::isValid(source) == (utf8::validPrefixLength(source) == source.size()),
        "isValid agrees with validPrefixLength");
    return 0;
}
