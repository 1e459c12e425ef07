// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// libFuzzer target for the whole engine: the input is a contract file, optionally followed by
// a 0x00 byte and the response to judge. fuzz/harness.cpp does the rest: the file is compiled
// from an unsaved buffer (parser, imports, checker, compiler) beside a fixed library it may
// import, analysed by the LanguageService (tokens, outline, completion, hover, definition at a
// few offsets) and formatted; when it compiles, one turn is evaluated with fixes and
// explanations, without them, through the validation cache and on the fast path, and a
// two-turn Session runs. All of it on a thread with 512 KiB of stack (harness.h). Properties
// that must hold for any input abort; the sanitizers catch memory errors, undefined behaviour
// and leaks.
//
// LLMCL_FUZZ_ORACLE=NAME makes the clauses of contract NAME self-checking, as contract
// FuzzOracle is for llmcl-fuzz-structured: with fixes off none may fail. For replaying the
// cases llmcl-fuzz-structured writes (LLMCL_FUZZ_DUMP) and hand-written ones; never set it
// while fuzzing, where a mutated input may well hold a clause that fails.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fuzz/harness.h"

namespace {

// Used when the input has no 0x00: a response that most seed contracts can judge.
constexpr std::string_view kDefaultResponse =
    "Thank you for waiting. Your order #12345 shipped today. {\"ok\": true}";

const char *g_oracle = nullptr;

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    llmcl::fuzz::initialize("llmcl-fuzz-engine", *argc, *argv);
    g_oracle = std::getenv("LLMCL_FUZZ_ORACLE");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    const std::size_t separator = input.find('\0');
    llmcl::fuzz::FuzzCase fuzzCase;
    fuzzCase.source = input.substr(0, separator);
    fuzzCase.response =
        separator == std::string_view::npos ? kDefaultResponse : input.substr(separator + 1);
    if (g_oracle)
        fuzzCase.oracleContract = g_oracle;
    llmcl::fuzz::runEngine(fuzzCase);
    return 0;
}
