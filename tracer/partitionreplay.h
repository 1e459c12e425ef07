// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/compiledset.h"
#include "engine/evaluator.h"
#include "engine/result.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace llmcl::tracer {

// A part of a sessions file that one task replays (a distributed replay, docs/distributed.md).
// A byte range [begin, end) of an uncompressed file holds the lines that start in it: begin
// and end move forward to the next line start, so consecutive ranges hold every line once and
// a conversation (one line) is never split. A gzip file cannot be entered mid-way: it is one
// partition, `whole`.
struct Partition
{
    std::string file; // as given: problems name it so
    std::uint64_t begin = 0; // bytes
    std::uint64_t end = 0;
    bool whole = false; // the whole file, plain or gzip (begin and end ignored)
    // The local file to read, when it is not `file`: a copy of a remote one (an object-store
    // URL that a distributed replay fetched to the worker). Empty: `file`.
    std::string readFrom = {};

    const std::string &path() const { return readFrom.empty() ? file : readFrom; }

    // "sessions.jsonl bytes 1048576–2097152" (or "sessions.jsonl.gz"): how errors name it.
    std::string describe() const;
};

// Replays the conversations of `partition` against `set` as tracer::replay() does, except
// that the ensure_prob windows that span conversations (window_size N and global) are left
// pending with each turn's result: only the merge, which sees every partition in input order,
// can settle them (tracer::PartitionMerge). Session windows and temporal clauses settle here.
// Returns the results as bytes (tracer::ResultEncoder): every conversation, turn, end and
// malformed line in file order, then the lines and bytes covered. Fails, naming the file, the
// range and the cause, when the file cannot be read; stops early (an error saying so) when
// `cancel` is set. Runs on the calling thread; thread-safe for distinct calls.
engine::Result<std::string> replayPartition(std::shared_ptr<const engine::CompiledSet> set,
    const Partition &partition, const engine::EvalOptions &options,
    const std::atomic<bool> *cancel = nullptr);

} // namespace llmcl::tracer
