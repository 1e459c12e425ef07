// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/turntrace.h"

#include "tracer/chrometrace.h"
#include "tracer/llmcltrace.h"
#include "tracer/otlptrace.h"

#include <memory>
#include <sstream>

namespace llmcl::app {

std::string turnTraceDocument(TraceFormat format, const tracer::RunInfo &run,
    const std::string &conversation, std::int64_t turn, const engine::TurnResult &result)
{
    std::ostringstream out;
    std::unique_ptr<tracer::TraceWriter> writer;
    switch (format) {
    case TraceFormat::Llmcl:
        writer = std::make_unique<tracer::LlmclTraceWriter>(out);
        break;
    case TraceFormat::Chrome:
        writer = std::make_unique<tracer::ChromeTraceWriter>(out);
        break;
    case TraceFormat::Otlp:
        writer = std::make_unique<tracer::OtlpTraceWriter>(out);
        break;
    }
    writer->beginRun(run);
    writer->turn(conversation, turn, result);
    writer->finish();
    return std::move(out).str();
}

} // namespace llmcl::app
