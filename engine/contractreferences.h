// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The places that name a contract, for renaming it: its declaration (`contract X`), every
// `extends X` and every `from m import X` (`import m` names a module, a file, and is left
// alone). The Studio's rename (editor/contractrename.*) and `llmcl lsp` share these, so that
// both rename the same occurrences.
//
// Offsets are UTF-8 byte offsets (0-based, half-open [begin, end)). Names compare exactly
// (contract names are case-sensitive). Pure and thread-safe; linear in the text (one lexing).

namespace llmcl::engine {

using ByteRange = std::pair<std::size_t, std::size_t>;

// The occurrences of contract `name` in `text`, in order; comments and strings are skipped.
std::vector<ByteRange> contractReferences(std::string_view text, std::string_view name);

// The contracts `text` declares, in order.
std::vector<std::string> declaredContracts(std::string_view text);

enum class ContractNameProblem : std::uint8_t
{
    None,
    Empty,
    Keyword, // a keyword of LLMCL
    NotIdentifier, // not letters, digits and _, or starting with a digit
};

// Whether `name` may name a contract.
ContractNameProblem contractNameProblem(std::string_view name);

// `text` with each of `ranges` (sorted, not overlapping) replaced by `replacement`.
std::string replaceRanges(
    std::string_view text, const std::vector<ByteRange> &ranges, std::string_view replacement);

} // namespace llmcl::engine
