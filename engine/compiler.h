// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/ast.h"
#include "engine/diagnostic.h"
#include "engine/program.h"

#include <memory>
#include <string>
#include <vector>

namespace llmcl::engine {
class EvalScratch;
}

namespace llmcl::engine::detail {

// A contract as the loader found it: the declaration and the file it came from.
struct ContractUnit
{
    const Contract *contract = nullptr;
    const std::string *file = nullptr;
};

// An active contract with its base chain, the root-most base first.
struct ActiveContract
{
    ContractUnit self;
    std::vector<ContractUnit> bases;
};

// Compiles checked contracts (no error diagnostics) into the evaluation form: active
// contracts in priority order (stable), each one's clauses base-first; names resolved to
// slots, parameters to constants, literal regexes compiled with JIT, constant sub-expressions
// folded, literal text interned. `scratch` evaluates the folded constants.
//
// Static conflicts between the clauses (LANGUAGE.md §11) are analysed here too: their
// diagnostics are appended to `diagnostics`; when one is an error the set must not be used.
std::unique_ptr<CompiledSetData> compileContractSet(const std::vector<ActiveContract> &active,
    EvalScratch &scratch, std::vector<Diagnostic> &diagnostics);

} // namespace llmcl::engine::detail
