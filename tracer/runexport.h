// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tracer/sqlite.h"
#include "tracer/tracewriter.h"
#include "tracer/workspacedb.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace llmcl::tracer {

// What a stored run is exported as (INTERFACES.md §4 and §5).
enum class ExportFormat : std::uint8_t
{
    Llmcl, // the native trace document
    Chrome, // Chrome Trace Event Format (Perfetto)
    Otlp, // OTLP/JSON
    Prometheus, // metrics in Prometheus text format
};

// "llmcl", "chrome", "otlp", "prometheus".
std::string_view exportFormatName(ExportFormat format) noexcept;
std::optional<ExportFormat> exportFormatFromName(std::string_view name) noexcept;

// Writes run `run` of `db` to `path` as `format` (RunReader::replayTo() into the format's
// writer): `llmcl export` and the Studio's Export Run both call it, so they write the same
// bytes. The document is written next to `path` and renamed over it at the end: `path` is never
// left half-written, and a failure (the run cannot be read, the disk is full) removes the
// partial file and names the file and the cause. Same thread rules as the database.
[[nodiscard]] Status exportRun(WorkspaceDatabase &db, std::int64_t run, ExportFormat format,
    const ExportOptions &options, const std::string &path);

} // namespace llmcl::tracer
