// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The language server (`llmcl lsp`, docs/lsp.md) as an editor sees it: the real binary over
// pipes, timed from the client's side.
//
// - didChangeToDiagnostics/N: an incremental didChange on a generated N-line file (a character
//   typed into `len` in the middle of the file, then removed) until the publishDiagnostics of
//   that version arrives. Target (issue 14): ≤ 50 ms p95 at 5,000 lines.
// - residentWithOpenFiles/F/N: the server's resident set after F generated N-line files are
//   open and their diagnostics published. Target: ≤ 100 MB with 50 files.
#include "engine/json.h"
#include "engine/value.h"

#include <benchmark/benchmark.h>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <optional>
#include <set>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "bench/generatedcontracts.h"

extern char **environ;

namespace {

using Clock = std::chrono::steady_clock;

// Whole contracts (16-line blocks), then comment lines up to `lines`: a file that compiles, so
// that every check goes all the way (parse, check, compile, conflict analysis), as in the
// editor's benchmark.
std::string healthyFile(int lines)
{
    std::string text = llmcl::bench::generateContractFile(lines - lines % 16);
    for (int i = 0; i < lines % 16; ++i)
        text += "// end of the generated file\n";
    return text;
}

// `llmcl lsp` as a child process, spoken to over two pipes.
class Server
{
public:
    Server()
    {
        int in[2];
        int out[2];
        if (::pipe(in) != 0 || ::pipe(out) != 0)
            return;
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
        posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
        posix_spawn_file_actions_addclose(&actions, in[1]);
        posix_spawn_file_actions_addclose(&actions, out[0]);
        char program[] = LLMCL_CLI_PATH;
        char command[] = "lsp";
        char *argv[] = {program, command, nullptr};
        if (posix_spawn(&m_pid, program, &actions, nullptr, argv, environ) != 0)
            m_pid = -1;
        posix_spawn_file_actions_destroy(&actions);
        ::close(in[0]);
        ::close(out[1]);
        m_input = in[1];
        m_output = out[0];
    }

    ~Server()
    {
        if (m_pid > 0) {
            send(R"({"jsonrpc":"2.0","id":999999,"method":"shutdown"})");
            send(R"({"jsonrpc":"2.0","method":"exit"})");
            ::close(m_input);
            int status = 0;
            ::waitpid(m_pid, &status, 0);
        }
        ::close(m_output);
    }

    bool running() const { return m_pid > 0; }
    pid_t pid() const { return m_pid; }

    bool send(const std::string &body)
    {
        const std::string message =
            "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
        std::size_t at = 0;
        while (at < message.size()) {
            const ssize_t written = ::write(m_input, message.data() + at, message.size() - at);
            if (written <= 0)
                return false;
            at += std::size_t(written);
        }
        return true;
    }

    // The next message, parsed; nullopt when the server went away.
    std::optional<llmcl::engine::Value> read()
    {
        for (;;) {
            const std::size_t end = m_buffer.find("\r\n\r\n");
            if (end != std::string::npos) {
                const std::size_t length = std::stoul(m_buffer.substr(16, end - 16));
                if (m_buffer.size() >= end + 4 + length) {
                    llmcl::engine::Value message;
                    std::string error;
                    llmcl::engine::parseJson(
                        std::string_view(m_buffer).substr(end + 4, length), message, error);
                    m_buffer.erase(0, end + 4 + length);
                    return message;
                }
            }
            char chunk[65536];
            const ssize_t count = ::read(m_output, chunk, sizeof chunk);
            if (count <= 0)
                return std::nullopt;
            m_buffer.append(chunk, std::size_t(count));
        }
    }

    // Reads until the diagnostics of each of `uris` at `version` arrived (in any order).
    bool waitForDiagnostics(std::set<std::string> uris, std::int64_t version)
    {
        while (!uris.empty()) {
            const std::optional<llmcl::engine::Value> message = read();
            if (!message)
                return false;
            const llmcl::engine::Value *method = message->find("method");
            const llmcl::engine::Value *params = message->find("params");
            if (!method || method->asString() != "textDocument/publishDiagnostics" || !params)
                continue;
            const llmcl::engine::Value *published = params->find("uri");
            const llmcl::engine::Value *at = params->find("version");
            if (published && at && at->asInt() == version)
                uris.erase(std::string(published->asString()));
        }
        return true;
    }

    void initialize()
    {
        send(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}})");
        while (std::optional<llmcl::engine::Value> message = read())
            if (message->find("id"))
                break;
        send(R"({"jsonrpc":"2.0","method":"initialized","params":{}})");
    }

    void open(const std::string &uri, const std::string &text)
    {
        llmcl::engine::JsonWriter writer;
        writer.beginObject();
        writer.member("jsonrpc", "2.0");
        writer.member("method", "textDocument/didOpen");
        writer.key("params");
        writer.beginObject();
        writer.key("textDocument");
        writer.beginObject();
        writer.member("uri", uri);
        writer.member("languageId", "llmcl");
        writer.member("version", 1);
        writer.member("text", text);
        writer.endObject();
        writer.endObject();
        writer.endObject();
        send(writer.text());
    }

    // Inserts `text` at (line, character), or deletes `length` characters there.
    void change(const std::string &uri, std::int64_t version, int line, int character, int length,
        const std::string &text)
    {
        char body[512];
        std::snprintf(body, sizeof body,
            R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":)"
            R"({"uri":"%s","version":%lld},"contentChanges":[{"range":{"start":{"line":%d,)"
            R"("character":%d},"end":{"line":%d,"character":%d}},"text":"%s"}]}})",
            uri.c_str(), static_cast<long long>(version), line, character, line, character + length,
            text.c_str());
        send(body);
    }

private:
    pid_t m_pid = -1;
    int m_input = -1;
    int m_output = -1;
    std::string m_buffer;
};

// Kilobytes of a /proc/PID/status field (VmRSS, VmHWM).
double statusKb(pid_t pid, const std::string &field)
{
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.starts_with(field + ":"))
            return std::stod(line.substr(field.size() + 1));
    return 0;
}

void didChangeToDiagnostics(benchmark::State &state)
{
    const int lines = int(state.range(0));
    Server server;
    if (!server.running()) {
        state.SkipWithError("llmcl lsp did not start");
        return;
    }
    server.initialize();
    const std::string uri = "file:///tmp/llmcl-bench-lsp/generated.llmcl";
    server.open(uri, healthyFile(lines));
    if (!server.waitForDiagnostics({uri}, 1)) {
        state.SkipWithError("no diagnostics for the opened file");
        return;
    }
    // Line 3 of a block in the middle: "    require len(content) <= …"; after "len".
    const int line = lines / 2 - (lines / 2) % 16 + 3;
    std::int64_t version = 1;
    bool typeX = true;
    std::vector<double> samples;
    for (auto _ : state) {
        ++version;
        const Clock::time_point start = Clock::now();
        if (typeX)
            server.change(uri, version, line, 15, 0, "x");
        else
            server.change(uri, version, line, 15, 1, "");
        typeX = !typeX;
        if (!server.waitForDiagnostics({uri}, version)) {
            state.SkipWithError("no diagnostics for a change");
            return;
        }
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        state.SetIterationTime(seconds);
        samples.push_back(seconds * 1e3);
    }
    state.counters["p50_ms"] = llmcl::bench::quantile(samples, 0.50);
    state.counters["p95_ms"] = llmcl::bench::quantile(samples, 0.95);
    state.counters["max_ms"] = llmcl::bench::quantile(samples, 1.0);
}
BENCHMARK(didChangeToDiagnostics)
    ->Arg(5000)
    ->Arg(1000)
    ->Iterations(60)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

void residentWithOpenFiles(benchmark::State &state)
{
    const int files = int(state.range(0));
    const int lines = int(state.range(1));
    for (auto _ : state) {
        Server server;
        if (!server.running()) {
            state.SkipWithError("llmcl lsp did not start");
            return;
        }
        server.initialize();
        const double idle = statusKb(server.pid(), "VmRSS");
        std::set<std::string> uris;
        // Each file declares other contracts, so that together they compile without
        // duplicates (the files are separate documents: no imports between them).
        for (int i = 0; i < files; ++i) {
            std::string text = healthyFile(lines);
            for (std::size_t at = text.find("Safety"); at != std::string::npos;
                at = text.find("Safety", at + 1))
                text.replace(at, 6, "Rules" + std::to_string(i) + "x");
            const std::string uri =
                "file:///tmp/llmcl-bench-lsp/file" + std::to_string(i) + ".llmcl";
            server.open(uri, text);
            uris.insert(uri);
        }
        if (!server.waitForDiagnostics(uris, 1)) {
            state.SkipWithError("diagnostics missing");
            return;
        }
        state.counters["idle_mb"] = idle / 1024;
        state.counters["rss_mb"] = statusKb(server.pid(), "VmRSS") / 1024;
        state.counters["peak_mb"] = statusKb(server.pid(), "VmHWM") / 1024;
    }
}
BENCHMARK(residentWithOpenFiles)
    ->Args({50, 1000})
    ->Args({50, 5000})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
