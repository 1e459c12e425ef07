// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What every engine fuzz target does with one contract file and one response: the shared part
// of llmcl-fuzz-engine (bytes as they come) and llmcl-fuzz-structured (bytes as a program
// that writes large LLMCL), so that both exercise and check exactly the same things.

#include <cstddef>
#include <string>
#include <string_view>

namespace llmcl::fuzz {

// The stack the engine gets: what the Studio's pool threads have on macOS (the smallest of its
// platforms; Linux pool threads get RLIMIT_STACK, usually 8 MiB). Input that overflows it
// would crash the Studio there, so it is a finding on every platform. The sanitizers make
// frames 2-5 times larger than in a release build, so the harness is stricter than the Studio:
// an engine limit on nesting must fit this stack under ASan. LLMCL_FUZZ_STACK_KIB overrides it.
constexpr std::size_t kWorkerStackBytes = 512 * 1024;

// A context key holding a chain of maps `{"a": {"a": … "leaf"}}` this deep, so that member
// chains `context.a.a…` have something to walk (kContextDepth members reach "leaf").
constexpr int kContextDepth = 40;

struct FuzzCase
{
    std::string_view source; // the contract file, compiled as an unsaved buffer
    std::string_view response; // the response of the sample turn
    // Contracts whose clauses the generator wrote to hold on the sample turn: with fixes off,
    // none of their verdicts may be `fail` (`error`, a limit reported, is allowed). Empty: no
    // such contract (llmcl-fuzz-engine cannot know what its input means).
    std::string_view oracleContract;
};

// Prints "<target>: property broken: <what>" and aborts when `condition` is false.
void check(bool condition, const char *what);

// Compiles, analyses (LanguageService), formats and evaluates `input` (with and without
// tracing, fixes and the validation cache; in a two-turn Session with probabilistic windows),
// checking the properties that hold for any input, on a thread with kWorkerStackBytes of stack
// (one thread, kept for all inputs).
void runEngine(const FuzzCase &input);

// Call from LLVMFuzzerInitialize with its arguments: names the target, and when libFuzzer runs
// with -timeout=N, prints the engine thread's stack after about 0.8 N seconds on one input
// (libFuzzer's own timeout report shows only its thread, waiting for the engine's).
void initialize(const char *name, int argc, char **argv);

} // namespace llmcl::fuzz
