// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Speed of session import (tracer/sessionreader.h): reading a 128 MiB JSON Lines file made of
// the captured conversations in ../shared/data/, repeated, plain and gzip-compressed. The figure
// is uncompressed bytes per second on one core (issue 5 asks for at least 100 MB/s); the files
// are written to the temporary folder once per run and removed at exit.
#include "tracer/sessionreader.h"

#include <benchmark/benchmark.h>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <unistd.h>
#include <zlib.h>

namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kTargetBytes = std::uint64_t(128) << 20;

struct SessionFiles
{
    fs::path plain;
    fs::path gzip;
    std::uint64_t bytes = 0; // uncompressed
    bool ok = false;

    SessionFiles()
    {
        std::string sample;
        for (const char *name : {"sessions-sample.jsonl", "hh-rlhf-harmless-test.jsonl"}) {
            std::ifstream in(
                std::string(LLMCL_SOURCE_DIR "/../shared/data/") + name, std::ios::binary);
            sample.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        }
        if (sample.empty())
            return;
        const fs::path folder = fs::temp_directory_path();
        const std::string stem = "llmcl-bench-sessions-" + std::to_string(::getpid());
        plain = folder / (stem + ".jsonl");
        gzip = folder / (stem + ".jsonl.gz");
        std::ofstream out(plain, std::ios::binary);
        gzFile packed = gzopen(gzip.c_str(), "wb6");
        if (!out || !packed)
            return;
        while (bytes < kTargetBytes) {
            out.write(sample.data(), std::streamsize(sample.size()));
            gzwrite(packed, sample.data(), unsigned(sample.size()));
            bytes += sample.size();
        }
        ok = static_cast<bool>(out) && gzclose(packed) == Z_OK;
    }

    ~SessionFiles()
    {
        std::error_code ec;
        fs::remove(plain, ec);
        fs::remove(gzip, ec);
    }
};

const SessionFiles &sessionFiles()
{
    static const SessionFiles files;
    return files;
}

// Arg 0: the plain file; 1: the gzip file.
void readSessions(benchmark::State &state)
{
    const SessionFiles &files = sessionFiles();
    if (!files.ok) {
        state.SkipWithError("cannot write the session files (is ../shared/data there?)");
        return;
    }
    const std::string path = (state.range(0) ? files.gzip : files.plain).string();
    std::uint64_t conversations = 0;
    std::uint64_t turns = 0;
    for (auto _ : state) {
        auto reader = llmcl::tracer::SessionReader::open(path);
        if (!reader) {
            state.SkipWithError(reader.error().message.c_str());
            return;
        }
        llmcl::tracer::Conversation conversation;
        conversations = turns = 0;
        while (reader.value().next(conversation)) {
            ++conversations;
            turns += conversation.turns.size();
        }
        if (reader.value().error() || !reader.value().problems().empty()) {
            state.SkipWithError("the session file did not read cleanly");
            return;
        }
        benchmark::DoNotOptimize(turns);
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * files.bytes));
    state.counters["conversations"] = double(conversations);
    state.counters["turns"] = double(turns);
}
BENCHMARK(readSessions)->ArgName("gzip")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

} // namespace
