// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later

// libFuzzer target that reaches size: the input is not LLMCL but a small program of grammar
// choices and repeat counts (fuzz/structuredgenerator.h) that writes an LLMCL file, often of
// megabytes — chains of 100,000 operators, lists of 200,000 items, deep nesting, huge numbers
// and window sizes — and a response. The file then goes through exactly what
// llmcl-fuzz-engine does with its input (fuzz/harness.h), plus the generator's self-checking
// clauses (contract FuzzOracle), which must not fail.
//
// To see what an input generates, set LLMCL_FUZZ_DUMP=PATH: each input is written to
// PATH.llmcl (the source) and PATH.input (source, 0x00, response: an llmcl-fuzz-engine input,
// which checks FuzzOracle too with LLMCL_FUZZ_ORACLE=FuzzOracle) before it runs, so after a
// crash they hold the crashing case.
//
// LLMCL_FUZZ_SOURCE_BUDGET=BYTES bounds the generated source (default kSourceBudget, 3 MiB).
// scripts/fuzz gives CI's short run 1 MiB: a 3 MiB contract takes up to two minutes and 2.3 GB
// of RSS under ASan (about 300 MB of it live heap; `llmcl check` and `llmcl fmt` peak at 160 MB on
// it), past the short run's 30 s timeout and libFuzzer's 2 GB limit — a finding of the sanitiser's
// cost, not of the engine. Long runs keep the full budget with more time and memory.
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "fuzz/harness.h"
#include "fuzz/structuredgenerator.h"

namespace {

const char *g_dump = nullptr;
std::size_t g_budget = llmcl::fuzz::kSourceBudget;

void dump(const llmcl::fuzz::GeneratedCase &generated)
{
    const std::string path(g_dump);
    std::ofstream(path + ".llmcl", std::ios::binary | std::ios::trunc) << generated.source;
    std::ofstream input(path + ".input", std::ios::binary | std::ios::trunc);
    input << generated.source;
    input.put('\0');
    input << generated.response;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    llmcl::fuzz::initialize("llmcl-fuzz-structured", *argc, *argv);
    g_dump = std::getenv("LLMCL_FUZZ_DUMP");
    if (const char *budget = std::getenv("LLMCL_FUZZ_SOURCE_BUDGET")) {
        const long long bytes = std::atoll(budget);
        if (bytes > 0)
            g_budget = static_cast<std::size_t>(bytes);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const llmcl::fuzz::GeneratedCase generated = llmcl::fuzz::generateCase(data, size, g_budget);
    if (g_dump && *g_dump)
        dump(generated);
    llmcl::fuzz::FuzzCase fuzzCase;
    fuzzCase.source = generated.source;
    fuzzCase.response = generated.response;
    fuzzCase.oracleContract = llmcl::fuzz::kOracleContract;
    llmcl::fuzz::runEngine(fuzzCase);
    return 0;
}
