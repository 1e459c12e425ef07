// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/turnresult.h"
#include "tracer/runinfo.h"

#include <cstdint>
#include <string>

namespace llmcl::app {

// The trace export formats of `llmcl replay --trace` (docs/trace-format.md).
enum class TraceFormat
{
    Llmcl,
    Chrome,
    Otlp,
};

// One turn's trace as a complete document in `format`: a run (`run`) of one conversation with
// one turn, written by the tracer's exporters. Kept out of Qt translation units on purpose: the
// OTLP writer has a member named `emit`, which Qt defines as a macro. Thread-safe (pure).
std::string turnTraceDocument(TraceFormat format, const tracer::RunInfo &run,
    const std::string &conversation, std::int64_t turn, const engine::TurnResult &result);

} // namespace llmcl::app
