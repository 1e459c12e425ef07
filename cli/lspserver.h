// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/lsppositions.h"
#include "cli/lsptransport.h"
#include "engine/languageservice.h"
#include "engine/value.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace llmcl::engine {
class JsonWriter;
struct TurnResult;
} // namespace llmcl::engine

namespace llmcl::cli {

// `llmcl lsp`: a language server (JSON-RPC 2.0, LSP 3.17) over engine::LanguageService, the
// checker, the formatter and the evaluator — the answers the Studio gives (docs/lsp.md).
//
// Threads: run() reads and frames messages on the calling thread (the reader), which answers
// framing errors, invalid requests, unknown methods and requests before `initialize` at once,
// records `$/cancelRequest` and stops at `exit`. Everything else goes, in order, to one worker
// thread, which owns the open documents: it applies changes, answers requests and, whenever
// its queue is empty, analyses the documents that changed and publishes their diagnostics.
// A request cancelled while queued is answered with RequestCancelled (-32800); an analysis
// whose document changed again meanwhile (a change already queued) is dropped, not published.
//
// Errors: nothing in a message, a document or a sample can stop the server; problems are
// JSON-RPC error responses (or, for notifications, logged to the client with
// window/logMessage).
class LspServer
{
public:
    explicit LspServer(LspTransport &transport);
    ~LspServer();
    LspServer(const LspServer &) = delete;
    LspServer &operator=(const LspServer &) = delete;

    // Serves until `exit` or the end of the input. Returns the exit code: 0 after `shutdown`
    // then `exit`, 1 otherwise (LSP's rule).
    int run();

private:
    struct Incoming
    {
        std::string method;
        engine::Value id; // null for a notification
        std::string idKey; // the id as JSON, for cancellation
        engine::Value params;
        std::string uri; // params.textDocument.uri, when there is one
        bool request = false;
    };

    struct Sample
    {
        std::string content;
        std::optional<std::string> response;
        engine::Value context;
    };

    struct Document
    {
        std::string uri;
        std::string path; // the file the URI names (the URI itself when not a file URI)
        std::string text;
        std::int64_t version = 0;
        std::unique_ptr<LineIndex> lines; // of text
        engine::LanguageService analysis;
        bool analysed = false; // analysis is of text
        // Whether analyses keep the compiled set: only for documents that are evaluated (a
        // sample, llmcl/evaluate), to save memory with many open files.
        bool evaluated = false;
        std::vector<std::string> loaded; // normalised paths of the files the analysis read
        std::optional<Sample> sample;
        // The sample's verdicts for the analysed text (inlay hints), computed on demand.
        std::shared_ptr<const engine::TurnResult> verdicts;
    };

    struct RpcError
    {
        int code = 0;
        std::string message;
    };
    using Reply = std::optional<RpcError>; // nullopt: the result was written

    void readMessage(std::string_view body);
    void respondError(const engine::Value &id, int code, std::string_view message);
    void respond(const engine::Value &id, std::string_view resultJson);
    void notify(std::string_view method, std::string_view paramsJson);
    void logMessage(int type, std::string_view message);

    void workerLoop();
    void dispatch(Incoming &message);
    bool changeQueued(const std::string &uri);

    // Lifecycle and documents.
    Reply initialize(const engine::Value &params, engine::JsonWriter &result);
    void didOpen(const engine::Value &params);
    void didChange(const engine::Value &params);
    void didClose(const engine::Value &params);
    void setSample(const engine::Value &params);
    void filesChanged(const engine::Value &params);
    Document *document(const engine::Value &params);
    void markDependentsDirty(const std::string &path);
    void analyse(Document &document);
    // analyse(), keeping the compiled set from now on.
    void analyseForEvaluation(Document &document);
    void publishDiagnostics(const Document &document);
    std::string uriOf(const std::string &path) const;
    // The text of `path` as the analysis of `document` read it (or an open buffer, or disk).
    std::optional<std::string> textOf(const Document &document, const std::string &path) const;
    std::shared_ptr<const engine::TurnResult> evaluate(
        const Document &document, const Sample &sample, bool fix, std::string &error) const;

    // Requests on a document.
    Reply hover(const engine::Value &params, engine::JsonWriter &result);
    Reply completion(const engine::Value &params, engine::JsonWriter &result);
    Reply resolveCompletion(const engine::Value &params, engine::JsonWriter &result);
    Reply signatureHelp(const engine::Value &params, engine::JsonWriter &result);
    Reply definition(const engine::Value &params, engine::JsonWriter &result);
    Reply documentSymbols(const engine::Value &params, engine::JsonWriter &result);
    Reply workspaceSymbols(const engine::Value &params, engine::JsonWriter &result);
    Reply formatting(const engine::Value &params, engine::JsonWriter &result);
    Reply prepareRename(const engine::Value &params, engine::JsonWriter &result);
    Reply rename(const engine::Value &params, engine::JsonWriter &result);
    Reply codeActions(const engine::Value &params, engine::JsonWriter &result);
    Reply foldingRanges(const engine::Value &params, engine::JsonWriter &result);
    Reply semanticTokens(const engine::Value &params, engine::JsonWriter &result);
    Reply inlayHints(const engine::Value &params, engine::JsonWriter &result);
    Reply evaluateRequest(const engine::Value &params, engine::JsonWriter &result);

    // Helpers of the requests.
    Document *positioned(const engine::Value &params, std::size_t &offset, RpcError &error);
    // The texts and line indexes of the files one reply points into besides open documents:
    // each read and indexed once, however many locations point there (a conflict's related
    // locations often point into one imported file many times).
    struct IndexedFile
    {
        IndexedFile(std::string contents, PositionEncoding encoding)
            : text(std::move(contents))
            , lines(text, encoding)
        { }
        IndexedFile(const IndexedFile &) = delete;
        IndexedFile &operator=(const IndexedFile &) = delete;

        std::string text;
        LineIndex lines; // of text
    };
    using IndexedFiles = std::map<std::string, std::unique_ptr<IndexedFile>>;
    const LineIndex &linesOf(
        const Document &document, const std::string &path, IndexedFiles &files) const;
    void writeDiagnostic(engine::JsonWriter &writer, const Document &document,
        const engine::Diagnostic &diagnostic, IndexedFiles &files) const;
    void writeRange(engine::JsonWriter &writer, const LineIndex &lines, std::size_t begin,
        std::size_t end) const;

    LspTransport &m_transport;

    // Shared between the reader and the worker, under m_mutex.
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Incoming> m_queue;
    std::set<std::string> m_cancelled; // idKeys of queued requests the client cancelled
    bool m_stopping = false;

    // The reader's.
    bool m_initializeReceived = false;
    bool m_shutdownReceived = false;
    bool m_exitReceived = false;

    // The worker's.
    PositionEncoding m_encoding = PositionEncoding::Utf16;
    std::vector<std::string> m_roots; // workspace folders (paths)
    std::vector<std::string> m_includePath;
    bool m_inlayHintRefresh = false;
    std::int64_t m_nextRequestId = 1;
    std::map<std::string, Document> m_documents; // by URI
    std::set<std::string> m_dirty; // URIs whose diagnostics are to be published
};

} // namespace llmcl::cli
