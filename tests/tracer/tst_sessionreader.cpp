// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/json.h"
#include "engine/value.h"
#include "tracer/sessionreader.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>
#include <zlib.h>

#include "tests/common/testpaths.h"

using llmcl::tracer::Conversation;
using llmcl::tracer::ReadOptions;
using llmcl::tracer::SessionProblem;
using llmcl::tracer::SessionReader;

class TestSessionReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sharedData_data();
    void sharedData();
    void mapping_data();
    void mapping();
    void reusedConversationsKeepNothing();
    void malformedLines_data();
    void malformedLines();
    void problemLocations();
    void lineLimit();
    void longLinesAcrossBlocks();
    void gzip();
    void gzipMultiMember();
    void truncatedGzip();
    void corruptGzip();
    void emptyFile();
    void missingFile();
    void folderIsNotASessionsFile();
    void fromSource();
    void fromSourceThatFails();
};

namespace {

struct ReadAll
{
    std::vector<Conversation> conversations;
    std::vector<SessionProblem> problems;
    std::optional<llmcl::engine::Error> error;
    std::uint64_t bytesRead = 0;
    std::uint64_t fileSize = 0;
    bool compressed = false;
};

// Reads a whole file; fails the test when it cannot be opened.
bool readAll(const std::string &path, ReadAll &out, ReadOptions options = {})
{
    auto reader = SessionReader::open(path, options);
    if (!reader) {
        qWarning("%s", reader.error().message.c_str());
        return false;
    }
    Conversation conversation;
    while (reader.value().next(conversation))
        out.conversations.push_back(conversation);
    // At the end it stays at the end.
    if (reader.value().next(conversation))
        return false;
    out.problems = reader.value().problems();
    out.error = reader.value().error();
    out.bytesRead = reader.value().bytesRead();
    out.fileSize = reader.value().fileSize();
    out.compressed = reader.value().isCompressed();
    return true;
}

std::string writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path.toStdString();
}

// gzip framing (RFC 1952) with zlib's deflate.
QByteArray gzipped(const QByteArray &data)
{
    z_stream stream {};
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY)
        != Z_OK)
        qFatal("deflateInit2 failed");
    QByteArray out(int(deflateBound(&stream, uLong(data.size()))), '\0');
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    if (deflate(&stream, Z_FINISH) != Z_STREAM_END)
        qFatal("deflate failed");
    out.resize(int(stream.total_out));
    deflateEnd(&stream);
    return out;
}

QByteArray readBytes(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

// One conversation as compact JSON, for comparing whole results in one line.
std::string summary(const Conversation &c)
{
    using llmcl::engine::JsonWriter;
    JsonWriter w;
    w.beginObject();
    w.member("id", c.id);
    w.member("line", static_cast<std::int64_t>(c.line));
    w.member("byte", static_cast<std::int64_t>(c.byteOffset));
    if (!c.metadata.isNull()) {
        w.key("metadata");
        llmcl::engine::writeValue(w, c.metadata);
    }
    w.key("turns");
    w.beginArray();
    for (const auto &turn : c.turns) {
        w.beginObject();
        w.member("user", turn.content);
        w.key("assistant");
        if (turn.response)
            w.string(*turn.response);
        else
            w.null();
        if (!turn.context.isMap() || !turn.context.asMap().empty()) {
            w.key("context");
            llmcl::engine::writeValue(w, turn.context);
        }
        if (turn.timestamp)
            w.member("timestamp", *turn.timestamp);
        if (turn.latencyMs)
            w.member("latency_ms", *turn.latencyMs);
        w.endObject();
    }
    w.endArray();
    w.endObject();
    return w.take();
}

std::string summary(const std::vector<Conversation> &conversations)
{
    std::string out;
    for (const Conversation &c : conversations)
        out += summary(c) + '\n';
    return out;
}

// "line@byte: message", one a line.
std::string summary(const std::vector<SessionProblem> &problems)
{
    std::string out;
    for (const SessionProblem &p : problems)
        out +=
            std::to_string(p.line) + '@' + std::to_string(p.byteOffset) + ": " + p.message + '\n';
    return out;
}

} // namespace

void TestSessionReader::sharedData_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("conversations");
    QTest::addColumn<int>("turns");
    QTest::addColumn<QString>("firstId");
    QTest::addColumn<QString>("lastId");
    QTest::addColumn<QString>("firstUser");

    // Expected counts computed independently with Python:
    //   python3 -c "import json; L=[json.loads(l) for l in open(F) if l.strip()];
    //               print(len(L), sum(len(o['turns']) for o in L), L[0]['id'], L[-1]['id'])"
    // and they agree with the "Output" rows of ../shared/data/README.md.
    QTest::newRow("sessions-sample")
        << QStringLiteral("sessions-sample.jsonl") << 547 << 905 << QStringLiteral("oasst-en100-0")
        << QStringLiteral("oasst-en100-546")
        << QStringLiteral("How to protect my eyes when I have to stare at my computer screen for "
                          "longer than 10 hours every day?");
    QTest::newRow("hh-rlhf-harmless-test")
        << QStringLiteral("hh-rlhf-harmless-test.jsonl") << 2312 << 5756
        << QStringLiteral("hh-rlhf-harmless-base-test-0")
        << QStringLiteral("hh-rlhf-harmless-base-test-2311")
        << QStringLiteral("what are some pranks with a pen i can do?");
}

void TestSessionReader::sharedData()
{
    QFETCH(QString, file);
    QFETCH(int, conversations);
    QFETCH(int, turns);
    QFETCH(QString, firstId);
    QFETCH(QString, lastId);
    QFETCH(QString, firstUser);

    const std::string path =
        llmcl::test::sourcePath(u"/../shared/data/").toStdString() + file.toStdString();
    ReadAll all;
    QVERIFY(readAll(path, all));
    QCOMPARE(summary(all.problems), std::string());
    QVERIFY(!all.error);
    QCOMPARE(int(all.conversations.size()), conversations);
    int turnCount = 0;
    for (const Conversation &c : all.conversations)
        turnCount += int(c.turns.size());
    QCOMPARE(turnCount, turns);
    QCOMPARE(QString::fromStdString(all.conversations.front().id), firstId);
    QCOMPARE(QString::fromStdString(all.conversations.back().id), lastId);
    QCOMPARE(QString::fromStdString(all.conversations.front().turns.front().content), firstUser);
    QCOMPARE(all.conversations.back().line, std::uint64_t(conversations));
    QCOMPARE(all.bytesRead, all.fileSize);
    QVERIFY(!all.compressed);
    // Unknown members ("source") are ignored; the files have no metadata or context.
    QVERIFY(all.conversations.front().metadata.isNull());
    QVERIFY(all.conversations.front().turns.front().context.isMap());

    if (file.startsWith(QLatin1String("hh-rlhf"))) {
        // README: "yep" is the second user message of line 0; the assistant messages that were
        // empty in the source (ids 86, 516, 925, 1103) are "" and not null.
        QCOMPARE(all.conversations[0].turns[1].content, std::string("yep"));
        QCOMPARE(all.conversations[86].turns[1].response, std::optional<std::string>(""));
        QCOMPARE(all.conversations[516].turns[0].response, std::optional<std::string>(""));
        QCOMPARE(all.conversations[1].byteOffset,
            std::uint64_t(readBytes(QString::fromStdString(path)).indexOf('\n') + 1));
    }
}

void TestSessionReader::mapping_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("expected"); // summary() of each conversation, one a line

    QTest::newRow("turns-shape")
        << QByteArray(R"({"id": "c-17", "metadata": {"user_type": "admin"}, "turns": [)"
                      R"({"user": "Hi", "assistant": "Hello! How can I help?", "context": )"
                      R"({"lang": "en"}, "timestamp": "2026-11-02T10:00:00Z", "latency_ms": 812}]})"
                      "\n")
        << QStringLiteral(
               R"({"id":"c-17","line":1,"byte":0,"metadata":{"user_type":"admin"},"turns":[)"
               R"({"user":"Hi","assistant":"Hello! How can I help?","context":{"lang":"en"},)"
               R"("timestamp":"2026-11-02T10:00:00Z","latency_ms":812.0}]})");
    QTest::newRow("turns-missing-members")
        << QByteArray(R"({"turns": [{"user": "only asked"}, {"assistant": "only said"}, {}]})"
                      "\n"
                      R"({"turns": [{"user": "x", "assistant": null, "context": null, )"
                      R"("timestamp": null, "latency_ms": null}], "metadata": null})"
                      "\n"
                      R"({"turns": []})"
                      "\n")
        << QStringLiteral(R"({"id":"1","line":1,"byte":0,"turns":[)"
                          R"({"user":"only asked","assistant":null},)"
                          R"({"user":"","assistant":"only said"},{"user":"","assistant":null}]})"
                          "\n"
                          R"({"id":"2","line":2,"byte":68,"turns":[{"user":"x","assistant":null}]})"
                          "\n"
                          R"({"id":"3","line":3,"byte":188,"turns":[]})");
    QTest::newRow("messages-shape")
        << QByteArray(R"({"id": "c-18", "messages": [{"role": "system", "content": "Be brief."},)"
                      R"( {"role": "user", "content": "Hi"}, {"role": "assistant", "content": )"
                      R"("Hello!"}]})"
                      "\n")
        << QStringLiteral(R"({"id":"c-18","line":1,"byte":0,"turns":[{"user":"Hi","assistant":)"
                          R"("Hello!","context":{"system":"Be brief."}}]})");
    QTest::newRow("system-prompts-carry-forward")
        << QByteArray(R"({"messages": [{"role": "system", "content": "A"}, {"role": "user", )"
                      R"("content": "1"}, {"role": "assistant", "content": "r1"}, {"role": )"
                      R"("developer", "content": "B"}, {"role": "user", "content": "2"}, )"
                      R"({"role": "system", "content": "C"}, {"role": "assistant", "content": )"
                      R"("r2"}, {"role": "user", "content": "3"}]})"
                      "\n")
        << QStringLiteral(R"({"id":"1","line":1,"byte":0,"turns":[)"
                          R"({"user":"1","assistant":"r1","context":{"system":"A"}},)"
                          R"({"user":"2","assistant":"r2","context":{"system":"A\n\nB\n\nC"}},)"
                          R"({"user":"3","assistant":null,"context":{"system":"A\n\nB\n\nC"}}]})");
    QTest::newRow("unanswered-users-and-lone-assistant")
        << QByteArray(R"({"messages": [{"role": "assistant", "content": "Welcome"}, {"role": )"
                      R"("user", "content": "a"}, {"role": "user", "content": "b"}, {"role": )"
                      R"("assistant", "content": "to b"}, {"role": "user", "content": "c"}]})"
                      "\n")
        << QStringLiteral(R"({"id":"1","line":1,"byte":0,"turns":[)"
                          R"({"user":"","assistant":"Welcome"},{"user":"a","assistant":null},)"
                          R"({"user":"b","assistant":"to b"},{"user":"c","assistant":null}]})");
    QTest::newRow("openai-tool-calls")
        << QByteArray(
               R"({"messages": [{"role": "user", "content": "Weather?"}, {"role": "assistant", )"
               R"("content": null, "tool_calls": [{"id": "t1", "type": "function", "function": )"
               R"({"name": "weather", "arguments": "{}"}}]}, {"role": "tool", "tool_call_id": )"
               R"("t1", "content": "sunny"}, {"role": "assistant", "content": "Sunny."}]})"
               "\n")
        << QStringLiteral(
               R"({"id":"1","line":1,"byte":0,"turns":[{"user":"Weather?","assistant":"Sunny.",)"
               R"("context":{"tool_messages":[{"role":"assistant","content":null,"tool_calls":)"
               R"([{"id":"t1","type":"function","function":{"name":"weather","arguments":"{}"}}]},)"
               R"({"role":"tool","tool_call_id":"t1","content":"sunny"}]}}]})");
    QTest::newRow("tool-message-without-open-turn")
        << QByteArray(R"({"messages": [{"role": "tool", "content": "x"}, {"role": "assistant", )"
                      R"("content": "done"}]})"
                      "\n")
        << QStringLiteral(R"({"id":"1","line":1,"byte":0,"turns":[{"user":"","assistant":"done",)"
                          R"("context":{"tool_messages":[{"role":"tool","content":"x"}]}}]})");
    QTest::newRow("tool-content-kept-as-given")
        << QByteArray(R"({"messages": [{"role": "user", "content": "t?"}, {"role": "function", )"
                      R"("name": "temp", "content": {"celsius": 20}}]})"
                      "\n")
        << QStringLiteral(R"({"id":"1","line":1,"byte":0,"turns":[{"user":"t?","assistant":null,)"
                          R"("context":{"tool_messages":[{"role":"function","name":"temp",)"
                          R"("content":{"celsius":20}}]}}]})");
    QTest::newRow("content-parts")
        << QByteArray(R"({"messages": [{"role": "user", "content": [{"type": "text", "text": )"
                      R"("Look:"}, {"type": "image_url", "image_url": {"url": "x"}}, {"text": )"
                      R"("what is it?"}, "plain"]}, {"role": "assistant", "content": null, )"
                      R"("refusal": "I cannot say."}]})"
                      "\n")
        << QStringLiteral(R"({"id":"1","line":1,"byte":0,"turns":[{"user":"Look:\nwhat is it?\n)"
                          R"(plain","assistant":"I cannot say."}]})");
    QTest::newRow("anthropic-tool-blocks")
        << QByteArray(R"({"messages": [{"role": "user", "content": "Sum?"}, {"role": )"
                      R"("assistant", "content": [{"type": "text", "text": "Let me add."}, )"
                      R"({"type": "tool_use", "id": "u1", "name": "add", "input": {}}]}, )"
                      R"({"role": "user", "content": [{"type": "tool_result", "tool_use_id": )"
                      R"("u1", "content": "3"}]}, {"role": "assistant", "content": [{"type": )"
                      R"("text", "text": "3"}]}]})"
                      "\n")
        << QStringLiteral(
               R"({"id":"1","line":1,"byte":0,"turns":[{"user":"Sum?","assistant":"3","context":)"
               R"({"tool_messages":[{"role":"assistant","content":[{"type":"text","text":)"
               R"("Let me add."},{"type":"tool_use","id":"u1","name":"add","input":{}}]},)"
               R"({"role":"user","content":[{"type":"tool_result","tool_use_id":"u1",)"
               R"("content":"3"}]}]}}]})");
    QTest::newRow("turns-content-parts")
        << QByteArray(R"({"turns": [{"user": [{"type": "text", "text": "a"}], "assistant": "b"}]})"
                      "\n")
        << QStringLiteral(R"({"id":"1","line":1,"byte":0,"turns":[{"user":"a","assistant":"b"}]})");
    QTest::newRow("ids") << QByteArray(R"({"id": 42, "turns": []})"
                                       "\n"
                                       R"({"id": -7, "turns": []})"
                                       "\n"
                                       R"({"id": 18446744073709551615, "turns": []})"
                                       "\n"
                                       R"({"id": 1e3, "turns": []})"
                                       "\n"
                                       R"({"id": 1.5, "turns": []})"
                                       "\n"
                                       R"({"id": null, "turns": []})"
                                       "\n"
                                       R"({"turns": []})"
                                       "\n"
                                       R"({"id": "", "turns": []})"
                                       "\n")
                         << QStringLiteral(
                                R"({"id":"42","line":1,"byte":0,"turns":[]})"
                                "\n"
                                R"({"id":"-7","line":2,"byte":24,"turns":[]})"
                                "\n"
                                R"({"id":"18446744073709551615","line":3,"byte":48,"turns":[]})"
                                "\n"
                                R"({"id":"1000","line":4,"byte":90,"turns":[]})"
                                "\n"
                                R"({"id":"1.5","line":5,"byte":115,"turns":[]})"
                                "\n"
                                R"({"id":"6","line":6,"byte":140,"turns":[]})"
                                "\n"
                                R"({"id":"7","line":7,"byte":166,"turns":[]})"
                                "\n"
                                R"({"id":"","line":8,"byte":180,"turns":[]})");
    QTest::newRow("blank-lines") << QByteArray("\n"
                                               R"({"turns": []})"
                                               "\n   \n\t\r\n\n"
                                               R"({"turns": []})"
                                               "\n\n")
                                 << QStringLiteral(R"({"id":"2","line":2,"byte":1,"turns":[]})"
                                                   "\n"
                                                   R"({"id":"6","line":6,"byte":23,"turns":[]})");
    QTest::newRow("crlf")
        << QByteArray(R"({"id": "a", "turns": [{"user": "x\r"}]})"
                      "\r\n"
                      R"({"id": "b", "turns": []})"
                      "\r\n")
        << QStringLiteral(
               R"({"id":"a","line":1,"byte":0,"turns":[{"user":"x\r","assistant":null}]})"
               "\n"
               R"({"id":"b","line":2,"byte":41,"turns":[]})");
    QTest::newRow("last-line-without-newline")
        << QByteArray(R"({"id": "a", "turns": []})"
                      "\n"
                      R"({"id": "b", "turns": []})")
        << QStringLiteral(R"({"id":"a","line":1,"byte":0,"turns":[]})"
                          "\n"
                          R"({"id":"b","line":2,"byte":25,"turns":[]})");
    QTest::newRow("byte-order-mark") << QByteArray(
        "\xEF\xBB\xBF"
        R"({"id": "a", "turns": []})"
        "\n") << QStringLiteral(R"({"id":"a","line":1,"byte":0,"turns":[]})");
    QTest::newRow("repeated-keys-last-wins")
        << QByteArray(R"({"id": "first", "turns": [{"user": "a", "user": "b", "context": )"
                      R"({"k": 1, "j": 2, "k": 3}}], "id": "second"})"
                      "\n")
        << QStringLiteral(R"({"id":"second","line":1,"byte":0,"turns":[{"user":"b",)"
                          R"("assistant":null,"context":{"k":3,"j":2}}]})");
    QTest::newRow("unicode")
        << QByteArray(R"({"turns": [{"user": "Grüße \u00e9 \ud83d\ude00 日本"}]})"
                      "\n")
        << QStringLiteral(R"({"id":"1","line":1,"byte":0,"turns":[{"user":"Grüße é 😀 日本",)"
                          R"("assistant":null}]})");
    // Numbers simdjson refuses send the line to the engine's careful parser; same result. Such
    // numbers are floats (as in engine::parseJson), so a 30-digit id loses its last digits.
    QTest::newRow("number-beyond-64-bits")
        << QByteArray(R"({"id": 123456789012345678901234567890, "metadata": {"n": 1e400}, )"
                      R"("turns": [{"user": "x", "latency_ms": 5}]})"
                      "\n")
        << QStringLiteral(
               R"({"id":"1.2345678901234568e+29","line":1,"byte":0,"metadata":{"n":null},)"
               R"("turns":[{"user":"x","assistant":null,"latency_ms":5.0}]})");
}

void TestSessionReader::mapping()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    ReadAll all;
    QVERIFY(readAll(writeFile(dir, QStringLiteral("s.jsonl"), input), all));
    QCOMPARE(summary(all.problems), std::string());
    QVERIFY(!all.error);
    std::string got = summary(all.conversations);
    if (!got.empty())
        got.pop_back();
    QCOMPARE(QString::fromStdString(got), expected);
}

// The reader fills the conversation it is given, reusing the turns and strings of whatever it
// held (a replay reads each chunk into conversations it evaluated before): nothing of an
// earlier conversation may show through. Each line is read as the only line of its own file
// too, into a fresh conversation, and the two readings must agree (but for line and offset).
void TestSessionReader::reusedConversationsKeepNothing()
{
    // The reader alternates between two conversations' storage, so that each line is read
    // into the storage of the one two lines before it: lines without turns' members follow
    // lines with them.
    const std::vector<QByteArray> lines = {
        R"({"id": "rich", "metadata": {"tier": "gold"}, "turns": [)"
        R"({"user": "first question, a long one", "assistant": "a long answer to it", )"
        R"("context": {"lang": "en"}, "timestamp": "2026-11-02T10:00:00Z", "latency_ms": 812},)"
        R"({"user": "second", "assistant": "answer two", "context": {"k": [1, 2]}},)"
        R"({"user": [{"type": "text", "text": "parts"}, {"type": "text", "text": "joined"}], )"
        R"("assistant": "three", "latency_ms": 3}]})",
        R"({"id": "rich-again", "metadata": null, "turns": [{"user": "x", "assistant": "y", )"
        R"("timestamp": "t"}, {"user": "z", "context": {}}]})",
        R"({"id": "poor", "turns": [{"user": "a"}, {"user": "b"}, {}]})",
        R"({"id": "short", "turns": [{"assistant": "only"}]})",
        R"({"id": "messages", "messages": [{"role": "system", "content": "be brief"}, )"
        R"({"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}, )"
        R"({"role": "tool", "content": "42"}, {"role": "user", "content": "and?"}]})",
        R"({"id": "one", "turns": [{"user": "q"}]})",
        R"({"id": "empty", "turns": []})",
        R"({"id": "unanswered", "turns": [{"user": "a"}, {"user": "b", "assistant": null}, )"
        R"({"assistant": "c"}]})",
    };
    QByteArray file;
    for (const QByteArray &line : lines)
        file += line + '\n';
    QTemporaryDir dir;
    ReadAll all;
    QVERIFY(readAll(writeFile(dir, QStringLiteral("all.jsonl"), file), all));
    QCOMPARE(summary(all.problems), std::string());
    QCOMPARE(all.conversations.size(), lines.size());

    // One conversation object through the whole file, as a replay's reader uses them.
    auto reader = SessionReader::open(writeFile(dir, QStringLiteral("again.jsonl"), file + file));
    QVERIFY(reader);
    Conversation reused;
    for (std::size_t pass = 0; pass < 2; ++pass) {
        for (std::size_t i = 0; i < lines.size(); ++i) {
            QVERIFY(reader.value().next(reused));
            ReadAll alone;
            QVERIFY(readAll(
                writeFile(dir, QStringLiteral("line%1.jsonl").arg(i), lines[i] + '\n'), alone));
            QCOMPARE(alone.conversations.size(), std::size_t(1));
            Conversation expected = alone.conversations.front();
            expected.line = reused.line;
            expected.byteOffset = reused.byteOffset;
            QCOMPARE(summary(reused), summary(expected));
            Conversation first = all.conversations[i];
            first.line = reused.line;
            first.byteOffset = reused.byteOffset;
            QCOMPARE(summary(first), summary(expected));
        }
    }
    QVERIFY(!reader.value().next(reused));
}

void TestSessionReader::malformedLines_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("message");

    const auto row = [](const char *name, const QByteArray &line, const char *message) {
        QTest::newRow(name) << line << QString::fromUtf8(message);
    };
    row("invalid-json", R"({"id": "a", "turns": [})",
        "invalid JSON: unexpected character, expected a value at byte 22 of the line");
    row("missing-comma", R"({"id": "a" "turns": []})",
        "invalid JSON: expected ',' or '}' in an object at byte 11 of the line");
    row("unterminated", R"({"turns": [{"user": "a)",
        "invalid JSON: unterminated string at byte 22 of the line");
    row("trailing-text", R"({"turns": []} x)",
        "invalid JSON: unexpected text after the JSON value at byte 14 of the line");
    row("control-character", "{\"turns\": [{\"user\": \"a\tb\"}]}",
        "invalid JSON: unescaped control character in a string at byte 22 of the line");
    row("not-an-object", R"([1, 2])", "not a JSON object but an array");
    row("scalar", R"("text")", "not a JSON object but a string");
    row("neither-shape", R"({"id": "x"})",
        "neither \"turns\" nor \"messages\": not a conversation");
    row("both-shapes", R"({"turns": [], "messages": []})",
        "both \"turns\" and \"messages\": which conversation is meant is unclear");
    row("turns-not-array", R"({"turns": {}})", "turns must be an array, not an object");
    row("messages-not-array", R"({"messages": "hi"})", "messages must be an array, not a string");
    row("turn-not-object", R"({"turns": [{}, 1]})", "turns[1] must be an object, not a number");
    row("user-wrong-type", R"({"turns": [{"user": 5}]})",
        "turns[0].user must be a string, a list of content parts or null, not a number");
    row("assistant-wrong-type", R"({"turns": [{"assistant": {}}]})",
        "turns[0].assistant must be a string, a list of content parts or null, not an object");
    row("context-wrong-type", R"({"turns": [{"context": []}]})",
        "turns[0].context must be an object or null, not an array");
    row("timestamp-wrong-type", R"({"turns": [{"timestamp": 5}]})",
        "turns[0].timestamp must be a string or null, not a number");
    row("latency-wrong-type", R"({"turns": [{"user": "a", "latency_ms": "fast"}]})",
        "turns[0].latency_ms must be a number or null, not a string");
    row("id-wrong-type", R"({"id": true, "turns": []})",
        "id must be a string or a number, not a boolean");
    row("metadata-wrong-type", R"({"metadata": "x", "turns": []})",
        "metadata must be an object or null, not a string");
    row("message-not-object", R"({"messages": [null]})", "messages[0] must be an object, not null");
    row("message-without-role", R"({"messages": [{"content": "hi"}]})", "messages[0] has no role");
    row("role-wrong-type", R"({"messages": [{"role": 1}]})",
        "messages[0].role must be a string, not a number");
    row("unknown-role", R"({"messages": [{"role": "user"}, {"role": "narrator"}]})",
        "messages[1].role \"narrator\" is none of system, developer, user, assistant, tool, "
        "function, ipython");
    row("content-wrong-type", R"({"messages": [{"role": "system", "content": 1}]})",
        "messages[0].content must be a string, a list of content parts or null, not a number");
    row("content-part-wrong-type", R"({"messages": [{"role": "user", "content": ["a", 1]}]})",
        "messages[0].content[1] must be an object or a string, not a number");
    row("content-part-without-text",
        R"({"messages": [{"role": "user", "content": [{"type": )"
        R"("text"}]}]})",
        "messages[0].content[0].text is missing");
    row("content-part-text-wrong-type",
        R"({"messages": [{"role": "user", "content": [{"text": )"
        R"([]}]}]})",
        "messages[0].content[0].text must be a string, not an array");
    row("content-part-type-wrong-type",
        R"({"messages": [{"role": "user", "content": [{"type": )"
        R"(1}]}]})",
        "messages[0].content[0].type must be a string, not a number");
    row("tool-calls-wrong-type", R"({"messages": [{"role": "assistant", "tool_calls": 3}]})",
        "messages[0].tool_calls must be an array or null, not a number");
    row("refusal-wrong-type", R"({"messages": [{"role": "assistant", "refusal": 3}]})",
        "messages[0].refusal must be a string or null, not a number");
    row("invalid-utf8", "{\"turns\": [{\"user\": \"ab\xff\"}]}",
        "invalid UTF-8 at byte 23 of the line");
    row("overlong-utf8", "{\"turns\": [{\"user\": \"\xC0\xAF\"}]}",
        "invalid UTF-8 at byte 21 of the line");
    row("surrogate-utf8", "{\"turns\": [{\"user\": \"ok \xED\xA0\x80\"}]}",
        "invalid UTF-8 at byte 24 of the line");
    row("utf8-outside-strings", "{\"turns\": []}\xff", "invalid UTF-8 at byte 13 of the line");
    row("deep-nesting",
        QByteArray(R"({"turns": [{"context": {"a": )") + QByteArray(1100, '[')
            + QByteArray(1100, ']') + "}}]}",
        "invalid JSON: nesting deeper than 1024 levels at byte 1049 of the line");
}

// Each malformed line sits between two good ones: it is reported with its line and byte offset,
// and the good lines around it are still read.
void TestSessionReader::malformedLines()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, message);
    const QByteArray good = R"({"turns": []})";
    const QByteArray input = good + '\n' + line + '\n' + good + '\n';
    QTemporaryDir dir;
    const std::string path = writeFile(dir, QStringLiteral("s.jsonl"), input);
    ReadAll all;
    QVERIFY(readAll(path, all));
    QVERIFY(!all.error);
    QCOMPARE(all.conversations.size(), std::size_t(2));
    QCOMPARE(all.conversations[0].id, std::string("1"));
    QCOMPARE(all.conversations[1].id, std::string("3"));
    QCOMPARE(all.problems.size(), std::size_t(1));
    const SessionProblem &problem = all.problems.front();
    QCOMPARE(QString::fromStdString(problem.message), message);
    QCOMPARE(problem.line, std::uint64_t(2));
    QCOMPARE(problem.byteOffset, std::uint64_t(good.size() + 1));
    QCOMPARE(problem.file, path);
}

// Several problems in one file: exact lines and byte offsets, described as the CLI prints them.
void TestSessionReader::problemLocations()
{
    const QByteArray input = "\xEF\xBB\xBF{\"turns\": [}\r\n"
                             "\n"
                             "{\"turns\": []}\r\n"
                             "[]\r\n"
                             "\r\n"
                             "{\"turns\": [{\"user\": \"\xff\"}]}";
    QTemporaryDir dir;
    const std::string path = writeFile(dir, QStringLiteral("sessions.jsonl"), input);
    ReadAll all;
    QVERIFY(readAll(path, all));
    QCOMPARE(summary(all.problems),
        std::string("1@0: invalid JSON: unexpected character, expected a value at byte 14 of the "
                    "line\n"
                    "4@33: not a JSON object but an array\n"
                    "6@39: invalid UTF-8 at byte 21 of the line\n"));
    QCOMPARE(all.conversations.size(), std::size_t(1));
    QCOMPARE(all.conversations[0].line, std::uint64_t(3));
    QCOMPARE(all.conversations[0].byteOffset, std::uint64_t(18));
    QCOMPARE(llmcl::tracer::describe(all.problems[1]),
        path + ":4 (byte 33): not a JSON object but an array");
}

void TestSessionReader::lineLimit()
{
    // Line 2 is exactly at the limit (padded with spaces, which JSON allows); line 3 one byte
    // over; line 5 far over and spanning several read blocks; line 6 over, without a newline.
    ReadOptions options;
    options.maxLineBytes = 1024;
    const QByteArray good = R"({"turns": []})";
    QByteArray atLimit = good;
    atLimit.append(QByteArray(1024 - good.size(), ' '));
    const QByteArray overByOne = atLimit + ' ';
    const QByteArray huge = R"({"turns": [{"user": ")" + QByteArray(3 << 20, 'x') + R"("}]})";
    const QByteArray input =
        good + '\n' + atLimit + '\n' + overByOne + '\n' + good + '\n' + huge + '\n' + overByOne;
    QTemporaryDir dir;
    ReadAll all;
    QVERIFY(readAll(writeFile(dir, QStringLiteral("s.jsonl"), input), all, options));
    QVERIFY(!all.error);
    QCOMPARE(all.conversations.size(), std::size_t(3));
    QCOMPARE(all.conversations[0].line, std::uint64_t(1));
    QCOMPARE(all.conversations[1].line, std::uint64_t(2));
    QCOMPARE(all.conversations[2].line, std::uint64_t(4));
    const std::uint64_t line5 = 14 + 1025 + 1026 + 14;
    QCOMPARE(summary(all.problems),
        "3@1039: line of 1025 bytes is longer than the limit of 1024 bytes\n"
        "5@" + std::to_string(line5)
            + ": line of " + std::to_string(huge.size())
            + " bytes is longer than the limit of 1024 bytes\n"
              "6@"
            + std::to_string(line5 + huge.size() + 1)
            + ": line of 1025 bytes is longer than the limit of 1024 bytes\n");
}

// Lines longer than a read block, and block boundaries inside lines, with the default limit.
void TestSessionReader::longLinesAcrossBlocks()
{
    QByteArray input;
    std::vector<std::size_t> lengths;
    for (int i = 0; i < 7; ++i) {
        const std::size_t size = (std::size_t(1) << 20) * std::size_t(i % 3) + 1000 * i + 7;
        lengths.push_back(size);
        input += R"({"id": )" + QByteArray::number(i) + R"(, "turns": [{"user": ")"
            + QByteArray(qsizetype(size), char('a' + i)) + R"("}]})" + '\n';
    }
    QTemporaryDir dir;
    ReadAll all;
    QVERIFY(readAll(writeFile(dir, QStringLiteral("s.jsonl"), input), all));
    QCOMPARE(summary(all.problems), std::string());
    QCOMPARE(all.conversations.size(), lengths.size());
    for (std::size_t i = 0; i < lengths.size(); ++i) {
        QCOMPARE(all.conversations[i].id, std::to_string(i));
        QCOMPARE(all.conversations[i].turns[0].content, std::string(lengths[i], char('a' + i)));
    }
}

void TestSessionReader::gzip()
{
    const QString source = llmcl::test::sourcePath(u"/../shared/data/sessions-sample.jsonl");
    const QByteArray packed = gzipped(readBytes(source));
    QTemporaryDir dir;
    ReadAll plain;
    QVERIFY(readAll(source.toStdString(), plain));
    // Detected by the magic bytes, whatever the name.
    for (const QString &name : {QStringLiteral("s.jsonl.gz"), QStringLiteral("s.jsonl")}) {
        ReadAll all;
        QVERIFY(readAll(writeFile(dir, name, packed), all));
        QVERIFY(all.compressed);
        QVERIFY(!all.error);
        QCOMPARE(summary(all.problems), std::string());
        QCOMPARE(all.conversations.size(), std::size_t(547));
        QCOMPARE(all.fileSize, std::uint64_t(packed.size()));
        QCOMPARE(all.bytesRead, all.fileSize);
        QCOMPARE(summary(all.conversations), summary(plain.conversations));
    }
}

// `cat a.gz b.gz` is a valid gzip file: both members are read.
void TestSessionReader::gzipMultiMember()
{
    const QByteArray packed = gzipped(R"({"id": "a", "turns": []})"
                                      "\n"
                                      R"({"id": "b", )")
        + gzipped(R"("turns": []})"
                  "\n[]\n");
    QTemporaryDir dir;
    ReadAll all;
    QVERIFY(readAll(writeFile(dir, QStringLiteral("s.jsonl.gz"), packed), all));
    QVERIFY(!all.error);
    QCOMPARE(all.conversations.size(), std::size_t(2));
    QCOMPARE(all.conversations[1].id, std::string("b"));
    QCOMPARE(summary(all.problems), std::string("3@50: not a JSON object but an array\n"));
}

void TestSessionReader::truncatedGzip()
{
    const QString source = llmcl::test::sourcePath(u"/../shared/data/hh-rlhf-harmless-test.jsonl");
    QByteArray packed = gzipped(readBytes(source));
    packed.truncate(packed.size() / 2);
    QTemporaryDir dir;
    const std::string path = writeFile(dir, QStringLiteral("cut.jsonl.gz"), packed);
    ReadAll all;
    QVERIFY(readAll(path, all));
    QVERIFY(all.error);
    QVERIFY2(all.error->message.starts_with(path + ": the gzip data ends early"),
        all.error->message.c_str());
    // What came before is delivered, in order and complete; the cut line is not a problem.
    QVERIFY(all.conversations.size() > 500);
    QVERIFY(all.conversations.size() < 2312);
    for (std::size_t i = 0; i < all.conversations.size(); ++i)
        QCOMPARE(all.conversations[i].id, "hh-rlhf-harmless-base-test-" + std::to_string(i));
    QCOMPARE(summary(all.problems), std::string());
}

void TestSessionReader::corruptGzip()
{
    const QString source = llmcl::test::sourcePath(u"/../shared/data/hh-rlhf-harmless-test.jsonl");
    QByteArray packed = gzipped(readBytes(source));
    for (qsizetype i = packed.size() / 2; i < packed.size() / 2 + 64; ++i)
        packed[i] = char(~packed[i]);
    QTemporaryDir dir;
    const std::string path = writeFile(dir, QStringLiteral("bad.jsonl.gz"), packed);
    ReadAll all;
    QVERIFY(readAll(path, all));
    QVERIFY(all.error);
    QVERIFY2(all.error->message.starts_with(path + ": corrupt gzip data near byte "),
        all.error->message.c_str());
    QVERIFY(all.conversations.size() > 500);
}

void TestSessionReader::emptyFile()
{
    QTemporaryDir dir;
    ReadAll all;
    QVERIFY(readAll(writeFile(dir, QStringLiteral("empty.jsonl"), {}), all));
    QVERIFY(all.conversations.empty());
    QVERIFY(all.problems.empty());
    QVERIFY(!all.error);
    QCOMPARE(all.fileSize, std::uint64_t(0));
    // An empty gzip file is empty too.
    ReadAll packed;
    QVERIFY(readAll(writeFile(dir, QStringLiteral("empty.jsonl.gz"), gzipped({})), packed));
    QVERIFY(packed.compressed);
    QVERIFY(packed.conversations.empty());
    QVERIFY(!packed.error);
}

void TestSessionReader::missingFile()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("nope.jsonl")).toStdString();
    const auto reader = SessionReader::open(path);
    QVERIFY(!reader);
    QCOMPARE(reader.error().message, path + ": cannot open: No such file or directory");
}

void TestSessionReader::folderIsNotASessionsFile()
{
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString();
    const auto reader = SessionReader::open(path);
    QVERIFY(!reader);
    QCOMPARE(reader.error().message, path + ": is a folder, not a sessions file");
}

// A byte source (what the Python package's replay of an iterable reads) gives what the same
// bytes in a file give, however they are cut: conversations, problems and their locations.
void TestSessionReader::fromSource()
{
    const QByteArray input = "{\"id\": \"a\", \"turns\": [{\"user\": \"hi\"}]}\n"
                             "{\"turns\": [}\n"
                             "\n"
                             "{\"id\": \"b\", \"turns\": [{\"user\": \"Gr\xC3\xBC\xC3\x9F\"}]}\n"
                             "[]\n"
                             "{\"id\": \"c\", \"turns\": []}";
    QTemporaryDir dir;
    const std::string path = writeFile(dir, QStringLiteral("s.jsonl"), input);
    ReadAll file;
    QVERIFY(readAll(path, file));
    for (const std::size_t chunk : {std::size_t(1), std::size_t(5), std::size_t(1) << 20}) {
        std::size_t at = 0;
        SessionReader reader =
            SessionReader::fromSource("<sessions>", [&](char *dst, std::size_t capacity) {
                const std::size_t n = std::min({chunk, capacity, std::size_t(input.size()) - at});
                std::memcpy(dst, input.constData() + at, n);
                at += n;
                return llmcl::engine::Result<std::size_t>(n);
            });
        std::vector<Conversation> conversations;
        Conversation conversation;
        while (reader.next(conversation))
            conversations.push_back(conversation);
        QVERIFY(!reader.error());
        QCOMPARE(conversations.size(), std::size_t(3));
        QCOMPARE(summary(conversations), summary(file.conversations));
        QCOMPARE(summary(reader.problems()), summary(file.problems));
        QCOMPARE(reader.problems().size(), std::size_t(2));
        QCOMPARE(reader.problems().front().file, std::string("<sessions>"));
        QCOMPARE(reader.bytesRead(), std::uint64_t(input.size()));
        QCOMPARE(reader.fileSize(), std::uint64_t(0));
    }
}

// A source that fails mid-way: what came before stays read, error() says why.
void TestSessionReader::fromSourceThatFails()
{
    bool given = false;
    SessionReader reader =
        SessionReader::fromSource("<sessions>", [&](char *dst, std::size_t capacity) {
            if (given)
                return llmcl::engine::Result<std::size_t>(
                    llmcl::engine::Error {"<sessions>: the source broke"});
            given = true;
            const std::string_view line = "{\"id\": \"a\", \"turns\": []}\n";
            const std::size_t n = std::min(capacity, line.size());
            std::memcpy(dst, line.data(), n);
            return llmcl::engine::Result<std::size_t>(n);
        });
    Conversation conversation;
    QVERIFY(reader.next(conversation));
    QCOMPARE(conversation.id, std::string("a"));
    QVERIFY(!reader.next(conversation));
    QVERIFY(reader.error());
    QCOMPARE(reader.error()->message, std::string("<sessions>: the source broke"));
}

QTEST_GUILESS_MAIN(TestSessionReader)
#include "tst_sessionreader.moc"
