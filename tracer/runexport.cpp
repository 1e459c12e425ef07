// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/runexport.h"

#include "tracer/chrometrace.h"
#include "tracer/llmcltrace.h"
#include "tracer/otlptrace.h"
#include "tracer/prometheusmetrics.h"
#include "tracer/runreader.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#if !defined(_WIN32)
#include <unistd.h>
#endif

namespace llmcl::tracer {

std::string_view exportFormatName(ExportFormat format) noexcept
{
    switch (format) {
    case ExportFormat::Llmcl:
        return "llmcl";
    case ExportFormat::Chrome:
        return "chrome";
    case ExportFormat::Otlp:
        return "otlp";
    case ExportFormat::Prometheus:
        return "prometheus";
    }
    return "llmcl";
}

std::optional<ExportFormat> exportFormatFromName(std::string_view name) noexcept
{
    for (ExportFormat format :
        {ExportFormat::Llmcl, ExportFormat::Chrome, ExportFormat::Otlp, ExportFormat::Prometheus})
        if (exportFormatName(format) == name)
            return format;
    return std::nullopt;
}

Status exportRun(WorkspaceDatabase &db, std::int64_t run, ExportFormat format,
    const ExportOptions &options, const std::string &path)
{
    auto reader = RunReader::open(db, run);
    if (!reader)
        return reader.error();

    // Written next to `path` and renamed over it at the end.
#if defined(_WIN32)
    const std::string temporary = path + ".part";
#else
    const std::string temporary = path + ".part-" + std::to_string(getpid());
#endif
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    if (!file)
        return engine::Error {path + ": cannot be written: " + std::strerror(errno)};
    std::unique_ptr<TraceWriter> writer;
    switch (format) {
    case ExportFormat::Chrome:
        writer = std::make_unique<ChromeTraceWriter>(file, options);
        break;
    case ExportFormat::Otlp:
        writer = std::make_unique<OtlpTraceWriter>(file, options);
        break;
    case ExportFormat::Prometheus:
        writer = std::make_unique<PrometheusMetricsWriter>(file, options);
        break;
    case ExportFormat::Llmcl:
        writer = std::make_unique<LlmclTraceWriter>(file, options);
        break;
    }
    writer->beginRun(reader.value().info());
    const Status replayed = reader.value().replayTo(*writer);
    if (!replayed)
        writer->finish();
    file.close();
    std::error_code ec;
    if (replayed || !file) {
        std::filesystem::remove(temporary, ec);
        if (replayed)
            return replayed;
        return engine::Error {path + ": writing failed (disk full?)"};
    }
    std::filesystem::rename(temporary, path, ec);
    if (ec) {
        std::filesystem::remove(temporary, ec);
        return engine::Error {path + ": cannot be written: " + ec.message()};
    }
    return std::nullopt;
}

} // namespace llmcl::tracer
