// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/sessionreader.h"

#include "engine/json.h"
#include "engine/jsondom.h"
#include "engine/utf8.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <simdjson.h>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <zlib.h>

namespace llmcl::tracer {

namespace {

using engine::MapEntry;
using engine::Value;

// Reads and inflates in blocks of this size: large enough that system calls and zlib's
// per-call overhead vanish, small enough to stay in L2/L3 while lines are split.
constexpr std::size_t kBlockSize = std::size_t(1) << 20;
// simdjson may read (and ignore) this many bytes past the end of a line.
constexpr std::size_t kPadding = simdjson::SIMDJSON_PADDING;

// ---- JSON access: one mapping over two tree types ----
//
// Lines are parsed with simdjson's DOM (the fast path). simdjson refuses a few valid documents
// (integers beyond 64 bits, 1e400) and does not say where a document goes wrong; then
// engine::parseJson parses the line again, which either yields a Value tree (mapped with the
// same rules) or a message with the byte offset of the error. The mapping is written once, as
// a template over these two small adapters.

enum class Kind : std::uint8_t
{
    Null,
    Bool,
    Int,
    UInt,
    Float,
    String,
    Array,
    Object
};

std::string_view kindName(Kind kind)
{
    switch (kind) {
    case Kind::Null:
        return "null";
    case Kind::Bool:
        return "a boolean";
    case Kind::Int:
    case Kind::UInt:
    case Kind::Float:
        return "a number";
    case Kind::String:
        return "a string";
    case Kind::Array:
        return "an array";
    case Kind::Object:
        return "an object";
    }
    return "a value";
}

bool isNumber(Kind kind)
{
    return kind == Kind::Int || kind == Kind::UInt || kind == Kind::Float;
}

class DomNode
{
public:
    DomNode() = default;
    explicit DomNode(simdjson::dom::element element)
        : m_element(element)
    { }

    Kind kind() const
    {
        using simdjson::dom::element_type;
        switch (m_element.type()) {
        case element_type::ARRAY:
            return Kind::Array;
        case element_type::OBJECT:
            return Kind::Object;
        case element_type::INT64:
            return Kind::Int;
        case element_type::UINT64:
            return Kind::UInt;
        case element_type::DOUBLE:
            return Kind::Float;
        case element_type::STRING:
            return Kind::String;
        case element_type::BOOL:
            return Kind::Bool;
        case element_type::NULL_VALUE:
            return Kind::Null;
        }
        return Kind::Null;
    }

    // Each accessor requires the matching kind().
    std::string_view string() const { return m_element.get_string().value_unsafe(); }
    std::int64_t int64() const { return m_element.get_int64().value_unsafe(); }
    std::uint64_t uint64() const { return m_element.get_uint64().value_unsafe(); }
    double number() const
    {
        switch (kind()) {
        case Kind::Int:
            return static_cast<double>(int64());
        case Kind::UInt:
            return static_cast<double>(uint64());
        default:
            return m_element.get_double().value_unsafe();
        }
    }
    std::size_t size() const
    {
        simdjson::dom::array array;
        return m_element.get_array().get(array) == simdjson::SUCCESS ? array.size() : 0;
    }

    // Calls f(item) for each array element until f returns false; returns false then.
    template<typename F>
    bool forEachItem(F &&f) const
    {
        simdjson::dom::array array;
        if (m_element.get_array().get(array) != simdjson::SUCCESS)
            return true;
        for (simdjson::dom::element item : array)
            if (!f(DomNode(item)))
                return false;
        return true;
    }

    // Calls f(key, value) for each object member, in document order (repeated keys included).
    template<typename F>
    void forEachMember(F &&f) const
    {
        simdjson::dom::object object;
        if (m_element.get_object().get(object) != simdjson::SUCCESS)
            return;
        for (simdjson::dom::key_value_pair member : object)
            f(member.key, DomNode(member.value));
    }

    Value toValue() const { return engine::detail::jsonDomToValue(m_element); }

private:
    simdjson::dom::element m_element;
};

class ValueNode
{
public:
    ValueNode() = default;
    explicit ValueNode(const Value &value)
        : m_value(&value)
    { }

    Kind kind() const
    {
        switch (m_value->type()) {
        case engine::ValueType::Null:
            return Kind::Null;
        case engine::ValueType::Bool:
            return Kind::Bool;
        case engine::ValueType::Int:
            return Kind::Int;
        case engine::ValueType::Float:
            return Kind::Float;
        case engine::ValueType::String:
            return Kind::String;
        case engine::ValueType::List:
            return Kind::Array;
        case engine::ValueType::Map:
            return Kind::Object;
        }
        return Kind::Null;
    }

    std::string_view string() const { return m_value->asString(); }
    std::int64_t int64() const { return m_value->asInt(); }
    std::uint64_t uint64() const { return static_cast<std::uint64_t>(m_value->asInt()); }
    double number() const { return m_value->asNumber(); }
    std::size_t size() const { return m_value->asList().size(); }

    template<typename F>
    bool forEachItem(F &&f) const
    {
        for (const Value &item : m_value->asList())
            if (!f(ValueNode(item)))
                return false;
        return true;
    }

    template<typename F>
    void forEachMember(F &&f) const
    {
        for (const MapEntry &entry : m_value->asMap())
            f(std::string_view(entry.first), ValueNode(entry.second));
    }

    // parseJson's strings are owned, so the value outlives the line.
    Value toValue() const { return *m_value; }

private:
    const Value *m_value = nullptr;
};

// Looks up several members of an object in one pass; a repeated key keeps its last value (as
// parseJson and Python do). A member whose value is null counts as absent.
template<typename Node, std::size_t N>
std::array<std::optional<Node>, N> membersOf(
    const Node &object, const std::array<std::string_view, N> &names)
{
    std::array<std::optional<Node>, N> found;
    object.forEachMember([&](std::string_view key, const Node &value) {
        for (std::size_t i = 0; i < N; ++i)
            if (key == names[i]) {
                if (value.kind() == Kind::Null)
                    found[i].reset();
                else
                    found[i] = value;
                break;
            }
    });
    return found;
}

// Where a value sits in the line, for problem messages: "turns[2].user",
// "messages[0].content[1].text". Built only when something is wrong.
struct Path
{
    Path(std::string_view array, std::size_t index, std::string_view member = {})
        : array(array)
        , index(index)
        , member(member)
    { }

    std::string_view array; // "turns" or "messages"
    std::size_t index;
    std::string_view member; // may be empty
    std::optional<std::size_t> part; // index in a list of content parts
    std::string_view partMember;

    std::string str() const
    {
        std::string out(array);
        out += '[';
        out += std::to_string(index);
        out += ']';
        if (!member.empty()) {
            out += '.';
            out += member;
        }
        if (part) {
            out += '[';
            out += std::to_string(*part);
            out += ']';
            if (!partMember.empty()) {
                out += '.';
                out += partMember;
            }
        }
        return out;
    }
};

// What a message's content held besides text: tool blocks in the style of Anthropic's API.
struct ContentShape
{
    bool toolUse = false; // a "tool_use" part (an assistant calling a tool)
    std::size_t toolResults = 0; // "tool_result" parts
    std::size_t parts = 0; // all parts, when the content was a list
};

// Turns one conversation line (already parsed) into a Conversation; on failure sets the
// problem message and leaves `out` half-built (the caller discards it).
template<typename Node>
class Mapper
{
public:
    Mapper(Conversation &out, std::string &problem)
        : m_out(out)
        , m_problem(problem)
    { }

    bool map(const Node &root, std::uint64_t line)
    {
        if (root.kind() != Kind::Object)
            return fail(std::string("not a JSON object but ") + std::string(kindName(root.kind())));
        static constexpr std::array<std::string_view, 4> names = {
            "id", "metadata", "turns", "messages"};
        const auto [id, metadata, turns, messages] = membersOf(root, names);

        if (turns && messages)
            return fail("both \"turns\" and \"messages\": which conversation is meant is unclear");
        if (!turns && !messages)
            return fail("neither \"turns\" nor \"messages\": not a conversation");

        m_out.idFromLine = !id;
        if (!id) {
            m_out.id = std::to_string(line);
        } else if (!idText(*id, m_out.id)) {
            return fail(std::string("id must be a string or a number, not ")
                + std::string(kindName(id->kind())));
        }

        if (!metadata)
            m_out.metadata = Value::null();
        else if (metadata->kind() == Kind::Object)
            m_out.metadata = metadata->toValue();
        else
            return fail(std::string("metadata must be an object or null, not ")
                + std::string(kindName(metadata->kind())));

        m_turns = 0;
        if (!(turns ? mapTurns(*turns) : mapMessages(*messages)))
            return false;
        // Turns past the last one of this conversation (a longer one was here before).
        m_out.turns.erase(
            m_out.turns.begin() + static_cast<std::ptrdiff_t>(m_turns), m_out.turns.end());
        return true;
    }

private:
    bool fail(std::string message)
    {
        m_problem = std::move(message);
        return false;
    }

    // The next turn of the conversation, empty but for a response kept for its storage (the
    // caller sets or resets it). `m_out` may hold the turns of a conversation read before
    // (SessionReader::next() fills what it is given): their strings keep their storage, so
    // that reading a conversation does not allocate each text again.
    Turn &reuseTurn()
    {
        if (m_turns == m_out.turns.size()) {
            ++m_turns;
            return m_out.turns.emplace_back();
        }
        Turn &turn = m_out.turns[m_turns++];
        turn.content.clear();
        // An empty map is immutable: one made for an earlier turn serves again.
        if (!turn.context.isMap() || !turn.context.asMap().empty())
            turn.context = Value::map({});
        turn.timestamp.reset();
        turn.latencyMs.reset();
        return turn;
    }
    // The next turn of the conversation, empty.
    Turn &addTurn()
    {
        Turn &turn = reuseTurn();
        turn.response.reset();
        return turn;
    }
    Turn &lastTurn() { return m_out.turns[m_turns - 1]; }

    bool failType(const Path &path, std::string_view expected, Kind got)
    {
        return fail(path.str() + " must be " + std::string(expected) + ", not "
            + std::string(kindName(got)));
    }

    static bool idText(const Node &id, std::string &out)
    {
        switch (id.kind()) {
        case Kind::String:
            out.assign(id.string());
            return true;
        case Kind::Int:
            out = std::to_string(id.int64());
            return true;
        case Kind::UInt:
            out = std::to_string(id.uint64());
            return true;
        case Kind::Float: {
            // An integral float (17.0, 1e3, or an integer too long for 64 bits that parseJson
            // read as a float) is written as an integer when that is exact; others as JSON.
            const double d = id.number();
            if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9.2e18) {
                out = std::to_string(static_cast<std::int64_t>(d));
            } else {
                out.clear();
                engine::appendJsonNumber(out, d);
            }
            return true;
        }
        default:
            return false;
        }
    }

    // The text of a "user"/"assistant"/"content" value that is not null: a string, or a list
    // of content parts whose text parts are joined with "\n". Other parts (images, audio, tool
    // blocks) carry no text and are skipped; `shape` says what was seen.
    bool text(const Node &value, const Path &path, std::string &out, ContentShape *shape = nullptr)
    {
        if (value.kind() == Kind::String) {
            out.assign(value.string());
            return true;
        }
        if (value.kind() != Kind::Array)
            return failType(path, "a string, a list of content parts or null", value.kind());
        out.clear();
        bool first = true;
        std::size_t index = 0;
        static constexpr std::array<std::string_view, 3> names = {"type", "text", "refusal"};
        return value.forEachItem([&](const Node &part) {
            Path partPath = path;
            partPath.part = index++;
            if (shape)
                ++shape->parts;
            std::string_view piece;
            if (part.kind() == Kind::String) {
                piece = part.string();
            } else if (part.kind() != Kind::Object) {
                return failType(partPath, "an object or a string", part.kind());
            } else {
                const auto [type, textMember, refusal] = membersOf(part, names);
                if (type && type->kind() != Kind::String) {
                    partPath.partMember = "type";
                    return failType(partPath, "a string", type->kind());
                }
                const std::string_view typeName = type ? type->string() : std::string_view();
                std::optional<Node> carrier;
                if (typeName == "text" || (typeName.empty() && textMember)) {
                    partPath.partMember = "text";
                    carrier = textMember;
                } else if (typeName == "refusal") {
                    partPath.partMember = "refusal";
                    carrier = refusal;
                } else {
                    if (shape && typeName == "tool_use")
                        shape->toolUse = true;
                    if (shape && typeName == "tool_result")
                        ++shape->toolResults;
                    return true;
                }
                if (!carrier)
                    return fail(partPath.str() + " is missing");
                if (carrier->kind() != Kind::String)
                    return failType(partPath, "a string", carrier->kind());
                piece = carrier->string();
            }
            if (!first)
                out += '\n';
            out.append(piece);
            first = false;
            return true;
        });
    }

    bool mapTurns(const Node &turns)
    {
        if (turns.kind() != Kind::Array)
            return fail(
                std::string("turns must be an array, not ") + std::string(kindName(turns.kind())));
        if (m_out.turns.capacity() < turns.size())
            m_out.turns.reserve(turns.size());
        std::size_t index = 0;
        static constexpr std::array<std::string_view, 5> names = {
            "user", "assistant", "context", "timestamp", "latency_ms"};
        return turns.forEachItem([&](const Node &item) {
            const Path path {"turns", index++, {}};
            if (item.kind() != Kind::Object)
                return failType(path, "an object", item.kind());
            const auto [user, assistant, context, timestamp, latency] = membersOf(item, names);
            Turn &turn = reuseTurn();
            if (user && !text(*user, Path {"turns", path.index, "user"}, turn.content))
                return false;
            if (!assistant)
                turn.response.reset();
            else if (!text(*assistant, Path {"turns", path.index, "assistant"},
                         turn.response ? *turn.response : turn.response.emplace()))
                return false;
            if (context) {
                if (context->kind() != Kind::Object)
                    return failType(Path {"turns", path.index, "context"}, "an object or null",
                        context->kind());
                turn.context = context->toValue();
            }
            if (timestamp) {
                if (timestamp->kind() != Kind::String)
                    return failType(Path {"turns", path.index, "timestamp"}, "a string or null",
                        timestamp->kind());
                turn.timestamp.emplace(timestamp->string());
            }
            if (latency) {
                if (!isNumber(latency->kind()))
                    return failType(Path {"turns", path.index, "latency_ms"}, "a number or null",
                        latency->kind());
                turn.latencyMs = latency->number();
            }
            return true;
        });
    }

    // The `messages` shape, in order (docs/sessions.md, "The messages shape"):
    // - user: closes the open turn (unanswered: response null) and opens a turn;
    // - assistant: answers the open turn and closes it, or, with none open, is a turn of its
    //   own with empty content; an assistant message that calls tools is a tool step instead;
    // - tool steps (tool/function/ipython messages, tool-calling assistant messages, user
    //   messages made only of tool results) go into the open turn's tool_messages, opening a
    //   turn with empty content when none is open;
    // - system/developer: in force from there on, for the open turn and every later one.
    bool mapMessages(const Node &messages)
    {
        if (messages.kind() != Kind::Array)
            return fail(std::string("messages must be an array, not ")
                + std::string(kindName(messages.kind())));
        m_system.clear();
        m_tools.clear();
        m_open = false;
        std::size_t index = 0;
        static constexpr std::array<std::string_view, 5> names = {
            "role", "content", "tool_calls", "function_call", "refusal"};
        const bool ok = messages.forEachItem([&](const Node &message) {
            const std::size_t at = index++;
            if (message.kind() != Kind::Object)
                return failType(Path {"messages", at}, "an object", message.kind());
            const auto [role, content, toolCalls, functionCall, refusal] =
                membersOf(message, names);
            if (!role)
                return fail(Path {"messages", at}.str() + " has no role");
            if (role->kind() != Kind::String)
                return failType(Path {"messages", at, "role"}, "a string", role->kind());
            const std::string_view roleName = role->string();
            // Tool messages are kept as given; their content is not read.
            if (roleName == "tool" || roleName == "function" || roleName == "ipython")
                return toolStep(message);
            const bool system = roleName == "system" || roleName == "developer";
            if (!system && roleName != "user" && roleName != "assistant")
                return fail(Path {"messages", at, "role"}.str() + " \"" + std::string(roleName)
                    + "\" is none of system, developer, user, assistant, tool, function, ipython");
            ContentShape shape;
            std::string body;
            if (content && !text(*content, Path {"messages", at, "content"}, body, &shape))
                return false;

            if (system) {
                if (!body.empty())
                    m_system.push_back(std::move(body));
                return true;
            }
            if (roleName == "user") {
                if (shape.parts > 0 && shape.toolResults == shape.parts)
                    return toolStep(message);
                closeOpen();
                addTurn().content = std::move(body);
                m_open = true;
                return true;
            }
            // An assistant message.
            if (toolCalls && toolCalls->kind() != Kind::Array)
                return failType(
                    Path {"messages", at, "tool_calls"}, "an array or null", toolCalls->kind());
            if (functionCall && functionCall->kind() != Kind::Object)
                return failType(Path {"messages", at, "function_call"}, "an object or null",
                    functionCall->kind());
            if ((toolCalls && toolCalls->size() > 0) || functionCall || shape.toolUse)
                return toolStep(message);
            if (!content && refusal) {
                if (refusal->kind() != Kind::String)
                    return failType(
                        Path {"messages", at, "refusal"}, "a string or null", refusal->kind());
                body.assign(refusal->string());
            }
            if (!m_open)
                addTurn();
            lastTurn().response = std::move(body);
            m_open = true;
            closeOpen();
            return true;
        });
        if (!ok)
            return false;
        closeOpen();
        return true;
    }

    bool toolStep(const Node &message)
    {
        if (!m_open) {
            addTurn();
            m_open = true;
        }
        m_tools.push_back(message.toValue());
        return true;
    }

    // Gives the open turn its context: the system prompts in force now and its tool steps.
    void closeOpen()
    {
        if (!m_open)
            return;
        m_open = false;
        std::vector<MapEntry> context;
        if (!m_system.empty()) {
            std::string joined;
            for (const std::string &prompt : m_system) {
                if (!joined.empty())
                    joined += "\n\n";
                joined += prompt;
            }
            context.emplace_back("system", Value::string(std::move(joined)));
        }
        if (!m_tools.empty())
            context.emplace_back("tool_messages", Value::list(std::exchange(m_tools, {})));
        lastTurn().context = Value::map(std::move(context));
    }

    Conversation &m_out;
    std::string &m_problem;
    std::vector<std::string> m_system;
    std::vector<Value> m_tools;
    bool m_open = false;
    std::size_t m_turns = 0; // of m_out.turns, those of the conversation being read
};

// "expected ',' or '}' in an object at byte 52" → "... at byte 55 of the line" when the text
// parsed started `shift` bytes into the line (after a byte order mark).
std::string locateInLine(std::string message, std::size_t shift)
{
    static constexpr std::string_view marker = " at byte ";
    const std::size_t at = message.rfind(marker);
    if (at != std::string::npos) {
        const std::size_t digits = at + marker.size();
        std::size_t offset = 0;
        const auto [end, ec] =
            std::from_chars(message.data() + digits, message.data() + message.size(), offset);
        if (ec == std::errc() && end == message.data() + message.size()) {
            message.resize(digits);
            message += std::to_string(offset + shift);
        }
    }
    return message + " of the line";
}

std::string errnoText(int error)
{
    return std::generic_category().message(error);
}

struct FileCloser
{
    void operator()(std::FILE *file) const { std::fclose(file); }
};

} // namespace

std::string describe(const SessionProblem &problem)
{
    return problem.file + ':' + std::to_string(problem.line) + " (byte "
        + std::to_string(problem.byteOffset) + "): " + problem.message;
}

struct SessionReader::Impl
{
    Impl() = default;
    Impl(const Impl &) = delete;
    Impl &operator=(const Impl &) = delete;
    ~Impl()
    {
        if (zlibStarted)
            inflateEnd(&zlib);
    }

    // ---- the byte source: the file, inflated when it is gzip ----

    // Reads up to a block of file bytes into `input`; false at the end of the file or on an
    // error (then `failure` is set).
    bool readInput()
    {
        inputSize = std::fread(input.get(), 1, kBlockSize, file.get());
        inputPos = 0;
        fileBytesRead += inputSize;
        if (inputSize == 0 && std::ferror(file.get())) {
            const int error = errno;
            failure = engine::Error {path + ": cannot read: " + errnoText(error)};
            return false;
        }
        return inputSize > 0;
    }

    // Fills dst with up to `capacity` bytes of (uncompressed) data: the count, 0 at the end,
    // or -1 on a failure (then `failure` is set). Data produced before a failure is returned
    // first; the failure is reported by the call after.
    std::ptrdiff_t readData(char *dst, std::size_t capacity)
    {
        if (pendingFailure) {
            failure = std::move(pendingFailure);
            pendingFailure.reset();
            return -1;
        }
        if (source) {
            engine::Result<std::size_t> produced = source(dst, capacity);
            if (!produced) {
                failure = produced.error();
                return -1;
            }
            fileBytesRead += produced.value();
            return static_cast<std::ptrdiff_t>(produced.value());
        }
        if (!gzip) {
            if (inputPos < inputSize) {
                const std::size_t n = std::min(capacity, inputSize - inputPos);
                std::memcpy(dst, input.get() + inputPos, n);
                inputPos += n;
                return static_cast<std::ptrdiff_t>(n);
            }
            const std::size_t n = std::fread(dst, 1, capacity, file.get());
            fileBytesRead += n;
            if (n == 0 && std::ferror(file.get())) {
                const int error = errno;
                failure = engine::Error {path + ": cannot read: " + errnoText(error)};
                return -1;
            }
            return static_cast<std::ptrdiff_t>(n);
        }

        zlib.next_out = reinterpret_cast<Bytef *>(dst);
        zlib.avail_out = static_cast<uInt>(std::min<std::size_t>(capacity, 1u << 30));
        const uInt start = zlib.avail_out;
        std::optional<engine::Error> problem;
        while (zlib.avail_out == start) {
            if (zlib.avail_in == 0) {
                if (!readInput()) {
                    if (failure)
                        return -1;
                    if (!zlibEnded)
                        problem = engine::Error {path + ": the gzip data ends early after "
                            + std::to_string(fileBytesRead) + " bytes (is the file truncated?)"};
                    break;
                }
                zlib.next_in = reinterpret_cast<Bytef *>(input.get());
                zlib.avail_in = static_cast<uInt>(inputSize);
            }
            if (zlibEnded) {
                // Another gzip member follows (as `cat a.gz b.gz` makes).
                inflateReset(&zlib);
                zlibEnded = false;
            }
            const int rc = inflate(&zlib, Z_NO_FLUSH);
            if (rc == Z_STREAM_END) {
                zlibEnded = true;
            } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
                const std::uint64_t at = fileBytesRead - zlib.avail_in;
                problem = engine::Error {path + ": corrupt gzip data near byte "
                    + std::to_string(at) + ": " + (zlib.msg ? zlib.msg : "inflate failed")};
                break;
            }
        }
        const std::size_t produced = start - zlib.avail_out;
        if (problem) {
            if (produced == 0) {
                failure = std::move(problem);
                return -1;
            }
            pendingFailure = std::move(problem);
        }
        return static_cast<std::ptrdiff_t>(produced);
    }

    // ---- lines ----

    void allocateBuffer()
    {
        capacity = 2 * kBlockSize;
        buffer.reset(new char[capacity + kPadding]);
    }

    // Appends the next block of data after `end`, first moving the unfinished line to the
    // front of the buffer. False at the end of the data or on a failure.
    bool refill()
    {
        if (begin > 0) {
            std::memmove(buffer.get(), buffer.get() + begin, end - begin);
            end -= begin;
            scan -= begin;
            begin = 0;
        }
        if (capacity - end < kBlockSize) {
            // Doubling, but never beyond what the longest allowed line needs: end is at most
            // maxLineBytes here, longer lines being skipped as they come.
            const std::size_t newCapacity = std::max(
                std::min(capacity * 2, options.maxLineBytes + 1 + kBlockSize), end + kBlockSize);
            std::unique_ptr<char[]> bigger(new char[newCapacity + kPadding]);
            std::memcpy(bigger.get(), buffer.get(), end);
            buffer = std::move(bigger);
            capacity = newCapacity;
        }
        const std::ptrdiff_t n = readData(buffer.get() + end, capacity - end);
        if (n <= 0) {
            atEnd = true;
            return false;
        }
        end += static_cast<std::size_t>(n);
        // simdjson reads the padding but ignores it; zeroed, it keeps valgrind quiet.
        std::memset(buffer.get() + end, 0, kPadding);
        return true;
    }

    void addProblem(std::uint64_t line, std::uint64_t offset, std::string message)
    {
        problems.push_back(SessionProblem {path, line, offset, std::move(message)});
    }

    void reportTooLong(std::uint64_t line, std::uint64_t offset, std::uint64_t length)
    {
        addProblem(line, offset,
            "line of " + std::to_string(length) + " bytes is longer than the limit of "
                + std::to_string(options.maxLineBytes) + " bytes");
    }

    // One line without its "\n" (it lies in `buffer`, so the padding after it is readable).
    // True when it was a conversation, now in `out`.
    bool handleLine(const char *data, std::size_t length, std::uint64_t line, std::uint64_t offset,
        Conversation &out)
    {
        if (length > options.maxLineBytes) {
            reportTooLong(line, offset, length);
            return false;
        }
        std::size_t start = 0;
        if (offset == 0 && length >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0)
            start = 3; // a byte order mark at the start of the file
        if (length > start && data[length - 1] == '\r')
            --length;
        const std::string_view text(data + start, length - start);
        if (text.find_first_not_of(" \t\r") == std::string_view::npos)
            return false;

        simdjson::dom::element root;
        const simdjson::error_code code = parser.parse(text.data(), text.size(), false).get(root);
        if (code == simdjson::SUCCESS) {
            work.line = line;
            work.byteOffset = offset;
            if (Mapper<DomNode>(work, message).map(DomNode(root), line)) {
                std::swap(out, work);
                return true;
            }
            addProblem(line, offset, std::move(message));
            return false;
        }
        if (code == simdjson::MEMALLOC || code == simdjson::CAPACITY) {
            addProblem(line, offset,
                std::string("cannot parse the line: ") + simdjson::error_message(code));
            return false;
        }
        const std::size_t valid = engine::utf8::validPrefixLength(text);
        if (valid < text.size()) {
            addProblem(line, offset,
                "invalid UTF-8 at byte " + std::to_string(start + valid) + " of the line");
            return false;
        }
        // Numbers simdjson refuses, or an error to locate: the engine's careful parser decides.
        Value value;
        std::string error;
        if (!engine::parseJson(text, value, error)) {
            addProblem(line, offset, "invalid JSON: " + locateInLine(std::move(error), start));
            return false;
        }
        work.line = line;
        work.byteOffset = offset;
        if (Mapper<ValueNode>(work, message).map(ValueNode(value), line)) {
            std::swap(out, work);
            return true;
        }
        addProblem(line, offset, std::move(message));
        return false;
    }

    bool next(Conversation &out)
    {
        for (;;) {
            if (failure)
                return false;
            const void *newline =
                scan < end ? std::memchr(buffer.get() + scan, '\n', end - scan) : nullptr;
            if (newline) {
                const std::size_t lineEnd =
                    static_cast<std::size_t>(static_cast<const char *>(newline) - buffer.get());
                const std::size_t length = lineEnd - begin;
                const std::uint64_t line = ++lines;
                bool produced = false;
                if (skipping) {
                    reportTooLong(skipLine, skipOffset, skipLength + length);
                    skipping = false;
                } else {
                    produced = handleLine(buffer.get() + begin, length, line, offset, out);
                }
                offset += length + 1;
                begin = scan = lineEnd + 1;
                if (produced)
                    return true;
                continue;
            }
            scan = end;
            // A line longer than the limit: note where it began, then drop its bytes as they
            // come instead of holding them.
            if (!skipping && end - begin > options.maxLineBytes) {
                skipping = true;
                skipLine = lines + 1;
                skipOffset = offset;
                skipLength = 0;
            }
            if (skipping) {
                skipLength += end - begin;
                offset += end - begin;
                begin = scan = end = 0;
            }
            if (atEnd || !refill()) {
                if (failure)
                    return false; // a partial line cut off by the failure is dropped
                // The last line, without a newline.
                if (skipping) {
                    ++lines;
                    reportTooLong(skipLine, skipOffset, skipLength);
                    skipping = false;
                    return false;
                }
                if (begin < end) {
                    const std::size_t length = end - begin;
                    const bool produced =
                        handleLine(buffer.get() + begin, length, ++lines, offset, out);
                    offset += length;
                    begin = scan = end;
                    if (produced)
                        return true;
                }
                return false;
            }
        }
    }

    std::string path;
    ReadOptions options;
    std::unique_ptr<std::FILE, FileCloser> file;
    ByteSource source; // instead of the file (fromSource())
    std::uint64_t fileSize = 0;
    std::uint64_t fileBytesRead = 0;

    // File bytes read ahead: the first block (read to detect gzip), then zlib's input.
    std::unique_ptr<char[]> input;
    std::size_t inputSize = 0;
    std::size_t inputPos = 0;
    bool gzip = false;
    z_stream zlib {};
    bool zlibStarted = false;
    bool zlibEnded = false;

    // Uncompressed data: [begin, end) is not yet consumed, scan is where the search for the
    // next newline resumes; kPadding bytes after capacity are always allocated.
    std::unique_ptr<char[]> buffer;
    std::size_t capacity = 0;
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t scan = 0;
    bool atEnd = false;
    std::uint64_t lines = 0; // lines consumed
    std::uint64_t offset = 0; // stream offset of buffer[begin]
    bool skipping = false; // inside a line longer than the limit
    std::uint64_t skipLine = 0;
    std::uint64_t skipOffset = 0;
    std::uint64_t skipLength = 0;

    std::vector<SessionProblem> problems;
    std::optional<engine::Error> failure;
    std::optional<engine::Error> pendingFailure;

    simdjson::dom::parser parser;
    Conversation work;
    std::string message;
};

engine::Result<SessionReader> SessionReader::open(const std::string &path, ReadOptions options)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const std::string name = options.name.empty() ? path : options.name;
    if (fs::is_directory(fs::path(path), ec))
        return engine::Error {name + ": is a folder, not a sessions file"};

    auto impl = std::make_unique<Impl>();
    impl->path = name;
    impl->options = options;
    impl->file.reset(std::fopen(path.c_str(), "rb"));
    if (!impl->file) {
        const int error = errno;
        return engine::Error {name + ": cannot open: " + errnoText(error)};
    }
    // Reads go straight into our own blocks: no second buffer inside stdio.
    std::setvbuf(impl->file.get(), nullptr, _IONBF, 0);
    const std::uintmax_t size = fs::file_size(fs::path(path), ec);
    impl->fileSize = ec ? 0 : static_cast<std::uint64_t>(size);

    impl->input.reset(new char[kBlockSize]);
    if (!impl->readInput() && impl->failure)
        return std::move(*impl->failure);
    impl->gzip = impl->inputSize >= 2 && static_cast<unsigned char>(impl->input[0]) == 0x1f
        && static_cast<unsigned char>(impl->input[1]) == 0x8b;
    if (impl->gzip) {
        impl->zlib.next_in = reinterpret_cast<Bytef *>(impl->input.get());
        impl->zlib.avail_in = static_cast<uInt>(impl->inputSize);
        // 15 + 16: the largest window, gzip framing only.
        if (inflateInit2(&impl->zlib, 15 + 16) != Z_OK)
            return engine::Error {name + ": cannot start gzip decompression"};
        impl->zlibStarted = true;
    }
    impl->allocateBuffer();
    return SessionReader(std::move(impl));
}

SessionReader SessionReader::fromSource(std::string name, ByteSource source, ReadOptions options)
{
    auto impl = std::make_unique<Impl>();
    impl->path = std::move(name);
    impl->options = options;
    impl->source = std::move(source);
    impl->allocateBuffer();
    return SessionReader(std::move(impl));
}

SessionReader::SessionReader(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{ }

SessionReader::SessionReader(SessionReader &&) noexcept = default;
SessionReader &SessionReader::operator=(SessionReader &&) noexcept = default;
SessionReader::~SessionReader() = default;

bool SessionReader::next(Conversation &out)
{
    return m_impl->next(out);
}

const std::vector<SessionProblem> &SessionReader::problems() const
{
    return m_impl->problems;
}

std::optional<engine::Error> SessionReader::error() const
{
    return m_impl->failure;
}

std::uint64_t SessionReader::bytesRead() const
{
    return m_impl->fileBytesRead;
}

std::uint64_t SessionReader::fileSize() const
{
    return m_impl->fileSize;
}

bool SessionReader::isCompressed() const
{
    return m_impl->gzip;
}

} // namespace llmcl::tracer
