// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/lspserver.h"

#include "cli/diagnosticprinter.h"
#include "cli/fileio.h"
#include "engine/ascii.h"
#include "engine/builtins.h"
#include "engine/contractreferences.h"
#include "engine/evaluator.h"
#include "engine/formatter.h"
#include "engine/json.h"
#include "engine/resultjson.h"
#include "engine/version.h"
#include "tracer/workspace.h"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <system_error>
#include <thread>

namespace llmcl::cli {

namespace {

using engine::JsonWriter;
using engine::Value;

// JSON-RPC and LSP error codes.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;
constexpr int kServerNotInitialized = -32002;
constexpr int kRequestFailed = -32803;
constexpr int kRequestCancelled = -32800;

// Where a diagnostic code is explained: the table of codes in the published source.
constexpr std::string_view kCodeReference = "https://llmcl.dev/source/engine/diagnosticcodes.h#";

// The methods the server knows: requests are answered, notifications never are.
struct Method
{
    std::string_view name;
    bool request;
};
constexpr Method kMethods[] = {
    {"initialize", true},
    {"initialized", false},
    {"shutdown", true},
    {"exit", false},
    {"$/cancelRequest", false},
    {"$/setTrace", false},
    {"textDocument/didOpen", false},
    {"textDocument/didChange", false},
    {"textDocument/didClose", false},
    {"textDocument/didSave", false},
    {"workspace/didChangeConfiguration", false},
    {"workspace/didChangeWatchedFiles", false},
    {"llmcl/setSample", false},
    {"textDocument/hover", true},
    {"textDocument/completion", true},
    {"completionItem/resolve", true},
    {"textDocument/signatureHelp", true},
    {"textDocument/definition", true},
    {"textDocument/documentSymbol", true},
    {"workspace/symbol", true},
    {"textDocument/formatting", true},
    {"textDocument/prepareRename", true},
    {"textDocument/rename", true},
    {"textDocument/codeAction", true},
    {"textDocument/foldingRange", true},
    {"textDocument/semanticTokens/full", true},
    {"textDocument/inlayHint", true},
    {"llmcl/evaluate", true},
};

const Method *findMethod(std::string_view name)
{
    for (const Method &method : kMethods)
        if (method.name == name)
            return &method;
    return nullptr;
}

const Value *member(const Value &value, std::string_view key)
{
    return value.isMap() ? value.find(key) : nullptr;
}

const Value *path(const Value &value, std::initializer_list<std::string_view> keys)
{
    const Value *at = &value;
    for (const std::string_view key : keys) {
        at = member(*at, key);
        if (!at)
            return nullptr;
    }
    return at;
}

std::optional<std::string_view> stringAt(
    const Value &value, std::initializer_list<std::string_view> keys)
{
    const Value *at = path(value, keys);
    if (!at || !at->isString())
        return std::nullopt;
    return at->asString();
}

std::optional<std::int64_t> integerAt(
    const Value &value, std::initializer_list<std::string_view> keys)
{
    const Value *at = path(value, keys);
    if (!at || !at->isInt())
        return std::nullopt;
    return at->asInt();
}

std::string toJson(const Value &value)
{
    JsonWriter writer;
    engine::writeValue(writer, value);
    return writer.take();
}

std::string normalised(const std::string &path)
{
    return std::filesystem::path(path).lexically_normal().string();
}

// The path a `file:` URI names; other URIs (untitled:…) stand for themselves.
std::string pathOfUri(std::string_view uri)
{
    std::string_view rest;
    if (uri.starts_with("file://"))
        rest = uri.substr(7);
    else
        return std::string(uri);
    if (rest.starts_with("localhost/"))
        rest.remove_prefix(9);
    std::string decoded;
    for (std::size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] == '%' && i + 2 < rest.size() && engine::ascii::hexValue(rest[i + 1]) >= 0
            && engine::ascii::hexValue(rest[i + 2]) >= 0) {
            decoded += static_cast<char>(
                engine::ascii::hexValue(rest[i + 1]) * 16 + engine::ascii::hexValue(rest[i + 2]));
            i += 2;
        } else {
            decoded += rest[i];
        }
    }
    return decoded;
}

std::string fileUri(std::string_view path)
{
    std::string absolute(path);
    std::error_code error;
    if (!std::filesystem::path(absolute).is_absolute())
        absolute = std::filesystem::absolute(absolute, error).lexically_normal().string();
    std::string uri = "file://";
    constexpr char hex[] = "0123456789ABCDEF";
    for (const char c : absolute) {
        if (engine::ascii::isAlnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~')
            uri += c;
        else {
            uri += '%';
            uri += hex[static_cast<unsigned char>(c) >> 4];
            uri += hex[static_cast<unsigned char>(c) & 15];
        }
    }
    return uri;
}

int lspSeverity(engine::Severity severity)
{
    switch (severity) {
    case engine::Severity::Error:
        return 1;
    case engine::Severity::Warning:
        return 2;
    case engine::Severity::Info:
        return 3;
    }
    return 1;
}

int completionKind(engine::CompletionItem::Kind kind)
{
    using Kind = engine::CompletionItem::Kind;
    switch (kind) {
    case Kind::Keyword:
        return 14;
    case Kind::Function:
        return 3;
    case Kind::Variable:
        return 6;
    case Kind::Parameter:
        return 21; // Constant: a contract's header parameter
    case Kind::ContextKey:
        return 10; // Property
    case Kind::ClauseOption:
        return 5; // Field
    case Kind::OptionValue:
        return 12; // Value
    case Kind::Contract:
        return 7; // Class
    case Kind::Module:
        return 9;
    }
    return 1;
}

int symbolKind(engine::DocumentSymbol::Kind kind)
{
    using Kind = engine::DocumentSymbol::Kind;
    switch (kind) {
    case Kind::Contract:
        return 5; // Class
    case Kind::Clause:
        return 6; // Method
    case Kind::Parameter:
        return 14; // Constant
    case Kind::Import:
        return 2; // Module
    }
    return 13;
}

bool isIdentifierByte(char c)
{
    return engine::ascii::isAlnum(c) || c == '_';
}

// The identifier around byte `offset` of `text`: [begin, end), empty when there is none.
engine::ByteRange identifierAt(std::string_view text, std::size_t offset)
{
    offset = std::min(offset, text.size());
    std::size_t begin = offset;
    while (begin > 0 && isIdentifierByte(text[begin - 1]))
        --begin;
    std::size_t end = offset;
    while (end < text.size() && isIdentifierByte(text[end]))
        ++end;
    return {begin, end};
}

// The semantic token types of the legend, in its order.
enum class TokenType : std::uint8_t
{
    Keyword,
    String,
    Number,
    Comment,
    Operator,
    Function,
    Class,
    Variable,
};
constexpr std::string_view kTokenTypes[] = {
    "keyword", "string", "number", "comment", "operator", "function", "class", "variable"};

std::optional<TokenType> tokenType(const std::vector<engine::Token> &tokens, std::size_t i)
{
    using engine::TokenKind;
    const TokenKind kind = tokens[i].kind;
    if (engine::isComment(kind))
        return TokenType::Comment;
    if (engine::isKeyword(kind))
        return TokenType::Keyword;
    if (kind == TokenKind::String || kind == TokenKind::RawString)
        return TokenType::String;
    if (kind == TokenKind::Integer || kind == TokenKind::Float)
        return TokenType::Number;
    if (kind >= TokenKind::Assign && kind <= TokenKind::Percent)
        return TokenType::Operator;
    if (kind != TokenKind::Identifier)
        return std::nullopt;
    auto neighbour = [&](std::size_t from, int step) {
        for (std::size_t j = from; j < tokens.size();) {
            if (!engine::isComment(tokens[j].kind))
                return tokens[j].kind;
            if (step < 0 && j == 0)
                break;
            j = step < 0 ? j - 1 : j + 1;
        }
        return TokenKind::EndOfFile;
    };
    const TokenKind before = i > 0 ? neighbour(i - 1, -1) : TokenKind::EndOfFile;
    if (before == TokenKind::KwContract || before == TokenKind::KwExtends)
        return TokenType::Class;
    if (neighbour(i + 1, 1) == TokenKind::LeftParen && engine::findBuiltin(tokens[i].text))
        return TokenType::Function;
    return TokenType::Variable;
}

std::string_view verdictMark(engine::ClauseStatus status)
{
    switch (status) {
    case engine::ClauseStatus::Pass:
        return "✓";
    case engine::ClauseStatus::Fail:
        return "✗";
    case engine::ClauseStatus::Error:
        return "⚠";
    case engine::ClauseStatus::Pending:
        return "…";
    case engine::ClauseStatus::Suppressed:
    case engine::ClauseStatus::Skipped:
        return "–";
    }
    return "";
}

// `text` cut to at most `limit` bytes on a code point boundary, "…" added when cut.
std::string elided(std::string_view text, std::size_t limit = 40)
{
    if (text.size() <= limit)
        return std::string(text);
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    return std::string(text.substr(0, end)) + "…";
}

std::optional<LspPosition> positionOf(const Value *value)
{
    if (!value)
        return std::nullopt;
    const std::optional<std::int64_t> line = integerAt(*value, {"line"});
    const std::optional<std::int64_t> character = integerAt(*value, {"character"});
    if (!line || !character || *line < 0 || *character < 0 || *line > UINT32_MAX
        || *character > UINT32_MAX)
        return std::nullopt;
    return LspPosition {std::uint32_t(*line), std::uint32_t(*character)};
}

std::optional<LspPosition> positionAt(const Value &params)
{
    return positionOf(member(params, "position"));
}

// Every contract file of the workspace at `folder` as the Studio lists it (tracer::Workspace:
// hidden folders and build trees skipped, folder links not followed), in path order; none when
// the folder cannot be listed.
std::vector<std::string> contractFilesUnder(const std::string &folder)
{
    std::vector<std::string> files;
    if (engine::Result<tracer::Workspace> workspace = tracer::Workspace::open(folder))
        for (const std::filesystem::path &file : workspace.value().contractFiles())
            files.push_back(normalised(file.string()));
    return files;
}

} // namespace

LspServer::LspServer(LspTransport &transport)
    : m_transport(transport)
{ }

LspServer::~LspServer() = default;

int LspServer::run()
{
    std::thread worker([this] { workerLoop(); });
    for (;;) {
        LspTransport::Frame frame = m_transport.next();
        if (frame.kind == LspTransport::Frame::Kind::End)
            break;
        if (frame.kind == LspTransport::Frame::Kind::Error)
            respondError(Value(), kParseError, frame.error);
        else if (frame.kind == LspTransport::Frame::Kind::Oversized)
            respondError(Value(), kInvalidRequest, frame.error);
        else
            readMessage(frame.body);
        if (m_exitReceived)
            break;
    }
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    worker.join();
    return m_exitReceived && m_shutdownReceived ? 0 : 1;
}

void LspServer::readMessage(std::string_view body)
{
    Value message;
    std::string parseError;
    if (!engine::parseJson(body, message, parseError)) {
        respondError(Value(), kParseError, "the message is not JSON: " + parseError);
        return;
    }
    if (!message.isMap()) {
        respondError(Value(), kInvalidRequest, "a message must be a JSON object");
        return;
    }
    const Value *id = message.find("id");
    const bool hasId = id != nullptr;
    if (!message.find("method") && (message.find("result") || message.find("error")))
        return; // the client's answer to a request of ours (a refresh): nothing to do
    if (hasId && !id->isInt() && !id->isString()) {
        respondError(Value(), kInvalidRequest, "a request id must be an integer or a string");
        return;
    }
    const Value noId;
    const Value &replyId = hasId ? *id : noId;
    const std::optional<std::string_view> version = stringAt(message, {"jsonrpc"});
    if (!version || *version != "2.0") {
        respondError(replyId, kInvalidRequest, "\"jsonrpc\" must be \"2.0\"");
        return;
    }
    const Value *methodValue = message.find("method");
    if (!methodValue) {
        respondError(replyId, kInvalidRequest, "a request needs a \"method\"");
        return;
    }
    if (!methodValue->isString()) {
        respondError(replyId, kInvalidRequest, "\"method\" must be a string");
        return;
    }
    const Value *params = message.find("params");
    if (params && !params->isMap() && !params->isList()) {
        respondError(replyId, kInvalidRequest, "\"params\" must be an object or an array");
        return;
    }

    Incoming incoming;
    incoming.method = std::string(methodValue->asString());
    incoming.request = hasId;
    if (hasId) {
        incoming.id = *id;
        incoming.idKey = toJson(*id);
    }
    if (params)
        incoming.params = *params;
    if (const std::optional<std::string_view> uri =
            stringAt(incoming.params, {"textDocument", "uri"}))
        incoming.uri = std::string(*uri);

    const Method *method = findMethod(incoming.method);
    if (incoming.method == "exit") {
        m_exitReceived = true;
        return;
    }
    if (!method) {
        // Unknown notifications ($/progress and the like) are ignored, as LSP asks.
        if (hasId)
            respondError(replyId, kMethodNotFound, "unknown method '" + incoming.method + "'");
        return;
    }
    if (hasId != method->request) {
        if (hasId)
            respondError(replyId, kInvalidRequest, "'" + incoming.method + "' is a notification");
        return;
    }
    if (incoming.method == "$/cancelRequest") {
        const Value *cancelled = member(incoming.params, "id");
        if (!cancelled)
            return;
        const std::string key = toJson(*cancelled);
        const std::lock_guard lock(m_mutex);
        for (const Incoming &queued : m_queue)
            if (queued.request && queued.idKey == key)
                m_cancelled.insert(key);
        return;
    }
    if (!m_initializeReceived && incoming.method != "initialize") {
        if (hasId)
            respondError(replyId, kServerNotInitialized, "the server is not initialized yet");
        return;
    }
    if (incoming.method == "initialize") {
        if (m_initializeReceived) {
            respondError(replyId, kInvalidRequest, "the server is initialized already");
            return;
        }
        m_initializeReceived = true;
    }
    if (m_shutdownReceived) {
        if (hasId)
            respondError(replyId, kInvalidRequest, "the server is shut down");
        return;
    }
    if (incoming.method == "shutdown")
        m_shutdownReceived = true;
    {
        const std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(incoming));
    }
    m_wake.notify_one();
}

void LspServer::respondError(const Value &id, int code, std::string_view message)
{
    JsonWriter writer;
    writer.beginObject();
    writer.member("jsonrpc", "2.0");
    writer.key("id");
    engine::writeValue(writer, id);
    writer.key("error");
    writer.beginObject();
    writer.member("code", code);
    writer.member("message", message);
    writer.endObject();
    writer.endObject();
    m_transport.send(writer.text());
}

void LspServer::respond(const Value &id, std::string_view resultJson)
{
    std::string body = "{\"jsonrpc\":\"2.0\",\"id\":";
    body += toJson(id);
    body += ",\"result\":";
    body += resultJson;
    body += '}';
    m_transport.send(body);
}

void LspServer::notify(std::string_view method, std::string_view paramsJson)
{
    std::string body = "{\"jsonrpc\":\"2.0\",\"method\":";
    engine::appendJsonString(body, method);
    body += ",\"params\":";
    body += paramsJson;
    body += '}';
    m_transport.send(body);
}

void LspServer::logMessage(int type, std::string_view message)
{
    JsonWriter writer;
    writer.beginObject();
    writer.member("type", type);
    writer.member("message", message);
    writer.endObject();
    notify("window/logMessage", writer.text());
}

bool LspServer::changeQueued(const std::string &uri)
{
    const std::lock_guard lock(m_mutex);
    return std::any_of(m_queue.begin(), m_queue.end(), [&](const Incoming &queued) {
        return queued.uri == uri
            && (queued.method == "textDocument/didChange"
                || queued.method == "textDocument/didClose");
    });
}

void LspServer::workerLoop()
{
    for (;;) {
        std::unique_lock lock(m_mutex);
        m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty() || !m_dirty.empty(); });
        if (m_stopping)
            return;
        if (!m_queue.empty()) {
            Incoming message = std::move(m_queue.front());
            m_queue.pop_front();
            const bool cancelled = message.request && m_cancelled.erase(message.idKey) > 0;
            lock.unlock();
            if (cancelled) {
                respondError(message.id, kRequestCancelled, "the request was cancelled");
                continue;
            }
            // The engine does not throw; what may (std::bad_alloc on a huge document) fails
            // this message only, never the server.
            try {
                dispatch(message);
            } catch (const std::exception &error) {
                if (message.request)
                    respondError(message.id, kInternalError, error.what());
                else
                    logMessage(1, message.method + ": " + error.what());
            }
            continue;
        }
        // Nothing queued: analyse a changed document and publish its diagnostics, unless it
        // changed again meanwhile (then the newer text is analysed instead).
        const std::string uri = *m_dirty.begin();
        m_dirty.erase(m_dirty.begin());
        lock.unlock();
        const auto found = m_documents.find(uri);
        if (found == m_documents.end())
            continue;
        analyse(found->second);
        if (changeQueued(uri))
            continue; // stale: the queued change marks the document again
        publishDiagnostics(found->second);
    }
}

void LspServer::dispatch(Incoming &message)
{
    using Handler = Reply (LspServer::*)(const Value &, JsonWriter &);
    static const std::map<std::string_view, Handler> requests = {
        {"initialize", &LspServer::initialize},
        {"textDocument/hover", &LspServer::hover},
        {"textDocument/completion", &LspServer::completion},
        {"completionItem/resolve", &LspServer::resolveCompletion},
        {"textDocument/signatureHelp", &LspServer::signatureHelp},
        {"textDocument/definition", &LspServer::definition},
        {"textDocument/documentSymbol", &LspServer::documentSymbols},
        {"workspace/symbol", &LspServer::workspaceSymbols},
        {"textDocument/formatting", &LspServer::formatting},
        {"textDocument/prepareRename", &LspServer::prepareRename},
        {"textDocument/rename", &LspServer::rename},
        {"textDocument/codeAction", &LspServer::codeActions},
        {"textDocument/foldingRange", &LspServer::foldingRanges},
        {"textDocument/semanticTokens/full", &LspServer::semanticTokens},
        {"textDocument/inlayHint", &LspServer::inlayHints},
        {"llmcl/evaluate", &LspServer::evaluateRequest},
    };
    if (!message.request) {
        if (message.method == "textDocument/didOpen")
            didOpen(message.params);
        else if (message.method == "textDocument/didChange")
            didChange(message.params);
        else if (message.method == "textDocument/didClose")
            didClose(message.params);
        else if (message.method == "llmcl/setSample")
            setSample(message.params);
        else if (message.method == "workspace/didChangeWatchedFiles")
            filesChanged(message.params);
        return;
    }
    if (message.method == "shutdown") {
        respond(message.id, "null");
        return;
    }
    const auto handler = requests.find(message.method);
    if (handler == requests.end()) {
        respondError(message.id, kMethodNotFound, "unknown method '" + message.method + "'");
        return;
    }
    JsonWriter result;
    const Reply reply = (this->*handler->second)(message.params, result);
    if (reply)
        respondError(message.id, reply->code, reply->message);
    else
        respond(message.id, result.text());
}

LspServer::Reply LspServer::initialize(const Value &params, JsonWriter &result)
{
    if (const Value *encodings = path(params, {"capabilities", "general", "positionEncodings"});
        encodings && encodings->isList()) {
        for (const Value &encoding : encodings->asList())
            if (encoding.isString() && encoding.asString() == "utf-8")
                m_encoding = PositionEncoding::Utf8;
    }
    if (const Value *refresh =
            path(params, {"capabilities", "workspace", "inlayHint", "refreshSupport"}))
        m_inlayHintRefresh = refresh->isBool() && refresh->asBool();
    if (const Value *folders = member(params, "workspaceFolders"); folders && folders->isList()) {
        for (const Value &folder : folders->asList())
            if (const std::optional<std::string_view> uri = stringAt(folder, {"uri"}))
                m_roots.push_back(normalised(pathOfUri(*uri)));
    }
    if (m_roots.empty()) {
        if (const std::optional<std::string_view> root = stringAt(params, {"rootUri"}))
            m_roots.push_back(normalised(pathOfUri(*root)));
    }
    if (const Value *include = path(params, {"initializationOptions", "includePath"});
        include && include->isList()) {
        for (const Value &folder : include->asList())
            if (folder.isString())
                m_includePath.emplace_back(folder.asString());
    }

    result.beginObject();
    result.key("capabilities");
    result.beginObject();
    result.member("positionEncoding", m_encoding == PositionEncoding::Utf8 ? "utf-8" : "utf-16");
    result.key("textDocumentSync");
    result.beginObject();
    result.member("openClose", true);
    result.member("change", 2); // incremental
    result.endObject();
    result.member("hoverProvider", true);
    result.key("completionProvider");
    result.beginObject();
    result.key("triggerCharacters");
    result.beginArray();
    result.string(".");
    result.endArray();
    result.member("resolveProvider", true);
    result.endObject();
    result.key("signatureHelpProvider");
    result.beginObject();
    result.key("triggerCharacters");
    result.beginArray();
    result.string("(");
    result.string(",");
    result.endArray();
    result.endObject();
    result.member("definitionProvider", true);
    result.member("documentSymbolProvider", true);
    result.member("workspaceSymbolProvider", true);
    result.member("documentFormattingProvider", true);
    result.key("renameProvider");
    result.beginObject();
    result.member("prepareProvider", true);
    result.endObject();
    result.key("codeActionProvider");
    result.beginObject();
    result.key("codeActionKinds");
    result.beginArray();
    result.string("quickfix");
    result.endArray();
    result.endObject();
    result.member("foldingRangeProvider", true);
    result.key("semanticTokensProvider");
    result.beginObject();
    result.key("legend");
    result.beginObject();
    result.key("tokenTypes");
    result.beginArray();
    for (const std::string_view type : kTokenTypes)
        result.string(type);
    result.endArray();
    result.key("tokenModifiers");
    result.beginArray();
    result.endArray();
    result.endObject();
    result.member("full", true);
    result.endObject();
    result.member("inlayHintProvider", true);
    result.key("experimental");
    result.beginObject();
    result.member("llmclEvaluateProvider", true);
    result.endObject();
    result.endObject();
    result.key("serverInfo");
    result.beginObject();
    result.member("name", "llmcl");
    result.member("version", engine::productVersion());
    result.endObject();
    result.endObject();
    return std::nullopt;
}

void LspServer::didOpen(const Value &params)
{
    const std::optional<std::string_view> uri = stringAt(params, {"textDocument", "uri"});
    const std::optional<std::string_view> text = stringAt(params, {"textDocument", "text"});
    if (!uri || !text) {
        logMessage(1, "textDocument/didOpen without textDocument.uri and .text: ignored");
        return;
    }
    Document &document = m_documents[std::string(*uri)];
    document.uri = std::string(*uri);
    document.path = pathOfUri(*uri);
    document.text = std::string(*text);
    document.version = integerAt(params, {"textDocument", "version"}).value_or(0);
    document.lines = std::make_unique<LineIndex>(document.text, m_encoding);
    document.analysed = false;
    document.verdicts.reset();
    m_dirty.insert(document.uri);
    markDependentsDirty(document.path);
}

void LspServer::didChange(const Value &params)
{
    Document *document = this->document(params);
    const Value *changes = member(params, "contentChanges");
    if (!document || !changes || !changes->isList()) {
        logMessage(1,
            "textDocument/didChange for a document that is not open, or without "
            "contentChanges: ignored");
        return;
    }
    for (const Value &change : changes->asList()) {
        const std::optional<std::string_view> text = stringAt(change, {"text"});
        if (!text)
            continue;
        const Value *range = member(change, "range");
        if (!range) {
            document->text = std::string(*text);
        } else {
            const std::optional<LspPosition> start = positionOf(member(*range, "start"));
            const std::optional<LspPosition> end = positionOf(member(*range, "end"));
            if (!start || !end) {
                logMessage(1, "textDocument/didChange with an invalid range: change ignored");
                continue;
            }
            const std::size_t begin = document->lines->offset(*start);
            const std::size_t finish = std::max(begin, document->lines->offset(*end));
            document->text.replace(begin, finish - begin, *text);
        }
        document->lines = std::make_unique<LineIndex>(document->text, m_encoding);
    }
    document->version = integerAt(params, {"textDocument", "version"}).value_or(document->version);
    document->analysed = false;
    document->verdicts.reset();
    m_dirty.insert(document->uri);
    markDependentsDirty(document->path);
}

void LspServer::didClose(const Value &params)
{
    Document *document = this->document(params);
    if (!document)
        return;
    const std::string uri = document->uri;
    const std::string path = document->path;
    m_documents.erase(uri);
    m_dirty.erase(uri);
    // Its diagnostics go with it; files importing it now read it from disk.
    notify("textDocument/publishDiagnostics",
        "{\"uri\":" + toJson(Value::string(uri)) + ",\"diagnostics\":[]}");
    markDependentsDirty(path);
}

void LspServer::setSample(const Value &params)
{
    Document *document = this->document(params);
    if (!document) {
        logMessage(1, "llmcl/setSample for a document that is not open: ignored");
        return;
    }
    const Value *sample = member(params, "sample");
    document->verdicts.reset();
    if (!sample || sample->isNull()) {
        document->sample.reset();
    } else {
        Sample set;
        set.content = std::string(stringAt(*sample, {"content"}).value_or(""));
        if (const std::optional<std::string_view> response = stringAt(*sample, {"response"}))
            set.response = std::string(*response);
        if (const Value *context = member(*sample, "context"); context && context->isMap())
            set.context = *context;
        document->sample = std::move(set);
    }
    if (m_inlayHintRefresh)
        m_transport.send("{\"jsonrpc\":\"2.0\",\"id\":\"llmcl-refresh-"
            + std::to_string(m_nextRequestId++) + "\",\"method\":\"workspace/inlayHint/refresh\"}");
}

void LspServer::filesChanged(const Value &params)
{
    // A file changed on disk: the open documents that read it (and not its open buffer) are
    // checked again.
    if (const Value *changes = member(params, "changes"); changes && changes->isList())
        for (const Value &change : changes->asList())
            if (const std::optional<std::string_view> uri = stringAt(change, {"uri"}))
                if (!m_documents.contains(std::string(*uri)))
                    markDependentsDirty(pathOfUri(*uri));
}

LspServer::Document *LspServer::document(const Value &params)
{
    const std::optional<std::string_view> uri = stringAt(params, {"textDocument", "uri"});
    if (!uri)
        return nullptr;
    const auto found = m_documents.find(std::string(*uri));
    return found == m_documents.end() ? nullptr : &found->second;
}

void LspServer::markDependentsDirty(const std::string &path)
{
    const std::string changed = normalised(path);
    for (auto &[uri, document] : m_documents) {
        if (std::find(document.loaded.begin(), document.loaded.end(), changed)
                != document.loaded.end()
            && normalised(document.path) != changed) {
            document.analysed = false;
            document.verdicts.reset();
            m_dirty.insert(uri);
        }
    }
}

void LspServer::analyse(Document &document)
{
    if (document.analysed)
        return;
    // Only the open documents the analysis reads are passed as overrides (copying every open
    // buffer into each analysis would cost time and memory in proportion to all of them):
    // those the previous analysis loaded, and again after an analysis that loaded an open
    // document it did not have (a new import, or one the disk's version of an import brings).
    std::map<std::string, const Document *> open; // by normalised path
    for (const auto &[uri, other] : m_documents)
        if (&other != &document)
            open.emplace(normalised(other.path), &other);
    std::set<std::string> wanted(document.loaded.begin(), document.loaded.end());
    for (int round = 0; round < 4; ++round) {
        engine::CompileRequest request;
        for (const std::string &path : wanted)
            if (const auto found = open.find(path); found != open.end())
                request.overrides[found->second->path] = found->second->text;
        request.includePath = m_includePath;
        document.analysis = engine::LanguageService::analyse(
            document.path, document.text, request, document.evaluated);
        document.loaded.clear();
        bool missing = false;
        for (const auto &file : document.analysis.compileResult().files) {
            if (!file)
                continue;
            document.loaded.push_back(normalised(file->path));
            if (open.contains(document.loaded.back())
                && wanted.insert(document.loaded.back()).second)
                missing = true;
        }
        if (!missing)
            break;
    }
    document.analysed = true;
    document.verdicts.reset();
}

void LspServer::analyseForEvaluation(Document &document)
{
    if (!document.evaluated) {
        document.evaluated = true;
        if (document.analysed && !document.analysis.compileResult().hasErrors())
            document.analysed = false; // analysed without its compiled set
    }
    analyse(document);
}

std::string LspServer::uriOf(const std::string &path) const
{
    const std::string wanted = normalised(path);
    for (const auto &[uri, document] : m_documents)
        if (normalised(document.path) == wanted)
            return uri;
    return fileUri(path);
}

std::optional<std::string> LspServer::textOf(
    const Document &document, const std::string &path) const
{
    if (path == document.path)
        return document.text;
    const engine::CompileResult &compiled = document.analysis.compileResult();
    for (std::size_t i = 0; i < compiled.files.size() && i < compiled.texts.size(); ++i)
        if (compiled.files[i] && compiled.texts[i] && compiled.files[i]->path == path)
            return *compiled.texts[i];
    const std::string wanted = normalised(path);
    for (const auto &[uri, open] : m_documents)
        if (normalised(open.path) == wanted)
            return open.text;
    engine::Result<std::string> read = readFile(path);
    if (!read)
        return std::nullopt;
    return std::move(read).value();
}

void LspServer::writeRange(
    JsonWriter &writer, const LineIndex &lines, std::size_t begin, std::size_t end) const
{
    const LspPosition start = lines.position(begin);
    const LspPosition finish = lines.position(std::max(begin, end));
    writer.beginObject();
    writer.key("start");
    writer.beginObject();
    writer.member("line", start.line);
    writer.member("character", start.character);
    writer.endObject();
    writer.key("end");
    writer.beginObject();
    writer.member("line", finish.line);
    writer.member("character", finish.character);
    writer.endObject();
    writer.endObject();
}

const LineIndex &LspServer::linesOf(
    const Document &document, const std::string &path, IndexedFiles &files) const
{
    if (path == document.path)
        return *document.lines;
    const std::string wanted = normalised(path);
    for (const auto &[uri, open] : m_documents)
        if (normalised(open.path) == wanted)
            return *open.lines;
    std::unique_ptr<IndexedFile> &file = files[path];
    if (!file)
        file = std::make_unique<IndexedFile>(textOf(document, path).value_or(""), m_encoding);
    return file->lines;
}

void LspServer::writeDiagnostic(JsonWriter &writer, const Document &document,
    const engine::Diagnostic &diagnostic, IndexedFiles &files) const
{
    writer.beginObject();
    writer.key("range");
    writeRange(writer, *document.lines, diagnostic.range.begin.offset, diagnostic.range.end.offset);
    writer.member("severity", lspSeverity(diagnostic.severity));
    writer.member("code", diagnostic.code);
    writer.key("codeDescription");
    writer.beginObject();
    writer.member("href", std::string(kCodeReference) + diagnostic.code);
    writer.endObject();
    writer.member("source", "llmcl");
    writer.member("message", diagnostic.message);
    if (!diagnostic.related.empty()) {
        writer.key("relatedInformation");
        writer.beginArray();
        for (const engine::RelatedLocation &related : diagnostic.related) {
            const std::string file = related.file.empty() ? document.path : related.file;
            writer.beginObject();
            writer.key("location");
            writer.beginObject();
            writer.member("uri", file == document.path ? document.uri : uriOf(file));
            writer.key("range");
            writeRange(writer, linesOf(document, file, files), related.range.begin.offset,
                related.range.end.offset);
            writer.endObject();
            writer.member("message", related.message);
            writer.endObject();
        }
        writer.endArray();
    }
    writer.endObject();
}

void LspServer::publishDiagnostics(const Document &document)
{
    JsonWriter writer;
    writer.beginObject();
    writer.member("uri", document.uri);
    writer.member("version", document.version);
    writer.key("diagnostics");
    writer.beginArray();
    IndexedFiles files;
    for (const engine::Diagnostic &diagnostic : document.analysis.diagnostics())
        writeDiagnostic(writer, document, diagnostic, files);
    writer.endArray();
    writer.endObject();
    notify("textDocument/publishDiagnostics", writer.text());
}

LspServer::Document *LspServer::positioned(
    const Value &params, std::size_t &offset, RpcError &error)
{
    Document *document = this->document(params);
    if (!document) {
        error = {kInvalidParams, "the document is not open (textDocument/didOpen first)"};
        return nullptr;
    }
    const std::optional<LspPosition> position = positionAt(params);
    if (!position) {
        error = {kInvalidParams, "a position {line, character} is required"};
        return nullptr;
    }
    analyse(*document);
    offset = document->lines->offset(*position);
    return document;
}

LspServer::Reply LspServer::hover(const Value &params, JsonWriter &result)
{
    std::size_t offset = 0;
    RpcError error;
    const Document *document = positioned(params, offset, error);
    if (!document)
        return error;
    const std::optional<engine::HoverInfo> info = document->analysis.hoverAt(offset);
    if (!info) {
        result.null();
        return std::nullopt;
    }
    result.beginObject();
    result.key("contents");
    result.beginObject();
    result.member("kind", "markdown");
    result.member("value", info->markdown);
    result.endObject();
    result.key("range");
    writeRange(result, *document->lines, info->range.begin.offset, info->range.end.offset);
    result.endObject();
    return std::nullopt;
}

LspServer::Reply LspServer::completion(const Value &params, JsonWriter &result)
{
    std::size_t offset = 0;
    RpcError error;
    const Document *document = positioned(params, offset, error);
    if (!document)
        return error;
    const std::vector<engine::CompletionItem> items = document->analysis.completionsAt(offset);
    // The engine's insertText replaces the identifier prefix before the cursor.
    std::size_t prefix = offset;
    while (prefix > 0 && isIdentifierByte(document->text[prefix - 1]))
        --prefix;
    result.beginObject();
    result.member("isIncomplete", false);
    result.key("items");
    result.beginArray();
    std::size_t rank = 0;
    for (const engine::CompletionItem &item : items) {
        result.beginObject();
        result.member("label", item.label);
        result.member("kind", completionKind(item.kind));
        if (!item.detail.empty())
            result.member("detail", item.detail);
        // The engine's order: keep it whatever the client's own sorting.
        char sortText[16];
        std::snprintf(sortText, sizeof sortText, "%06zu", rank++);
        result.member("sortText", sortText);
        result.key("textEdit");
        result.beginObject();
        result.key("range");
        writeRange(result, *document->lines, prefix, offset);
        result.member("newText", item.insertText.empty() ? item.label : item.insertText);
        result.endObject();
        result.key("data");
        result.beginObject();
        result.member("uri", document->uri);
        result.member("offset", static_cast<std::int64_t>(offset));
        result.member("version", document->version);
        result.endObject();
        result.endObject();
    }
    result.endArray();
    result.endObject();
    return std::nullopt;
}

LspServer::Reply LspServer::resolveCompletion(const Value &params, JsonWriter &result)
{
    const std::optional<std::string_view> label = stringAt(params, {"label"});
    if (!label)
        return RpcError {kInvalidParams, "a completion item needs a label"};
    // The documentation is looked up again for the item's document and place, as long as
    // the document has not changed since.
    std::string documentation;
    const std::optional<std::string_view> uri = stringAt(params, {"data", "uri"});
    const std::optional<std::int64_t> offset = integerAt(params, {"data", "offset"});
    const std::optional<std::int64_t> version = integerAt(params, {"data", "version"});
    if (uri && offset && version && *offset >= 0) {
        if (const auto found = m_documents.find(std::string(*uri));
            found != m_documents.end() && found->second.version == *version) {
            analyse(found->second);
            for (const engine::CompletionItem &item :
                found->second.analysis.completionsAt(std::size_t(*offset))) {
                if (item.label != *label)
                    continue;
                if (!item.detail.empty())
                    documentation = "```llmcl\n" + item.detail + "\n```\n\n";
                documentation += item.documentation;
                if (const engine::BuiltinInfo *builtin = engine::findBuiltin(item.label); builtin
                    && item.kind == engine::CompletionItem::Kind::Function
                    && builtin->summary != item.documentation)
                    documentation += "\n\n" + std::string(builtin->summary);
                break;
            }
        }
    }
    result.beginObject();
    for (const engine::MapEntry &entry : params.asMap()) {
        if (entry.first == "documentation")
            continue;
        result.key(entry.first);
        engine::writeValue(result, entry.second);
    }
    if (!documentation.empty()) {
        result.key("documentation");
        result.beginObject();
        result.member("kind", "markdown");
        result.member("value", documentation);
        result.endObject();
    }
    result.endObject();
    return std::nullopt;
}

LspServer::Reply LspServer::signatureHelp(const Value &params, JsonWriter &result)
{
    std::size_t offset = 0;
    RpcError error;
    const Document *document = positioned(params, offset, error);
    if (!document)
        return error;
    using engine::TokenKind;
    const std::vector<engine::Token> tokens = document->analysis.tokens();
    // Walk back from the cursor to the unclosed '(' of a call, counting its commas.
    std::size_t i = 0;
    while (i < tokens.size() && tokens[i].kind != TokenKind::EndOfFile
        && tokens[i].range.begin.offset < offset)
        ++i;
    int depth = 0;
    std::uint32_t commas = 0;
    const engine::BuiltinInfo *builtin = nullptr;
    while (i-- > 0) {
        const TokenKind kind = tokens[i].kind;
        if (kind == TokenKind::RightParen || kind == TokenKind::RightBracket
            || kind == TokenKind::RightBrace) {
            ++depth;
        } else if (kind == TokenKind::LeftParen || kind == TokenKind::LeftBracket
            || kind == TokenKind::LeftBrace) {
            if (depth == 0) {
                if (kind == TokenKind::LeftParen && i > 0
                    && tokens[i - 1].kind == TokenKind::Identifier)
                    builtin = engine::findBuiltin(tokens[i - 1].text);
                break;
            }
            --depth;
        } else if (kind == TokenKind::Comma && depth == 0) {
            ++commas;
        } else if (depth == 0
            && (kind == TokenKind::KwRequire || kind == TokenKind::KwEnsure
                || kind == TokenKind::KwEnsureProb || kind == TokenKind::KwTemporal
                || kind == TokenKind::KwContract || kind == TokenKind::RightBrace)) {
            break; // not inside a call
        }
    }
    if (!builtin) {
        result.null();
        return std::nullopt;
    }
    const std::string signature(builtin->signature);
    const LineIndex label(signature, m_encoding);
    result.beginObject();
    result.key("signatures");
    result.beginArray();
    result.beginObject();
    result.member("label", signature);
    result.key("documentation");
    result.beginObject();
    result.member("kind", "markdown");
    result.member("value", builtin->summary);
    result.endObject();
    result.key("parameters");
    result.beginArray();
    std::size_t from = signature.find('(');
    for (const engine::BuiltinParameter &parameter : builtin->parameters) {
        std::size_t at = from == std::string::npos ? from : signature.find(parameter.name, from);
        while (at != std::string::npos && at > 0 && isIdentifierByte(signature[at - 1]))
            at = signature.find(parameter.name, at + 1);
        result.beginObject();
        if (at == std::string::npos) {
            result.member("label", parameter.name);
        } else {
            result.key("label");
            result.beginArray();
            result.integer(label.units(0, at));
            result.integer(label.units(0, at + parameter.name.size()));
            result.endArray();
            from = at + parameter.name.size();
        }
        result.endObject();
    }
    result.endArray();
    result.endObject();
    result.endArray();
    result.member("activeSignature", 0);
    result.member("activeParameter",
        builtin->parameters.empty()
            ? std::uint32_t(0)
            : std::min<std::uint32_t>(commas, std::uint32_t(builtin->parameters.size() - 1)));
    result.endObject();
    return std::nullopt;
}

LspServer::Reply LspServer::definition(const Value &params, JsonWriter &result)
{
    std::size_t offset = 0;
    RpcError error;
    const Document *document = positioned(params, offset, error);
    if (!document)
        return error;
    const std::optional<engine::Location> location = document->analysis.definitionAt(offset);
    if (!location) {
        result.null();
        return std::nullopt;
    }
    const std::string file = location->file.empty() ? document->path : location->file;
    IndexedFiles files;
    result.beginObject();
    result.member("uri", file == document->path ? document->uri : uriOf(file));
    result.key("range");
    writeRange(result, linesOf(*document, file, files), location->range.begin.offset,
        location->range.end.offset);
    result.endObject();
    return std::nullopt;
}

namespace {

void writeDocumentSymbol(JsonWriter &writer, const engine::DocumentSymbol &symbol,
    const LineIndex &lines, const auto &writeRange)
{
    writer.beginObject();
    writer.member("name", symbol.name.empty() ? std::string("?") : symbol.name);
    if (!symbol.detail.empty())
        writer.member("detail", symbol.detail);
    writer.member("kind", symbolKind(symbol.kind));
    writer.key("range");
    writeRange(writer, lines, symbol.range.begin.offset, symbol.range.end.offset);
    // The selection range must lie inside the range.
    std::size_t begin = std::clamp(
        symbol.selectionRange.begin.offset, symbol.range.begin.offset, symbol.range.end.offset);
    std::size_t end = std::clamp(symbol.selectionRange.end.offset, begin, symbol.range.end.offset);
    writer.key("selectionRange");
    writeRange(writer, lines, begin, end);
    if (!symbol.children.empty()) {
        writer.key("children");
        writer.beginArray();
        for (const engine::DocumentSymbol &child : symbol.children)
            writeDocumentSymbol(writer, child, lines, writeRange);
        writer.endArray();
    }
    writer.endObject();
}

} // namespace

LspServer::Reply LspServer::documentSymbols(const Value &params, JsonWriter &result)
{
    Document *document = this->document(params);
    if (!document)
        return RpcError {kInvalidParams, "the document is not open"};
    analyse(*document);
    const auto writeRange = [this](JsonWriter &writer, const LineIndex &lines, std::size_t begin,
                                std::size_t end) { this->writeRange(writer, lines, begin, end); };
    result.beginArray();
    for (const engine::DocumentSymbol &symbol : document->analysis.documentSymbols())
        writeDocumentSymbol(result, symbol, *document->lines, writeRange);
    result.endArray();
    return std::nullopt;
}

LspServer::Reply LspServer::workspaceSymbols(const Value &params, JsonWriter &result)
{
    const std::string query = engine::ascii::lowered(stringAt(params, {"query"}).value_or(""));
    result.beginArray();
    for (auto &[uri, document] : m_documents) {
        analyse(document);
        const auto write = [&](const engine::DocumentSymbol &symbol, std::string_view container,
                               const auto &self) -> void {
            if (engine::ascii::lowered(symbol.name).find(query) != std::string::npos) {
                result.beginObject();
                result.member("name", symbol.name);
                result.member("kind", symbolKind(symbol.kind));
                if (!container.empty())
                    result.member("containerName", container);
                result.key("location");
                result.beginObject();
                result.member("uri", uri);
                result.key("range");
                writeRange(result, *document.lines, symbol.selectionRange.begin.offset,
                    symbol.selectionRange.end.offset);
                result.endObject();
                result.endObject();
            }
            for (const engine::DocumentSymbol &child : symbol.children)
                self(child, symbol.name, self);
        };
        for (const engine::DocumentSymbol &symbol : document.analysis.documentSymbols())
            write(symbol, {}, write);
    }
    result.endArray();
    return std::nullopt;
}

LspServer::Reply LspServer::formatting(const Value &params, JsonWriter &result)
{
    Document *document = this->document(params);
    if (!document)
        return RpcError {kInvalidParams, "the document is not open"};
    // `llmcl fmt`'s canonical layout: the client's tabSize does not change it.
    const engine::FormatResult formatted = engine::formatSource(document->text, {}, document->path);
    result.beginArray();
    if (formatted.changed && !hasErrors(formatted.diagnostics)) {
        result.beginObject();
        result.key("range");
        writeRange(result, *document->lines, 0, document->text.size());
        result.member("newText", formatted.text);
        result.endObject();
    }
    result.endArray();
    return std::nullopt;
}

LspServer::Reply LspServer::prepareRename(const Value &params, JsonWriter &result)
{
    std::size_t offset = 0;
    RpcError error;
    const Document *document = positioned(params, offset, error);
    if (!document)
        return error;
    const auto [begin, end] = identifierAt(document->text, offset);
    const std::string name = document->text.substr(begin, end - begin);
    for (const engine::ByteRange &range : engine::contractReferences(document->text, name)) {
        if (range.first == begin) {
            result.beginObject();
            result.key("range");
            writeRange(result, *document->lines, begin, end);
            result.member("placeholder", name);
            result.endObject();
            return std::nullopt;
        }
    }
    return RpcError {kRequestFailed,
        "only contract names can be renamed (in `contract X`, `extends X`, `from m import X`)"};
}

LspServer::Reply LspServer::rename(const Value &params, JsonWriter &result)
{
    std::size_t offset = 0;
    RpcError error;
    const Document *document = positioned(params, offset, error);
    if (!document)
        return error;
    const std::optional<std::string_view> newName = stringAt(params, {"newName"});
    if (!newName)
        return RpcError {kInvalidParams, "newName is required"};
    switch (engine::contractNameProblem(*newName)) {
    case engine::ContractNameProblem::None:
        break;
    case engine::ContractNameProblem::Empty:
        return RpcError {kRequestFailed, "a contract name cannot be empty"};
    case engine::ContractNameProblem::Keyword:
        return RpcError {kRequestFailed,
            "'" + std::string(*newName) + "' is a keyword of LLMCL and cannot name a contract"};
    case engine::ContractNameProblem::NotIdentifier:
        return RpcError {kRequestFailed,
            "'" + std::string(*newName)
                + "' is not a valid contract name: use letters, digits and _, not starting "
                  "with a digit"};
    }
    const auto [begin, end] = identifierAt(document->text, offset);
    const std::string oldName = document->text.substr(begin, end - begin);
    const std::vector<engine::ByteRange> here = engine::contractReferences(document->text, oldName);
    if (std::none_of(here.begin(), here.end(),
            [&](const engine::ByteRange &range) { return range.first == begin; }))
        return RpcError {kRequestFailed, "only contract names can be renamed"};

    // The open buffers, then the workspace's files on disk (the buffers win), as the Studio's
    // rename does (editor/contractrename.h).
    struct File
    {
        std::string uri;
        std::string text;
    };
    std::map<std::string, File> files; // by normalised path
    for (const auto &[uri, open] : m_documents)
        files[normalised(open.path)] = {uri, open.text};
    for (const std::string &root : m_roots) {
        for (const std::string &file : contractFilesUnder(root)) {
            if (files.contains(file))
                continue;
            if (engine::Result<std::string> read = readFile(file))
                files[file] = {fileUri(file), std::move(read).value()};
        }
    }
    bool declared = false;
    for (const auto &[path, file] : files) {
        const std::vector<std::string> contracts = engine::declaredContracts(file.text);
        if (*newName != oldName
            && std::find(contracts.begin(), contracts.end(), *newName) != contracts.end())
            return RpcError {kRequestFailed,
                "a contract named '" + std::string(*newName) + "' exists already, in " + path};
        declared =
            declared || std::find(contracts.begin(), contracts.end(), oldName) != contracts.end();
    }
    if (!declared)
        return RpcError {kRequestFailed,
            "'" + oldName + "' is not a contract declared in the workspace or an open file"};

    result.beginObject();
    result.key("changes");
    result.beginObject();
    for (const auto &[path, file] : files) {
        const std::vector<engine::ByteRange> ranges =
            engine::contractReferences(file.text, oldName);
        if (ranges.empty())
            continue;
        const LineIndex lines(file.text, m_encoding);
        result.key(file.uri);
        result.beginArray();
        for (const engine::ByteRange &range : ranges) {
            result.beginObject();
            result.key("range");
            writeRange(result, lines, range.first, range.second);
            result.member("newText", *newName);
            result.endObject();
        }
        result.endArray();
    }
    result.endObject();
    result.endObject();
    return std::nullopt;
}

LspServer::Reply LspServer::codeActions(const Value &params, JsonWriter &result)
{
    Document *document = this->document(params);
    if (!document)
        return RpcError {kInvalidParams, "the document is not open"};
    const std::optional<LspPosition> start = positionOf(path(params, {"range", "start"}));
    const std::optional<LspPosition> end = positionOf(path(params, {"range", "end"}));
    if (!start || !end)
        return RpcError {kInvalidParams, "a range is required"};
    analyse(*document);
    const std::size_t begin = document->lines->offset(*start);
    const std::size_t finish = std::max(begin, document->lines->offset(*end));
    result.beginArray();
    IndexedFiles files;
    for (const engine::Diagnostic &diagnostic : document->analysis.diagnostics()) {
        if (diagnostic.fixIts.empty() || diagnostic.range.end.offset < begin
            || diagnostic.range.begin.offset > finish)
            continue;
        // The titles the Studio's editor gives its fix-it actions.
        std::string title = "Fix " + diagnostic.code + ": ";
        if (diagnostic.fixIts.size() == 1) {
            const engine::FixIt &fix = diagnostic.fixIts.front();
            const std::size_t from = std::min(fix.range.begin.offset, document->text.size());
            const std::size_t to = std::clamp(fix.range.end.offset, from, document->text.size());
            const std::string original =
                elided(std::string_view(document->text).substr(from, to - from));
            if (from == to)
                title += "insert “" + elided(fix.replacement) + "”";
            else if (fix.replacement.empty())
                title += "remove “" + original + "”";
            else
                title += "replace “" + original + "” with “" + elided(fix.replacement) + "”";
        } else {
            title += "apply " + std::to_string(diagnostic.fixIts.size()) + " edits";
        }
        result.beginObject();
        result.member("title", title);
        result.member("kind", "quickfix");
        result.key("diagnostics");
        result.beginArray();
        writeDiagnostic(result, *document, diagnostic, files);
        result.endArray();
        result.member("isPreferred", true);
        result.key("edit");
        result.beginObject();
        result.key("changes");
        result.beginObject();
        result.key(document->uri);
        result.beginArray();
        for (const engine::FixIt &fix : diagnostic.fixIts) {
            result.beginObject();
            result.key("range");
            writeRange(result, *document->lines, fix.range.begin.offset, fix.range.end.offset);
            result.member("newText", fix.replacement);
            result.endObject();
        }
        result.endArray();
        result.endObject();
        result.endObject();
        result.endObject();
    }
    result.endArray();
    return std::nullopt;
}

LspServer::Reply LspServer::foldingRanges(const Value &params, JsonWriter &result)
{
    Document *document = this->document(params);
    if (!document)
        return RpcError {kInvalidParams, "the document is not open"};
    analyse(*document);
    const LineIndex &lines = *document->lines;
    result.beginArray();
    const auto fold = [&](std::size_t begin, std::size_t end, std::string_view kind) {
        const std::uint32_t first = lines.position(begin).line;
        const std::uint32_t last = lines.position(end > begin ? end - 1 : end).line;
        if (last <= first)
            return;
        result.beginObject();
        result.member("startLine", first);
        result.member("endLine", last);
        if (!kind.empty())
            result.member("kind", kind);
        result.endObject();
    };
    std::optional<engine::ByteRange> imports;
    for (const engine::DocumentSymbol &symbol : document->analysis.documentSymbols()) {
        if (symbol.kind == engine::DocumentSymbol::Kind::Import) {
            imports = imports
                ? engine::ByteRange {imports->first, symbol.range.end.offset}
                : engine::ByteRange {symbol.range.begin.offset, symbol.range.end.offset};
            continue;
        }
        fold(symbol.range.begin.offset, symbol.range.end.offset, "region");
        for (const engine::DocumentSymbol &child : symbol.children)
            fold(child.range.begin.offset, child.range.end.offset, "region");
    }
    if (imports)
        fold(imports->first, imports->second, "imports");
    for (const engine::Token &token : document->analysis.tokens())
        if (token.kind == engine::TokenKind::BlockComment)
            fold(token.range.begin.offset, token.range.end.offset, "comment");
    result.endArray();
    return std::nullopt;
}

LspServer::Reply LspServer::semanticTokens(const Value &params, JsonWriter &result)
{
    Document *document = this->document(params);
    if (!document)
        return RpcError {kInvalidParams, "the document is not open"};
    analyse(*document);
    const LineIndex &lines = *document->lines;
    const std::string_view text = document->text;
    const std::vector<engine::Token> tokens = document->analysis.tokens();
    result.beginObject();
    result.key("data");
    result.beginArray();
    std::uint32_t previousLine = 0;
    std::uint32_t previousCharacter = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::optional<TokenType> type = tokenType(tokens, i);
        if (!type)
            continue;
        // A token over several lines (block comment, raw string) is one token per line.
        std::size_t begin = tokens[i].range.begin.offset;
        const std::size_t end = tokens[i].range.end.offset;
        while (begin < end) {
            std::size_t stop = text.find('\n', begin);
            stop = stop == std::string_view::npos || stop > end ? end : stop;
            std::size_t visible = stop;
            if (visible > begin && text[visible - 1] == '\r')
                --visible;
            if (visible > begin) {
                const LspPosition start = lines.position(begin);
                const std::uint32_t deltaLine = start.line - previousLine;
                result.integer(deltaLine);
                result.integer(
                    deltaLine == 0 ? start.character - previousCharacter : start.character);
                result.integer(lines.units(begin, visible));
                result.integer(static_cast<std::int64_t>(*type));
                result.integer(0);
                previousLine = start.line;
                previousCharacter = start.character;
            }
            begin = stop + 1;
        }
    }
    result.endArray();
    result.endObject();
    return std::nullopt;
}

std::shared_ptr<const engine::TurnResult> LspServer::evaluate(
    const Document &document, const Sample &sample, bool fix, std::string &error) const
{
    const engine::CompileResult &compiled = document.analysis.compileResult();
    if (compiled.hasErrors() || !compiled.set) {
        error = "the contracts have errors (" + diagnosticSummary(compiled.diagnostics) + ")";
        return nullptr;
    }
    engine::TurnInput turn;
    turn.content = sample.content;
    if (sample.response)
        turn.response = std::string_view(*sample.response);
    turn.context = sample.context;
    engine::EvalOptions options;
    options.fix = fix;
    options.trace = true;
    engine::Evaluator evaluator(compiled.set);
    return std::make_shared<const engine::TurnResult>(evaluator.evaluateTurn(turn, options));
}

LspServer::Reply LspServer::evaluateRequest(const Value &params, JsonWriter &result)
{
    Document *document = this->document(params);
    if (!document)
        return RpcError {kInvalidParams, "the document is not open"};
    const Value *sampleValue = member(params, "sample");
    if (!sampleValue || !sampleValue->isMap())
        return RpcError {kInvalidParams, "sample {content, response, context} is required"};
    Sample sample;
    const Value *content = member(*sampleValue, "content");
    const Value *response = member(*sampleValue, "response");
    const Value *context = member(*sampleValue, "context");
    if ((content && !content->isString() && !content->isNull())
        || (response && !response->isString() && !response->isNull())
        || (context && !context->isMap() && !context->isNull()))
        return RpcError {kInvalidParams,
            "sample.content and sample.response must be strings, sample.context an object"};
    if (content && content->isString())
        sample.content = std::string(content->asString());
    if (response && response->isString())
        sample.response = std::string(response->asString());
    if (context && context->isMap())
        sample.context = *context;
    const Value *fix = member(params, "fix");
    analyseForEvaluation(*document);
    std::string error;
    const std::shared_ptr<const engine::TurnResult> turn =
        evaluate(*document, sample, fix && fix->isBool() && fix->asBool(), error);
    if (!turn)
        return RpcError {kRequestFailed, error};
    engine::writeTurnResult(result, *turn);
    return std::nullopt;
}

LspServer::Reply LspServer::inlayHints(const Value &params, JsonWriter &result)
{
    Document *document = this->document(params);
    if (!document)
        return RpcError {kInvalidParams, "the document is not open"};
    result.beginArray();
    if (document->sample) {
        analyseForEvaluation(*document);
        if (!document->verdicts) {
            std::string error;
            document->verdicts = evaluate(*document, *document->sample, false, error);
        }
        if (document->verdicts) {
            const std::string here = normalised(document->path);
            for (const engine::ContractResult &contract : document->verdicts->contracts) {
                for (const engine::ClauseVerdict &verdict : contract.clauses) {
                    if (normalised(verdict.file()) != here)
                        continue;
                    // At the end of the clause's first line.
                    std::size_t at = verdict.range().begin.offset;
                    const std::size_t newline = document->text.find('\n', at);
                    at = std::min(newline == std::string::npos ? document->text.size() : newline,
                        verdict.range().end.offset);
                    if (at > 0 && at <= document->text.size() && document->text[at - 1] == '\r')
                        --at;
                    const LspPosition position = document->lines->position(at);
                    std::string label = std::string(verdictMark(verdict.status)) + " "
                        + std::string(engine::clauseStatusName(verdict.status));
                    if (!verdict.message.empty() && verdict.status != engine::ClauseStatus::Pass)
                        label += ": " + elided(verdict.message, 60);
                    std::string tooltip = verdict.id();
                    for (const engine::Explanation &line : verdict.values)
                        tooltip += "\n" + line.expression + " = " + engine::repr(line.value);
                    result.beginObject();
                    result.key("position");
                    result.beginObject();
                    result.member("line", position.line);
                    result.member("character", position.character);
                    result.endObject();
                    result.member("label", label);
                    result.member("tooltip", tooltip);
                    result.member("paddingLeft", true);
                    result.endObject();
                }
            }
        }
    }
    result.endArray();
    return std::nullopt;
}

} // namespace llmcl::cli
